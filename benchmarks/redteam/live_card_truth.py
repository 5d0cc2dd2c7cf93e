"""Live cards against the finished report on the red team's drill (not a test): cards whose last word disagrees.

    python benchmarks/redteam/live_card_truth.py [--seeds 4501-4504,4511-4514] [--fs 50,100,200] [--chunk-seed 7]
        [--extras short]

``gen_drill_align.py short`` (a drill driving 2.0-2.2 s screws after a still aligning pause) is fed to a live
session's parts as :class:`~tremor.live.session.LiveSession` drives them (the analyzer gets each chunk, then the
set decisions), in chunks of random size. Every card event is kept; a set's last word is its card as the last event
about it left it (label, the reason it is not assessable, its causes). Printed per session: the cards whose last word
differs from the finished report's set (the live analysis at the end, batch's), and the revisions sent.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path
from typing import Any

import numpy as np

RT = Path(__file__).resolve().parent
sys.path.insert(0, str(RT))
sys.path.insert(0, str(RT.parents[1]))

from gen_drill_align import sc_drill_align  # noqa: E402

from tremor.core.analysis import AnalysisResult  # noqa: E402
from tremor.core.recording import Recording, SourceInfo  # noqa: E402
from tremor.core.stream import LiveAnalyzer  # noqa: E402
from tremor.live.set_decisions import SetDecisions  # noqa: E402

#: the card events that carry a confirmed card (a provisional card is replaced or withdrawn)
CARD_EVENTS = ("card", "recovery", "card_final", "card_revised")


def word(label: str, report: dict[str, Any]) -> tuple[str, str | None, tuple[str, ...]]:
    """A card's (or report set's) label, the reason it is not assessable and its cause ids."""
    reason = (report.get("tremor") or {}).get("not_assessable_reason")
    return label, reason, tuple(sorted(c["id"] for c in report.get("causes", [])))


def fs_of(rec: Recording) -> float:
    """The recording's sampling rate (Hz), from its median step."""
    return float(1.0 / np.median(np.diff(rec.time_s)))


def drill(fs: float, seed: int, extras: str = "short") -> Recording:
    t, acc, _ = sc_drill_align(fs, np.random.default_rng(seed), extras)
    return Recording(t, acc, True, SourceInfo(path="d.csv", format="generic_csv", units="m/s^2"))


def live(
    rec: Recording, chunk_seed: int
) -> tuple[AnalysisResult, SetDecisions, dict[int, tuple[str, str | None, tuple[str, ...]]], list[Any]]:
    """The live result, the decisions, each card's last word and the revision events."""
    analyzer = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    now = [0.0]
    last: dict[int, tuple[str, str | None, tuple[str, ...]]] = {}
    revised: list[Any] = []

    def emit(kind: str, payload: Any) -> None:
        card = payload[0] if isinstance(payload, tuple) else payload
        if kind in CARD_EVENTS:
            last[card.index] = word(card.label, card.report)
        if kind == "card_revised":
            revised.append((card.index, card.label, payload[1], now[0]))

    decisions = SetDecisions(now=lambda: now[0], mark=lambda *a: None, emit=emit, clock=lambda: now[0])
    decisions.analyzer = analyzer
    rng = np.random.default_rng(chunk_seed)
    n = rec.time_s.size
    cuts = np.unique(np.concatenate([[0, n], np.cumsum(rng.integers(1, int(2 * fs_of(rec)), size=n))]))
    cuts = cuts[cuts <= n]
    for a, b in itertools.pairwise(cuts):
        analyzer.update(rec.time_s[a:b], rec.acc_mps2[a:b])
        now[0] = float(rec.time_s[b - 1])
        decisions.add_samples(rec.time_s[a:b], rec.acc_mps2[a:b], auto=True)
    decisions.auto_check(final=True)
    decisions.withdraw("the session ended before the set was confirmed")
    result = analyzer.finish()
    decisions.close_card(result)
    return result, decisions, last, revised


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="4501-4504,4511-4514")
    ap.add_argument("--fs", default="50,100,200")
    ap.add_argument("--chunk-seed", type=int, default=7)
    ap.add_argument(
        "--extras", default="short", help="gen_drill_align's extras (short; bouts: the true rest bouts)"
    )
    args = ap.parse_args()
    seeds = []
    for part in args.seeds.split(","):
        a, _, b = part.partition("-")
        seeds += list(range(int(a), int(b or a) + 1))
    total = wrong = cards = revisions = 0
    for fs in [float(x) for x in args.fs.split(",")]:
        for seed in seeds:
            rec = drill(fs, seed, args.extras)
            result, decisions, last, revised = live(rec, args.chunk_seed + seed)
            report = {}
            from tremor.report.json_report import set_entry

            for r in result.sets:
                report[r.span.start_s] = word(r.label, set_entry(result, r))
            bad = []
            for c in decisions.cards:
                truth = next((v for k, v in report.items() if abs(k - c.start_s) < 1e-6), None)
                if truth is not None and last.get(c.index) != truth:
                    bad.append((c.index, last.get(c.index), truth))
            total += 1
            cards += len(decisions.cards)
            wrong += len(bad)
            revisions += len(revised)
            print(
                f"{seed} {fs:.0f} Hz: {len(decisions.cards)} cards, {len(bad)} disagree, {len(revised)} revised"
            )
            for i, seen, truth in bad:
                print(f"    set {i}: last seen {seen}, report {truth}")
            for i, label, why, at in revised:
                print(f"    revised set {i} at {at:.1f} s -> {label}: {why}")
    print(f"total: {total} sessions, {cards} cards, {wrong} disagree with the report, {revisions} revisions")


if __name__ == "__main__":
    main()
