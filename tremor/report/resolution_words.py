"""What a coarse sensor's resolution (``sampling.code_step_mps2``, :mod:`tremor.core.code_step`) hides, in words.

The summary's line on the resolution, where the step matters (:data:`RESOLUTION_NOTE_MPS2`), and the words on a twitch
detection limit that the code step sets (rather than a shaken wrist).
"""

from __future__ import annotations

from typing import Any

from tremor.core.code_step import TWITCH_CODES

__all__ = ["RESOLUTION_NOTE_MPS2", "code_step_limit", "code_step_limit_words", "resolution_line"]


#: From this code step (m/s^2) the summary names the sensor's resolution: a resting wrist's 6-12 Hz tremor is
#: 0.01-0.05 m/s^2 RMS, so a step of 0.02 or more hides some of it (values in g to 3 decimals, 0.0098, do not).
RESOLUTION_NOTE_MPS2 = 0.02


def resolution_line(steps: list[float | None] | None, *, twitches_assessed: bool = True) -> str | None:
    """The sentence on a coarse sensor's resolution (``sampling.code_step_mps2``), or None where it does not matter.

    A 6-12 Hz sine quantised to steps ``q`` (its noise under a step) reads, band-passed, within about 15 % of its RMS
    from half a step up (5-95 % of random offsets, 50-200 Hz); under about a third of a step it reads as nothing
    or up to 1.8 times larger, depending on where its middle falls between two codes. So the sentence names half a
    step, not a whole one.

    Parameters
    ----------
    steps : list of float or None, or None
        Each axis's code step in m/s^2.
    twitches_assessed : bool
        Whether the recording's rate lets twitches be detected (``sampling.assessable.fasciculations``): the
        sentence names the twitch floor only then.

    Returns
    -------
    str or None
        What the step hides, where the coarsest axis's step is at least :data:`RESOLUTION_NOTE_MPS2`.
    """
    known = [q for q in steps or [] if q is not None]
    if not known or max(known) < RESOLUTION_NOTE_MPS2:
        return None
    q = max(known)
    line = (
        f"sensor resolution: the values move in steps of {q:.3f} m/s^2 (the sensor's range and bits, or a "
        f"low-power mode): a 6-12 Hz tremor under about half a step ({q / 2:.2f} m/s^2 RMS) may read as nothing "
        "or larger than it is, so a level near it is limited by the resolution"
    )
    if twitches_assessed:
        line += (
            f", and a twitch must span at least {TWITCH_CODES:g} steps ({TWITCH_CODES * q:.2f} m/s^2) to be told "
            "from a reading flickering between adjacent steps"
        )
    return line


def _coarsest(report: dict[str, Any]) -> float | None:
    steps = [q for q in (report.get("sampling") or {}).get("code_step_mps2") or [] if q is not None]
    return max(steps) if steps else None


def code_step_limit(report: dict[str, Any], limit: float) -> bool:
    """Whether a twitch detection limit is the code step's floor (:data:`~tremor.core.code_step.TWITCH_CODES` steps).

    Parameters
    ----------
    report : dict
        The JSON report.
    limit : float
        The twitch detection limit in m/s^2.

    Returns
    -------
    bool
        True where the recording has a code step and the limit is within 5 % of its floor.
    """
    q = _coarsest(report)
    return q is not None and limit <= 1.05 * TWITCH_CODES * q


def code_step_limit_words(report: dict[str, Any]) -> str:
    """The words for a high twitch detection limit set by the code step (:func:`code_step_limit`).

    Parameters
    ----------
    report : dict
        The JSON report, with a code step.

    Returns
    -------
    str
        The clause to follow the limit's figure.
    """
    q = _coarsest(report) or 0.0
    return (
        f". It is set by the sensor's resolution: {TWITCH_CODES:g} steps of {q:.3f} m/s^2 (see above), so twitches "
        "smaller than that could not be seen"
    )
