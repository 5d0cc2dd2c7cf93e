"""Sample sources for the emulated band: a recorded file or a simulated session, as chunks.

An :class:`~tremor.ble.emulator.EmulatedBand` streams ``(t_ns, (n, 3) m/s^2)`` chunks at one
whole-number rate. :func:`recording_source` turns a :class:`~tremor.core.recording.Recording` into
such chunks: the rate is the recording's measured rate rounded to whole Hz, samples within each
gap-free stretch are re-timed onto that rate's grid from the stretch's first time stamp (so
the band's clock is regular, as a real band's is), and gaps are kept.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from tremor.core.quality import GAP_FACTOR
from tremor.core.recording import Recording
from tremor.errors import ParameterError

__all__ = [
    "EmulatorSource",
    "recording_source",
    "simulated_source",
    "simulated_pair_sources",
    "file_source",
    "DEVICE_T0_NS",
]

#: Device clock of the first sample: 2025-01-01T10:00:00Z (emulated bands keep Unix-ns clocks).
DEVICE_T0_NS = 1_735_725_600_000_000_000


@dataclass
class EmulatorSource:
    """Chunks for an emulated band, and what they hold.

    ``exhausted`` turns True once the band has taken the last chunk.
    """

    fs_hz: float
    duration_s: float
    description: str
    chunks: list[tuple[int, np.ndarray]]
    exhausted: bool = False

    def __iter__(self) -> Iterator[tuple[int, np.ndarray]]:
        yield from self.chunks
        self.exhausted = True


def recording_source(
    recording: Recording,
    *,
    description: str,
    chunk_s: float = 0.05,
    t0_ns: int = DEVICE_T0_NS,
    max_s: float | None = None,
) -> EmulatorSource:
    """Chunks of ``recording`` for an emulated band (see the module docstring)."""
    t = recording.time_s
    acc = recording.acc_mps2
    if max_s is not None:
        keep = t <= t[0] + max_s
        t, acc = t[keep], acc[keep]
    if t.size < 4:
        raise ParameterError(f"{description}: too few samples to emulate a band ({t.size})")
    dt = np.diff(t)
    median = float(np.median(dt))
    fs = float(round(1.0 / median))
    if fs < 1:
        raise ParameterError(f"{description}: a {1 / median:.3g} Hz rate is too low to emulate a band")
    cuts = np.flatnonzero(dt > GAP_FACTOR * median) + 1
    bounds = [0, *cuts.tolist(), t.size]
    per = max(1, int(round(chunk_s * fs)))
    chunks: list[tuple[int, np.ndarray]] = []
    last_ns = None
    for a, b in itertools.pairwise(bounds):
        start_ns = t0_ns + int(round((t[a] - t[0]) * 1e9))
        if last_ns is not None:
            start_ns = max(start_ns, last_ns + int(round(1e9 / fs)))
        for i in range(a, b, per):
            j = min(i + per, b)
            chunks.append((start_ns + int(round((i - a) * 1e9 / fs)), np.array(acc[i:j], dtype=np.float64)))
        last_ns = start_ns + int(round((b - 1 - a) * 1e9 / fs))
    return EmulatorSource(fs, float(t[-1] - t[0]), description, chunks)


def simulated_source(
    *, seed: int, fs_hz: float, labels: list[str] | None = None, max_s: float | None = None
) -> EmulatorSource:
    """A simulated training session (:func:`tremor.sim.session.simulate_session`) as chunks."""
    from tremor.sim.session import simulate_session

    sim = simulate_session(seed=seed, fs_hz=fs_hz, labels=labels)
    sets = ", ".join(f"{s.label} {s.start_s:.0f}-{s.end_s:.0f} s" for s in sim.truth.sets)
    return recording_source(
        sim.recording, description=f"simulated session (seed {seed}: {sets})", max_s=max_s
    )


def file_source(path: str, *, max_s: float | None = None) -> EmulatorSource:
    """A recorded file (any format :func:`tremor.io.read_recording` reads) as chunks."""
    from tremor.io import read_recording

    return recording_source(read_recording(path), description=str(path), max_s=max_s)


def simulated_pair_sources(
    *,
    seed: int,
    fs_hz: float,
    labels: list[str] | None = None,
    stronger: str | None = None,
    tremor_scale: float = 1.0,
    max_s: float | None = None,
) -> tuple[EmulatorSource, EmulatorSource]:
    """One simulated session on both wrists (:func:`tremor.sim.pair.simulate_pair`), as two bands' chunks.

    Parameters
    ----------
    seed, fs_hz, labels
        As for :func:`~tremor.sim.session.simulate_session`.
    stronger : {"left", "right"} or None
        The side whose physiological tremor in the sets is ``tremor_scale`` times the other's
        (its 6-12 Hz power ``tremor_scale**2`` times); None: both sides alike.
    tremor_scale : float
        The amplitude factor of the ``stronger`` side (ignored when ``stronger`` is None).
    max_s : float, optional
        Stream only the first ``max_s`` seconds.

    Returns
    -------
    tuple of EmulatorSource
        The left and the right band's sources: same sets at the same device times, independent
        sensor noise.
    """
    from tremor.sim.pair import simulate_pair

    if stronger not in (None, "left", "right"):
        raise ParameterError(f"stronger must be 'left', 'right' or None, got {stronger!r}")
    scale = float(tremor_scale) if stronger is not None else 1.0
    pair = simulate_pair(seed=seed, fs_hz=fs_hz, labels=labels, right_tremor_scale=scale)
    base, scaled = pair.left.recording, pair.right
    sets = ", ".join(f"{s.label} {s.start_s:.0f}-{s.end_s:.0f} s" for s in pair.left.truth.sets)
    what = f"simulated session on both wrists (seed {seed}: {sets})"
    if stronger is None:
        left_rec, right_rec, say = base, scaled, "both sides alike"
    else:
        left_rec, right_rec = (scaled, base) if stronger == "left" else (base, scaled)
        say = f"{stronger} tremor x{scale:g} in the sets"
    return (
        recording_source(left_rec, description=f"{what}, left wrist; {say}", max_s=max_s),
        recording_source(right_rec, description=f"{what}, right wrist; {say}", max_s=max_s),
    )
