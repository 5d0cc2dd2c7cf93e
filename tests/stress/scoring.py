"""Score an analysis of a generated session against its :class:`~tests.stress.scenarios.Truth`.

The analyser's result is read only through its documented JSON report (``tremor.to_report``,
schema ``tremor.report/1``, ``docs/report.md``); an :class:`tremor.AnalysisResult` is converted
first. The fields read are:

- ``sampling.assessable.fasciculations`` (twitches are scored only where the report says they can be);
- ``fasciculations[].t_s`` (twitch times);
- ``sets[].start_s``, ``end_s``, ``label``, ``tremor.peak_hz``, ``tremor.centroid_hz``;
- ``walking`` is not read: a walk is scored by whether a reported set covers it (it must not).
- ``atypical_tremor[].start_s``, ``end_s``, ``set_index``, ``peak_hz``.

:class:`Score` holds counts, so scores of many sessions add up (``sum(scores, Score())``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from tremor import AnalysisResult, to_report

from .scenarios import Truth

__all__ = ["BOUNDARY_OK_S", "TWITCH_MATCH_S", "Score", "report_of", "score"]

#: A reported twitch matches a true one within this time, seconds.
TWITCH_MATCH_S = 0.15
#: A set's boundaries are right when both are within this, seconds.
BOUNDARY_OK_S = 1.0
TREMOR_LABELS = frozenset({"fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"})


@dataclass
class Score:
    """Additive counts; the ``*_rate``/``precision``/``recall`` properties turn them into figures."""

    twitch_tp: int = 0
    twitch_fp: int = 0
    twitch_fn: int = 0  #: detectable true twitches missed
    twitch_weak_found: int = 0  #: below-detectable true twitches found anyway (not counted as misses)
    twitch_weak_total: int = 0
    sets_true: int = 0
    sets_matched: int = 0
    sets_within: int = 0  #: matched with both boundaries within BOUNDARY_OK_S
    sets_extra: int = 0  #: reported sets matching no true set
    boundary_errors: list[float] = field(default_factory=list)
    labels_correct: int = 0
    labels_total: int = 0
    label_errors: list[str] = field(default_factory=list)  #: "expected->got" for each wrong label
    peak_errors: list[float] = field(default_factory=list)  #: reported peak vs the true spectrum's maximum
    #: the report's standard error of each of those peaks (``peak_sd_hz``; nan where it gives none)
    peak_sds: list[float] = field(default_factory=list)
    centroid_errors: list[float] = field(
        default_factory=list
    )  #: reported centroid vs the power-weighted centre
    false_tremor_sets: int = 0  #: sets read as tremor where the truth has none
    false_episodes: int = 0  #: out-of-band episodes reported where the truth has none
    episodes_true: int = 0
    episodes_found: int = 0  #: true episodes with at least one report
    episodes_single: int = 0  #: true episodes with exactly one report
    episode_reports: list[int] = field(default_factory=list)  #: reports per true episode
    walks_true: int = 0
    walks_as_sets: int = 0  #: true walks that half or more of a reported set covers
    sessions: int = 0

    def __add__(self, other: Score) -> Score:
        out = Score()
        for f in fields(self):
            setattr(out, f.name, getattr(self, f.name) + getattr(other, f.name))
        return out

    def __radd__(self, other: Any) -> Score:
        return self if other == 0 else self.__add__(other)

    @property
    def twitch_precision(self) -> float:
        n = self.twitch_tp + self.twitch_fp
        return self.twitch_tp / n if n else float("nan")

    @property
    def twitch_recall(self) -> float:
        n = self.twitch_tp + self.twitch_fn
        return self.twitch_tp / n if n else float("nan")

    @property
    def set_recall(self) -> float:
        return self.sets_matched / self.sets_true if self.sets_true else float("nan")

    @property
    def set_recall_within(self) -> float:
        """Fraction of true sets found with both boundaries within BOUNDARY_OK_S."""
        return self.sets_within / self.sets_true if self.sets_true else float("nan")

    @property
    def label_accuracy(self) -> float:
        return self.labels_correct / self.labels_total if self.labels_total else float("nan")

    @property
    def max_boundary_error(self) -> float:
        return max(self.boundary_errors) if self.boundary_errors else float("nan")

    @property
    def median_boundary_error(self) -> float:
        return float(np.median(self.boundary_errors)) if self.boundary_errors else float("nan")

    @property
    def max_peak_error(self) -> float:
        return max(self.peak_errors) if self.peak_errors else float("nan")

    @property
    def max_centroid_error(self) -> float:
        return max(self.centroid_errors) if self.centroid_errors else float("nan")

    @property
    def false_tremor(self) -> int:
        return self.false_tremor_sets + self.false_episodes

    def summary(self) -> str:
        """One line of the headline figures."""
        return (
            f"twitch P/R {self.twitch_precision:.2f}/{self.twitch_recall:.2f} "
            f"(tp {self.twitch_tp} fp {self.twitch_fp} fn {self.twitch_fn}); "
            f"sets {self.sets_matched}/{self.sets_true} found, {self.sets_within} within {BOUNDARY_OK_S:g} s, "
            f"{self.sets_extra} extra ({self.walks_as_sets}/{self.walks_true} walks as sets), boundary median/max {self.median_boundary_error:.2f}/"
            f"{self.max_boundary_error:.2f} s; labels {self.labels_correct}/{self.labels_total} "
            f"{sorted(set(self.label_errors))}; peak err max {self.max_peak_error:.2f} Hz "
            f"(centroid {self.max_centroid_error:.2f} Hz); "
            f"false tremor {self.false_tremor_sets} sets + {self.false_episodes} episodes; "
            f"episodes {self.episodes_single}/{self.episodes_true} reported once "
            f"(reports {self.episode_reports})"
        )


def report_of(result: AnalysisResult | dict[str, Any]) -> dict[str, Any]:
    """The ``tremor.report/1`` document of ``result`` (returned as is if it already is one)."""
    return result if isinstance(result, dict) else to_report(result)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _boundary_error(found: float, true: float, gaps: list[tuple[float, float]], side: str) -> float:
    """Distance of a reported boundary from the true one, where a dropout at the boundary widens it.

    A set start followed within BOUNDARY_OK_S by a dropout may be reported anywhere from the true
    start to the first sample after the dropout (the data cannot place it better); likewise a set
    end preceded by one, from the last sample before it to the true end.
    """
    lo = hi = true
    for g0, g1 in gaps:
        if side == "start" and g1 >= true and g0 <= true + BOUNDARY_OK_S:
            hi = max(hi, g1)
        if side == "end" and g0 <= true and g1 >= true - BOUNDARY_OK_S:
            lo = min(lo, g0)
    return 0.0 if lo <= found <= hi else min(abs(found - lo), abs(found - hi))


def _match_twitches(true_t: np.ndarray, found_t: np.ndarray) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, closest pairs first, within TWITCH_MATCH_S."""
    pairs = []
    for i, tt in enumerate(true_t):
        for j, ft in enumerate(found_t):
            d = abs(tt - ft)
            if d <= TWITCH_MATCH_S:
                pairs.append((d, i, j))
    pairs.sort()
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            out.append((i, j))
    return out


