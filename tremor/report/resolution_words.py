"""What a coarse sensor's resolution (``sampling.code_step_mps2``, :mod:`tremor.core.code_step`) hides, in words.

The summary's line on the resolution, where the step matters (:data:`RESOLUTION_NOTE_MPS2`), and the words on a twitch
detection limit that the code step sets (rather than a shaken wrist).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tremor.core.code_step import TWITCH_CODES, resolution_ceiling
from tremor.core.notes import HIGH_TWITCH_LIMIT_MPS2

__all__ = [
    "RESOLUTION_NOTE_MPS2",
    "UNRESOLVED_REST_LEGEND",
    "code_step_limit",
    "code_step_limit_words",
    "rest_ceiling_text",
    "rest_line",
    "resolution_line",
    "vibration_limit_words",
    "vs_rest_cell",
    "vs_rest_text",
]


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


def _rest_ceiling_mps2(report: dict[str, Any]) -> float | None:
    """The RMS a rest under the sensor's resolution can hold at most (m/s^2), or None where the rest is resolved."""
    return resolution_ceiling((report.get("rest") or {}).get("rms_mps2"), _coarsest(report) or 0.0)


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


#: The legend under a table with a ratio over a rest under the sensor's resolution (:func:`vs_rest_text`).
UNRESOLVED_REST_LEGEND = (
    "vs rest '>=': the rest's 6-12 Hz level is under the sensor's resolution (half a code step), so no ratio to it "
    "is a measured number: the figure is the set's power over the most such a rest can hold, a lower bound ('-' "
    "where that bound is under 1x)."
)


def vs_rest_text(tremor: dict[str, Any], key: str, fmt: Callable[[float], str]) -> tuple[str | None, bool]:
    """A set's ratio to the rest as shown: ``fmt`` of it, or of its bound over a rest under the resolution.

    Parameters
    ----------
    tremor : dict
        The set's ``tremor`` entry of the JSON report.
    key : str
        ``power_vs_rest`` or ``last_third_vs_rest`` (its bound is ``key + "_at_least"``).
    fmt : callable
        How a ratio is printed.

    Returns
    -------
    tuple of (str or None, bool)
        The text (``">=" + fmt(bound)`` for a bound of 1x or more; None where there is no figure) and whether the
        ratio's rest was under the resolution (the legend :data:`UNRESOLVED_REST_LEGEND` is then due).
    """
    x, bound = tremor.get(key), tremor.get(f"{key}_at_least")
    if x is not None:
        return fmt(float(x)), False
    if bound is None:
        return None, False
    return (">=" + fmt(float(bound)) if bound >= 1.0 else None), True


def vs_rest_cell(tremor: dict[str, Any], key: str) -> str:
    """The HTML report's cell for a ratio to the rest: ``8.0×``, ``≥ 4.2×`` (its bound over a rest under the
    sensor's resolution, :func:`vs_rest_text`) or ``–``.

    Parameters
    ----------
    tremor : dict
        The set's ``tremor`` entry of the JSON report.
    key : str
        ``power_vs_rest`` or ``last_third_vs_rest``.

    Returns
    -------
    str
        The cell's text (not yet escaped).
    """
    text = vs_rest_text(tremor, key, lambda x: format(x, ".1f") + "×")[0]
    return "–" if text is None else text.replace(">=", "≥ ")


def rest_ceiling_text(report: dict[str, Any]) -> str | None:
    """``under 0.077 m/s² (the sensor's resolution)`` for a rest level under half a code step, else None.

    Parameters
    ----------
    report : dict
        The JSON report.

    Returns
    -------
    str or None
        The HTML header's words for such a rest level (a figure read under the resolution is no level).
    """
    ceiling = _rest_ceiling_mps2(report)
    return None if ceiling is None else f"under {ceiling:.3f} m/s² (the sensor's resolution)"


def rest_line(report: dict[str, Any]) -> str | None:
    """The summary's words on a rest level under the sensor's resolution (no level sets are divided by), or None.

    Parameters
    ----------
    report : dict
        The JSON report.

    Returns
    -------
    str or None
        The sentence, where ``rest.rms_mps2`` lies under :data:`~tremor.core.code_step.RESOLVED_STEPS` of a step.
    """
    ceiling = _rest_ceiling_mps2(report)
    if ceiling is None:
        return None
    return (
        f"resting baseline: {report['rest']['rms_mps2']:.3f} m/s^2 RMS in 6-12 Hz as read, under the sensor's "
        f"resolution (half a step, {ceiling:.3f} m/s^2): the rest's true level may be anything under that, so sets "
        "are compared with that ceiling, as a lower bound ('>=')"
    )


def vibration_limit_words(report: dict[str, Any], limit: float) -> str:
    """What the twitch detection limit was measured under, where most of its blocks were shaken by a line or an
    oscillation, or where the code step sets it (the summary's clause after the limit's figure; moved from
    :mod:`tremor.report.summary`).

    Parameters
    ----------
    report : dict
        The JSON report.
    limit : float
        The twitch detection limit in m/s^2.

    Returns
    -------
    str
        The clause ("" where none is due).
    """
    under = report.get("twitch_detection_limit_measured_under")
    what = {
        "machine_vibration": "the machine vibration listed below",
        "out_of_band_oscillation": "the out-of-band oscillation (see the sets and episodes)",
        "external_vibration": "the external vibration (see the notes)",
    }.get(under or "")
    if what is None and code_step_limit(report, limit):
        # the limit is the sensor's resolution, not a shaken wrist's
        return code_step_limit_words(report) if limit >= HIGH_TWITCH_LIMIT_MPS2 else ""
    if what is None:
        # shaken, but not mostly by a line or an oscillation the report names: say so rather than give the
        # number alone (a swim's "still" stretches: 5 m/s^2)
        return (
            ". That is far above a worn, still wrist's limit (about 0.02-0.1 m/s^2): the sensor was shaken even in "
            "its stillest stretches, so twitches much smaller than that could not be seen"
            if limit >= HIGH_TWITCH_LIMIT_MPS2
            else ""
        )
    if limit >= HIGH_TWITCH_LIMIT_MPS2:
        return (
            f". It is this high because it was measured during or within seconds of {what}; a worn, still "
            "wrist's limit is about 0.02-0.1 m/s^2. Twitches much smaller than that could not be seen there"
        )
    return f". It was measured during or within seconds of {what}"
