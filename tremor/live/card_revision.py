"""Revising a final set card when a later decision of the live analysis reads its set otherwise (issue 9).

A set's card is made final when the next set starts (or the session ends), with the rules as they stand then. Some
decisions need sets that come later: a power tool's short bursts are set aside only where three or more of the
session's sets fall so (:func:`tremor.core.tool_rundown.short_rundowns`), so the first screws' cards said a tremor
(h-rev49: ``atypical_tremor`` + ``see_a_clinician``, ``fatigue_tremor`` + ``neuromuscular_fatigue``) that the
finished report sets aside. :class:`~tremor.live.set_decisions.SetDecisions` then fills the final card anew from the
same pipeline's summary and, where its verdict (:func:`verdict`: label, the reason it is not assessable, causes)
changed, sends ``("card_revised", (card, reason))``: at a set check where a summary finds a final card's set newly
among (or no longer among) a tool's bursts, when a card is made final where the refreshes since it was printed whole
changed what it says (the recovery line names a new label only, not its causes: h-rev55), and at the session's end
against the finished analysis, whatever changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tremor.live.set_decisions import SetCard

__all__ = [
    "Verdict",
    "verdict",
    "burst_reason",
    "END_REASON",
    "LATER_REASON",
    "revision_text",
    "cards_fields",
]

#: What a card says of its set: label, the reason its tremor is not assessable (or None), its cause ids (sorted).
Verdict = tuple[str, str | None, tuple[str, ...]]

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


def revision_text(card: SetCard, reason: str) -> str:
    """The line the display prints above a revised card: what it said before, and why it changed.

    Parameters
    ----------
    card : SetCard
        The revised card (its newest :attr:`~tremor.live.set_decisions.SetCard.revisions` entry is this one).
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
