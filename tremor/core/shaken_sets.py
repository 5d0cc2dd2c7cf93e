"""Automatic sets found inside external vibration are not reported as sets (issue 9).

Sets are found from the movement band (0.25-3 Hz) and the wrist's orientation. Where something shakes the
wrist from outside (:mod:`tremor.core.external_vibration`), that band holds the machine's or vehicle's power
too: a massage gun sampled without an anti-alias filter folds its harmonics onto ``j |fs - 2 f|`` Hz, down to
0 Hz where its rate crosses half the sampling rate (:mod:`tremor.core.folded_comb`); a bus sways and brakes.
A "set" found there cannot be told from the shaking, and reporting one would state an exercise that may never
have been done. An automatic set with :data:`SHAKEN_SET_SHARE` or more of its frames under external vibration is
therefore not reported; a note names its span and says whether a set was done there cannot be assessed. Sets
the user marked are kept (their tremor is ``not_assessable``, reason ``external_vibration``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tremor.core.sets import SetSpan

__all__ = ["SHAKEN_SET_SHARE", "sets_under_vibration", "shaken_sets_note"]

#: An automatic set with this share or more of its frames under external vibration is not reported: most of the
#: movement it was found from may be the shaking's.
SHAKEN_SET_SHARE = 0.5


def sets_under_vibration(
    sets: tuple[SetSpan, ...], t_s: np.ndarray, shaken: np.ndarray
) -> tuple[tuple[SetSpan, ...], tuple[SetSpan, ...]]:
    """Split automatic sets into those kept and those found mostly inside external vibration.

    Parameters
    ----------
    sets : tuple of SetSpan
        The sets in time order.
    t_s : ndarray
        Frame centre times in s.
    shaken : ndarray of bool
        Frames under external vibration (:func:`tremor.core.external_vibration.external_mask`).

    Returns
    -------
    kept : tuple of SetSpan
        The other sets, numbered again from 1 in order.
    dropped : tuple of SetSpan
        Automatic sets with :data:`SHAKEN_SET_SHARE` or more of their frames (centres within the set) shaken.
    """
    kept: list[SetSpan] = []
    dropped: list[SetSpan] = []
    for s in sets:
        inside = (t_s >= s.start_s) & (t_s <= s.end_s)
        n = int(inside.sum())
        if s.source == "auto" and n and int((shaken & inside).sum()) >= SHAKEN_SET_SHARE * n:
            dropped.append(s)
        else:
            kept.append(s)
    if not dropped:
        return tuple(sets), ()
    return tuple(replace(s, index=i + 1) for i, s in enumerate(kept)), tuple(dropped)


def shaken_sets_note(dropped: tuple[SetSpan, ...]) -> str:
    """The report's note for the sets not reported.

    Parameters
    ----------
    dropped : tuple of SetSpan
        The sets :func:`sets_under_vibration` left out (not empty).

    Returns
    -------
    str
        Their spans and why none is reported.
    """
    spans = ", ".join(f"{s.start_s:.1f}-{s.end_s:.1f} s" for s in dropped)
    return (
        f"movement at {spans} lay mostly inside external vibration: the shaking fills the movement band too "
        "(a machine's folded harmonics reach down to 0 Hz, a vehicle sways), so whether a set was done there "
        "cannot be assessed and none is reported"
    )
