"""A set's peak on the 6-12 Hz band's lower edge is the band's tremor, not an out-of-band one (issue 9).

A set's out-of-band peak is the largest local maximum of its mean spectrum in 3.25-6 Hz, and a peak there that
dominates the set made it ``atypical_tremor``, with a "re-test, then see a clinician" cause calling it "outside the
6-12 Hz physiological band". The spectra are sampled every 0.25 Hz, so a maximum on the bin at 6.0 Hz places the
line's centre at 5.875-6.125 Hz: on the band's edge, as much in it as out of it. A fatigue tremor drifting down
under a heavy load ends there (red team, slow eccentric curls drifting 6.6 -> 5.9 Hz at 50 Hz, seeds 132 and
140-143: 10 of 12 sets ``atypical_tremor`` with the clinician's note, where the movement's skirt hid the line's
start from the drift rule). Now such a peak (:func:`tremor.core.band_edge.at_lower_edge`) is measured as the band's
tremor; a peak one bin or more below the edge still makes ``atypical_tremor``.

This module's own physics (not the red team's generator): a 40 s hold with the arm raised 50-80 deg, with the stress
builder's rest tremor and noise, and a narrow-band line (0.2-0.4 Hz wide, 0.06-0.15 m/s^2 RMS) through it: centred
at 5.95-6.05 Hz it must not read ``atypical_tremor`` (before the rule every draw did, at 50/100/200 Hz); centred at
5.3-5.6 Hz it must. And slow reps (0.2/s, 1-2 m/s^2 of movement) whose fatigue tremor grows 3-6x while its centre
falls from 6.6-6.9 Hz to 5.95-6.05 Hz: no ``atypical_tremor``, no clinician note. Each draw's seed is printed
(``TREMOR_FRESH_SEED`` replays one).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.stress import scenarios as S
from tremor.core.band_edge import at_lower_edge

START_S, END_S = 60.0, 100.0
RATES = (50.0, 100.0, 200.0)


def _seed() -> int:
    seed = int(os.environ.get("TREMOR_FRESH_SEED", np.random.SeedSequence().entropy % 2**31))
    print("seed", seed)
    return seed


def _set(result: tremor.AnalysisResult) -> tremor.SetResult:
    assert result.sets, "no set found"
    return max(result.sets, key=lambda s: min(END_S, s.span.end_s) - max(START_S, s.span.start_s))


def _steady_line(seed: int, fs: float, centre_hz: tuple[float, float]) -> tremor.AnalysisResult:
    """Rest, a 40 s held set carrying a steady narrow line centred in ``centre_hz``, rest."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 160.0, rng, 0.01)
    # the arm raised 50-80 deg and held (a few degrees of tilt held still would be a posture shift, no set)
    b.add_rep_set(START_S, END_S, calm_factor=1.0, move_mps2=0.0, swing_deg=0.0, pose_deg=rng.uniform(50, 80))
    fc = rng.uniform(*centre_hz)
    line = rng.uniform(0.06, 0.15) * S.narrowband(rng, b.t, fs, fc, rng.uniform(0.2, 0.4))
    axis = rng.normal(size=3)
    b.lin += np.outer(line * S._window(b.t, START_S, END_S, 1.0), axis / np.linalg.norm(axis))
    print(f"fs {fs:g} centre {fc:.3f} Hz")
    return tremor.analyze(b.finish(description="steady line").recording)


@pytest.mark.parametrize("hz", [5.75, 5.875, 6.0, 6.12])
def test_the_edge_bin_is_within_half_a_bin_of_6_hz(hz: float) -> None:
    """The rule itself: 6.0 Hz (and anything within 0.125 Hz of it) is on the edge; 5.75 Hz, a bin below, is not."""
    assert at_lower_edge(hz) is (abs(hz - 6.0) < 0.125)
    assert not at_lower_edge(float("nan"))


@pytest.mark.fresh_rate(
    env="TREMOR_FRESH_SEED",
    measured="0 of 300 sets in a loop (eleventh session); seen twice in suite runs at 100 Hz (seeds 151793733, "
    "78536630: a line centred 5.976 Hz whose realisation peaks at 5.75 Hz, two bins under the edge, read as "
    "atypical_tremor)",
)
def test_a_steady_line_on_the_edge_is_the_bands_tremor() -> None:
    """A line centred 5.95-6.05 Hz dominating a hold: measured in the band, not ``atypical_tremor``."""
    seed = _seed()
    for k, fs in enumerate(RATES):
        s = _set(_steady_line(seed + k, fs, (5.95, 6.05)))
        m = s.metrics
        print(s.label, m.oob_peak_hz, m.oob_on_edge, m.rms_mps2)
        assert s.label in {"enhanced_tremor", "fatigue_tremor"}, (seed, fs, s.label, m)
        assert m.rms_mps2 is not None and not any(c.id == "see_a_clinician" for c in s.causes)


def test_a_steady_line_below_the_edge_is_still_atypical() -> None:
    """The near side: a line centred 5.3-5.6 Hz (one bin or more below the edge) is not on the edge, and is
    reported as out-of-band: the set ``atypical_tremor`` with the clinician's note, or (where the set's movement
    measure takes the line for a harmonic of its movement, an older rule: seen at 50 Hz, seed 1032762211) an out-of-band
    episode at the line inside the set."""
    seed = _seed()
    for k, fs in enumerate(RATES):
        result = _steady_line(seed + k, fs, (5.3, 5.6))
        s = _set(result)
        inside = [e for e in result.atypical_tremor if e.start_s < s.span.end_s and e.end_s > s.span.start_s]
        print(s.label, s.metrics.oob_peak_hz, s.metrics.oob_on_edge, [e.peak_hz for e in inside])
        assert not s.metrics.oob_on_edge, (seed, fs, s.metrics)
        if s.label == "atypical_tremor":
            assert any(c.id == "see_a_clinician" for c in s.causes)
        else:
            assert s.metrics.oob_peak_hz is None and any(5.0 <= e.peak_hz <= 5.75 for e in inside), (
                seed,
                fs,
                s,
            )


def test_slow_reps_whose_fatigue_tremor_drifts_to_the_edge_get_no_clinician_note() -> None:
    """Slow heavy reps, a fatigue tremor growing 3-6x while its centre falls from 6.6-6.9 to 5.95-6.05 Hz."""
    seed = _seed()
    for k, fs in enumerate(RATES):
        rng = np.random.default_rng(seed + k)
        b = S.SessionBuilder(fs, 160.0, rng, 0.01)
        f0, f1 = rng.uniform(6.6, 6.9), rng.uniform(5.95, 6.05)
        b.add_rep_set(
            START_S,
            END_S,
            tremor_ratio=rng.uniform(3.0, 6.0),
            f_start=f0,
            drift_hz=f0 - f1,
            width_hz=rng.uniform(0.8, 1.5),
            a0=0.03,
            rep_hz=0.2,
            move_mps2=rng.uniform(1.0, 2.0),
        )
        s = _set(tremor.analyze(b.finish(description="slow reps").recording))
        m = s.metrics
        print(f"fs {fs:g} {f0:.2f} -> {f1:.2f} Hz", s.label, m.oob_peak_hz, m.oob_drifted, m.oob_on_edge)
        assert s.label != "atypical_tremor", (seed, fs, m)
        assert not any(c.id == "see_a_clinician" for c in s.causes), (seed, fs, m)
