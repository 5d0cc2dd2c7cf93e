"""Two wrists at once: compare the analyses of a left and a right sensor worn in the same session.

:func:`compare_pair` takes the two :class:`~tremor.core.analysis.AnalysisResult` objects of one
session and

1. aligns their timelines: by the wall-clock start of each recording (``start_unix_s``) where
   both have one, else by cross-correlating the movement of the two wrists (both arms do the
   same sets, so their movement rises and falls together), else not at all (said plainly);
2. matches sets between the sides by overlap on the aligned timeline;
3. compares, per matched set, the 6-12 Hz tremor power and the twitch counts, left against right;
4. names the ``muscle_imbalance`` cause (``docs/causes.md``) where tremor power or twitching
   differs markedly between the sides in the same sets, with the numbers.

Times in a :class:`SetComparison` are seconds on the *left* recording's timeline (from its first
sample); each side's own set times are kept in its :class:`SideSet`. Nothing is resampled: the
movement series are put on a common 0.5 s grid only to find the offset between the timelines.
Step 1, the alignment, is :mod:`tremor.core.alignment` (re-exported here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median
from typing import Any

from tremor.core.alignment import ALIGN_GRID_S, MIN_ALIGN_CORRELATION, Alignment, align, round_finite
from tremor.core.analysis import AnalysisResult, SetResult
from tremor.core.causes import CAUSES, Cause
from tremor.core.classify import MIN_TWITCHES
from tremor.core.code_step import coarsest_step, under_resolution
from tremor.core.notes import SINGLE_SENSOR_NOTE

__all__ = [
    "ALIGN_GRID_S",
    "IMBALANCE_POWER_RATIO",
    "IMBALANCE_TWITCH_RATIO",
    "MIN_ALIGN_CORRELATION",
    "MIN_SET_OVERLAP",
    "SINGLE_SENSOR_NOTE",
    "Alignment",
    "PairResult",
    "SetComparison",
    "SideSet",
    "align",
    "compare_pair",
]

#: 6-12 Hz power of one side this many times the other's in a set: markedly different (an amplitude
#: ratio of about 1.4).
IMBALANCE_POWER_RATIO = 2.0
#: Twitches (in the set and its recovery) of one side, plus one, over the other's plus one: markedly
#: different when at least this and the busier side shows twitching (>= MIN_TWITCHES).
IMBALANCE_TWITCH_RATIO = 3.0
#: Two-sided probability, under equal twitch rates on both sides, of a split of the counts at least as
#: uneven as the one seen (exact binomial test) below which twitching is said to differ: with few
#: twitches an uneven split is chance (3 against 0 happens one time in four).
TWITCH_CHANCE_P = 0.05
#: A side whose twitch detection limit is this many times the other's in a set could have missed
#: twitches the other side saw (more tremor or noise hides small twitches): its count is not compared.
DETECTION_LIMIT_RATIO = 1.5
#: Two sets are the same set when they overlap by at least this fraction of the shorter one.
MIN_SET_OVERLAP = 0.5


@dataclass(frozen=True)
class SideSet:
    """One side's measurements of a set (times on that side's own timeline)."""

    index: int
    start_s: float
    end_s: float
    label: str
    tremor_assessable: bool
    rms_mps2: float | None  # 6-12 Hz RMS in the set
    power_vs_rest: float | None
    movement_rms_mps2: float
    twitches: int  # in the set and its recovery
    twitches_assessable: bool
    twitch_limit_mps2: float | None = None  # median detection limit in the set and its recovery

    @property
    def power(self) -> float | None:
        """6-12 Hz power in the set, (m/s^2)^2 (None where not assessed)."""
        if not self.tremor_assessable or self.rms_mps2 is None or not math.isfinite(self.rms_mps2):
            return None
        return self.rms_mps2**2

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary.

        Returns
        -------
        dict
            The fields by name, times in s, power in (m/s^2)^2, rounded; None for what was not measured.
        """
        return {
            "index": self.index,
            "start_s": round_finite(self.start_s, 3),
            "end_s": round_finite(self.end_s, 3),
            "label": self.label,
            "tremor_assessable": self.tremor_assessable,
            "rms_mps2": round_finite(self.rms_mps2, 5),
            "power_vs_rest": round_finite(self.power_vs_rest, 3),
            "movement_rms_mps2": round_finite(self.movement_rms_mps2, 4),
            "twitches": self.twitches,
            "twitches_assessable": self.twitches_assessable,
            "twitch_detection_limit_mps2": round_finite(self.twitch_limit_mps2, 4),
        }


