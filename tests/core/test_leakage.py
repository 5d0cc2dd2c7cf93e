"""A strong out-of-band oscillation's skirt in the 6-12 Hz band gives no fatigue ratio (classify.leak_share)."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.analysis import analyze
from tremor.core.classify import LEAK_MAX_SHARE, LEAK_SKIRT_HZ, leak_share
from tremor.core.features import PSD_FREQS
from tremor.core.recording import Recording, SetMarker, SourceInfo

FS = 100.0


def _peak(f0: float, height: float, width: float = 0.3) -> np.ndarray:
    return height * np.exp(-0.5 * ((PSD_FREQS - f0) / width) ** 2)


def test_leak_share_counts_the_skirt_within_reach_of_the_peak():
    floor = np.full(PSD_FREQS.size, 1e-4)
    assert leak_share(floor + _peak(5.5, 10.0), None) is None
    assert leak_share(floor + _peak(5.5, 10.0), 5.5) > LEAK_MAX_SHARE  # the 6-7 Hz skirt holds the band
    # a tremor hump at 9 Hz beside the same peak: the skirt is a small share
    assert leak_share(floor + _peak(5.5, 10.0) + _peak(9.0, 50.0, 1.0), 5.5) < LEAK_MAX_SHARE
    # a peak too far from the band reaches none of it
    assert leak_share(floor + _peak(4.0, 10.0), 6.0 - LEAK_SKIRT_HZ - 0.5) is None


def _recording(acc: np.ndarray) -> Recording:
    t = np.arange(acc.shape[0]) / FS
    return Recording(
        time_s=t, acc_mps2=acc, gravity_included=True, source=SourceInfo("mem.csv", "generic", "m/s^2")
    )


def _narrow(rng: np.random.Generator, n: int, f0: float, half_width: float) -> np.ndarray:
    spec = np.fft.rfft(rng.normal(size=n))
    f = np.fft.rfftfreq(n, 1 / FS)
    spec[np.abs(f - f0) > half_width] = 0.0
    x = np.fft.irfft(spec, n)
    return x / x.std()


@pytest.mark.parametrize(("oscillation", "fatigue_ratio"), [(True, False), (False, True)])
def test_set_under_a_strong_5_5_hz_oscillation_has_no_fatigue_ratio(oscillation, fatigue_ratio):
    """A set holding a strong, wandering 5.5 Hz oscillation whose amplitude grows (as on the real ESP32 rig, a
    quarter of its size) gets no fatigue ratio from its skirt; the same set with a growing 9 Hz tremor instead keeps its ratio."""
    rng = np.random.default_rng(7)
    n = int(90 * FS)
    t = np.arange(n) / FS
    acc = np.array([0.0, 0.0, 9.81]) + 0.01 * rng.normal(size=(n, 3))
    acc += np.outer(0.01 * _narrow(rng, n, 9.5, 1.5), [1.0, 0.0, 0.0])  # rest tremor
    in_set = (t >= 30.0) & (t < 60.0)
    grow = np.where(in_set, 1.0 + 3.0 * (t - 30.0) / 30.0, 0.0)
    if oscillation:
        # 0.5-2 m/s^2 RMS: under the size of a deliberate rhythmic movement (2 mm RMS, 2.0 m/s^2 at 5.5 Hz, which
        # makes the set not assessable first: tremor.core.rhythm_size); the rig's 6.7-10 m/s^2 is over it
        acc[:, 1] += 0.5 * grow * _narrow(rng, n, 5.5, 0.3)
    else:
        acc[:, 1] += 0.03 * grow * _narrow(rng, n, 9.0, 1.0)
    result = analyze(_recording(acc), markers=[SetMarker(30.0, 60.0)])
    m = result.sets[0].metrics
    assert (m.end_to_start_ratio is not None) == fatigue_ratio
    if oscillation:
        assert m.oob_leak_share is not None and m.oob_leak_share >= LEAK_MAX_SHARE
        assert m.power_vs_rest is None and result.sets[0].label != "fatigue_tremor"
        assert any("skirt of the out-of-band peak" in note for note in result.notes)
    else:
        assert m.end_to_start_ratio > 2.0


def test_fatigue_tremor_drifting_below_6_hz_keeps_its_ratio():
    """The other side: a fatigue tremor drifting from 6.5 Hz down past 6 Hz (stress generator, seed 2 at 50 Hz) has
    a prominent 5.75 Hz peak, but it does not dominate the set (2.3x the 6-12 Hz peak, under OOB_OVER_PHYS): it
    is the tremor itself, so the set keeps its fatigue ratio."""
    from tests.stress import scenarios as S

    sc = S.fatigue_session(np.random.default_rng(2), 50, ratio=3.0, f_start=6.5, n_sets=1)
    (s,) = analyze(sc.recording).sets
    # the 6.000 Hz bin of a 50 Hz grid's spectrum sits on the band's edge; the grid's rate is that of the
    # first 2 s (tremor.core.grid, as live), 49.9947 Hz here, where the whole file gives 50.0003. Before
    # band edges took a tolerance (spectral.EDGE_TOLERANCE_BINS) the 6 Hz bin fell outside 6-12 Hz below
    # 50 Hz: the ratio was 1.26 and the leak share over LEAK_MAX_SHARE (with oob_vs_phys < 3); now the set
    # is measured as at 50.000 Hz: ratio 1.58, and the 5.75 Hz peak is not taken for a leak (measured)
    m = s.metrics
    assert m.oob_leak_share is None or (m.oob_leak_share >= LEAK_MAX_SHARE and m.oob_vs_phys < 3.0)
    assert m.end_to_start_ratio is not None and m.end_to_start_ratio > 1.5
    # and no note says the ratio was withheld (seed 2017479168 of the stress peak test printed that note
    # beside a given ratio and a fatigue label)
    result = analyze(sc.recording)
    assert not any("skirt of the out-of-band peak" in note for note in result.notes), result.notes


def _faint_line_session(line_rms: float, seed: int = 3) -> tuple[object, object]:
    """A calm rep set (stress generator: rest tremor at 8-11 Hz, 0.01 m/s^2 noise per axis) holding a narrow
    5.5 Hz oscillation of ``line_rms`` (0.2-0.5 Hz wide), and the analysis of it."""
    from tests.stress import scenarios as S

    b = S.SessionBuilder(100.0, 160.0, np.random.default_rng(seed), 0.01)
    b.add_rep_set(60.0, 100.0)
    b.add_episode(60.0, 100.0, 5.5, line_rms)
    result = analyze(b.finish().recording)
    assert len(result.sets) == 1
    return result, result.sets[0]


@pytest.mark.parametrize("line_rms", [0.015, 0.025, 0.04])
def test_a_band_filled_by_a_faint_out_of_band_skirt_is_not_assessable_not_calm(line_rms):
    """Issue 9: a 5.5 Hz line puts its skirt (a 2 s Hann window's main lobe, +-1 Hz, and the line's width) into
    6-7 Hz. Where that skirt holds LEAK_MAX_SHARE of the band and the line dominates the set, the band measures
    the line, so no 6-12 Hz figure is given. Under the out-of-band detection limit (0.03 m/s^2 here: 10x this
    recording's noise is less) the line is not called tremor either; the set was then labelled calm, a claim the
    band withheld cannot support: its tremor is not assessable, and the report says why. Both sides: a fainter
    line leaves most of the band to the set's own tremor (measured, calm: the truth), a stronger one over the
    limit is atypical_tremor."""
    from tremor.core.set_labels import NOT_ASSESSABLE_WORDS
    from tremor.live.display import format_card
    from tremor.live.set_decisions import SetCard
    from tremor.report.json_report import to_report
    from tremor.report.summary import format_summary

    result, s = _faint_line_session(line_rms)
    m = s.metrics
    assert m.oob_peak_hz is not None and abs(m.oob_peak_hz - 5.5) <= 0.5
    assert m.oob_limit_mps2 is not None and abs(m.oob_limit_mps2 - 0.03) < 1e-3
    filled = m.oob_leak_share is not None and m.oob_leak_share >= LEAK_MAX_SHARE
    under = m.oob_rms_mps2 < m.oob_limit_mps2
    # seed 3 measures: 0.015 -> share 0.39 (band measured), 0.025 -> 0.59 at 0.029 RMS, 0.04 -> 0.77 at 0.046
    assert (filled, under) == {0.015: (False, True), 0.025: (True, True), 0.04: (True, False)}[line_rms]
    report = to_report(result)
    tr = report["sets"][0]["tremor"]
    if not filled:
        assert s.label == "calm" and m.assessable and m.last_third_vs_rest is not None
        assert m.last_third_vs_rest < 4.0
    elif under:
        assert s.label == "not_assessable" and not m.assessable
        assert (
            m.not_assessable_reason == "out_of_band_skirt"
            and tr["not_assessable_reason"] == "out_of_band_skirt"
        )
        assert tr["rms_mps2"] is None and tr["last_third_vs_rest"] is None and tr["oob_leak_share"] >= 0.5
        assert any(
            "under the out-of-band detection limit" in n and "not assessable" in n for n in result.notes
        )
        text = format_summary(report)
        assert "faint out-of-band peak's skirt" in text and " calm " not in text, text
        card = SetCard(1, "auto", 60.0, 100.0, s.label, {"kind": "reps", "tremor": tr})
        assert f"not assessable ({NOT_ASSESSABLE_WORDS['out_of_band_skirt']})" in "\n".join(format_card(card))
    else:
        assert s.label == "atypical_tremor" and m.assessable
