"""A hold whose tremor rises only in its last seconds keeps its rise (review of h-edges3, rev17).

:mod:`tremor.core.position_moves` moves a hold's edges in past the move into its position and out of it. The set's
tremor is measured on frames whose 2 s window lies in the set; measured inside the trimmed edges, a hold's last
second was half-weighted, and a tremor that rises only there (the arm near failure) lost part of its rise (rev17:
fatigue_tremor 17 -> 12 of 30 fresh draws, last/first lower in 26 of 30). A set is now measured on its active
frames, as base f5d9ebf measured it; only its reported edges move.

Built from the physics: rest pitched 10 deg, a 2.5 s get-down (raised cosine) to 80 deg, a 40 s hold, a 2.5 s
get-up, rest; the tremor a 7.5-10.5 Hz band on one axis, 0.03 m/s^2 rising to 0.09 over the hold's last 4 s.
Seeds 1000-1029: at 100 Hz fatigue_tremor base 24, h-edges3 19, this branch 24 of 30 (every label and last/first
as base's); last/first lower on h-edges3 than base in 28 of 30 (50 Hz 30, 200 Hz 27; those rates read the
hold calm in all three trees, the fixed seeds below are 100 Hz ones that h-edges3 turned to enhanced_tremor).
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.analysis import SetResult, analyze
from tremor.core.recording import Recording, SourceInfo

G = 9.81
REST_S, MOVE_S, HOLD_S, RISE_S = 20.0, 2.5, 40.0, 4.0


def _ramp(t: np.ndarray, t0: float, dur: float) -> np.ndarray:
    u = np.clip((t - t0) / dur, 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * u)


def _plank(fs: float, seed: int, rise: float = 3.0) -> tuple[Recording, tuple[float, float]]:
    """The session's recording and the hold's true start and end."""
    rng = np.random.default_rng(seed)
    a = REST_S + MOVE_S
    b = a + HOLD_S
    t = np.arange(int((b + MOVE_S + REST_S) * fs)) / fs
    pitch = np.deg2rad(10.0 + 70.0 * (_ramp(t, REST_S, MOVE_S) - _ramp(t, b, MOVE_S)))
    f = np.fft.rfftfreq(t.size, 1.0 / fs)
    x = np.fft.irfft(np.fft.rfft(rng.standard_normal(t.size)) * (np.abs(f - 9.0) <= 1.5), t.size)
    x /= np.sqrt(np.mean(x**2))
    level = np.where(
        (t >= a) & (t < b), 0.03 + 0.03 * (rise - 1.0) * np.clip((t - (b - RISE_S)) / RISE_S, 0.0, 1.0), 0.0
    )
    acc = G * np.column_stack([np.sin(pitch), np.zeros(t.size), np.cos(pitch)])
    acc[:, 1] += level * x
    acc += rng.normal(0.0, 0.008, acc.shape)
    return Recording(t, acc, True, SourceInfo(path="plank.csv", format="generic_csv", units="m/s^2")), (a, b)


def _hold(fs: float, seed: int, rise: float = 3.0) -> SetResult:
    rec, (a, b) = _plank(fs, seed, rise)
    sets = [s for s in analyze(rec).sets if s.span.end_s > a and s.span.start_s < b]
    assert len(sets) == 1, [(s.span.start_s, s.span.end_s) for s in sets]
    return sets[0]


@pytest.mark.parametrize("seed", [1006, 1008, 1012])
def test_a_tremor_rising_in_the_last_seconds_of_a_hold_keeps_its_rise(seed: int) -> None:
    """Tremor 0.03 -> 0.09 m/s^2 over the hold's last 4 s (a true 2.0x rise of the last third over the first), 100
    Hz: its rise is measured as base f5d9ebf measured it (h-edges3: last/first 1.57-1.63 -> 1.06-1.44 on these
    seeds); the near case, the same draw with a steady 0.03 m/s^2, is no fatigue tremor.

    Since h-caff (issue 9, red team R6-2) a 1.5-2x rise is fatigue only where it stands 2 standard errors out of
    the thirds' scatter at any level: these rises (1.57-1.63x) stand 0.7-1.2 (the surge in the last third widens
    that third's own scatter), so the hold reads ``enhanced_tremor`` whose evidence says the rise is within chance
    and may be fatigue beginning (seeds 1000-1029: ``fatigue_tremor`` 24 -> 11 of 30, the rest so hedged)."""
    rising, steady = _hold(100.0, seed), _hold(100.0, seed, rise=1.0)
    said = (rising.label, rising.metrics.end_to_start_ratio, [c.evidence for c in rising.causes])
    assert (rising.metrics.end_to_start_ratio or 0.0) >= 1.5, said
    assert rising.label == "fatigue_tremor" or (
        rising.label == "enhanced_tremor"
        and any("standard errors of the set's own scatter" in c.evidence for c in rising.causes)
    ), said
    assert steady.label != "fatigue_tremor", (steady.label, steady.metrics.end_to_start_ratio)