def score(result: AnalysisResult | dict[str, Any], truth: Truth) -> Score:
    """Score one analysis against its truth (see the module docstring for what is read)."""
    rep = report_of(result)
    sc = Score(sessions=1)
    assess = rep["sampling"]["assessable"]

    # twitches
    if assess.get("fasciculations", False):
        true_t = np.array([tw.t_s for tw in truth.twitches])
        strong = np.array([tw.detectable for tw in truth.twitches], dtype=bool)
        found_t = np.array([f["t_s"] for f in rep["fasciculations"]])
        matches = _match_twitches(true_t, found_t)
        matched_true = {i for i, _ in matches}
        sc.twitch_tp = sum(1 for i, _ in matches if strong[i])
        sc.twitch_weak_found = sum(1 for i, _ in matches if not strong[i])
        sc.twitch_weak_total = int((~strong).sum())
        sc.twitch_fp = len(found_t) - len(matches)
        sc.twitch_fn = sum(1 for i in range(len(true_t)) if strong[i] and i not in matched_true)

    # sets: one-to-one by largest overlap
    found = rep["sets"]
    sc.sets_true = len(truth.sets)
    cand = sorted(
        (
            (_overlap(ts.start_s, ts.end_s, fs_["start_s"], fs_["end_s"]), i, j)
            for i, ts in enumerate(truth.sets)
            for j, fs_ in enumerate(found)
        ),
        reverse=True,
    )
    used_i: set[int] = set()
    used_j: set[int] = set()
    match: dict[int, int] = {}
    for ov, i, j in cand:
        if ov > 0 and i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            match[i] = j
    sc.sets_matched = len(match)
    sc.sets_extra = len(found) - len(match)
    twitch_ok = assess.get("fasciculations", False)
    for i, ts in enumerate(truth.sets):
        acceptable = set(ts.acceptable)
        if not twitch_ok:  # the report cannot show twitches: their absence is right
            acceptable |= {
                "calm" if a == "fasciculations" else "fatigue_tremor" if a == "mixed" else a
                for a in acceptable
            }
        sc.labels_total += 1
        if i not in match:
            sc.label_errors.append(f"{ts.label}->missed")
            continue
        f = found[match[i]]
        err = max(
            _boundary_error(f["start_s"], ts.start_s, truth.gaps, "start"),
            _boundary_error(f["end_s"], ts.end_s, truth.gaps, "end"),
        )
        sc.boundary_errors.append(float(err))
        sc.sets_within += int(err <= BOUNDARY_OK_S)
        if f["label"] in acceptable:
            sc.labels_correct += 1
        else:
            sc.label_errors.append(f"{ts.label}->{f['label']}")
        if not (acceptable & TREMOR_LABELS) and f["label"] in TREMOR_LABELS:
            sc.false_tremor_sets += 1
        # the reported peak is the maximum of the set's spectrum: it is compared with the maximum of
        # the true tremor spectrum; the reported centroid with the power-weighted centre frequency
        if ts.spectral_peak_hz is not None and f["tremor"].get("peak_hz") is not None:
            sc.peak_errors.append(abs(float(f["tremor"]["peak_hz"]) - ts.spectral_peak_hz))
            sd = f["tremor"].get("peak_sd_hz")
            sc.peak_sds.append(float("nan") if sd is None else float(sd))
        if ts.peak_hz is not None and f["tremor"].get("centroid_hz") is not None:
            sc.centroid_errors.append(abs(float(f["tremor"]["centroid_hz"]) - ts.peak_hz))
    # reported sets that match no true set but are read as tremor also count as false tremor
    for j, f in enumerate(found):
        if j not in used_j and f["label"] in TREMOR_LABELS:
            overl = any(_overlap(e.start_s, e.end_s, f["start_s"], f["end_s"]) > 0 for e in truth.episodes)
            sc.false_tremor_sets += int(not overl)

    sc.walks_true = len(truth.walking)
    sc.walks_as_sets = sum(
        1
        for w0, w1 in truth.walking
        if any(_overlap(w0, w1, f["start_s"], f["end_s"]) >= 0.5 * (w1 - w0) for f in found)
    )

    # out-of-band episodes
    eps = rep["atypical_tremor"]
    sc.episodes_true = len(truth.episodes)
    for e in truth.episodes:
        n = sum(1 for r in eps if _overlap(e.start_s, e.end_s, r["start_s"], r["end_s"]) > 0)
        sc.episode_reports.append(n)
        sc.episodes_found += int(n > 0)
        sc.episodes_single += int(n == 1)
    sc.false_episodes = sum(
        1
        for r in eps
        if not any(_overlap(e.start_s - 1, e.end_s + 1, r["start_s"], r["end_s"]) > 0 for e in truth.episodes)
    )
    return sc