@dataclass(frozen=True)
class SetComparison:
    """A set seen by both sensors: left against right."""

    left: SideSet
    right: SideSet
    start_s: float  # the overlap, on the left timeline
    end_s: float
    overlap_fraction: float  # of the shorter of the two
    power_ratio: float | None  # left 6-12 Hz power over right (None where either side is not assessed)
    twitch_ratio: (
        float | None
    )  # (left twitches + 1) / (right twitches + 1) (None where either is not assessed)
    tremor_side: str | None  # "left" or "right": that side's power >= IMBALANCE_POWER_RATIO x the other's
    twitch_side: str | None  # "left" or "right": that side twitched markedly more

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary.

        Returns
        -------
        dict
            The fields by name, times in s, power in (m/s^2)^2, rounded; None for what was not measured.
        """
        return {
            "start_s": round_finite(self.start_s, 3),
            "end_s": round_finite(self.end_s, 3),
            "overlap_fraction": round_finite(self.overlap_fraction, 3),
            "left": self.left.to_dict(),
            "right": self.right.to_dict(),
            "power_ratio_left_over_right": round_finite(self.power_ratio, 3),
            "twitch_ratio_left_over_right": round_finite(self.twitch_ratio, 3),
            "tremor_higher_side": self.tremor_side,
            "twitching_higher_side": self.twitch_side,
        }


@dataclass(frozen=True)
class PairResult:
    """The comparison of a left and a right recording of one session."""

    alignment: Alignment
    sets: tuple[SetComparison, ...]
    unmatched_left: tuple[int, ...]  # set indices seen only by the left sensor
    unmatched_right: tuple[int, ...]
    rest_power_ratio: float | None  # left rest 6-12 Hz power over right
    causes: tuple[Cause, ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (the ``pair`` section of a ``tremor.pair/1`` document).

        Returns
        -------
        dict
            The fields by name, times in s, power in (m/s^2)^2, rounded; None for what was not measured.
        """
        return {
            "alignment": self.alignment.to_dict(),
            "sets": [c.to_dict() for c in self.sets],
            "unmatched_left_sets": list(self.unmatched_left),
            "unmatched_right_sets": list(self.unmatched_right),
            "rest_power_ratio_left_over_right": round_finite(self.rest_power_ratio, 3),
            "thresholds": {
                "power_ratio": IMBALANCE_POWER_RATIO,
                "twitch_ratio": IMBALANCE_TWITCH_RATIO,
                "min_twitches": MIN_TWITCHES,
                "min_set_overlap": MIN_SET_OVERLAP,
            },
            "causes": [c.to_dict() for c in self.causes],
            "notes": list(self.notes),
        }


# ------------------------------------------------------------------------------------------ sets
def _side(r: SetResult, result: AnalysisResult) -> SideSet:
    m = r.metrics
    return SideSet(
        r.span.index,
        r.span.start_s,
        r.span.end_s,
        r.label,
        bool(m.assessable),
        m.rms_mps2,
        m.power_vs_rest,
        float(m.movement_rms_mps2),
        int(m.twitches_in_set + m.twitches_in_recovery),
        bool(result.assessable.get("fasciculations", False)),
        result.twitch_limit(r.span.start_s, r.span.recovery_end_s),
    )


