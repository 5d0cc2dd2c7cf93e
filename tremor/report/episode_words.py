"""How an out-of-band episode's place reads in the reports: in a set, at rest, or at rest where a leg could give it.

A rest rhythm along gravity, or of unknown direction where the samples hold no gravity, is what a bouncing leg or a
knee under the hand gives as well as a rest tremor (:mod:`tremor.core.upright_rest`); the JSON report marks such an
episode ``bouncing_leg_possible``, and the terminal summary and the HTML report's episode table say so beside it, as
the session's notes and the clinician cause do.
"""

from __future__ import annotations

from typing import Any

__all__ = ["episode_where"]


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
