"""What a set's evidence says of a rise of 1.5x or more short of the fatigue rise's standard errors (a chance rise).

:func:`tremor.core.set_labels.rise_within_chance` tells such a set; :mod:`tremor.core.causes` prints its rise with
:func:`chance_ratio` and says what it shows with :func:`chance_words`.
"""

from __future__ import annotations

import math

from tremor.core.classify import SetMetrics
from tremor.core.set_labels import FATIGUE_RISE_Z, rise_sd, rise_z

__all__ = ["chance_ratio", "chance_words"]


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
