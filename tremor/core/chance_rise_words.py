"""What a set's evidence says of a rise of 1.5x or more short of the fatigue rise's standard errors (a chance rise).

:func:`tremor.core.set_labels.rise_within_chance` tells such a set; :mod:`tremor.core.causes` prints its rise with
:func:`chance_ratio` and says what it shows with :func:`chance_words`; where no cause of the set carries those words,
:func:`chance_rise_note` says them in the notes.
"""

from __future__ import annotations

import math

from tremor.core.classify import SetMetrics
from tremor.core.set_labels import FATIGUE_RISE_Z, fatigue_over_rest, rise_sd, rise_within_chance, rise_z

__all__ = ["chance_ratio", "chance_rise_note", "chance_words"]

#: Labels that say no fatigue tremor was shown in an assessed set, whose chance rise a note must name.
_UNSHOWN = ("calm", "enhanced_tremor", "fasciculations")


def chance_ratio(ratio: float | None) -> str:
    """A chance rise (1.5x or more) as printed, floored to two decimals.

    Parameters
    ----------
    ratio : float or None
        The rise (last third over first); None prints as 0.00x.

    Returns
    -------
    str
        For example ``"1.98x"``: one decimal would print 1.95-2x as the 2x that is fatigue.
    """
    return f"{math.floor(100 * (ratio or 0.0)) / 100:.2f}x"


def chance_words(m: SetMetrics) -> str:
    """The evidence that a set's rise of 1.5x or more is short of the fatigue rise's standard errors.

    The standard errors are the set's own (its frames' scatter in the first and last thirds) where they are the
    larger, under 2x: a steady tremor's where the tremor is steady, but wider where it surges within a third (review
    rev29: a surge in a hold's last 4 s stood 0.7-1.9 of its own, 2.1-2.9 of a steady twin's scatter), so the words
    name the set's scatter, not a steady tremor's chance. Elsewhere they are a steady line's as wide as the set's
    (:mod:`tremor.core.line_chance`: a narrow line's thirds differ by chance more than a short set's frames show),
    and the words name that line.

    Parameters
    ----------
    m : SetMetrics
        The set's measures (its ``end_to_start_ratio``, ``rise_log_sd`` and ``rise_line_sd``).

    Returns
    -------
    str
        The rise, how many standard errors it stands above no rise and whose, and what that cannot show.
    """
    sd = rise_sd(m)
    own = sd is not None and sd == m.rise_log_sd
    whose = (
        "of the set's own scatter"
        if own
        else "of chance for a steady tremor line as wide as the set's (a narrow line's power swings widely)"
    )
    return (
        f"a rise of {chance_ratio(m.end_to_start_ratio)} from the first to the last third stands "
        f"{math.floor(10 * (rise_z(m) or 0.0)) / 10:.1f} standard errors {whose} above no rise "
        f"({FATIGUE_RISE_Z:g} needed to tell a fatigue rise from chance): it may be fatigue beginning, but the set "
        "does not show it"
    )


def chance_rise_note(
    where: str, m: SetMetrics, label: str, evidence: list[str], *, rest_at_floor: bool = False
) -> str | None:
    """The note on a set that rose to the fatigue rise's level by a rise within chance, where its causes say nothing.

    A set whose last third reached :func:`tremor.core.set_labels.fatigue_over_rest` by a rise of 1.5x or more short
    of its standard errors is ``calm`` (under 9x rest), ``enhanced_tremor`` or ``fasciculations``: no fatigue is
    shown, but a rise was measured (review rev31: a narrow line's 4-9x rest after a 2-4x rise read ``calm`` with no
    word of it). Its stabiliser-demand cause carries :func:`chance_words` where its first third was 3x rest or more;
    elsewhere this note does.

    Parameters
    ----------
    where : str
        The set as the notes name it (``"set 2 (40.0-60.0 s)"``).
    m : SetMetrics
        The set's measures.
    label : str
        Its label.
    evidence : list of str
        The evidence of its causes.
    rest_at_floor : bool
        Whether the rest baseline is the sensor's noise floor (:func:`tremor.core.set_labels.fatigue_over_rest`).

    Returns
    -------
    str or None
        The note; None where the set is no such set or a cause already says it.
    """
    over = m.last_third_vs_rest
    if not m.assessable or label not in _UNSHOWN or over is None or not rise_within_chance(m):
        return None
    words = chance_words(m)
    if over < fatigue_over_rest(rest_at_floor) or any(words in e for e in evidence):
        return None
    return (
        f"{where}: its last third's 6-12 Hz power was {math.floor(10 * over) / 10:.1f}x the rest baseline, yet it is "
        f"labelled {label}: {words}"
    )
