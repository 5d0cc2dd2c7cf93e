"""A fatigue hold whose tremor has a broad 2nd harmonic is no external vibration (issue 9; review of R4-4's fix).

Physics: a 45 s hold whose fatigue tremor grows from 0.03 to 0.15 m/s^2 RMS at 7-8 Hz, 1.5-2 Hz wide, with a 2nd
harmonic at 35-50 % of its amplitude, twice as wide (3-4 Hz) at 14-16 Hz. The harmonic lifts the low quantile of
the 14-20 Hz sub-band to the external-vibration rule's weak level
(:data:`tremor.core.external_vibration.EXT_WEAK_MPS2`) as the tremor grows, and it is steady with no transient, as
a road is: the weak level read the hold's second half as "something shook the wrist" and the set vanished. The
weak level now leaves out the sub-band holding twice the frequency of the 3-12 Hz peak, where it holds at most
a quarter of the 3-12 Hz power (:func:`tremor.core.harmonic_subband.external_weak_power`).

The hold stays one set with no external vibration: ``fatigue_tremor`` in 88 of 120 draws measured (seeds 0-39
at 50, 100 and 200 Hz; before, 61 of 120 were external vibration, 58 of them with no set). The rest are other
rules' and allowed here: ``mixed`` in 2 (as on main, which has no weak level), and withheld by the tap rule
(:mod:`tremor.core.tap_sets`, reason ``"taps"``) in 30, since the broad harmonic spreads over 13-18 Hz (an open
finding of that rule).
"""

from __future__ import annotations

import numpy as np
import pytest

import tests.stress.scenarios as S
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult, analyze

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)
HOLD_S = (70.0, 115.0)


def _harmonic_hold(seed: int, fs: float) -> AnalysisResult:
    """200 s of rest with one 45 s hold whose tremor grows, with a broad 2nd harmonic (module docstring)."""
    rng = np.random.default_rng(seed)
    f0, width = rng.uniform(7.0, 8.0), rng.uniform(1.5, 2.0)
    h2, h2_width = rng.uniform(0.35, 0.5), rng.uniform(3.0, 4.0)
    print(
        "seed",
        seed,
        "fs",
        fs,
        f"f0 {f0:.2f} Hz width {width:.2f} Hz harmonic {h2:.2f} width {h2_width:.2f} Hz",
    )
    b = S.SessionBuilder(fs, 200.0, rng, 0.01)
    t = b.t
    a, e = HOLD_S
    w = S._window(t, a, e, 1.0)
    b.pitch += w * np.deg2rad(70)
    m = (t >= a) & (t < e)
    u = (t[m] - a) / (e - a)
    line = S.narrowband(rng, t[m], fs, f0, width).real
    harmonic = S.narrowband(rng, t[m], fs, 2 * f0, h2_width).real
    x = (line + h2 * harmonic) / np.sqrt(1 + h2**2) * (0.03 + 0.12 * u)
    b.lin[m] += np.outer(x * w[m], S._unit(rng))
    return analyze(b.finish(description="harmonic-rich fatigue hold").recording)


@pytest.mark.fresh_rate(
    param="seed",
    measured="tool_rundown took the hold in 1 of 120 draws after the eighteenth session's run-down mends (seeds "
    "28000-28059 at 100 and 200 Hz: 28003 at 100 Hz, pinned below as a strict xfail; 5 of 300 before h-rundown)",
)
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("seed", [5, 9, pytest.param(FRESH_SEED, id="fresh")])
def test_a_fatigue_hold_with_a_broad_harmonic_is_no_external_vibration(fs, seed):
    res = _harmonic_hold(seed, fs)
    assert res.external_vibration == ()
    assert not [n for n in res.notes if "shook the wrist" in n]
    sets = [s for s in res.sets if s.span.start_s < HOLD_S[0] + 5.0 and s.span.end_s > HOLD_S[1] - 5.0]
    assert len(sets) == 1, [(s.span.start_s, s.span.end_s, s.label) for s in res.sets]
    got = sets[0]
    print("label", got.label, got.metrics.not_assessable_reason)
    if fs >= 90.0:
        # where the twitch detector looks, taps are seen as events (tap_sets.TAP_MIN_RATE_HZ): no harmonic is taps
        assert got.label in ("fatigue_tremor", "mixed"), (got.label, got.metrics.not_assessable_reason)
    else:
        # at 50 Hz the spectral rule alone reads some broad harmonics as taps (stated in README)
        assert got.label in ("fatigue_tremor", "mixed") or got.metrics.not_assessable_reason == "taps"


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="a hunt's fresh draw (eighteenth session): the broad harmonic hold at seed 28003, 100 Hz, is set aside as a "
    "power tool's run-down (tool_rundown): its line slides within seconds with the band quiet at the run's own "
    "frequency before it (h-rev42's mend), 1 of 120 draws",
)
def test_a_broad_harmonic_hold_sliding_once_is_no_power_tool() -> None:
    res = _harmonic_hold(28003, 100.0)
    sets = [s for s in res.sets if s.span.start_s < HOLD_S[0] + 5.0 and s.span.end_s > HOLD_S[1] - 5.0]
    assert len(sets) == 1 and sets[0].metrics.not_assessable_reason != "tool_rundown"
