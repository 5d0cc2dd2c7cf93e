"""The rows of a table of increasing times that lie in a span, by bisection (issue 11: a set's neighbourhood, not
the whole recording, at each set).

Comparing every frame's time with a set's ends costs the whole recording at each set: a day's file has 170 000
frames and 800 sets. The times are increasing, so the rows in a span are a run, whose ends two bisections find;
each comparison is against one number, so the run is exactly the rows the comparisons select.
"""

from __future__ import annotations

import numpy as np

__all__ = ["rows_within"]


def rows_within(t_s: np.ndarray, start_s: float, end_s: float, *, end_closed: bool = True) -> slice:
    """The rows of ``t_s`` (increasing) with ``start_s <= t <= end_s`` (``< end_s`` with ``end_closed=False``).

    Parameters
    ----------
    t_s : ndarray, shape (n,)
        Times, increasing (repeats allowed), no NaN.
    start_s, end_s : float
        The span.
    end_closed : bool
        Whether a time at ``end_s`` is in.

    Returns
    -------
    slice
        The rows ``(t_s >= start_s) & (t_s <= end_s)`` selects (``< end_s`` where not ``end_closed``), as one run.

    Examples
    --------
    >>> t = np.array([0.0, 0.5, 1.0, 1.0, 1.5, 2.0])
    >>> rows_within(t, 0.5, 1.0)
    slice(1, 4, None)
    >>> rows_within(t, 0.5, 1.0, end_closed=False)
    slice(1, 2, None)
    >>> rows_within(t, 3.0, 1.0)
    slice(6, 6, None)
    """
    lo = int(np.searchsorted(t_s, start_s, "left"))
    hi = int(np.searchsorted(t_s, end_s, "right" if end_closed else "left"))
    return slice(lo, max(hi, lo))
