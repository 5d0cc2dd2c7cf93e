"""Labelled synthetic training sessions with exact ground truth.

:func:`simulate_session` builds a wrist-accelerometer :class:`~tremor.core.recording.Recording` of a
training session (an initial rest, then sets each followed by a recovery rest) together with a
:class:`SessionTruth` that records, exactly, what was put in: set boundaries and labels, the
physiological tremor's frequency and amplitude, every fasciculation, and the confounders
(walking, impacts, posture adjustments, a rest tremor episode).

The model
---------
* Timeline: initial rest 40-60 s; sets of 25-50 s, each followed by a rest of 45-80 s (longer
  when it must also hold a walk or a rest tremor episode). A set starts when the arm starts
  moving into position (~1 s) and ends when it is back down.
* Posture: gravity lies along a rest direction; each set rotates it by 40-120 deg. ``reps`` sets
  add a 0.3-0.7 Hz rep movement (2-5 m/s^2, a few harmonics, ~10 % rep-to-rep period variation)
  with a wrist rotation following each rep; ``hold`` sets a slow sway below 0.3 m/s^2 and 1 Hz.
* Physiological tremor, always present: a narrow-band (~1 Hz wide) oscillator with wandering
  frequency and amplitude along a direction fixed per set and per rest, plus independent
  per-axis oscillators at a quarter of its amplitude; baseline RMS 0.02-0.04 m/s^2 at 9-11 Hz.
  Per label: ``calm`` 1.0-1.6 x baseline, steady frequency; ``fatigue_tremor`` rises from ~1.5 x
  to 5-10 x baseline (last third / first third RMS >= 2.5) while the frequency drifts from
  10-11 Hz to 7.5-8.5 Hz, back to baseline within ~5 s after the set; ``fasciculations``
  calm-like, with 5-12 twitches in the recovery (decaying rate, >= 1.2 s apart, >= 3 s from set
  boundaries) and 0-2 inside hold sets; ``mixed`` = fatigue in the set + fasciculations after;
  ``atypical_tremor`` a sustained 4-6 Hz or 14-17 Hz tremor (0.15-0.4 m/s^2) in the set.
* Twitch: a Hann-windowed 1-1.5 cycle sine of 40-250 ms (longer where the rate needs it),
  peak 0.12-0.5 m/s^2, along a random direction.
* Confounders: sensor noise 0.006-0.012 m/s^2 per axis, quantisation, 1-3 posture adjustments
  per rest, optional walking, impacts and a rest tremor episode, saturation at the range.

Every slow process is drawn on a fixed 5 ms control grid and everything is evaluated at the
actual (jittered) sample times. All randomness comes from ``np.random.default_rng(seed)``,
split into independent streams (timeline, time stamps, tremor, motion, oscillators, sensor).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from tremor.core._check import ASSESSABLE_FRACTION, check_fs
from tremor.core.recording import STANDARD_GRAVITY, Recording, SourceInfo
from tremor.errors import ParameterError
from tremor.sim.engine import generate
from tremor.sim.plan import plan_session
from tremor.sim.truth import LABELS, SessionTruth, TrueEpisode, TrueSet, TrueTwitch

__all__ = [
    "LABELS",
    "SimulatedSession",
    "SessionTruth",
    "TrueSet",
    "TrueTwitch",
    "TrueEpisode",
    "simulate_session",
    "simulate_components",
    "session_to_dict",
]

#: Lowest sampling rate the simulator accepts (8-12 Hz tremor needs at least 25 Hz).
MIN_FS_HZ = 25.0
#: Version of the generative model, stored in the recording's details.
MODEL_VERSION = 1


@dataclass(frozen=True)
class SimulatedSession:
    """A simulated recording and what was put into it.

    Attributes
    ----------
    recording : Recording
        The samples, as a reader would return them (``source.format == "simulated"``).
    truth : SessionTruth
        The exact ground truth.
    """

    recording: Recording
    truth: SessionTruth


def _check_number(name: str, value: Any, *, low: float, allowed: str, strict: bool = False) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ParameterError(f"{name} must be {allowed}, got {value!r}") from None
    if not math.isfinite(x) or x < low or (strict and x == low) or isinstance(value, bool):
        raise ParameterError(f"{name} must be {allowed}, got {value!r}")
    return x


def _check_labels(labels: Sequence[str] | None, n_sets: int | None) -> tuple[list[str] | None, int]:
    if n_sets is not None and (
        isinstance(n_sets, bool) or not isinstance(n_sets, (int, np.integer)) or n_sets < 1
    ):
        raise ParameterError(f"n_sets must be an integer >= 1, got {n_sets!r}")
    if labels is None:
        return None, int(n_sets) if n_sets is not None else 4
    if isinstance(labels, str):
        raise ParameterError(f"labels must be a sequence of labels (one per set), got the string {labels!r}")
    out = list(labels)
    bad = [x for x in out if x not in LABELS]
    if bad:
        raise ParameterError(f"labels must each be one of {', '.join(LABELS)}; got {bad[0]!r}")
    if not out:
        raise ParameterError("labels must hold at least one label (one per set), got an empty sequence")
    if n_sets is not None and n_sets != len(out):
        raise ParameterError(
            f"n_sets={n_sets} disagrees with the {len(out)} labels given; pass one label per set or omit n_sets"
        )
    return out, len(out)


def simulate_session(
    *,
    seed: int,
    fs_hz: float,
    labels: Sequence[str] | None = None,
    n_sets: int | None = None,
    gravity_included: bool = True,
    jitter_ms: float = 0.0,
    walking: bool = False,
    impacts: int = 0,
    atypical_rest_hz: float | None = None,
    range_g: float = 16.0,
    quantisation_mps2: float | None = None,
) -> SimulatedSession:
    """Simulate a labelled training session recorded by a wrist accelerometer.

    Parameters
    ----------
    seed : int
        Seed of ``np.random.default_rng``; the same arguments give identical output.
    fs_hz : float
        Sampling rate in Hz (at least 25; 50, 100 and 200 are typical).
    labels : sequence of str, optional
        One label per set from :data:`LABELS`. Drawn from the seed when omitted.
    n_sets : int, optional
        Number of sets: defaults to ``len(labels)``, or 4 when ``labels`` is omitted; must agree
        with ``labels`` when both are given.
    gravity_included : bool, default True
        Raw acceleration (True) or linear acceleration with gravity removed (False).
    jitter_ms : float, default 0
        Standard deviation of Gaussian time-stamp jitter in ms, truncated at +-0.45 sample
        periods so the stamps stay strictly increasing. The signal is evaluated at the jittered
        times.
    walking : bool, default False
        Put 15-25 s of walking (1.7-2.1 steps/s, heel strikes) into one rest.
    impacts : int, default 0
        Number of large broadband impacts (5-30 m/s^2, 10-40 ms, ringing at 20-40 Hz or up to
        0.45 fs) in rests, at least 3 s from any twitch.
    atypical_rest_hz : float, optional
        Put a 20-40 s rhythmic tremor episode at this frequency (RMS 0.1-0.3 m/s^2) into one
        rest. Must lie in [1, 0.4 fs_hz].
    range_g : float, default 16
        Full-scale range in g; values beyond it are clipped (the counts go into the details).
    quantisation_mps2 : float, optional
        Quantisation step in m/s^2; default one LSB of a 16-bit converter over +-range_g
        (``2 * range_g * g / 65536``). 0 turns quantisation off.

    Returns
    -------
    SimulatedSession
        The recording and its ground truth.

    Raises
    ------
    ParameterError
        For a value outside the ranges above.

    Examples
    --------
    >>> sim = simulate_session(seed=1, fs_hz=100.0, labels=["calm", "fasciculations"])
    >>> [s.label for s in sim.truth.sets]
    ['calm', 'fasciculations']
    >>> float(sim.recording.time_s[0]), sim.recording.source.format
    (0.0, 'simulated')
    """
    session, _ = simulate_components(
        seed=seed,
        fs_hz=fs_hz,
        labels=labels,
        n_sets=n_sets,
        gravity_included=gravity_included,
        jitter_ms=jitter_ms,
        walking=walking,
        impacts=impacts,
        atypical_rest_hz=atypical_rest_hz,
        range_g=range_g,
        quantisation_mps2=quantisation_mps2,
    )
    return session


def simulate_components(
    *,
    seed: int,
    fs_hz: float,
    labels: Sequence[str] | None,
    n_sets: int | None,
    gravity_included: bool,
    jitter_ms: float,
    walking: bool,
    impacts: int,
    atypical_rest_hz: float | None,
    range_g: float,
    quantisation_mps2: float | None,
) -> tuple[SimulatedSession, dict[str, np.ndarray]]:
    """:func:`simulate_session` that also returns each additive component, shape (n, 3).

    Keys: ``gravity``, ``motion``, ``physiological``, ``atypical``, ``twitches``, ``impacts``,
    ``posture``, ``walking``, ``noise``; the output is their sum, clipped and quantised.

    Parameters
    ----------
    seed, fs_hz, labels, n_sets, gravity_included, jitter_ms, walking, impacts
        As for :func:`simulate_session`; every one must be given here.
    atypical_rest_hz, range_g, quantisation_mps2
        As for :func:`simulate_session`; every one must be given here.

    Returns
    -------
    session : SimulatedSession
        What :func:`simulate_session` returns.
    components : dict of str to ndarray
        Each additive component in m/s^2, shape (n, 3), by the keys above.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}")
    fs = check_fs(fs_hz, "fs_hz")
    if fs < MIN_FS_HZ:
        raise ParameterError(
            f"fs_hz must be at least {MIN_FS_HZ:g} Hz (8-12 Hz tremor needs it), got {fs_hz!r}"
        )
    label_list, n = _check_labels(labels, n_sets)
    jitter = _check_number("jitter_ms", jitter_ms, low=0.0, allowed="a standard deviation in ms (>= 0)")
    if isinstance(impacts, bool) or not isinstance(impacts, (int, np.integer)) or impacts < 0:
        raise ParameterError(f"impacts must be a non-negative integer, got {impacts!r}")
    rng_g = _check_number("range_g", range_g, low=0.0, allowed="a full-scale range in g (> 0)", strict=True)
    range_mps2 = rng_g * STANDARD_GRAVITY
    if quantisation_mps2 is None:
        quant = 2.0 * range_mps2 / 65536.0
    else:
        quant = _check_number(
            "quantisation_mps2", quantisation_mps2, low=0.0, allowed="a step in m/s^2 (>= 0)"
        )
    ep_hz = None
    if atypical_rest_hz is not None:
        ep_hz = _check_number(
            "atypical_rest_hz",
            atypical_rest_hz,
            low=1.0,
            allowed=f"a frequency in [1, {ASSESSABLE_FRACTION * fs:g}] Hz",
        )
        if ep_hz > ASSESSABLE_FRACTION * fs:
            raise ParameterError(
                f"atypical_rest_hz must be in [1, {ASSESSABLE_FRACTION * fs:g}] Hz (0.4 fs_hz) at fs_hz={fs:g}, got {atypical_rest_hz!r}"
            )

    root = np.random.default_rng(int(seed))
    r_plan, r_labels, *r_gen = root.spawn(7)
    if label_list is None:
        label_list = [str(x) for x in r_labels.choice(LABELS, size=n)]
    plan = plan_session(
        r_plan, labels=label_list, fs=fs, walking=bool(walking), n_impacts=int(impacts), episode_hz=ep_hz
    )
    gen = generate(
        r_gen,
        plan,
        fs=fs,
        jitter_s=jitter / 1000.0,
        gravity=bool(gravity_included),
        range_mps2=range_mps2,
        quant_mps2=quant,
    )
    details = {
        "seed": int(seed),
        "fs_hz": fs,
        "jitter_ms": jitter,
        "jitter_truncated_at_periods": 0.45,
        "labels": list(label_list),
        "kinds": [s.kind for s in plan.sets],
        "walking": bool(walking),
        "impacts": int(impacts),
        "atypical_rest_hz": ep_hz,
        "range_g": rng_g,
        "quantisation_mps2": quant,
        "noise_rms_mps2": list(gen.truth.noise_rms_mps2),
        "n_clipped_samples": gen.n_clipped_samples,
        "n_clipped_values": gen.n_clipped_values,
        "model_version": MODEL_VERSION,
    }
    recording = Recording(
        time_s=gen.time_s,
        acc_mps2=gen.acc,
        gravity_included=bool(gravity_included),
        source=SourceInfo(path="<simulated>", format="simulated", units="m/s^2", details=details),
        range_mps2=range_mps2,
        fs_declared_hz=fs,
    )
    return SimulatedSession(recording=recording, truth=gen.truth), gen.components


def _plain(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, np.generic):
        return x.item()
    return x


def session_to_dict(truth: SessionTruth) -> dict[str, Any]:
    """Return ``truth`` as plain JSON-serialisable Python (dicts, lists, floats, str, None).

    Parameters
    ----------
    truth : SessionTruth
        The ground truth of a simulated session.

    Returns
    -------
    dict
        The dataclass fields, with tuples turned into lists.
    """
    if not isinstance(truth, SessionTruth):
        raise ParameterError(f"truth must be a SessionTruth, got {type(truth).__name__}")
    out: dict[str, Any] = _plain(asdict(truth))
    return out
