"""The notes on a set whose 6-12 Hz level lies under a coarse sensor's resolution (:mod:`tremor.core.code_step`)."""

from __future__ import annotations

from tremor.core.code_step import RESOLVED_STEPS

__all__ = ["coarse_level_note", "unresolved_calm_note"]


def coarse_level_note(
    where: str, label: str, rms_mps2: float | None, steps: tuple[float | None, float | None, float | None]
) -> str | None:
    """A set's note where the sensor's step is coarser than its 6-12 Hz level (a tremor there is read roughly).

    A 6-12 Hz sine quantised to steps of ``q`` (its noise under a step) reads, band-passed, within about 15 % of its
    RMS from half a step up, but under about a third of a step as nothing or up to 1.8 times larger, depending on
    where its middle falls between two codes: a set whose 6-12 Hz RMS is under a step may hold such stretches (its
    first third, say), so its label and its rise may show the steps rather than the muscle.

    Parameters
    ----------
    where : str
        The set's name and times.
    label : str
        Its label.
    rms_mps2 : float or None
        Its 6-12 Hz RMS (None: not measured, no note).
    steps : tuple of float or None
        Each axis's code step (:class:`CodeStep`).

    Returns
    -------
    str or None
        The note, or None where the level stands above a step or no step is known.
    """
    known = [q for q in steps if q is not None]
    if (
        rms_mps2 is None
        or not known
        or rms_mps2 >= max(known)
        or label in ("not_assessable", "atypical_tremor")
    ):
        return None
    q = max(known)
    return (
        f"{where}: its 6-12 Hz level ({rms_mps2:.3f} m/s^2 RMS) is under one of the sensor's code steps ({q:.3f} "
        f"m/s^2): a tremor under about half a step ({q / 2:.2f} m/s^2 RMS) may read as nothing or larger than it is, "
        f"so its label ({label}) and its rise may show the sensor's steps rather than what the muscle did"
    )


def unresolved_calm_note(where: str, rms_mps2: float, step_mps2: float) -> str:
    """A set's note where a ``calm`` or ``enhanced_tremor`` level lies under the sensor's resolution: not assessed.

    ``calm`` says the set's 6-12 Hz tremor neither built up nor stood high over the rest, ``enhanced_tremor`` that it
    stood high without building. Under half a code step (:func:`under_resolution`) a tremor reads as constant codes
    or a flicker between two, so a fatigue tremor that size (the red team's faint fatigue, 0.05-0.09 m/s^2 through
    0.153 m/s^2 steps) can leave no trace, and a level over a rest on constant codes (a rest level near 0) is the
    flicker's: neither is shown.

    Parameters
    ----------
    where : str
        The set's name and times.
    rms_mps2 : float
        Its 6-12 Hz RMS, m/s^2.
    step_mps2 : float
        The coarsest axis's code step, m/s^2.

    Returns
    -------
    str
        The note.
    """
    return (
        f"{where}: its 6-12 Hz level ({rms_mps2:.3f} m/s^2 RMS) is under the sensor's resolution ({step_mps2:.3f} "
        f"m/s^2 a step): a tremor under about half a step ({RESOLVED_STEPS * step_mps2:.2f} m/s^2 RMS), a fatigue "
        "tremor too, may read as nothing or larger than it is, so whether the set stayed calm, stood high or built "
        "up cannot be assessed (not_assessable)"
    )