def _match(
    left: AnalysisResult, right: AnalysisResult, off: float
) -> tuple[list[tuple[SetResult, SetResult, float, float, float]], list[int], list[int]]:
    cand = []
    for a in left.sets:
        for b in right.sets:
            s, e = max(a.span.start_s, b.span.start_s + off), min(a.span.end_s, b.span.end_s + off)
            shorter = min(a.span.end_s - a.span.start_s, b.span.end_s - b.span.start_s)
            if e > s and shorter > 0 and (e - s) / shorter >= MIN_SET_OVERLAP:
                cand.append(((e - s) / shorter, a, b, s, e))
    cand.sort(key=lambda c: -c[0])
    used_l: set[int] = set()
    used_r: set[int] = set()
    pairs = []
    for frac, a, b, s, e in cand:
        if a.span.index in used_l or b.span.index in used_r:
            continue
        used_l.add(a.span.index)
        used_r.add(b.span.index)
        pairs.append((a, b, s, e, frac))
    pairs.sort(key=lambda p: p[0].span.start_s)
    return (
        pairs,
        [s.span.index for s in left.sets if s.span.index not in used_l],
        [s.span.index for s in right.sets if s.span.index not in used_r],
    )


def _higher(ratio: float | None, threshold: float) -> str | None:
    if ratio is None:
        return None
    if ratio >= threshold:
        return "left"
    if ratio <= 1.0 / threshold:
        return "right"
    return None


def _compare_sides(L: SideSet, R: SideSet, s: float, e: float, frac: float) -> SetComparison:
    pl, pr = L.power, R.power
    power_ratio = pl / pr if pl is not None and pr is not None and pr > 0 else None
    twitch_ratio = twitch_side = None
    if L.twitches_assessable and R.twitches_assessable:
        twitch_ratio = (L.twitches + 1) / (R.twitches + 1)
        if max(L.twitches, R.twitches) >= MIN_TWITCHES and not _limits_differ(L, R):
            twitch_side = _higher(twitch_ratio, IMBALANCE_TWITCH_RATIO)
    return SetComparison(
        L, R, s, e, frac, power_ratio, twitch_ratio, _higher(power_ratio, IMBALANCE_POWER_RATIO), twitch_side
    )


def _limits_differ(L: SideSet, R: SideSet) -> bool:
    """True where the side that saw fewer twitches could not have seen as small ones as the other."""
    fewer, more = (L, R) if L.twitches < R.twitches else (R, L)
    if fewer.twitch_limit_mps2 is None or more.twitch_limit_mps2 is None:
        return False
    return fewer.twitch_limit_mps2 > DETECTION_LIMIT_RATIO * more.twitch_limit_mps2


def _chance_of_split(n_more: int, n_fewer: int) -> float:
    """Two-sided exact binomial probability of a split at least this uneven under equal rates.

    Parameters
    ----------
    n_more, n_fewer : int
        The twitch counts of the busier and the quieter side.

    Returns
    -------
    float
        The probability, under a fair split of ``n_more + n_fewer`` twitches between two sides, of a
        split at least as uneven as this one (1.0 for no twitches).

    Examples
    --------
    >>> round(_chance_of_split(3, 0), 3)
    0.25
    >>> round(_chance_of_split(6, 0), 4)
    0.0312
    """
    n = n_more + n_fewer
    if n == 0:
        return 1.0
    k = min(n_more, n_fewer)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2.0**n
    return min(1.0, 2.0 * tail)


def _x(ratio: float, side: str) -> float:
    """How many times the named side's value is the other's, from a left-over-right ratio."""
    return ratio if side == "left" else 1.0 / ratio


