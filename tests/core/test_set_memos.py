"""Per-set answers kept in a live session's memo equal answers computed afresh (the short run-downs).

The live recovery refresh summarises the whole session every 2 s; :func:`~tremor.core.tool_rundown.short_rundowns`
fitted every set's line at each one (a quarter of a refresh's CPU at 1 h). A set's window answer is now kept once the
table runs to the window's end (:func:`~tremor.core.tool_rundown.kept_answers`). Here the red team's short-screw drill
(``gen_drill_align``, where the rule sets the screws aside) is fed to a live analyser in random chunks: at each chunk
every window's answer with the memo equals the one without it, on that table and on the table of the chunk before (a
summary asked earlier), and the fits run are only those of windows not yet kept (a counter); then the whole live
summaries with the analyser's own memo equal those on a fresh memo, summaries asked a chunk early included.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.live_feed import fed_in_chunks
from tests.core.test_episode_memos import _full
from tests.redteam_run import load
from tests.run_entropy import fresh_entropy
from tremor.core import analysis, tool_rundown
from tremor.core.analysis import analyze, run_steps
from tremor.core.features import Frames
from tremor.core.frame_memo import FrameMemo
from tremor.core.recording import Recording, SourceInfo
from tremor.core.stream import LiveAnalyzer
from tremor.core.tool_rundown import short_rundowns

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)
load("gen")
load("gen_r6")
load("gen_r7")
DRILL = load("gen_drill_align")


def _drill(fs: float, seed: int) -> Recording:
    return _drill_jobs(fs, seed)[0]


def _drill_jobs(fs: float, seed: int) -> tuple[Recording, list[list[float]]]:
    """The drill session and its screws' [start, end, rev/s]."""
    t, acc, truth = DRILL.sc_drill_align(fs, np.random.default_rng(seed), "short")
    rec = Recording(t, acc, True, SourceInfo(path="d.csv", format="generic_csv", units="m/s^2"))
    return rec, list(truth["jobs"])


def test_kept_short_rundowns_equal_fresh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    print(f"seed {FRESH_SEED}")
    rng = np.random.default_rng(FRESH_SEED)
    rec, jobs = _drill_jobs(100.0, int(rng.integers(1, 10_000)))
    batch = analyze(rec)
    windows = [(s.span.start_s - s.span.moved_s[0], s.span.end_s + s.span.moved_s[1]) for s in batch.sets]
    for _ in range(6):  # and some drawn over the recording
        a = float(rng.uniform(5.0, 280.0))
        windows.append((a, a + float(rng.uniform(2.0, 8.0))))
    # and windows ending while a screw's line still falls, 1.0-2.2 s after its trigger, whose answer turns on their
    # last frames (h-rev53: an answer kept a second before the window's end passed the windows above)
    cut = [(a - 3.0, a + float(rng.uniform(1.0, 2.2))) for a, _, _ in jobs]
    windows += cut
    fits = [0]
    fit = tool_rundown.rundown

    def counted(*args: object) -> object:
        fits[0] += 1
        return fit(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(tool_rundown, "rundown", counted)
    live = LiveAnalyzer(source=rec.source, gravity_included=True)
    memo = FrameMemo()
    earlier = None
    hits = falls = cut_falls = prefix_checks = 0
    # chunks of 2-30 s, but of one frame hop (0.5 s) from 0.5 to 4.5 s after a cut window's end: a frame reaches
    # the table about 3 s after its centre (its 2 s window and the pipeline's hold-back), so the tables whose last
    # frame falls a hop or two short of the end are summarised too
    ends_s = np.array([b for _, b in cut])

    def hop_near_cut_ends(k: int, t0: float) -> int:
        return 50 if np.any((ends_s + 4.5 > t0) & (ends_s + 0.5 < t0 + k / 100.0)) else k

    for _ in fed_in_chunks(live, rec.time_s, rec.acc_mps2, rng, 200, 3000, hop_near_cut_ends):
        frames = live.frames
        if not len(frames):
            continue
        last = float(frames.t_s[-1])
        before = dict(memo.kept("short run-downs", dict))
        read = sum(w in before and last >= w[1] for w in windows)
        fits[0] = 0
        got = short_rundowns(frames, windows, memo)
        assert fits[0] == len(windows) - read  # a kept answer is read, not fitted again
        hits += read
        assert got == short_rundowns(frames, windows), last
        # each window's own answer (before the session's repeat count), kept once the table runs to its end
        for (a, b), down in memo.kept("short run-downs", dict).items():
            sel = (frames.t_s >= a) & (frames.t_s <= b)
            moving = frames.movement_rms[sel] >= tool_rundown.MOVE_MPS2
            fresh = fit(frames.t_s[sel], frames.psd[sel], moving, tool_rundown.MIN_SHORT_RUN_S) is not None
            assert down == fresh, (a, b, last)
            falls += down
            cut_falls += down and (a, b) in cut
        if earlier is not None:
            # a summary of an earlier moment, asked before these frames came
            assert short_rundowns(earlier, windows, memo) == short_rundowns(earlier, windows), earlier.t_s[-1]
            prefix_checks += 1
        earlier = frames
    print(
        f"{hits} answers read from the memo, {falls} kept falls ({cut_falls} of windows ending in a screw), "
        f"{prefix_checks} earlier tables"
    )
    assert hits > 30 and falls > 0 and cut_falls > 0 and prefix_checks > 10
    assert any(short_rundowns(live.frames, windows))  # the screws are set aside: the answers compared matter


def test_live_summaries_with_kept_short_rundowns_equal_fresh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """The drill fed in random chunks, some summaries asked before the next chunk and run after it: each summary with
    the analyser's own memo equals one on a fresh memo, and so does the final one, where the screws are set aside;
    the summaries read the sets' answers from the memo (counted)."""
    rng = np.random.default_rng(FRESH_SEED + 1)
    read = [0]

    def counted(
        frames: Frames, windows: list[tuple[float, float]], memo: FrameMemo | None = None
    ) -> list[bool]:
        kept = dict(memo.kept("short run-downs", dict)) if memo is not None else {}
        read[0] += sum(w in kept and float(frames.t_s[-1]) >= w[1] for w in windows)
        return short_rundowns(frames, windows, memo)

    monkeypatch.setattr(analysis, "short_rundowns", counted)
    fs = float(rng.choice([50.0, 100.0, 200.0]))
    rec = _drill(fs, int(rng.integers(1, 10_000)))
    live = LiveAnalyzer(source=rec.source, gravity_included=True)
    t, acc = rec.time_s, rec.acc_mps2
    pending = None
    compared = 0
    for _ in fed_in_chunks(live, t, acc, rng, 0.3 * fs, 4 * fs):  # 0.3-4 s
        if pending is not None:
            run_steps(pending)
            pending = None
        if len(live.frames) < 50:
            continue
        if rng.random() < 0.3:
            pending = live.result_steps()  # asked now, run after the next chunk came (an earlier table)
            continue
        warm = live.result()
        if rng.random() < 0.4:
            own, live._memo = live._memo, FrameMemo()
            assert _full(warm) == _full(live.result()), live.frames.t_s[-1]
            live._memo = own
            compared += 1
    warm = live.finish()
    assert any(s.metrics.not_assessable_reason == "tool_rundown" for s in warm.sets)
    live._memo = FrameMemo()
    assert _full(warm) == _full(live.result())
    print(f"{compared} summaries compared, {read[0]} answers read from the memo")
    assert compared >= 10 and read[0] > 100
