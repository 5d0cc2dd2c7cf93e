"""A 6-12 Hz tremor too large from a hold's start for a loaded hold's own shake: the re-test hedge (issue 9, R8-3).

The rules give the re-test and clinician advice (``see_a_clinician``) for rhythms outside 6-12 Hz. A tremor inside
the band is read as physiological: calm, enhanced (``stabiliser_demand``, caffeine, sleep) or growing with fatigue.
That reading has a size. A normal postural hand tremor measures 0.0015-0.035 g at its peak frequency (97 subjects
aged 15-80, accelerometer on the hand: about 0.01-0.24 m/s^2 RMS for a sinusoid, and the hand moves more than the
wrist the watch sits on); the red team's caffeine holds reach 0.10-0.18 m/s^2 RMS at the wrist in their first third,
its fatigue holds and the project simulator's start near the rest's 0.02-0.06 and grow from there. A tremor of 0.25
m/s^2 or more in the first third of most holds, at a line inside the band, that does not grow through them, is
above the unloaded range and there before fatigue could build it: the picture of a postural tremor which is not the
body's physiological one (red team R8, ``essential``: 0.3-1.0 m/s^2 at 6-8 Hz from 1-2 s after the pose in every
hold). But load and effort raise the physiological tremor too (an outstretched arm's several times a supported
hand's; up to ten times for hours after a maximal effort): a healthy near-maximal hold can reach this size from its
start, and the rule cannot tell it from a postural tremor (h-rev51: a steady hold tremor of 0.25-0.35 m/s^2 gets the
hedge in most draws). So the cause says what was measured and what else could give it, names the unloaded re-test,
and carries the conditional re-test advice; it never names a condition. The tremor must be the hold's own: its first
third 9x the rest's power or more and the set not ``calm`` (a shiver or a vehicle's shake as large at rest is not).

Only holds count: a set of reps puts its movement's harmonics and a bar's whip into 6-12 Hz (a bench press at 50 Hz
read 0.28 m/s^2 at 7.2 Hz in its first third, red-team seed 614).
"""

from __future__ import annotations

from collections.abc import Sequence

from tremor.core.causes import CAUSES, Cause, SetFacts
from tremor.core.set_labels import ENHANCED_OVER_REST, FATIGUE_RISE_MIN, rise_within_chance
from tremor.core.spectral import BANDS

__all__ = [
    "LARGE_POSTURAL_RMS",
    "MIN_HOLDS",
    "first_third_rms",
    "large_postural_cause",
    "with_large_postural",
]

#: 6-12 Hz RMS (m/s^2) in a hold's first third over which its tremor is larger than a loaded hold's own shake.
LARGE_POSTURAL_RMS = 0.25
#: Holds that must show it (and at least half of the session's assessed holds).
MIN_HOLDS = 2
#: The cause's likelihood: as the out-of-band rule's set-level clinician cause.
LIKELIHOOD = 0.5


def first_third_rms(s: SetFacts) -> float | None:
    """The 6-12 Hz RMS (m/s^2) of a set's first third, from its whole-set RMS and power ratios.

    Parameters
    ----------
    s : SetFacts
        The set.

    Returns
    -------
    float or None
        ``rms * sqrt(first third over rest / set over rest)``; None where a figure is missing.
    """
    m = s.metrics
    rise, over, whole = m.end_to_start_ratio, m.last_third_vs_rest, m.power_vs_rest
    if m.rms_mps2 is None or not rise or over is None or not whole:
        return None
    return float(m.rms_mps2 * (over / rise / whole) ** 0.5)


def _line_hz(s: SetFacts) -> float | None:
    """The set's tremor line (Hz): its peak inside 6-12 Hz, or 6.0 where the line lies on the band's lower edge bin
    and is measured as the band's tremor (:attr:`tremor.core.classify.SetMetrics.oob_on_edge`); else None."""
    m, band = s.metrics, BANDS["physiological"]
    if m.peak_hz is not None and band.low_hz <= m.peak_hz <= band.high_hz:
        return float(m.peak_hz)
    return band.low_hz if m.oob_on_edge else None


