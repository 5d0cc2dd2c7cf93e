"""A live set's card: what is shown when a set ends (:class:`SetCard`), filled from a summary (:func:`fill_card`).

A card holds its set's entry of the batch report (label, tremor metrics, fasciculations, causes) and its recovery
so far; :class:`~tremor.live.card_keeper.CardKeeper` issues, refreshes and makes cards final, and
:mod:`tremor.live.card_revision` revises a final one that a later summary reads otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tremor.core.analysis import AnalysisResult
from tremor.core.shaken_sets import shaken_sets_note

__all__ = ["SetCard", "Verdict", "fill_card", "FILLED", "NOT_REPORTED"]

#: What a card says of its set: label, the reason its tremor is not assessable (or None), its cause ids (sorted).
Verdict = tuple[str, str | None, tuple[str, ...]]

#: The label of a card whose automatic set the summary does not report (found mostly inside external vibration,
#: where batch leaves out its own automatic sets: :mod:`tremor.core.shaken_sets`).
NOT_REPORTED = "not_reported"


@dataclass
class SetCard:
    """What is shown when a set ends: the set's entry of the batch report, and its recovery.

    ``report`` is the set's dict from :func:`tremor.report.json_report.to_report` (label, tremor metrics,
    fasciculations, causes). ``recovery_twitches`` and ``recovery_s`` are refreshed until the
    next set starts and the twitches before its start are reported (or the session ends); then
    ``final`` is True. ``recovery_end_s`` is where the recovery counted so far ends, and ``ended_by``
    the number of the set whose start ended it (None while it runs on, or where the session's end
    ended it).
    """

    index: int
    source: str  # "key" or "auto"
    start_s: float
    end_s: float
    label: str
    report: dict[str, Any]
    recovery_twitches: int = 0
    recovery_s: float = 0.0
    recovery_rate_per_min: float | None = None
    recovery_end_s: float = 0.0
    #: the next set's number where that set's start ended the recovery (batch's ``recovery_end_s``)
    ended_by: int | None = None
    #: where an unclear stay (a light hold or a change of posture, no set) ended the recovery, s; else None
    ended_by_stay_s: float | None = None
    final: bool = False
    printed_wall_s: float = 0.0
    first_label: str | None = None  # the label when the card was first printed
    #: "provisional" (the movement stopped; the set is not confirmed yet), "confirmed" or "withdrawn"
    status: str = "confirmed"
    #: the provisional card a confirmed one replaces (None if there was none)
    replaces: SetCard | None = None
    printed_session_s: float = 0.0  # session time when the card was issued
    #: whether the summary it was last filled from found its set among a power tool's short bursts
    #: (:attr:`~tremor.core.analysis.AnalysisResult.short_bursts`)
    short_burst: bool = False
    #: what the card said when it was last printed whole (the ``card`` or ``card_revised`` event): a change the
    #: refreshes after it made (shown by the recovery line as a label at most) is revised when the card is made final
    shown: Verdict | None = None
    #: :attr:`short_burst` when the card was last printed whole
    shown_burst: bool = False
    #: each revision of the final card: (what it said, what it says now, why) (:mod:`tremor.live.card_revision`)
    revisions: list[tuple[Verdict, Verdict, str]] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return self.status == "provisional"


#: the card fields :func:`fill_card` sets, copied onto a revised card
FILLED = (
    "label",
    "report",
    "recovery_twitches",
    "recovery_end_s",
    "ended_by_stay_s",
    "recovery_s",
    "recovery_rate_per_min",
    "short_burst",
)


def fill_card(card: SetCard, result: AnalysisResult, now_s: float) -> None:
    """Fill ``card`` from the set of ``result`` that starts where the card's set starts.

    The card gets the set's entry of the batch report, its label and its recovery so far. An automatic set
    that ``result`` does not report because it lay mostly inside external vibration
    (:attr:`~tremor.core.analysis.AnalysisResult.unreported_sets`, as batch leaves out its own) gets the label
    ``not_reported`` and the report's note as ``report["not_reported"]``; a card whose set ``result`` does not
    hold otherwise is left as it is.

    Parameters
    ----------
    card : SetCard
        The card, changed in place.
    result : AnalysisResult
        The session's summary so far (with the card's set among its sets).
    now_s : float
        Session time (s) of the newest sample: the recovery is counted up to it.
    """
    from tremor.report.json_report import set_entry

    match = [i for i, r in enumerate(result.sets) if abs(r.span.start_s - card.start_s) < 1e-6]
    if not match:
        dropped = [s for s in result.unreported_sets if abs(s.start_s - card.start_s) < 1e-6]
        if dropped:
            card.report = {"not_reported": shaken_sets_note(tuple(dropped))}
            card.label = NOT_REPORTED
        return
    i = match[0]
    r = result.sets[i]
    entry = set_entry(result, r)
    card.report = entry
    card.label = r.label
    card.short_burst = any(abs(s - card.start_s) < 1e-6 for s in result.short_bursts)
    card.recovery_twitches = r.metrics.twitches_in_recovery
    card.recovery_end_s = max(r.span.end_s, min(now_s, r.span.recovery_end_s))
    stay = [a for a, _, _ in result.unclear_stays if abs(a - r.span.recovery_end_s) < 1e-6 and a <= now_s]
    card.ended_by_stay_s = stay[0] if stay else None
    card.recovery_s = card.recovery_end_s - r.span.end_s
    card.recovery_rate_per_min = r.metrics.recovery_rate_per_min
