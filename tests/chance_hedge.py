"""A true fatigue rise that the report hedges as within chance: ``enhanced_tremor``, saying so.

Since the chance-rise rule (h-caff, sixteenth session: a 1.5-2x rise counts only two standard errors out of the
thirds' scatter) and the line-width standard error (h-fatse, seventeenth: any rise only two standard errors out of
a steady line's as wide as the set's), a true rise on a narrow line or in a short hold can read ``enhanced_tremor``
whose evidence (a cause's, or a set note's) says the rise is within chance and may be fatigue beginning. That is
true and said; a test whose truth is fatigue accepts it, and only it, besides the fatigue label.
"""

from __future__ import annotations

from tremor.core.analysis import SetResult
from tremor.core.set_labels import rise_within_chance

__all__ = ["HEDGE", "rise_hedged"]

#: The words every chance-rise hedge ends in (:func:`tremor.core.chance_rise_words.chance_words`).
HEDGE = "it may be fatigue beginning, but the set does not show it"


def rise_hedged(s: SetResult, notes: tuple[str, ...] | list[str]) -> bool:
    """Whether a set reads ``enhanced_tremor`` from a rise within chance, and a cause or a note says so.

    Parameters
    ----------
    s : SetResult
        The set.
    notes : sequence of str
        The analysis's notes.

    Returns
    -------
    bool
        True for a hedged chance rise.
    """
    return (
        s.label == "enhanced_tremor"
        and rise_within_chance(s.metrics)
        and (any(HEDGE in c.evidence for c in s.causes) or any(HEDGE in n for n in notes))
    )
