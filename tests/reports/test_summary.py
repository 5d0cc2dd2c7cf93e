"""The terminal summary (format_summary) speaks to people: words, m:ss, legends, bounded ratios."""

from __future__ import annotations

import copy
import re

import pytest

from tremor.report.json_report import to_report
from tremor.report.summary import clock, format_summary, likelihood_words


@pytest.fixture(scope="module")
def report(sim_result):
    return to_report(sim_result)


def test_summary_has_a_legend_for_the_labels_it_shows(report):
    text = format_summary(report)
    labels = {st["label"] for st in report["sets"]}
    assert "mixed" in labels and "atypical_tremor" in labels  # the fixture's promise
    flat = " ".join(text.split())
    assert "mixed = fatigue tremor and twitching" in flat
    assert "atypical_tremor = a rhythmic peak outside 6-12 Hz" in flat
    for label in ("fatigue_tremor", "not_assessable"):  # labels not in the table get no legend entry
        assert (f"{label} = " in flat) == (label in labels)


def test_summary_columns_are_named_and_explained(report):
    text = format_summary(report)
    flat = " ".join(text.split())
    assert "6-12 Hz tremor" in text and "vs rest" in text and "last/first" in text
    assert "in set" in text and "after" in text
    assert "last/first: 6-12 Hz power in the set's last third against its first third" in flat
    assert "vs rest: the set's 6-12 Hz power over the resting baseline" in flat
    assert "twitches: in the set, and in the rest after it" in flat
    assert " fatigue " not in text.splitlines()[4]  # no bare 'fatigue' column any more
    assert "rest tremor" not in text


def test_summary_twitches_split_between_set_and_rest(report):
    text = format_summary(report)
    for st in report["sets"]:
        row = next(ln for ln in text.splitlines() if re.match(rf"\s*{st['index']}\s+\d+:\d\d-", ln))
        fa = st["fasciculations"]
        # a count of none is printed only where a twitch could have been seen; elsewhere '-'
        shown = [str(fa[w]) if fa[w] > 0 or fa[f"{w}_assessable"] else "-" for w in ("in_set", "in_recovery")]
        assert re.search(rf"\s{re.escape(shown[0])}\s+{re.escape(shown[1])}\s", row), row


def test_summary_causes_in_words_with_evidence_and_advice_per_set(report):
    text = format_summary(report)
    assert not re.search(r"[a-z]+_[a-z_]+ \d\.\d\d", text), "cause ids with numbers"
    with_causes = [st for st in report["sets"] if st["causes"]]
    assert with_causes
    flat = " ".join(text.split())
    for st in with_causes:
        assert f"set {st['index']} ({clock(st['start_s'])}-{clock(st['end_s'])}):" in text
        for cause in st["causes"]:  # every cause named has its evidence and advice, not just the first
            assert " ".join(cause["evidence"].split()) in flat
            assert " ".join(cause["advice"].split()) in flat
            assert f"({likelihood_words(cause['likelihood'])})" in text
    assert any(len(st["causes"]) > 1 for st in with_causes)  # the fixture's promise


def test_likelihood_words():
    assert likelihood_words(0.95) == "likely"
    assert likelihood_words(0.5) == "possible"
    assert likelihood_words(0.2) == "a weak sign"


def test_times_are_mss_and_never_negative():
    assert clock(51.8) == "0:52"
    assert clock(3725.0) == "1:02:05"
    assert clock(-0.04) == "0:00"


def test_summary_rows_use_mss(report):
    text = format_summary(report)
    st = report["sets"][0]
    assert f"{clock(st['start_s'])}-{clock(st['end_s'])}" in text


def test_summary_bounds_meaningless_ratios(report):
    rep = copy.deepcopy(report)
    rep["sets"][0]["tremor"]["power_vs_rest"] = 164647.7
    rep["sets"][0]["tremor"]["end_to_start_ratio"] = 0.0001
    text = format_summary(rep)
    assert "164647.7" not in text and "0.0x" not in text
    assert ">1000x" in text and "<0.01x" in text
    assert "noise floor" in text  # says why
    assert "noise floor" not in format_summary(report) or any(
        x is not None and not 0.01 <= x < 1000
        for st in report["sets"]
        for x in (st["tremor"]["power_vs_rest"], st["tremor"]["end_to_start_ratio"])
    )


