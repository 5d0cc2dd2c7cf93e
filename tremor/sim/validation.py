"""Scoring an analysis against the simulator's ground truth (used by the accuracy tests and notebooks).

Matching rules:

- a detected twitch matches a true one within :data:`TWITCH_TOLERANCE_S` (one to one, nearest first);
- a detected set matches the true set it overlaps most (a true set none matches is ``unclear`` where a stay the
  analysis could not call a hold or a posture change overlaps it, else ``missed``); boundary errors are |start - start| and
  |end - end| in seconds; a label counts as correct when it equals the truth's label (below 100 Hz,
  where twitches are not assessable, the truth's label without its twitch part:
  :func:`expected_label`);
- peak frequency error is |detected set peak - true power-weighted mean frequency| in Hz, over
  matched sets whose physiological band is assessable and whose label is not atypical_tremor;
- an out-of-band episode is a false alarm when no true episode or atypical set overlaps it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tremor.core.analysis import AnalysisResult
from tremor.sim.session import SessionTruth

__all__ = ["SessionScore", "score_session", "combine_scores", "expected_label", "TWITCH_TOLERANCE_S"]

TWITCH_TOLERANCE_S = 0.15


@dataclass
class SessionScore:
    """Counts and errors from one or more sessions."""

    twitch_tp: int = 0
    twitch_fp: int = 0
    twitch_fn: int = 0
    sets_true: int = 0
    sets_found: int = 0
    sets_matched: int = 0
    #: true sets no set matched but a stay the analysis said it cannot call a hold or a posture change
    #: (:attr:`~tremor.core.analysis.AnalysisResult.unclear_stays`): not silently lost
    sets_unclear: int = 0
    labels_correct: int = 0
    boundary_errors_s: list[float] = field(default_factory=list)
    peak_errors_hz: list[float] = field(default_factory=list)
    false_episodes: int = 0
    missed_episodes: int = 0
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        """Twitch precision (1.0 where nothing was detected and nothing was there)."""
        d = self.twitch_tp + self.twitch_fp
        return self.twitch_tp / d if d else 1.0

    @property
    def recall(self) -> float:
        """Twitch recall."""
        d = self.twitch_tp + self.twitch_fn
        return self.twitch_tp / d if d else 1.0

    @property
    def label_accuracy(self) -> float:
        """Correct labels over true sets (a missed set counts as wrong)."""
        return self.labels_correct / self.sets_true if self.sets_true else 1.0

    def summary(self) -> str:
        """One paragraph of figures."""
        b = np.asarray(self.boundary_errors_s)
        p = np.asarray(self.peak_errors_hz)
        return (
            f"twitches: precision {self.precision:.3f}, recall {self.recall:.3f} "
            f"(TP {self.twitch_tp}, FP {self.twitch_fp}, FN {self.twitch_fn}); "
            f"sets: {self.sets_matched}/{self.sets_true} found ({self.sets_found} reported, {self.sets_unclear} said unclear), "
            f"boundary error median {np.median(b) if b.size else float('nan'):.2f} s, max {b.max() if b.size else float('nan'):.2f} s; "
            f"labels {self.labels_correct}/{self.sets_true} = {self.label_accuracy:.3f}; "
            f"peak frequency error median {np.median(p) if p.size else float('nan'):.3f} Hz, "
            f"max {p.max() if p.size else float('nan'):.3f} Hz; "
            f"false out-of-band episodes {self.false_episodes}, missed {self.missed_episodes}"
        )


#: What a true label becomes where twitch detection is not assessable (below 100 Hz): the
#: analysis says so rather than guessing, so only the tremor part of the label can be right.
WITHOUT_TWITCHES = {"fasciculations": "calm", "mixed": "fatigue_tremor"}


def expected_label(label: str, *, twitches_assessable: bool) -> str:
    """The label the analysis should give a true set, given what the sampling rate can show."""
    return label if twitches_assessable else WITHOUT_TWITCHES.get(label, label)


def score_session(result: AnalysisResult, truth: SessionTruth) -> SessionScore:
    """Compare one analysis with its truth."""
    s = SessionScore()
    twitches_ok = bool(result.assessable.get("fasciculations", True))
    detected = sorted(t.t_s for t, _ in result.twitches)
    true_t = sorted(t.t_s for t in truth.twitches)
    used: set[int] = set()
    for tt in true_t:
        best, best_d = None, TWITCH_TOLERANCE_S
        for i, dt in enumerate(detected):
            if i not in used and abs(dt - tt) <= best_d:
                best, best_d = i, abs(dt - tt)
        if best is None:
            s.twitch_fn += 1
        else:
            used.add(best)
            s.twitch_tp += 1
    s.twitch_fp = len(detected) - len(used)

    if not twitches_ok:  # nothing to detect: twitches are reported as not assessable
        s.twitch_fn = 0
    s.sets_true = len(truth.sets)
    s.sets_found = len(result.sets)
    for ts in truth.sets:
        overlaps = [(min(r.span.end_s, ts.end_s) - max(r.span.start_s, ts.start_s), r) for r in result.sets]
        overlaps = [(o, r) for o, r in overlaps if o > 0]
        if not overlaps:
            noted = any(min(b, ts.end_s) - max(a, ts.start_s) > 0 for a, b, _ in result.unclear_stays)
            s.sets_unclear += noted
            what = "unclear" if noted else "missed"
            s.confusion[(ts.label, what)] = s.confusion.get((ts.label, what), 0) + 1
            continue
        _, r = max(overlaps, key=lambda x: x[0])
        s.sets_matched += 1
        s.boundary_errors_s += [abs(r.span.start_s - ts.start_s), abs(r.span.end_s - ts.end_s)]
        want = expected_label(ts.label, twitches_assessable=twitches_ok)
        s.confusion[(want, r.label)] = s.confusion.get((want, r.label), 0) + 1
        if r.label == want:
            s.labels_correct += 1
        # the truth's tremor frequency is a power-weighted mean frequency: compared with the centroid, like for like
        if r.metrics.centroid_hz is not None and ts.label != "atypical_tremor":
            s.peak_errors_hz.append(abs(r.metrics.centroid_hz - ts.tremor_peak_hz))
    truth_spans = [(e.start_s, e.end_s) for e in truth.atypical_episodes]
    truth_spans += [(t.start_s, t.end_s) for t in truth.sets if t.label == "atypical_tremor"]
    for e in result.atypical_tremor:
        if not any(min(e.end_s, b) - max(e.start_s, a) > 0 for a, b in truth_spans):
            s.false_episodes += 1
    for true_episode in truth.atypical_episodes:
        if not any(
            min(d.end_s, true_episode.end_s) - max(d.start_s, true_episode.start_s) > 0
            for d in result.atypical_tremor
        ):
            s.missed_episodes += 1
    return s


def combine_scores(scores: list[SessionScore]) -> SessionScore:
    """Pool several sessions' scores."""
    out = SessionScore()
    for s in scores:
        out.twitch_tp += s.twitch_tp
        out.twitch_fp += s.twitch_fp
        out.twitch_fn += s.twitch_fn
        out.sets_true += s.sets_true
        out.sets_found += s.sets_found
        out.sets_matched += s.sets_matched
        out.sets_unclear += s.sets_unclear
        out.labels_correct += s.labels_correct
        out.boundary_errors_s += s.boundary_errors_s
        out.peak_errors_hz += s.peak_errors_hz
        out.false_episodes += s.false_episodes
        out.missed_episodes += s.missed_episodes
        for k, v in s.confusion.items():
            out.confusion[k] = out.confusion.get(k, 0) + v
    return out
