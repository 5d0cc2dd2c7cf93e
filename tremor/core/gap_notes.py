"""The notes that say how data gaps inside a set, or at its edge, bear on what is reported of it.

Radio losses often come in bursts: many short gaps close together, with the data between them in
pieces shorter than a 2 s frame. Each gap is named as it is (never one long "gap" that hides the
data between them), with the share of the set that is missing, and where the set is measured from
short pieces (one coarser frame each, :data:`tremor.core.features.MIN_PIECE_S`) the note says its
figures are less certain than a gap-free set's.
"""

from __future__ import annotations

import itertools

from tremor.core.features import MIN_PIECE_S, FrameConfig

__all__ = ["set_gaps_note", "hidden_edge_note", "UNCERTAIN_SHARE"]

#: A set this share or more of which is missing has its figures said to be less certain.
UNCERTAIN_SHARE = 0.05


def set_gaps_note(
    where: str,
    start_s: float,
    end_s: float,
    gaps: tuple[tuple[float, float], ...] | list[tuple[float, float]],
) -> str:
    """The note on the data gaps inside a set: each gap, the share missing, and the pieces between them.

    Parameters
    ----------
    where : str
        How the note names the set ("set 2 (159.8-200.2 s)").
    start_s, end_s : float
        The set's span in s.
    gaps : sequence of (float, float)
        The data gaps (start_s, end_s) inside the set, in time order.

    Returns
    -------
    str
        The note.

    Examples
    --------
    >>> set_gaps_note("set 1 (10.0-50.0 s)", 10.0, 50.0, [(20.0, 20.3)])
    'set 1 (10.0-50.0 s) spans 1 gap(s) in the data (0.30 s at 20.0 s), 0.3 s in all (1 % of the set): its boundaries, label and metrics come from the data around them'
    """
    lost = ", ".join(f"{b - a:.2f} s at {a:.1f} s" for a, b in gaps)
    missing = sum(min(b, end_s) - max(a, start_s) for a, b in gaps)
    share = missing / (end_s - start_s) if end_s > start_s else 1.0
    window = FrameConfig().window_s
    between = [c - b for (_, b), (c, _) in itertools.pairwise(gaps)]
    # a stretch's first-to-last sample time is one sample interval short of its length: a tolerance
    short = [d for d in between if d < window - 0.05]
    framed = sum(1 for d in short if d >= MIN_PIECE_S - 0.05)
    note = (
        f"{where} spans {len(gaps)} gap(s) in the data ({lost}), {missing:.1f} s in all ({100 * share:.0f} % of the "
        "set): its boundaries, label and metrics come from the data around them"
    )
    if short:
        note += (
            f" and between them; {len(short)} stretch(es) of data between gaps were shorter than a "
            f"{window:g} s frame (about {framed} of {MIN_PIECE_S:g} s or more measured as one frame each over their "
            f"whole length, with a coarser spectrum; shorter ones not measured)"
        )
    if short or share >= UNCERTAIN_SHARE:
        note += (
            ": its tremor figures (level, rise, peak) are less certain than a gap-free set's, since they come "
            "from less of it" + (" and partly from short stretches" if framed else "")
        )
    return note


def hidden_edge_note(
    where: str,
    edge: str,
    hidden: tuple[float, float],
    gaps: tuple[tuple[float, float], ...] | list[tuple[float, float]],
) -> str:
    """The note on a set edge hidden by missing data: the gap, or the gaps close together, that hide it.

    Parameters
    ----------
    where : str
        How the note names the set.
    edge : str
        ``"start"`` or ``"end"``.
    hidden : (float, float)
        From the first gap's start to the last one's end between the frames either side of the edge.
    gaps : sequence of (float, float)
        Every data gap (start_s, end_s) of the recording.

    Returns
    -------
    str
        The note.
    """
    inside = [(a, b) for a, b in gaps if a >= hidden[0] - 1e-9 and b <= hidden[1] + 1e-9]
    at = "end" if edge == "start" else "start"
    if len(inside) > 1:
        missing = sum(b - a for a, b in inside)
        what = (
            f"{len(inside)} data gaps between {hidden[0]:.1f} and {hidden[1]:.1f} s ({missing:.1f} s missing; the "
            f"data between them lie in pieces under {MIN_PIECE_S:g} s, too short to show the set)"
        )
        span = "the first gap's" if edge == "end" else "the last gap's"
    else:
        what = f"the data gap {hidden[0]:.1f}-{hidden[1]:.1f} s"
        span = "the gap's"
    return (
        f"{where}: its {edge} is hidden by {what}; it is placed from the data either side, no "
        f"{'earlier' if edge == 'start' else 'later'} than {span} {at} (where the data "
        f"{'first' if edge == 'start' else 'last'} show the set), and may lie inside "
        f"{'them' if len(inside) > 1 else 'the gap'}"
    )