def _imbalance(sets: list[SetComparison], rest_ratio: float | None) -> tuple[list[Cause], list[str]]:
    """The muscle_imbalance cause (docs/causes.md), and notes on what stopped it."""
    notes: list[str] = []
    evidence: list[str] = []
    side_votes: list[str] = []
    n_marked = 0
    kinds: set[str] = set()
    tremor = [c for c in sets if c.power_ratio is not None]
    for side in ("left", "right"):
        marked = [c for c in tremor if c.tremor_side == side]
        if not marked or 2 * len(marked) <= len(tremor):
            continue
        ratios = [_x(c.power_ratio, side) for c in marked if c.power_ratio is not None]
        if (
            rest_ratio is not None
            and _higher(rest_ratio, IMBALANCE_POWER_RATIO) == side
            and _x(rest_ratio, side) * IMBALANCE_POWER_RATIO > median(ratios)
        ):
            notes.append(
                f"6-12 Hz power was higher on the {side} in {len(marked)} set(s), but the sides differ "
                f"about as much at rest ({_x(rest_ratio, side):.1f}x): a difference between the sensors "
                "or how they sit cannot be told from a muscle imbalance"
            )
            continue
        per_set = ", ".join(
            f"set {c.left.index}: {_x(c.power_ratio, side):.1f}x" for c in marked if c.power_ratio is not None
        )
        evidence.append(
            f"6-12 Hz tremor power was {median(ratios):.1f}x higher on the {side} (median) in "
            f"{len(marked)} of {len(tremor)} set(s) compared ({per_set}; threshold "
            f"{IMBALANCE_POWER_RATIO:g}x)"
        )
        moved = [
            c.left.movement_rms_mps2 / c.right.movement_rms_mps2
            for c in marked
            if c.right.movement_rms_mps2 > 0
        ]
        if moved and _higher(median(moved), 2.0) == side:
            evidence.append(
                f"the {side} wrist also moved {_x(median(moved), side):.1f}x more in those sets: "
                "different work on each side (a unilateral exercise) can do this too"
            )
        side_votes.append(side)
        kinds.add("shook")
        n_marked += len(marked)
    twitchy = [
        c
        for c in sets
        if c.twitch_ratio is not None and max(c.left.twitches, c.right.twitches) >= MIN_TWITCHES
    ]
    hidden = [
        c
        for c in twitchy
        if _limits_differ(c.left, c.right) and _higher(c.twitch_ratio, IMBALANCE_TWITCH_RATIO) is not None
    ]
    if hidden:
        notes.append(
            "twitch counts were not compared in set(s) "
            + ", ".join(str(c.left.index) for c in hidden)
            + ": the side with fewer twitches could only see larger ones there (detection limit "
            + "; ".join(
                f"left {c.left.twitch_limit_mps2:.3f}, right {c.right.twitch_limit_mps2:.3f} m/s^2"
                for c in hidden
                if c.left.twitch_limit_mps2 is not None and c.right.twitch_limit_mps2 is not None
            )
            + ")"
        )
    for side in ("left", "right"):
        marked = [c for c in twitchy if c.twitch_side == side]
        if not marked or 2 * len(marked) <= len(twitchy):
            continue
        n_side = sum(c.left.twitches if side == "left" else c.right.twitches for c in marked)
        n_other = sum(c.right.twitches if side == "left" else c.left.twitches for c in marked)
        other = "right" if side == "left" else "left"
        p_chance = _chance_of_split(n_side, n_other)
        if p_chance >= TWITCH_CHANCE_P:
            notes.append(
                f"{n_side} twitches on the {side} against {n_other} on the {other}: too few to tell "
                f"from chance (a split this uneven happens {p_chance:.0%} of the time with equal "
                "twitching on both sides)"
            )
            continue
        evidence.append(
            f"{n_side} twitches on the {side} against {n_other} on the {other} in and after "
            f"{len(marked)} of {len(twitchy)} set(s) with twitching"
        )
        side_votes.append(side)
        kinds.add("twitched")
        n_marked += len(marked)
    if not evidence:
        return [], notes
    grade, advice = CAUSES["muscle_imbalance"]
    sides = sorted(set(side_votes))
    if len(sides) == 1:
        advice = (
            f"{advice} Here the {sides[0]} side {' and '.join(sorted(kinds, reverse=True))} more; "
            "compare the two sides' strength."
        )
    else:
        evidence.append("the left and right differ in opposite directions for tremor and twitching")
    likelihood = round(min(0.3 + 0.1 * min(n_marked, 4), 0.7), 2)
    return [Cause("muscle_imbalance", likelihood, grade, "; ".join(evidence), advice)], notes


