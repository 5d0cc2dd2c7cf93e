"""A count of no twitches is printed only where a twitch could have been seen (issue 9: nothing printed false).

Twitches are judged while the wrist is still and the device worn. A set of vigorous reps has no such moment
and a machine line raises the detection limit far above any twitch: "0 twitches" there would be read as
"no twitching", so the JSON report marks those counts not assessable and the summary prints '-'.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo
from tremor.report.json_report import to_report
from tremor.report.summary import format_summary
from tremor.report.twitch_counts import twitch_count_text

FS = 100.0


@pytest.mark.parametrize(
    "fa,where,want",
    [
        ({"assessable": True, "in_set": 0, "in_set_assessable": True}, "in_set", "0"),
        ({"assessable": True, "in_set": 0, "in_set_assessable": False}, "in_set", "-"),
        (
            {"assessable": True, "in_set": 3, "in_set_assessable": False},
            "in_set",
            "3",
        ),  # seen, whatever the limit
        ({"assessable": False, "in_set": 0, "in_set_assessable": False}, "in_set", "-"),
        ({"assessable": True, "in_recovery": 0, "in_recovery_assessable": True}, "in_recovery", "0"),
        ({"assessable": True, "in_recovery": 0}, "in_recovery", "0"),  # a report from before the keys
    ],
)
def test_twitch_count_text(fa, where, want):
    assert twitch_count_text(fa, where) == want


def _recording(seed: int, line_mps2: float = 0.0) -> Recording:
    """40 s worn rest, 40 s of vigorous 0.8 Hz reps (4 m/s^2 along x), 60 s worn rest: gravity on z, a
    physiological tremor (7-11 Hz, about 0.02 m/s^2) and 0.01 m/s^2 noise per axis throughout; optionally a
    5.5 Hz machine line with its harmonic throughout."""
    from scipy import signal

    rng = np.random.default_rng(seed)
    t = np.arange(int(140 * FS)) / FS
    sos = signal.butter(4, [7.0, 11.0], btype="bandpass", fs=FS, output="sos")
    tremor = signal.sosfilt(sos, rng.normal(0.0, 1.0, (t.size, 3)), axis=0)
    acc = 0.02 * tremor / tremor.std(axis=0) + rng.normal(0.0, 0.01, (t.size, 3))
    acc[:, 2] += 9.81
    reps = (t >= 40) & (t < 80)
    acc[reps, 0] += 4.0 * np.sin(2 * np.pi * 0.8 * t[reps])
    if line_mps2:
        wave = np.sin(2 * np.pi * 5.5 * t) + 0.4 * np.sin(2 * np.pi * 11.0 * t + 0.7)
        acc += line_mps2 * wave[:, None] * np.array([0.6, -0.48, 0.64])[None, :]
    return Recording(t, acc, True, SourceInfo(path="reps.csv", format="generic_csv", units="m/s^2"))


@pytest.mark.parametrize("seed", [3, 4])
def test_reps_show_no_count_of_none_while_the_still_rest_does(seed):
    rep = to_report(analyze(_recording(seed)))
    assert len(rep["sets"]) == 1, [(s["start_s"], s["end_s"]) for s in rep["sets"]]
    fa = rep["sets"][0]["fasciculations"]
    assert fa["assessable"] and fa["in_set"] == 0
    assert fa["detection_limit_mps2"] is None and not fa["in_set_assessable"]  # the wrist never still in it
    assert fa["in_recovery_assessable"] and fa["recovery_detection_limit_mps2"] < 0.3
    row = next(ln for ln in format_summary(rep).splitlines() if re.match(r"\s*1\s+\d+:\d\d-", ln))
    assert re.search(r"\s-\s+0\s", row), row
    assert "twitches '-': none could have been seen there" in " ".join(format_summary(rep).split())


def test_a_machine_line_that_hides_twitches_leaves_no_count_of_none():
    rep = to_report(analyze(_recording(5, line_mps2=3.0)))
    assert rep["twitch_detection_limit_mps2"] is None or rep["twitch_detection_limit_mps2"] >= 0.3
    for s in rep["sets"]:
        fa = s["fasciculations"]
        assert not fa["in_recovery_assessable"] and not fa["in_set_assessable"], fa


def test_live_card_says_no_twitch_could_be_seen_instead_of_zero():
    from tremor.live.display import format_card, format_recovery
    from tremor.live.set_decisions import SetCard

    fa = {"assessable": True, "in_set": 0, "in_recovery": 0, "in_set_assessable": False}
    unseen = SetCard(
        1, "auto", 10.0, 50.0, "calm", {"fasciculations": {**fa, "in_recovery_assessable": False}}
    )
    seen = SetCard(1, "auto", 10.0, 50.0, "calm", {"fasciculations": {**fa, "in_recovery_assessable": True}})
    assert "none could be seen in the set" in "\n".join(format_card(unseen))
    assert "no twitch could be seen" in format_recovery(unseen)
    assert "0 twitch(es)" in format_recovery(seen)
    seen_later = SetCard(1, "auto", 10.0, 50.0, "calm", unseen.report, recovery_twitches=2)
    assert "2 twitch(es)" in format_recovery(seen_later)  # twitches found are shown, whatever the limit


def test_live_card_under_the_twitch_rate_says_not_assessable_not_never_still():
    from tremor.live.display import format_card, format_recovery
    from tremor.live.set_decisions import SetCard

    fa = {"assessable": False, "in_set": 0, "in_recovery": 0, "in_set_assessable": False}
    card = SetCard(1, "auto", 10.0, 50.0, "calm", {"fasciculations": {**fa, "in_recovery_assessable": False}})
    text = "\n".join(format_card(card))
    assert "twitches: not assessable (needs 100 Hz)" in text and "never still" not in text, text
    assert "not assessable (needs 100 Hz)" in format_recovery(card) and "never still" not in format_recovery(
        card
    )


def test_html_card_gives_no_recovery_rate_where_the_recovery_could_show_no_twitch():
    from tremor.report.twitch_counts import UNSEEN_HTML, twitch_card_metrics

    fa = {"assessable": True, "in_set": 0, "in_recovery": 0, "recovery_rate_per_min": 0.0}
    rows = dict(twitch_card_metrics({**fa, "in_set_assessable": True, "in_recovery_assessable": False}))
    assert rows["twitches in set / recovery"] == f"0 / {UNSEEN_HTML}"
    assert rows["twitches per min of recovery"] == UNSEEN_HTML  # not "0.0"
    rows = dict(twitch_card_metrics({**fa, "in_set_assessable": False, "in_recovery_assessable": True}))
    assert rows["twitches per min of recovery"] == "0.0"
