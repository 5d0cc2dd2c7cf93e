"""Ground-truth records of a simulated session (re-exported by :mod:`tremor.sim.session`).

All times are in seconds on the recording's clock (first sample at 0); amplitudes in m/s^2.
"Tremor RMS" is the root mean square of the Euclidean norm of the 3-axis component over the
samples in the interval, ``sqrt(mean(|v|^2))``. "Power-weighted mean frequency" of an oscillator
component is ``sum(A^2 f) / sum(A^2)`` over the samples in the interval and over the oscillators
making up the component, with ``A`` the instantaneous amplitude and ``f`` the instantaneous
frequency (for a narrow-band signal this equals the centroid of its spectrum).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["LABELS", "Label", "Kind", "TrueSet", "TrueTwitch", "TrueEpisode", "SessionTruth"]

Label = Literal["calm", "fatigue_tremor", "fasciculations", "mixed", "atypical_tremor"]
Kind = Literal["reps", "hold"]

#: The set labels the simulator knows.
LABELS: tuple[str, ...] = ("calm", "fatigue_tremor", "fasciculations", "mixed", "atypical_tremor")


@dataclass(frozen=True)
class TrueSet:
    """One simulated set and its recovery.

    Attributes
    ----------
    index : int
        0-based position in the session.
    start_s, end_s : float
        Start of the movement into position and end of the movement back down.
    recovery_end_s : float
        End of the rest after the set: the next set's ``start_s``, or the session end.
    label : str
        One of :data:`LABELS`.
    kind : {"reps", "hold"}
        Dynamic repetitions or a static (isometric) hold.
    tremor_peak_hz : float
        Power-weighted mean frequency of the physiological (6-12 Hz) tremor component over
        ``[start_s, end_s)``.
    start_hz, end_hz : float
        Nominal centre frequency of the physiological tremor when the body of the set begins
        (the arm has reached position) and when it ends (the arm starts back down).
    tremor_rms_first_third, tremor_rms_last_third : float
        RMS of the physiological tremor component over the first and last third of
        ``[start_s, end_s)`` (samples in ``[start_s, start_s + d/3)`` and ``[end_s - d/3, end_s)``).
    tremor_rms_mps2 : float
        RMS of the physiological tremor component over the whole set.
    rotation_deg : float
        Angle between the gravity direction at rest before the set and during the set.
    rep_rate_hz : float or None
        Mean repetition rate for ``reps`` sets, None for holds.
    atypical_hz : float or None
        For ``atypical_tremor`` sets, the power-weighted mean frequency of the out-of-band tremor
        component over the set; None otherwise.
    atypical_rms_mps2 : float or None
        RMS of that component over the whole set (ramps included); None otherwise.
    """

    index: int
    start_s: float
    end_s: float
    recovery_end_s: float
    label: str
    kind: str
    tremor_peak_hz: float
    start_hz: float
    end_hz: float
    tremor_rms_first_third: float
    tremor_rms_last_third: float
    tremor_rms_mps2: float
    rotation_deg: float
    rep_rate_hz: float | None = None
    atypical_hz: float | None = None
    atypical_rms_mps2: float | None = None


@dataclass(frozen=True)
class TrueTwitch:
    """One simulated fasciculation.

    Attributes
    ----------
    t_s : float
        Time of the peak of ``|a|`` of the (continuous-time) twitch waveform.
    peak_mps2 : float
        Peak ``|a|`` of the continuous-time twitch component.
    duration_ms : float
        Total duration of the waveform (it is exactly zero outside it).
    set_index : int
        The set whose body (``in_set``) or recovery contains the twitch.
    peak_sampled_mps2 : float
        Largest ``|a|`` of the twitch component over the actual samples (at most ``peak_mps2``;
        lower when no sample falls on the peak).
    in_set : bool
        True for a twitch during a hold set, False for one in the rest after it.
    """

    t_s: float
    peak_mps2: float
    duration_ms: float
    set_index: int
    peak_sampled_mps2: float
    in_set: bool = False


@dataclass(frozen=True)
class TrueEpisode:
    """A sustained episode of rhythmic out-of-band tremor at rest.

    Attributes
    ----------
    start_s, end_s : float
        Where its envelope starts and stops (2 s smooth ramps included).
    peak_hz : float
        Power-weighted mean frequency of the episode's component over ``[start_s, end_s)``.
    rms_mps2 : float
        RMS of the episode's component over ``[start_s, end_s)``.
    """

    start_s: float
    end_s: float
    peak_hz: float
    rms_mps2: float


@dataclass(frozen=True)
class SessionTruth:
    """Everything the simulator put into a session.

    Attributes
    ----------
    sets : tuple of TrueSet
        In time order, non-overlapping.
    twitches : tuple of TrueTwitch
        In time order.
    atypical_episodes : tuple of TrueEpisode
        Rest episodes of out-of-band tremor (only with ``atypical_rest_hz``).
    walking : tuple of (float, float)
        Walking bouts ``(start_s, end_s)``, smooth 1 s ramps included.
    impacts : tuple of float
        Onset (= peak) times of the large broadband impacts.
    rest_tremor_hz : float
        Power-weighted mean frequency of the physiological tremor over the initial rest
        ``[0, sets[0].start_s)``; the nominal centre frequency of every rest is the same.
    rest_tremor_rms_mps2 : float
        RMS of the physiological tremor component over the initial rest (the person's baseline).
    posture_adjustments : tuple of (float, float)
        Small posture adjustments in rests: ``(centre - 2.5 sigma, centre + 2.5 sigma)`` of the
        derivative-of-Gaussian pulse (its drawn 0.8-2 s duration).
    duration_s : float
        Nominal session length (end of the last recovery).
    noise_rms_mps2 : tuple of float
        Sensor white-noise standard deviation per axis (before quantisation).
    """

    sets: tuple[TrueSet, ...]
    twitches: tuple[TrueTwitch, ...]
    atypical_episodes: tuple[TrueEpisode, ...]
    walking: tuple[tuple[float, float], ...]
    impacts: tuple[float, ...]
    rest_tremor_hz: float
    rest_tremor_rms_mps2: float
    posture_adjustments: tuple[tuple[float, float], ...]
    duration_s: float
    noise_rms_mps2: tuple[float, float, float]