def _rest_power(result: AnalysisResult) -> float | None:
    """The rest's 6-12 Hz power; None where none, or under the sensor's resolution (no ratio to it is a number)."""
    # where the resolution changed mid-stream, its coarsest (the rest may lie in any stretch)
    steps = [coarsest_step(result.sampling.code_step_mps2)] + [
        q for _, q in result.sampling.code_step_stretches
    ]
    r, step = result.rest_rms_mps2, max(steps)
    return None if r is None or not math.isfinite(r) or r <= 0 or under_resolution(r, step) else r * r


def compare_pair(left: AnalysisResult, right: AnalysisResult) -> PairResult:
    """Compare the left and right recordings of one session (see the module docstring).

    Parameters
    ----------
    left, right : AnalysisResult
        The analyses of the two wrists' recordings of one session.

    Returns
    -------
    PairResult
        The alignment, the matched sets with their left/right ratios, sets seen by one side only,
        the rest power ratio, the ``muscle_imbalance`` cause where the evidence holds, and notes.
    """
    al = align(left, right)
    notes: list[str] = []
    if al.method == "wall_clock" and al.correlation is not None and al.correlation < MIN_ALIGN_CORRELATION:
        notes.append(
            f"on the wall-clock alignment the two wrists' movement correlates only {al.correlation:.2f}: "
            "check that both recordings are of the same session and that the clocks agree"
        )
    rl, rr = _rest_power(left), _rest_power(right)
    rest_ratio = rl / rr if rl is not None and rr is not None else None
    if al.offset_s is None:
        notes.append(
            f"the timelines could not be aligned ({al.detail}); sets are not compared and muscle "
            "imbalance cannot be judged"
        )
        return PairResult(
            al,
            (),
            tuple(s.span.index for s in left.sets),
            tuple(s.span.index for s in right.sets),
            rest_ratio,
            (),
            tuple(notes),
        )
    pairs, only_l, only_r = _match(left, right, al.offset_s)
    sets = [_compare_sides(_side(a, left), _side(b, right), s, e, frac) for a, b, s, e, frac in pairs]
    if only_l or only_r:
        notes.append(
            "set(s) seen by one sensor only (no overlap of at least "
            f"{MIN_SET_OVERLAP:.0%} with a set of the other): "
            + "; ".join(
                p
                for p in (
                    f"left {', '.join(map(str, only_l))}" if only_l else "",
                    f"right {', '.join(map(str, only_r))}" if only_r else "",
                )
                if p
            )
        )
    if not sets:
        notes.append("no set was seen by both sensors; muscle imbalance cannot be judged")
    elif not any(c.power_ratio is not None for c in sets):
        notes.append(
            "tremor was not assessable on both sides in any shared set; tremor power cannot be compared"
        )
    causes, why_not = _imbalance(sets, rest_ratio)
    notes.extend(why_not)
    if sets and not causes and not why_not:
        notes.append(
            "no marked left/right difference: neither side's 6-12 Hz power was "
            f"{IMBALANCE_POWER_RATIO:g}x the other's, nor its twitching {IMBALANCE_TWITCH_RATIO:g}x, "
            "in most shared sets"
        )
    return PairResult(al, tuple(sets), tuple(only_l), tuple(only_r), rest_ratio, tuple(causes), tuple(notes))