def _large(s: SetFacts) -> bool:
    """A hold whose in-band tremor line is at :data:`LARGE_POSTURAL_RMS` or more in its first third, no rise after,
    and the hold's own: its first third at least :data:`~tremor.core.set_labels.ENHANCED_OVER_REST` times the rest
    baseline in power and the set not ``calm`` (a shiver or a vehicle's shake as large at rest is the session's, not
    the posture's)."""
    m = s.metrics
    first = first_third_rms(s)
    rise, over = m.end_to_start_ratio, m.last_third_vs_rest
    own = rise is not None and rise > 0 and over is not None and over / rise >= ENHANCED_OVER_REST
    steady = m.end_to_start_ratio is not None and (
        m.end_to_start_ratio < FATIGUE_RISE_MIN or rise_within_chance(m)
    )
    return (
        first is not None
        and first >= LARGE_POSTURAL_RMS
        and steady
        and own
        and _line_hz(s) is not None
        and s.label not in ("atypical_tremor", "calm")
    )


def large_postural_cause(sets: Sequence[SetFacts]) -> Cause | None:
    """``see_a_clinician`` where most holds carry a large, steady 6-12 Hz tremor from their start.

    Parameters
    ----------
    sets : sequence of SetFacts
        The session's sets.

    Returns
    -------
    Cause or None
        The cause, where :data:`MIN_HOLDS` or more holds, and at least half of the assessed holds (their tremor
        measured, the recording not opened inside them), qualify; else None.
    """
    holds = [
        s
        for s in sets
        if s.kind == "hold" and s.metrics.assessable and s.metrics.rms_mps2 is not None and not s.start_unseen
    ]
    big = [s for s in holds if _large(s)]
    if len(big) < MIN_HOLDS or 2 * len(big) < len(holds):
        return None
    sizes = sorted(first_third_rms(s) or 0.0 for s in big)
    hz = sorted(_line_hz(s) or 0.0 for s in big)
    where = f"{hz[0]:.1f} Hz" if hz[-1] - hz[0] < 0.15 else f"{hz[0]:.1f}-{hz[-1]:.1f} Hz"
    inside = (
        "on the 6-12 Hz band's lower edge"
        if hz[-1] <= BANDS["physiological"].low_hz
        else "in the 6-12 Hz band"
    )
    evidence = [
        f"a tremor at {where}, {inside}, of {sizes[0]:.2f}-{sizes[-1]:.2f} m/s^2 RMS already in the "
        f"first third of {len(big)} of {len(holds)} holds, 3 times the rest's level or more and without a fatigue "
        "rise through them",
        "that is above an unloaded hand's normal postural tremor (up to about 0.24 m/s^2 in a normative study), and "
        "a fatigue tremor starts small and grows through the hold",
        "a near-maximal, very heavy or unfamiliar load, an earlier maximal effort (it can raise the tremor for "
        "hours), shivering, or a device shaking the wrist can do this too, and one recording cannot tell a passing "
        "state from a persistent one: re-test also holding the arm out without a weight, as a load's shake goes "
        "with the load",
    ]
    grade, advice = CAUSES["see_a_clinician"]
    return Cause("see_a_clinician", LIKELIHOOD, grade, "; ".join(evidence), advice)


def with_large_postural(causes: Sequence[Cause], sets: Sequence[SetFacts]) -> tuple[Cause, ...]:
    """The session's causes with :func:`large_postural_cause` added where it fires and no clinician cause is there.

    Parameters
    ----------
    causes : sequence of Cause
        The session's causes (:func:`tremor.core.causes.session_causes`), most likely first.
    sets : sequence of SetFacts
        The session's sets.

    Returns
    -------
    tuple of Cause
        The causes, most likely first; one ``see_a_clinician`` at most (an out-of-band rest tremor's, where there is
        one, already gives the same advice).
    """
    if any(c.id == "see_a_clinician" for c in causes):
        return tuple(causes)
    extra = large_postural_cause(sets)
    if extra is None:
        return tuple(causes)
    return tuple(sorted([*causes, extra], key=lambda c: -c.likelihood))
