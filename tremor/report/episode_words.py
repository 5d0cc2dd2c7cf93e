"""How an out-of-band episode's place reads in the reports: in a set, at rest, or at rest where a leg could give it.

A rest rhythm along gravity, or of unknown direction where the samples hold no gravity, is what a bouncing leg or a
knee under the hand gives as well as a rest tremor (:mod:`tremor.core.upright_rest`); the JSON report marks such an
episode ``bouncing_leg_possible``, and the terminal summary and the HTML report's episode table say so beside it, as
the session's notes and the clinician cause do.
"""

from __future__ import annotations

from typing import Any

__all__ = ["episode_where", "size_words"]


def episode_where(episode: dict[str, Any]) -> str:
    """Where an ``atypical_tremor`` episode was, and, at rest, whether a bouncing leg could give it.

    Parameters
    ----------
    episode : dict
        An entry of the JSON report's ``atypical_tremor``.

    Returns
    -------
    str
        ``"in set N"``, ``"at rest"``, or ``"at rest, along gravity: ..."`` where ``bouncing_leg_possible`` is true
        (a rhythm a bouncing leg, or a knee under the hand, gives the same; the notes say more).
    """
    if episode.get("set_index") is not None:
        return f"in set {episode['set_index']}"
    if episode.get("bouncing_leg_possible") is True:
        how = (
            f"along gravity ({episode['along_gravity_share']:.2f} of it)"
            if episode.get("along_gravity_share") is not None
            else "its direction unknown (gravity removed)"
        )
        return f"at rest, {how}: a bouncing leg or a knee under the hand is not ruled out (see the notes)"
    return "at rest"


def size_words(oob: dict[str, Any] | None, *, leg: bool = False) -> str:
    """How far the out-of-band oscillation moves the wrist, and what that implies where it is plainly visible.

    Parameters
    ----------
    oob : dict or None
        A set's or episode's ``out_of_band`` entry of the JSON report (``peak_hz``, ``rms_mps2``,
        ``displacement_mm``).
    leg : bool
        The episode is one a bouncing leg, or a knee under the hand, could give (``bouncing_leg_possible``): an
        oscillation plainly visible but not seen in the hand may then be the leg's, not only equipment's.

    Returns
    -------
    str
        ``"size: ..."`` words, or ``""`` where the size was not measured.
    """
    if not oob or oob.get("displacement_mm") is None:
        return ""
    from tremor.core.plausibility import PLAINLY_VISIBLE_M

    mm, hz, rms = oob["displacement_mm"], oob["peak_hz"], oob["rms_mps2"]
    size = (
        f"{mm / 10:.1f} cm" if mm >= 10 else f"{mm:.1f} mm" if mm >= 0.1 else f"{mm * 1000:.0f} micrometres"
    )
    words = f"size: {rms:.2f} m/s^2 RMS at {hz:.1f} Hz is an oscillation of about {size} either way"
    if mm >= 1e3 * PLAINLY_VISIBLE_M and leg:
        return (
            words
            + ", which would be plainly visible; if the hand was not visibly shaking on its own, it came from "
            "what moved it: a bouncing leg or a knee under the hand, or equipment (a motor, a vibrating handle)"
        )
    if mm >= 1e3 * PLAINLY_VISIBLE_M:
        return (
            words + ", which would be plainly visible; if the hand was not visibly shaking, it came from "
            "equipment (a motor, a vibrating handle), not from you"
        )
    return words