def test_summary_says_when_the_source_is_synthetic(report):
    rep = copy.deepcopy(report)
    assert "SYNTHETIC" not in format_summary(rep)
    rep["source"]["details"] = {"header": {"synthetic": True, "simulator_seed": 7}}
    assert "SYNTHETIC: this recording was made by tremor's simulator (seed 7)" in format_summary(rep)


def test_summary_dates_the_recording(report):
    rep = copy.deepcopy(report)
    rep["source"]["start_unix_s"] = 1735725600.0
    assert "recorded 2025-01-01 10:00 UTC" in format_summary(rep)
    rep["source"]["start_unix_s"] = None
    assert "recorded" not in format_summary(rep).splitlines()[1]


def test_summary_calls_the_rest_level_resting_baseline(report):
    assert report["rest"]["rms_mps2"]
    assert f"resting baseline: {report['rest']['rms_mps2']:.3f} m/s^2 RMS in 6-12 Hz" in format_summary(
        report
    )


def test_no_sets_note_respects_walking():
    """A recording that is walking throughout is not called 'analysed as rest'."""
    import numpy as np

    from tremor.core.analysis import analyze
    from tremor.core.recording import Recording, SourceInfo

    rng = np.random.default_rng(5)
    fs = 100.0
    t = np.arange(int(90 * fs)) / fs
    acc = 0.01 * rng.normal(size=(t.size, 3))
    acc[:, 2] += 9.81
    # heel strikes at 1.9 steps/s (a 40 ms impact ringing down over ~0.1 s, step times varying by 2 %):
    # the broadband comb of lines at the step rate the walking rule looks for; the arm swings at half of it
    k = np.arange(int(0.15 * fs)) / fs
    pulse = np.sin(np.pi * np.clip(k / 0.04, 0, 1)) * np.exp(-k / 0.03)
    s = 0.3
    while s < t[-1] - 0.2:
        i = int(s * fs)
        acc[i : i + pulse.size, 2] += 2.5 * pulse[: t.size - i]
        acc[i : i + pulse.size, 0] += 0.8 * pulse[: t.size - i]
        s += (1 / 1.9) * (1 + 0.02 * rng.normal())
    acc[:, 0] += 1.2 * np.sin(2 * np.pi * 0.95 * t)
    acc[:, 1] += 0.6 * np.sin(2 * np.pi * 1.9 * t)
    result = analyze(Recording(t, acc, True, SourceInfo("<walk>", "generic_csv", "m/s^2")))
    assert not result.sets and result.walking, (result.sets, result.walking)
    assert not any("whole recording was analysed as rest" in n for n in result.notes), result.notes
    assert any(n.startswith("no sets found") and " s walking" in n for n in result.notes), result.notes


def test_peak_is_printed_to_the_digits_its_standard_error_supports():
    from tremor.report.summary import peak_words

    assert peak_words(8.6234, 0.071) == "8.62±0.07"
    assert peak_words(10.3712, 0.14) == "10.4±0.1"
    assert peak_words(10.3712, 0.26) == "10.4±0.3"
    assert peak_words(9.0, 0.004) == "9.00±0.01"  # never "±0.00"
    assert peak_words(9.04, None) == "9.0"  # no error model: one decimal, no error
    assert peak_words(None, None) == "-"


