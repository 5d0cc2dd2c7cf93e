"""Two wrists at once: a simulated session seen by a left and a right sensor, with a known imbalance.

Both sides do the same sets at the same times (one plan, one seed). In the sets (where the
muscles are loaded) the right side's physiological tremor is the left's scaled by
``right_tremor_scale`` (its 6-12 Hz power by the square of it), with 1 s ramps at each set's
ends; at rest both sides shake alike, as a weaker side shakes more only under load. Its sensor noise is independent, its twitches are the left's or none, and its
recording may start later than the left one (a sensor switched on after the other).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from tremor.core.recording import Recording
from tremor.errors import ParameterError
from tremor.sim.session import SimulatedSession, simulate_components

__all__ = ["SimulatedPair", "simulate_pair"]

RAMP_S = 1.0  # the right side's tremor gain ramps in and out over this at each set's ends


@dataclass(frozen=True)
class SimulatedPair:
    """A left recording (with the simulator's truth) and the right recording of the same session."""

    left: SimulatedSession
    right: Recording
    right_tremor_scale: float
    right_twitches: bool
    right_start_delay_s: float


def simulate_pair(
    *,
    seed: int,
    fs_hz: float,
    labels: Sequence[str] | None = None,
    n_sets: int | None = None,
    right_tremor_scale: float = 1.0,
    right_twitches: bool = True,
    right_start_delay_s: float = 0.0,
    start_unix_s: float | None = None,
) -> SimulatedPair:
    """Simulate one session on both wrists (see the module docstring).

    Parameters
    ----------
    seed, fs_hz, labels, n_sets
        As for :func:`~tremor.sim.session.simulate_session` (the left side is exactly that session).
    right_tremor_scale : float, default 1
        Amplitude of the right side's physiological tremor over the left's in the sets (4 gives 16x
        the power); 1 at rest.
    right_twitches : bool, default True
        The right side twitches as the left does (True) or not at all (False).
    right_start_delay_s : float, default 0
        The right recording starts this many seconds after the left one (its first samples are cut).
    start_unix_s : float, optional
        Wall-clock start of the left recording; the right one then starts ``right_start_delay_s`` later.
        None: neither recording has a wall-clock start.
    """
    if not (right_tremor_scale >= 0 and np.isfinite(right_tremor_scale)):
        raise ParameterError(f"right_tremor_scale must be a finite number >= 0, got {right_tremor_scale!r}")
    if not (0 <= right_start_delay_s < 60):
        raise ParameterError(f"right_start_delay_s must be in [0, 60) s, got {right_start_delay_s!r}")
    session, comp = simulate_components(
        seed=seed,
        fs_hz=fs_hz,
        labels=labels,
        n_sets=n_sets,
        gravity_included=True,
        jitter_ms=0.0,
        walking=False,
        impacts=0,
        atypical_rest_hz=None,
        range_g=16.0,
        quantisation_mps2=None,
    )
    rec = session.recording
    rng = np.random.default_rng([int(seed), 2])
    noise_sd = np.std(comp["noise"], axis=0)
    parts = dict(comp)
    t_all = rec.time_s
    inside = np.zeros(t_all.size)
    for ts in session.truth.sets:
        up = np.clip((t_all - ts.start_s) / RAMP_S, 0.0, 1.0)
        down = np.clip((ts.end_s - t_all) / RAMP_S, 0.0, 1.0)
        inside = np.maximum(inside, np.minimum(up, down))
    gain = 1.0 + (float(right_tremor_scale) - 1.0) * inside
    parts["physiological"] = comp["physiological"] * gain[:, None]
    parts["noise"] = rng.standard_normal(comp["noise"].shape) * noise_sd
    if not right_twitches:
        parts["twitches"] = np.zeros_like(comp["twitches"])
    acc = np.sum([parts[k] for k in parts], axis=0)
    lim = float(rec.range_mps2) if rec.range_mps2 is not None else np.inf
    quant = float(rec.source.details["quantisation_mps2"])
    acc = np.clip(acc, -lim, lim)
    if quant > 0:
        acc = np.clip(np.round(acc / quant) * quant, -lim, lim)
    keep = rec.time_s >= right_start_delay_s
    t = rec.time_s[keep] - rec.time_s[keep][0]
    details = dict(
        rec.source.details,
        side="right",
        right_tremor_scale=float(right_tremor_scale),
        right_twitches=bool(right_twitches),
        right_start_delay_s=float(right_start_delay_s),
    )
    right = replace(
        rec,
        time_s=t,
        acc_mps2=acc[keep],
        source=replace(rec.source, path="<simulated right>", details=details),
        start_unix_s=None if start_unix_s is None else start_unix_s + float(rec.time_s[keep][0]),
    )
    left_rec = replace(
        rec,
        source=replace(rec.source, path="<simulated left>", details=dict(rec.source.details, side="left")),
        start_unix_s=start_unix_s,
    )
    return SimulatedPair(
        replace(session, recording=left_rec),
        right,
        float(right_tremor_scale),
        bool(right_twitches),
        float(right_start_delay_s),
    )
