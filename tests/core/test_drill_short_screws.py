"""A cordless drill driving 2.0-2.2 s screws, the bit aligned with the hand still 2.5-4 s before each (issue 9).

Physics: ``benchmarks/redteam/gen_drill_align.py`` (h-drill2, after h-rev42's review): each screw's line starts with
the trigger at 5.5-7.5 rev/s and falls 30-45 % as the screw seats, so a 2 s burst's run (1.0-2.5 s of frames) is
under ``MIN_RUN_S`` and each screw, after its still pause, is a set. ``short_rundowns`` judges the run from
``MIN_SHORT_RUN_S`` where ``MIN_REPEATS`` sets of the session fall so. Seeds 4501-4504 x 50/100/200 Hz: the
clinician note 12 -> 1 of 12 sessions, ``fatigue_tremor`` 12 -> 4.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tests.redteam_run import causes, load, tremor_said
from tremor.core import analysis
from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.features import Frames
from tremor.core.frame_memo import FrameMemo
from tremor.core.recording import Recording, SourceInfo
from tremor.core.sets import MOVE_MPS2
from tremor.core.stream import LiveAnalyzer
from tremor.core.tool_rundown import (
    MIN_DROP,
    MIN_REPEATS,
    MIN_RUN_S,
    MIN_SHORT_RUN_S,
    rundown_fit,
    short_rundowns,
)

load("gen")
load("gen_r6")
load("gen_r7")
DRILL = load("gen_drill_align")


def _rec(fs: float, seed: int) -> Recording:
    t, acc, _ = DRILL.sc_drill_align(fs, np.random.default_rng(seed), "short")
    return Recording(t, acc, True, SourceInfo(path="d.csv", format="generic_csv", units="m/s^2"))


def _run(fs: float, seed: int) -> AnalysisResult:
    return analyze(_rec(fs, seed))


@pytest.mark.parametrize(("fs", "seed"), [(50.0, 4501), (200.0, 4502)])
def test_short_screws_after_an_aligning_pause_are_no_tremor(fs: float, seed: int) -> None:
    """Twelve 2.0-2.2 s screws: no tremor label, fatigue or clinician note (before h-drill2 both draws read
    ``atypical_tremor`` + ``see_a_clinician`` and ``fatigue_tremor`` + ``neuromuscular_fatigue``)."""
    res = _run(fs, seed)
    assert not tremor_said(res)
    assert any(m.not_assessable_reason == "tool_rundown" for m in (s.metrics for s in res.sets))


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="h-drill2: 4 of 12 sessions (seeds 4501-4504 x 3 rates) still say a tremor: 4 fatigue_tremor, 1 the clinician "
    "note: some screws' runs do not pass the fall, slope or scatter tests, or hold no line over three frames",
)
def test_every_short_screw_session_is_no_tremor() -> None:
    """Seed 4504 at 100 Hz keeps ``fatigue_tremor`` and ``atypical_tremor`` sets with the clinician note."""
    res = _run(100.0, 4504)
    assert "see_a_clinician" not in causes(res)


def test_live_sets_the_short_screws_aside_as_batch_does() -> None:
    """Seed 4501 at 50 Hz fed live in random chunks: the same sets, labels and reasons as batch (the repeats are
    counted over the sets found by the end)."""
    rec = _rec(50.0, 4501)
    batch = analyze(rec)
    live = LiveAnalyzer(source=rec.source, gravity_included=True)
    rng = np.random.default_rng(int(np.random.SeedSequence().entropy % 2**31))
    t, acc = rec.time_s, rec.acc_mps2
    cuts = np.unique(np.concatenate([[0, t.size], rng.integers(1, t.size, size=t.size // 1000)]))
    for a, b in itertools.pairwise(cuts):
        live.update(t[a:b], acc[a:b])
    res = live.finish()

    def sets(r: AnalysisResult) -> list[tuple[float, str, str | None]]:
        return [(round(s.span.start_s, 2), s.label, s.metrics.not_assessable_reason) for s in r.sets]

    assert sets(res) == sets(batch)
    assert not tremor_said(res)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_rest_tremor_bouts_in_the_pauses_are_kept(fs: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """The true case: in each pause's place a 3-6 s rest tremor bout, 4-6 Hz, 1-1.5 Hz wide, its rate held from bout
    to bout (``bouts``): no set is a short burst and the clinician note stays (seeds 4801-4812 x 50/100/200 Hz: 0 of
    432 sets set aside by the short run-down, the note in 36 of 36 sessions before and after)."""
    found: list[list[bool]] = []

    def recorded(
        frames: Frames, windows: list[tuple[float, float]], memo: FrameMemo | None = None
    ) -> list[bool]:
        found.append(short_rundowns(frames, windows, memo))
        return found[-1]

    monkeypatch.setattr(analysis, "short_rundowns", recorded)
    t, acc, _ = DRILL.sc_drill_align(fs, np.random.default_rng(4801), "bouts")
    res = analyze(Recording(t, acc, True, SourceInfo(path="b.csv", format="generic_csv", units="m/s^2")))
    assert found and not any(found[-1])
    assert "see_a_clinician" in causes(res)


def test_the_note_on_a_short_screw_says_what_was_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    """h-rev49: a set set aside over a run shorter than ``MIN_RUN_S`` need only fall at 8 % a second (a screw's run
    of 1.0-2.0 s falling 13-19 %; a true interval hold at failure, 200 Hz, 18.7 % over 1.5 s), not by 20 %: the note
    gives both conditions, and each set aside meets the one its run's length names (seed 4501, 50 Hz)."""
    seen: list[tuple[Frames, list[tuple[float, float]]]] = []

    def recorded(
        frames: Frames, windows: list[tuple[float, float]], memo: FrameMemo | None = None
    ) -> list[bool]:
        seen.append((frames, list(windows)))
        return short_rundowns(frames, windows, memo)

    monkeypatch.setattr(analysis, "short_rundowns", recorded)
    res = analyze(_rec(50.0, 4501))
    frames, windows = seen[-1]
    aside = [i for i, s in enumerate(res.sets) if s.metrics.not_assessable_reason == "tool_rundown"]
    notes = [n for n in res.notes if "fell along a straight line" in n]
    assert len(aside) >= MIN_REPEATS and len(notes) == len(aside)
    for n in notes:
        assert f"by {MIN_DROP:.0%} or more over {MIN_RUN_S:g} s or more" in n
        assert f"at {MIN_DROP / MIN_RUN_S:.0%} a second or faster over a shorter run" in n
    short = 0
    moving = frames.movement_rms >= MOVE_MPS2
    for i in aside:
        a, b = windows[i]
        sel = (frames.t_s >= a) & (frames.t_s <= b)
        fit = rundown_fit(frames.t_s[sel], frames.psd[sel], moving[sel], MIN_SHORT_RUN_S)
        assert fit is not None
        if fit.run_s >= MIN_RUN_S:
            assert fit.drop >= MIN_DROP
        else:
            short += 1
            assert fit.drop / fit.run_s >= MIN_DROP / MIN_RUN_S - 1e-9
    assert short  # the short runs the note's second condition is for
