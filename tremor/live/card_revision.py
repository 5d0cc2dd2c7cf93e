"""Revising a final set card when a later decision of the live analysis reads its set otherwise (issue 9).

A set's card is made final when the next set starts (or the session ends), with the rules as they stand then. Some
decisions need sets that come later: a power tool's short bursts are set aside only where three or more of the
session's sets fall so (:func:`tremor.core.tool_rundown.short_rundowns`), so the first screws' cards said a tremor
(h-rev49: ``atypical_tremor`` + ``see_a_clinician``, ``fatigue_tremor`` + ``neuromuscular_fatigue``) that the
finished report sets aside. :class:`~tremor.live.card_keeper.CardKeeper` then fills the final card anew from the
same pipeline's summary and, where its verdict (:func:`verdict`: label, the reason it is not assessable, causes)
changed, sends ``("card_revised", (card, reason))``: at a set check where a summary finds a final card's set newly
among (or no longer among) a tool's bursts, when a card is made final where the refreshes since it was printed whole
changed what it says (the recovery line names a new label only, not its causes: h-rev55), and at the session's end
against the finished analysis, whatever changed.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tremor.core.analysis import AnalysisResult
from tremor.live.set_card import FILLED, SetCard, Verdict, fill_card

__all__ = [
    "Verdict",
    "verdict",
    "burst_reason",
    "END_REASON",
    "LATER_REASON",
    "revision_text",
    "cards_fields",
    "burst_changes",
    "refill",
    "record_revision",
]

#: Why a final card is revised at the session's end where its set did not join or leave a tool's bursts (any other
#: change: the rest level, the later sets).
END_REASON = "the finished session's analysis, with all its data, reads it so"
#: ... and during the session.
LATER_REASON = "the analysis with the session's later data reads it so"


def verdict(label: str, report: dict[str, Any]) -> Verdict:
    """What a card (or a report's set entry) says of its set.

    Parameters
    ----------
    label : str
        The set's label.
    report : dict
        The set's entry of the report (:func:`tremor.report.json_report.set_entry`), or a card's ``report``.

    Returns
    -------
    Verdict
        The label, the reason its tremor is not assessable (None where it is, or where not given) and its causes'
        ids, sorted.
    """
    reason = (report.get("tremor") or {}).get("not_assessable_reason")
    return label, reason, tuple(sorted(str(c.get("id")) for c in report.get("causes", [])))


def burst_reason(now_burst: bool, n_bursts: int) -> str:
    """Why a card is revised when its set joins (or leaves) the sets whose line falls as a tool's bursts.

    Parameters
    ----------
    now_burst : bool
        Whether the set is now among them.
    n_bursts : int
        How many of the session's sets are among them now.

    Returns
    -------
    str
        One line for the display and the log.
    """
    if now_burst:
        return (
            f"with the later sets, its run falls as a power tool's does ({n_bursts} sets of the session fall so, "
            "burst after burst)"
        )
    return "with the later sets, the falling runs no longer repeat as a power tool's bursts do"


def burst_changes(cards: list[SetCard], queued: list[SetCard], result: AnalysisResult) -> list[SetCard]:
    """The final cards whose sets ``result`` finds newly among (or no longer among) a power tool's short bursts.

    The short bursts (:attr:`~tremor.core.analysis.AnalysisResult.short_bursts`) are read over every set, whichever
    set the summary measured; such a card is then filled anew from a summary of its own set (:func:`refill`).

    Parameters
    ----------
    cards : list of SetCard
        The session's confirmed cards, in order.
    queued : list of SetCard
        The cards already waiting for revision (not named again).
    result : AnalysisResult
        A summary of the session so far.

    Returns
    -------
    list of SetCard
        The cards to queue for revision, in the cards' order.
    """
    new: list[SetCard] = []
    for card in cards:
        burst = any(abs(s - card.start_s) < 1e-6 for s in result.short_bursts)
        if card.final and burst != card.short_burst and card not in queued and card not in new:
            new.append(card)
    return new


def refill(
    card: SetCard, result: AnalysisResult, now_s: float, other_reason: str
) -> tuple[Verdict, str] | None:
    """Fill the final ``card`` anew from ``result``; where its verdict changed, what it said and why.

    Parameters
    ----------
    card : SetCard
        The final card, changed in place (its :attr:`~tremor.live.set_card.SetCard.short_burst` always; the
        fields :func:`~tremor.live.set_card.fill_card` sets where its verdict changed).
    result : AnalysisResult
        A summary measuring the card's set.
    now_s : float
        Session time (s) of the newest sample.
    other_reason : str
        The reason where the set neither joined nor left a tool's short bursts.

    Returns
    -------
    tuple of (Verdict, str) or None
        What the card said before and the reason (the bursts' where the set joined or left them), or None where its
        verdict is unchanged.
    """
    probe = dataclasses.replace(card, revisions=[])
    fill_card(probe, result, now_s)
    was, now = verdict(card.label, card.report), verdict(probe.label, probe.report)
    flipped = probe.short_burst != card.short_burst
    card.short_burst = probe.short_burst
    if now == was:
        return None
    reason = burst_reason(probe.short_burst, len(result.short_bursts)) if flipped else other_reason
    for name in FILLED:
        setattr(card, name, getattr(probe, name))
    return was, reason


def record_revision(card: SetCard, was: Verdict, reason: str) -> None:
    """Record that ``card`` said ``was`` and now says what it holds (its ``shown`` and ``revisions``).

    Parameters
    ----------
    card : SetCard
        The revised card, changed in place.
    was : Verdict
        What it said when it was last printed whole.
    reason : str
        Why it was revised.
    """
    card.shown, card.shown_burst = verdict(card.label, card.report), card.short_burst
    card.revisions.append((was, card.shown, reason))


def revision_text(card: SetCard, reason: str) -> str:
    """The line the display prints above a revised card: what it said before, and why it changed.

    Parameters
    ----------
    card : SetCard
        The revised card (its newest :attr:`~tremor.live.set_card.SetCard.revisions` entry is this one).
    reason : str
        Why it was revised.

    Returns
    -------
    str
        ``set N revised (was LABEL[, causes C]): REASON``.
    """
    was_label, _, was_causes = card.revisions[-1][0] if card.revisions else (card.label, None, ())
    causes = f", causes {', '.join(was_causes)}" if was_causes else ""
    return f"set {card.index} revised (was {was_label}{causes}): {reason}"


def cards_fields(cards: list[SetCard]) -> list[dict[str, Any]]:
    """The revisions of a session's cards as JSON fields for the log's end record (``card_revisions``).

    Parameters
    ----------
    cards : list of SetCard
        The session's confirmed cards.

    Returns
    -------
    list of dict
        One per revision, in the cards' order: the set's number and start (s), what the card said before and after
        (label, reason not assessable, causes) and why.
    """
    out = []
    for card in cards:
        for was, now, reason in card.revisions:
            out.append(
                {
                    "set": card.index,
                    "start_s": round(card.start_s, 3),
                    "was": {"label": was[0], "not_assessable_reason": was[1], "causes": list(was[2])},
                    "now": {"label": now[0], "not_assessable_reason": now[1], "causes": list(now[2])},
                    "reason": reason,
                }
            )
    return out