def test_label_legend_states_the_thresholds_of_each_tremor_label():
    """The legend's meanings name the rules of ``classify.label_set`` with their thresholds: fatigue is a
    rise to FATIGUE_OVER_REST times rest; a level of ENHANCED_OVER_REST times rest without the rise is
    ``enhanced_tremor`` (where the band holds the line in its first and last thirds), described as showing no rise and no sign
    of fatigue; calm is neither."""
    from tremor.core.classify import (
        ENHANCED_OVER_REST,
        FATIGUE_OVER_REST,
        FATIGUE_RISE,
        FATIGUE_RISE_MIN,
        FATIGUE_RISE_Z,
        LABELS,
    )
    from tremor.report.summary import LABEL_MEANINGS

    assert set(LABEL_MEANINGS) == set(LABELS)
    fatigue = LABEL_MEANINGS["fatigue_tremor"]
    # since h-fatse a rise of FATIGUE_RISE or more needs its standard errors too (a steady line's chance): the
    # legend no longer says "up 2x" alone counts
    assert (
        f"building through the set (up {FATIGUE_RISE_MIN:g}x standing {FATIGUE_RISE_Z:g} standard errors out of chance"
        in fatigue
    )
    assert "at any rise from a steady tremor line as wide as its own" in fatigue
    assert f"up {FATIGUE_RISE:g}x, or" not in fatigue
    assert f"to {FATIGUE_OVER_REST:g}x the resting baseline or more" in fatigue
    from tremor.core.set_labels import fatigue_over_rest

    assert f"or more ({fatigue_over_rest(True):.3g}x a rest flat at the sensor's noise level)" in fatigue
    # a high level is fatigue only where the band cannot show the rise (the line outside it), at the 9x level
    # (the line's leaving the band alone is not fatigue); a 1.5x rise at that level needs its standard errors too
    assert (
        f"or {ENHANCED_OVER_REST:g}x it by the set's end where the tremor line peaked in the band" in fatigue
    )
    assert f"with a rise of {FATIGUE_RISE_MIN:g}x or more" not in fatigue
    assert "in both its first and last thirds (or in neither)" in LABEL_MEANINGS["enhanced_tremor"]
    enhanced = LABEL_MEANINGS["enhanced_tremor"]
    assert f"{ENHANCED_OVER_REST:g}x the resting baseline or more" in enhanced
    assert "without the fatigue rise" in enhanced and "no sign of fatigue shown" in enhanced
    assert f"short of {FATIGUE_RISE_Z:g} standard errors" in enhanced
    calm = LABEL_MEANINGS["calm"]
    assert f"{FATIGUE_OVER_REST:g}x the resting baseline nor {ENHANCED_OVER_REST:g}x" in calm
    assert f"neither building through the set (up {FATIGUE_RISE_MIN:g}x standing" in calm


def test_a_twitch_limit_far_above_a_still_wrist_is_explained_whatever_shook_it(report):
    # a swim's "still" stretches gave 5 m/s^2 with no machine line or oscillation named: the number alone
    # would read as a working limit
    rep = copy.deepcopy(report)
    rep["twitch_detection_limit_mps2"], rep["twitch_detection_limit_measured_under"] = 5.0746, None
    flat = " ".join(format_summary(rep).split())
    assert "5.075 m/s^2" in flat
    assert "far above a worn, still wrist's limit (about 0.02-0.1 m/s^2)" in flat
    assert "twitches much smaller than that could not be seen" in flat
    rep["twitch_detection_limit_mps2"] = 0.06
    assert "far above a worn, still wrist's" not in " ".join(format_summary(rep).split())


def test_out_of_band_limit_is_stated_as_the_recordings_highest(report):
    # the limit is the largest of the frames' floors: a rhythm under it may still be reported where the
    # floor stood lower, so the summary must not say every weaker rhythm goes unreported
    rep = copy.deepcopy(report)
    rep["out_of_band_detection_limit_mps2"] = 0.063
    flat = " ".join(format_summary(rep).split())
    assert "the highest over the recording" in flat and "0.063 m/s^2 RMS while the wrist is still" in flat
    assert "a weaker rhythm may not be told from them, and then is not reported" in flat
    # the floor is the still wrist's: a swim or a shaken sensor hides far stronger rhythms (prominence rule)
    assert "While the wrist moves or shakes a rhythm must also stand out over that motion" in flat


def test_a_calm_set_that_could_show_no_twitch_is_not_said_to_have_none():
    """At 50 Hz no twitch is assessed, yet the legend said "calm = no twitching": now it says none was counted, and
    that none is counted where none could have been seen. A calm set at 100 Hz, still through it, reads the same
    (the rule counts twitches; it never saw their absence where it could not look)."""
    from conftest import quiet_recording

    from tremor.core.analysis import analyze
    from tremor.core.recording import SetMarker

    for fs in (50.0, 100.0):
        rep = to_report(analyze(quiet_recording(fs=fs, seconds=60), markers=[SetMarker(20.0, 40.0)]))
        assert [s["label"] for s in rep["sets"]] == ["calm"]
        flat = " ".join(format_summary(rep).split())
        assert "calm = no twitch counted (none is counted where none could have been seen" in flat
        assert "no twitching" not in flat
        # a calm set's column may show a twitch inside an out-of-band episode (listed, not counted): the legend says so
        # h-rev52: "out-of-band tremor episode" before (an episode at rest is a rhythm, h-restrhy)
        assert "a twitch inside an out-of-band rhythm episode is shown in the columns but not counted" in flat
