"""Labelled wrist-accelerometer sessions built from first principles, to stress the ``tremor`` analyser.

This generator is written independently of the analyser: it was built from the physiology and the
sensor physics below and the public documents (README, ``docs/report.md``, ``docs/causes.md``), not
from the detector code, so its hard cases are not the ones the detector was tuned to. Every function
takes a ``numpy.random.Generator`` (or an int seed) and returns a :class:`tremor.Recording` plus a
:class:`Truth` with the exact answer.

What it assumes, and why
------------------------
Sensor
    A wrist-worn accelerometer reads specific force in its own axes: gravity (9.81 m/s^2) projected
    on the device axes by the wrist's orientation, plus linear acceleration. At rest the wrist
    drifts a few degrees over tens of seconds (a smoothed random walk of roll and pitch, 1-4 degrees
    RMS). The sensor samples on a crystal clock (uniform in true time) at 50, 100 or 200 Hz; the time
    stamps the host attaches carry jitter (Gaussian, 0-10 % of the interval, kept monotonic), as phone
    and BLE time stamps do. White noise 0.01-0.03 m/s^2 per axis (MEMS accelerometers at these rates:
    100-300 ug/sqrt(Hz)); optional quantisation (16-bit at +-8 g = 0.0024 m/s^2, 12-bit = 0.038).
    The sensor's digital low-pass filter removes content above 0.45 fs, so no component above that is
    synthesised (nothing aliases). BLE dropouts of 0.05-3 s remove samples: the time stamps jump, and
    nothing is logged about it. The first sample is at 0 s (``Recording`` requires it).
Rest
    Physiological tremor is always there: a broad (3 Hz wide) process at 8-11 Hz of 0.004-0.012 m/s^2
    RMS at the wrist, below or near the noise floor.
Resistance exercise sets
    Reps at 0.2-0.6 Hz (2-5 s per rep) with 0.5-3 m/s^2 of linear acceleration (a 0.3-0.6 m bar path),
    with 2nd and 3rd harmonics (non-sinusoidal reps), the forearm tilted 30-80 degrees from its rest
    orientation for the set and swinging 10-30 degrees per rep; 0.6-1.2 s raised-cosine onset and end.
    A set's true start and end are the start of the onset and the end of the release.
Enhanced physiological / fatigue tremor
    A narrow-band process (a Lorentzian line of 1-3 Hz full width, the shape of a resonant
    mechanical-reflex oscillation driven by unsynchronised motor-unit noise) whose centre starts at
    7-11 Hz and drifts 0.3-1.5 Hz down through the set, as the tremor frequency falls with fatigue.
    Its power grows exponentially so that the last-third / first-third power ratio is the set's
    ``ratio`` (1.2-4x; the realised ratio of the synthesised component is stored as well).
    Starting RMS 0.02-0.04 m/s^2, so that the end of a hard set reaches 0.05-0.15 m/s^2.
    A calm set carries physiological tremor 1.0-1.4x its rest level with ratio 1.
Twitches (fasciculations)
    Single motor-unit twitches seen at the wrist as damped oscillations of the soft tissue: duration
    (to e^-3) 20-150 ms, ringing at 12-35 Hz (capped at 0.35 fs), starting from zero (sine phase:
    the twitch force, hence the acceleration, rises from zero), peak from the noise floor to
    0.3 m/s^2, in a random direction, at rest, 0.3-3 s apart, with pairs and triplets 0.3-0.6 s apart
    (a fasciculating unit often fires in doublets). Truth time: the time of the peak |acceleration|.
Machine vibration
    A motor, treadmill or vibrating handle: a spectral line at 3-20 Hz, 0.02-0.5 m/s^2 amplitude,
    its 2nd harmonic at 20-40 % of it (if below 0.45 fs), frequency stable to +-0.3 %, in a fixed
    device direction, present through rests and sets alike. It is not tremor.
Vigorous rhythmic sets
    Kettlebell swings (0.6-0.9 Hz, 8-15 m/s^2, +-60 degree swing), battle ropes (1.8-2.5 Hz,
    5-12 m/s^2), rowing / swim strokes (0.4-0.8 Hz, 3-6 m/s^2, a catch transient each stroke) and
    jumps (1.0-2.0 Hz, 5-10 m/s^2 plus 15-25 m/s^2 landing impacts ringing at 15-25 Hz). Periodic
    with harmonics up to 10 Hz, cycle-to-cycle frequency wander of 1-3 %, amplitude growing 1.3-2x
    and harmonics getting richer as the set gets harder. Their 6-12 Hz power rises through the
    set, but it is movement, not tremor: the expected label is ``calm``.
Walking
    Steps at a cadence of 1.6-2.0 Hz, arm swing at half the cadence (2-4 m/s^2, +-15 degrees, the
    arm hanging 40-70 degrees from its rest orientation), the body's vertical bounce at the cadence
    (1.5-3 m/s^2) and a heel-strike impact each step (1-3 m/s^2 at the wrist, ringing at 10-20 Hz, 15 ms decay).
Out-of-band rhythmic tremor at rest
    Episodes of 15-40 s at 4-5 Hz or 14-17 Hz, narrow (frequency wandering 0.1-0.25 Hz RMS),
    0.05-0.2 m/s^2 RMS with the amplitude wandering +-25 % over seconds (pathological tremor is
    steadier than the noise-driven physiological tremor), with 1 s ramps, at rest.

Expected labels
---------------
A set's label comes from its own tremor and the twitches in its recovery (the rest after it, up to
the next set). Tremor means an *observable* ratio >= 1.5: the realised last-third / first-third
power of the synthesised tremor plus the 6-12 Hz background (rest tremor and the white noise of the
three axes), since a rise buried in the noise floor cannot be seen; 1.2-1.875 (1.5 +- the ~25 %
scatter of a power ratio of a 1-3 Hz wide process over 10-15 s thirds) is ambiguous. Tremor and twitches -> ``mixed``; tremor -> ``fatigue_tremor``;
>= 3 detectable twitches -> ``fasciculations``; a tremor that does not rise but whose last third is
>= 9x the rest's 6-12 Hz background -> ``enhanced_tremor`` (ambiguous within +-25 %); nothing -> ``calm``. Where the truth is ambiguous
(ratio 1.2-1.5, one or two twitches, an out-of-band episode in the recovery) both readings are
accepted (:attr:`TrueSet.acceptable`). A twitch counts as detectable when its peak is at least
:data:`DETECTABLE_SNR` times the noise per axis (and at least 0.05 m/s^2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.signal import lfilter

from tremor import Recording, SourceInfo

__all__ = [
    "DETECTABLE_SNR",
    "FATIGUE_RATIO_MIN",
    "VIGOROUS_KINDS",
    "G",
    "Scenario",
    "SessionBuilder",
    "TrueEpisode",
    "TrueSet",
    "TrueTwitch",
    "Truth",
    "dropout_session",
    "fatigue_session",
    "gym_session",
    "gait_session",
    "out_of_band_session",
    "paced_tremor_session",
    "rowing_session",
    "twitch_session",
    "vibration_session",
    "vigorous_session",
]

G = 9.81
#: A twitch counts as detectable at this peak / noise-per-axis ratio or more (and >= 0.05 m/s^2).
DETECTABLE_SNR = 4.0
#: A set whose last-third / first-third tremor power ratio is at least this is fatigue tremor;
#: 1.2-1.5 is ambiguous (within the scatter of a 1-3 Hz wide process measured over 10-20 s thirds).
FATIGUE_RATIO_MIN = 1.5
FATIGUE_RATIO_AMBIGUOUS = 1.2
#: A tremor that does not rise is enhanced physiological tremor where its last third is at least this many
#: times the rest's 6-12 Hz power (rest tremor and noise); within +-25 % of it, ambiguous.
ENHANCED_LEVEL = 9.0
VIGOROUS_KINDS = ("kettlebell", "battle_ropes", "rowing", "jumps")


@dataclass
class TrueSet:
    """One set as generated: where it is and what it should be called."""

    start_s: float
    end_s: float
    label: str
    acceptable: frozenset[str]
    kind: str = "reps"  #: "reps" or one of VIGOROUS_KINDS
    ratio: float | None = None  #: designed last-third / first-third tremor power ratio
    realised_ratio: float | None = None  #: the same ratio of the synthesised tremor component
    observable_ratio: float | None = None  #: realised, over the 6-12 Hz background of rest tremor and noise
    peak_hz: float | None = None  #: power-weighted tremor centre frequency over the set
    #: maximum of the set's expected tremor spectrum (the Lorentzian lines of the drifting centre,
    #: weighted by the growing power); None where it lies outside 6.25-11.75 Hz. For a drifting tremor
    #: it sits nearer the end frequency than the power-weighted centre does.
    spectral_peak_hz: float | None = None
    tremor_rms_mps2: float | None = None


@dataclass
class TrueTwitch:
    """One twitch: time of its peak |acceleration| and that peak."""

    t_s: float
    peak_mps2: float
    duration_s: float
    detectable: bool = True


@dataclass
class TrueEpisode:
    """An out-of-band rhythmic tremor episode at rest."""

    start_s: float
    end_s: float
    freq_hz: float
    rms_mps2: float


@dataclass
class Truth:
    """Everything known about a generated session. Times in seconds from the first sample."""

    fs: float
    noise_mps2: float
    sets: list[TrueSet] = field(default_factory=list)
    twitches: list[TrueTwitch] = field(default_factory=list)
    vibration_lines: list[tuple[float, float]] = field(default_factory=list)  #: (Hz, amplitude m/s^2)
    episodes: list[TrueEpisode] = field(default_factory=list)
    walking: list[tuple[float, float]] = field(default_factory=list)
    #: runs (steps at 2.5-3 Hz): gait, but neither walking nor a set in the truth; scored by the tests that make them
    running: list[tuple[float, float]] = field(default_factory=list)
    gaps: list[tuple[float, float]] = field(default_factory=list)  #: (last sample before, first after)
    description: str = ""


@dataclass
class Scenario:
    """A generated recording and its truth."""

    recording: Recording
    truth: Truth


def _rng(seed: np.random.Generator | int | None) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _window(t: np.ndarray, start: float, end: float, ramp: float) -> np.ndarray:
    """1 inside [start + ramp, end - ramp], raised-cosine edges, 0 outside [start, end]."""
    w = np.zeros_like(t)
    inside = (t >= start) & (t <= end)
    w[inside] = 1.0
    if ramp > 0:
        up = (t >= start) & (t < start + ramp)
        w[up] = 0.5 - 0.5 * np.cos(np.pi * (t[up] - start) / ramp)
        down = (t > end - ramp) & (t <= end)
        w[down] = 0.5 - 0.5 * np.cos(np.pi * (end - t[down]) / ramp)
    return w


def _smooth_walk(rng: np.random.Generator, n: int, fs: float, corr_s: float, rms: float) -> np.ndarray:
    """A smooth random process (white noise through a 1-pole low-pass, twice) of the given RMS."""
    a = np.exp(-1.0 / (corr_s * fs))
    x = rng.normal(size=n + int(5 * corr_s * fs))
    x = lfilter([1 - a], [1, -a], lfilter([1 - a], [1, -a], x))[-n:]
    s = x.std()
    return x * (rms / s) if s > 0 else x


def _expected_peak(centre: np.ndarray, power: np.ndarray, width_hz: float) -> float | None:
    """Maximum of the mean of Lorentzian lines (FWHM ``width_hz``) at ``centre`` weighted by ``power``.

    The expected spectrum of a narrow-band process whose centre and power change over the set; its
    maximum on a 0.01 Hz grid, or None where it lies outside 6.25-11.75 Hz (no peak inside the band).
    """
    grid = np.arange(4.0, 14.0, 0.01)
    step = max(1, centre.size // 2000)
    c, w = centre[::step], power[::step]
    half = width_hz / 2
    spec = (w[None, :] * half / ((grid[:, None] - c[None, :]) ** 2 + half**2)).sum(axis=1)
    f = float(grid[int(np.argmax(spec))])
    return f if 6.25 <= f <= 11.75 else None


def narrowband(
    rng: np.random.Generator, t: np.ndarray, fs: float, centre_hz: np.ndarray | float, width_hz: float
) -> np.ndarray:
    """A unit-RMS narrow-band process: a Lorentzian line of ``width_hz`` (FWHM) at ``centre_hz(t)``.

    Complex white noise through a one-pole low-pass of half-width ``width_hz / 2`` (the baseband
    Lorentzian) is shifted to the (possibly drifting) centre by the integrated phase.
    """
    n = t.size
    pole = np.exp(-np.pi * width_hz / fs)
    lead = int(5 * fs / max(width_hz, 0.05))
    w = rng.normal(size=n + lead) + 1j * rng.normal(size=n + lead)
    base = lfilter([1 - pole], [1, -pole], w)[lead:]
    base /= np.sqrt(np.mean(np.abs(base) ** 2))
    f = np.broadcast_to(np.asarray(centre_hz, dtype=float), t.shape)
    phase = 2 * np.pi * np.cumsum(f) / fs
    return np.sqrt(2) * np.real(base * np.exp(1j * phase))


def damped_transient(
    t: np.ndarray, t0: float, peak: float, freq_hz: float, duration_s: float, phase: float = 0.0
) -> tuple[np.ndarray, float]:
    """A damped oscillation starting at ``t0``, scaled so its peak |value| is ``peak``.

    Returns the waveform over ``t`` and the exact time of its peak |value| (on a fine grid).
    """
    tau = duration_s / 3.0
    fine = np.linspace(0, duration_s, 2001)
    shape = (
        np.exp(-fine / tau)
        * np.sin(2 * np.pi * freq_hz * fine + phase)
        * np.sin(np.pi * np.minimum(fine / 0.004, 0.5))
    )
    k = int(np.argmax(np.abs(shape)))
    scale = peak / abs(shape[k])
    u = t - t0
    on = (u >= 0) & (u <= duration_s)
    out = np.zeros_like(t)
    uu = u[on]
    out[on] = (
        scale
        * np.exp(-uu / tau)
        * np.sin(2 * np.pi * freq_hz * uu + phase)
        * np.sin(np.pi * np.minimum(uu / 0.004, 0.5))
    )
    return out, t0 + float(fine[k])


class SessionBuilder:
    """Build a session on the sensor's uniform clock, then stamp, quantise and drop samples.

    Parameters
    ----------
    fs : float
        Sampling rate of the sensor clock, Hz.
    duration_s : float
        Length of the session in seconds.
    rng : numpy.random.Generator
        Source of all randomness.
    noise_mps2 : float
        White noise per axis, m/s^2.
    """

    def __init__(
        self, fs: float, duration_s: float, rng: np.random.Generator, noise_mps2: float = 0.02
    ) -> None:
        self.fs = float(fs)
        self.rng = rng
        self.t = np.arange(round(duration_s * fs)) / fs
        n = self.t.size
        self.lin = np.zeros((n, 3))
        # orientation: roll and pitch in radians, slow drift at rest
        self.roll = _smooth_walk(rng, n, fs, corr_s=8.0, rms=np.deg2rad(rng.uniform(1, 4)))
        self.pitch = _smooth_walk(rng, n, fs, corr_s=8.0, rms=np.deg2rad(rng.uniform(1, 4)))
        self.truth = Truth(fs=self.fs, noise_mps2=noise_mps2)
        self.noise = noise_mps2
        self.nyq_cap = 0.45 * self.fs
        rest_rms = rng.uniform(0.004, 0.012)
        self.rest_tremor_rms = rest_rms
        self.lin += np.outer(rest_rms * narrowband(rng, self.t, fs, rng.uniform(8, 11), 3.0), _unit(rng))

    # -- building blocks ---------------------------------------------------------------------
    def add_rep_set(
        self,
        start: float,
        end: float,
        *,
        tremor_ratio: float | None = None,
        calm_factor: float | None = None,
        f_start: float | None = None,
        drift_hz: float | None = None,
        a0: float | None = None,
        width_hz: float | None = None,
        rep_hz: float | None = None,
        move_mps2: float | None = None,
        pose_deg: float | None = None,
        swing_deg: float | None = None,
    ) -> TrueSet:
        """A resistance-exercise set, calm or with tremor growing by ``tremor_ratio``.

        The arm is pitched ``pose_deg`` (drawn from 30-80) from its rest pose and swings by ``swing_deg``
        (drawn from 10-30) each rep; the draws are made either way, so a seed gives the same session.
        """
        rng, t = self.rng, self.t
        ramp = rng.uniform(0.6, 1.2)
        w = _window(t, start, end, ramp)
        rep_hz = rep_hz if rep_hz is not None else rng.uniform(0.2, 0.6)
        move = move_mps2 if move_mps2 is not None else rng.uniform(0.5, 3.0)
        ph = 2 * np.pi * rep_hz * (t - start)
        wave = (
            np.sin(ph)
            + 0.3 * np.sin(2 * ph + rng.uniform(0, 6.3))
            + 0.1 * np.sin(3 * ph + rng.uniform(0, 6.3))
        )
        self.lin += np.outer(move * w * wave / 1.05, _unit(rng))
        pose, swing = rng.uniform(30, 80), rng.uniform(10, 30)
        pose, swing = pose if pose_deg is None else pose_deg, swing if swing_deg is None else swing_deg
        self.pitch += w * (np.deg2rad(pose) + np.deg2rad(swing) * np.sin(ph))
        self.roll += w * np.deg2rad(rng.uniform(-30, 30))
        return self._set_tremor(
            start, end, w, "reps", tremor_ratio, calm_factor, f_start, drift_hz, a0, width_hz
        )

    def _set_tremor(
        self,
        start: float,
        end: float,
        w: np.ndarray,
        kind: str,
        ratio: float | None,
        calm_factor: float | None,
        f_start: float | None,
        drift_hz: float | None,
        a0: float | None,
        width_hz: float | None,
    ) -> TrueSet:
        rng, t, fs = self.rng, self.t, self.fs
        u = np.clip((t - start) / (end - start), 0, 1)
        if ratio is None:
            rms = self.rest_tremor_rms * (calm_factor if calm_factor is not None else rng.uniform(1.0, 1.4))
            f_c = rng.uniform(8, 11)
            x = rms * narrowband(rng, t, fs, f_c, 3.0) * w
            self.lin += np.outer(x, _unit(rng))
            ts = TrueSet(start, end, "calm", frozenset({"calm"}), kind=kind, ratio=1.0, tremor_rms_mps2=rms)
            self.truth.sets.append(ts)
            return ts
        f0 = f_start if f_start is not None else rng.uniform(7, 11)
        drift = drift_hz if drift_hz is not None else rng.uniform(0.3, 1.5)
        width = width_hz if width_hz is not None else rng.uniform(1.0, 3.0)
        amp0 = a0 if a0 is not None else rng.uniform(0.02, 0.04)
        centre = f0 - drift * u
        gamma = 1.5 * np.log(ratio)  # power ~ exp(gamma u): last third / first third = exp(2 gamma / 3)
        env = amp0 * np.exp(0.5 * gamma * u) * w
        x = env * narrowband(rng, t, fs, centre, width)
        self.lin += np.outer(x, _unit(rng))
        inset = (t >= start) & (t <= end)
        p = env[inset] ** 2
        peak = float(np.sum(p * centre[inset]) / np.sum(p))
        spectral = _expected_peak(centre[inset], p, width)
        uu = u[inset]
        xx = x[inset] ** 2
        realised = float(xx[uu >= 2 / 3].mean() / xx[uu <= 1 / 3].mean())
        # what a 6-12 Hz power ratio over the three axes can see: the tremor over the background of
        # rest tremor and white noise (3 axes x sigma^2 x 6 Hz / (fs / 2))
        bg = self.rest_tremor_rms**2 + 3 * self.noise**2 * 6.0 / (fs / 2)
        observable = float((xx[uu >= 2 / 3].mean() + bg) / (xx[uu <= 1 / 3].mean() + bg))
        # a tremor that does not rise is enhanced where its last third stands ENHANCED_LEVEL over the rest's
        # 6-12 Hz background (which is the rest baseline here), calm below; ambiguous within +-25 % of it
        level = float((xx[uu >= 2 / 3].mean() + bg) / bg)
        flat = "enhanced_tremor" if level >= ENHANCED_LEVEL else "calm"
        label = "fatigue_tremor" if observable >= FATIGUE_RATIO_MIN else flat
        acceptable = {label}
        if FATIGUE_RATIO_AMBIGUOUS <= observable < FATIGUE_RATIO_MIN * 1.25:
            acceptable |= {flat, "fatigue_tremor"}
        if label != "fatigue_tremor" and ENHANCED_LEVEL / 1.25 <= level < ENHANCED_LEVEL * 1.25:
            acceptable |= {"calm", "enhanced_tremor"}
        ts = TrueSet(
            start,
            end,
            label,
            frozenset(acceptable),
            kind=kind,
            ratio=ratio,
            realised_ratio=realised,
            observable_ratio=observable,
            peak_hz=peak if label == "fatigue_tremor" else None,
            spectral_peak_hz=spectral if label == "fatigue_tremor" else None,
            tremor_rms_mps2=float(np.sqrt(p.mean())),
        )
        self.truth.sets.append(ts)
        return ts

    def add_vigorous_set(
        self,
        start: float,
        end: float,
        kind: str,
        *,
        growth: float | None = None,
        rate_hz: tuple[float, float] | None = None,
    ) -> TrueSet:
        """A vigorous rhythmic set (no tremor): see :data:`VIGOROUS_KINDS`; ``rate_hz`` overrides the kind's cycle-rate range."""
        rng, t, fs = self.rng, self.t, self.fs
        if kind not in VIGOROUS_KINDS:
            raise ValueError(f"kind must be one of {VIGOROUS_KINDS}, got {kind!r}")
        f_lo, f_hi, a_lo, a_hi, swing_deg, decay = {
            "kettlebell": (0.6, 0.9, 8, 15, 60, 1.5),
            "battle_ropes": (1.8, 2.5, 5, 12, 15, 1.2),
            "rowing": (0.4, 0.8, 3, 6, 35, 1.4),
            "jumps": (1.0, 2.0, 5, 10, 10, 1.6),
        }[kind]
        if rate_hz is not None:
            f_lo, f_hi = rate_hz
        ramp = rng.uniform(0.5, 1.0)
        w = _window(t, start, end, ramp)
        u = np.clip((t - start) / (end - start), 0, 1)
        growth = growth if growth is not None else rng.uniform(1.3, 2.0)
        f_r = rng.uniform(f_lo, f_hi) * (1 + _smooth_walk(rng, t.size, fs, 1.5, rng.uniform(0.01, 0.03)))
        phase = 2 * np.pi * np.cumsum(f_r) / fs
        amp = rng.uniform(a_lo, a_hi) * (1 + (growth - 1) * u)
        # harmonics get richer as the set gets harder: decay exponent falls by 0.4 over the set
        wave = np.zeros_like(t)
        k_max = int(min(10.0, self.nyq_cap) / f_r.mean())
        for k in range(1, max(k_max, 1) + 1):
            wave += (k ** -(decay - 0.4 * u)) * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
        d1, d2 = _unit(rng), _unit(rng)
        self.lin += np.outer(amp * w * wave / 1.5, d1)
        self.lin += np.outer(0.4 * amp * w * np.sin(phase + rng.uniform(0, 6.3)), d2)
        self.pitch += w * (np.deg2rad(rng.uniform(20, 60)) + np.deg2rad(swing_deg) * np.sin(phase))
        if kind in ("jumps", "rowing"):
            # a landing / catch transient each cycle, at the same phase
            cycles = np.nonzero(np.diff(np.floor(phase / (2 * np.pi))) > 0)[0]
            d3 = _unit(rng)
            for i in cycles:
                t0 = t[i] + 0.3 / f_r[i]
                if not (start + ramp < t0 < end - ramp - 0.1):
                    continue
                pk = rng.uniform(15, 25) if kind == "jumps" else rng.uniform(3, 6)
                pk *= 1 + (growth - 1) * u[i]
                sl = slice(max(0, i - 1), min(t.size, i + int(0.3 * fs) + int(fs / f_r[i])))
                wave_i, _ = damped_transient(t[sl], t0, pk, min(rng.uniform(15, 25), 0.35 * fs), 0.06)
                self.lin[sl] += np.outer(wave_i, d3)
        ts = TrueSet(start, end, "calm", frozenset({"calm"}), kind=kind, ratio=None)
        self.truth.sets.append(ts)
        return ts

    def add_walk(self, start: float, end: float, *, carrying: bool = False, running: bool = False) -> None:
        """Walking: arm swing at half the cadence, a heel strike each step.

        ``carrying``: the hand holds a weight (a bag, a dumbbell carried between stations), so the
        arm hangs still: a sway of 0.2-0.6 m/s^2 at half the cadence instead of the swing, the same
        bounce and heel strikes. ``running``: steps at 2.5-3 Hz, the arm swinging at half that
        (6-10 m/s^2, bent at the elbow, +-30 degrees), bounce 3-6 m/s^2, foot strikes 3-6 m/s^2 at
        the wrist. A run is recorded in :attr:`Truth.running`, not as walking.
        """
        rng, t, fs = self.rng, self.t, self.fs
        ramp = 0.8
        w = _window(t, start, end, ramp)
        cadence = rng.uniform(2.5, 3.0) if running else rng.uniform(1.6, 2.0)
        f = cadence * (1 + _smooth_walk(rng, t.size, fs, 3.0, 0.02))
        phase = 2 * np.pi * np.cumsum(f) / fs  # one cycle per step
        swing = np.sin(phase / 2)
        amp = (
            rng.uniform(6.0, 10.0)
            if running
            else rng.uniform(0.2, 0.6)
            if carrying
            else rng.uniform(2.0, 4.0)
        )
        self.lin += np.outer(amp * w * swing, _unit(rng))
        # the body's vertical bounce at the step frequency (+-0.15-0.3 g; +-0.3-0.6 g running), roughly along gravity:
        # the world vertical in the sensor frame (the arm's pose and swing turn it), tilted by up to about 17 degrees
        tilt = 0.3 * _unit(rng)
        bounce = rng.uniform(3.0, 6.0) if running else rng.uniform(1.5, 3.0)
        bob = bounce * w * np.sin(phase + rng.uniform(0, 6.3))
        swing_deg = 30 if running else 3 if carrying else 15
        self.pitch += w * (np.deg2rad(rng.uniform(40, 70)) + np.deg2rad(swing_deg) * swing)
        up = (
            np.column_stack(
                [
                    -np.sin(self.pitch),
                    np.sin(self.roll) * np.cos(self.pitch),
                    np.cos(self.roll) * np.cos(self.pitch),
                ]
            )
            + tilt
        )
        self.lin += bob[:, None] * up / np.linalg.norm(up, axis=1, keepdims=True)
        d = _unit(rng)
        steps = np.nonzero(np.diff(np.floor(phase / (2 * np.pi))) > 0)[0]
        for i in steps:
            if not (start + ramp < t[i] < end - ramp):
                continue
            sl = slice(i, min(t.size, i + int(0.1 * fs) + 2))
            wave, _ = damped_transient(
                t[sl],
                t[i],
                rng.uniform(3.0, 6.0) if running else rng.uniform(1.0, 3.0),
                min(rng.uniform(10, 20), 0.35 * fs),
                0.045,
            )
            self.lin[sl] += np.outer(wave, d)
        (self.truth.running if running else self.truth.walking).append((start, end))

    def add_handle_vibration(self, start: float, end: float, rate_hz: float) -> None:
        """A rowing ergometer's handle vibration over ``start``-``end``: the fan flywheel's line.

        The chain drives the fan on each drive, so the line's frequency swings with the stroke at
        ``rate_hz`` (base 12-20 Hz, +-15 %), 0.1-0.4 m/s^2 along the chain, with a 2nd harmonic at
        30 % where the rate can show it.
        """
        rng, t, fs = self.rng, self.t, self.fs
        w = _window(t, start, end, 0.5)
        f0 = rng.uniform(12.0, 20.0)
        stroke = 2 * np.pi * rate_hz * (t - start)
        f_inst = f0 * (1 + 0.15 * np.sin(stroke))
        ph = 2 * np.pi * np.cumsum(f_inst) / fs
        amp = rng.uniform(0.1, 0.4) * (0.6 + 0.4 * np.clip(np.sin(stroke), 0, None))
        x = amp * np.sin(ph)
        if 2.3 * f0 < self.nyq_cap:
            x += 0.3 * amp * np.sin(2 * ph + rng.uniform(0, 6.3))
        self.lin += np.outer(w * x, _unit(rng))

    def add_twitches(
        self,
        times: list[float] | np.ndarray,
        *,
        peak: float | tuple[float, float] = (0.08, 0.3),
        duration: tuple[float, float] = (0.02, 0.15),
    ) -> None:
        """Twitches starting at ``times`` (peak a value or a uniform range, m/s^2)."""
        rng, t, fs = self.rng, self.t, self.fs
        floor = max(0.05, DETECTABLE_SNR * self.noise)
        for t0 in times:
            pk = float(peak) if isinstance(peak, (int, float)) else float(rng.uniform(*peak))
            dur = rng.uniform(*duration)
            fr = min(rng.uniform(12, 35), 0.35 * fs)
            i0 = int(np.searchsorted(t, t0))
            sl = slice(max(0, i0 - 1), min(t.size, i0 + int(dur * fs) + 3))
            wave, tpk = damped_transient(t[sl], float(t0), pk, fr, dur)
            self.lin[sl] += np.outer(wave, _unit(rng))  # a random direction also gives a random sign
            self.truth.twitches.append(TrueTwitch(tpk, pk, dur, pk >= floor))

    def twitch_times(
        self, start: float, end: float, *, interval: tuple[float, float] = (0.3, 3.0), groups: bool = True
    ) -> list[float]:
        """Twitch times in [start, end): intervals drawn from ``interval``; with ``groups`` a third of
        the events are pairs or triplets 0.3-0.6 s apart."""
        rng = self.rng
        times: list[float] = []
        x = start + rng.uniform(0.2, 1.0)
        while x < end - 0.3:
            times.append(x)
            if groups and rng.random() < 1 / 3:
                for _ in range(int(rng.integers(1, 3))):
                    x += rng.uniform(0.3, 0.6)
                    if x < end - 0.3:
                        times.append(x)
            x += rng.uniform(*interval)
        return times

    def add_vibration(
        self, freq_hz: float, amp_mps2: float, *, harmonic: float | None = None, drift_hz_per_min: float = 0.0
    ) -> None:
        """A steady machine vibration line (and its 2nd harmonic) through the whole session; with
        ``drift_hz_per_min`` its speed drifts linearly (a treadmill changing pace, a motor warming up),
        centred on ``freq_hz`` at mid-session."""
        rng, t, fs = self.rng, self.t, self.fs
        h = harmonic if harmonic is not None else rng.uniform(0.2, 0.4)
        f = (
            freq_hz * (1 + _smooth_walk(rng, t.size, fs, 5.0, 0.001))
            + drift_hz_per_min * (t - t.mean()) / 60.0
        )
        phase = 2 * np.pi * np.cumsum(f) / fs
        x = amp_mps2 * np.sin(phase + rng.uniform(0, 6.3))
        if 2 * freq_hz < self.nyq_cap:
            x += h * amp_mps2 * np.sin(2 * phase + rng.uniform(0, 6.3))
        self.lin += np.outer(x, _unit(rng))
        self.truth.vibration_lines.append((freq_hz, amp_mps2))

    def add_episode(self, start: float, end: float, freq_hz: float, rms_mps2: float) -> None:
        """An out-of-band rhythmic tremor episode at rest."""
        rng, t, fs = self.rng, self.t, self.fs
        w = _window(t, start, end, 1.0)
        # phase diffusion gives the line its width; amplitude wanders +-25 % (log-normal, 2 s)
        width = rng.uniform(0.2, 0.5)
        f = freq_hz + _smooth_walk(rng, t.size, fs, 1.0, width / 2)
        am = np.exp(_smooth_walk(rng, t.size, fs, 2.0, 0.25))
        am /= np.sqrt(np.mean(am**2))
        x = rms_mps2 * np.sqrt(2) * w * am * np.sin(2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 6.3))
        self.lin += np.outer(x, _unit(rng))
        self.truth.episodes.append(TrueEpisode(start, end, freq_hz, rms_mps2))

    # -- finishing ---------------------------------------------------------------------------
    def finish(
        self,
        *,
        gaps: list[tuple[float, float]] = (),
        jitter: float | None = None,  # type: ignore[assignment]
        quant_mps2: float | None = None,
        description: str = "",
    ) -> Scenario:
        """Compute the labels, add gravity and noise, stamp, quantise and drop the gap samples.

        ``gaps`` are (start, length) in seconds; ``jitter`` is the time-stamp jitter as a fraction
        of the sample interval (default: drawn from 0-0.1).
        """
        rng, t, fs = self.rng, self.t, self.fs
        self._label_sets()
        g = (
            np.column_stack(
                [
                    -np.sin(self.pitch),
                    np.sin(self.roll) * np.cos(self.pitch),
                    np.cos(self.roll) * np.cos(self.pitch),
                ]
            )
            * G
        )
        acc = g + self.lin + self.noise * rng.normal(size=self.lin.shape)
        if quant_mps2:
            acc = np.round(acc / quant_mps2) * quant_mps2
        jit = jitter if jitter is not None else rng.uniform(0.0, 0.1)
        stamps = t + np.clip(rng.normal(0, jit / fs, size=t.size), -0.4 / fs, 0.4 / fs)
        keep = np.ones(t.size, dtype=bool)
        for g0, length in gaps:
            keep &= ~((t >= g0) & (t < g0 + length))
        keep[0] = True
        idx = np.nonzero(keep)[0]
        stamps = stamps[idx]
        stamps = stamps - stamps[0]
        acc = acc[idx]
        for g0, length in gaps:
            before = stamps[np.searchsorted(stamps, g0) - 1]
            after = stamps[min(np.searchsorted(stamps, g0 + length), stamps.size - 1)]
            self.truth.gaps.append((float(before), float(after)))
        self.truth.description = description
        rec = Recording(
            stamps,
            acc,
            True,
            SourceInfo("<stress>", "simulated", "m/s^2", details={"scenario": description}),
            range_mps2=8 * 9.80665,
        )
        return Scenario(rec, self.truth)

    def _label_sets(self) -> None:
        """Fold each set's recovery (twitches, episodes) into its expected label."""
        sets = sorted(self.truth.sets, key=lambda s: s.start_s)
        self.truth.sets = sets
        for i, s in enumerate(sets):
            rec_end = sets[i + 1].start_s if i + 1 < len(sets) else float("inf")
            n_tw = sum(1 for tw in self.truth.twitches if s.end_s <= tw.t_s < rec_end and tw.detectable)
            n_weak = sum(1 for tw in self.truth.twitches if s.end_s <= tw.t_s < rec_end and not tw.detectable)
            tremor = s.label == "fatigue_tremor"
            acc = set(s.acceptable)
            if n_tw >= 3:
                s.label = "mixed" if tremor else "fasciculations"
                acc = {_with_twitches(a) for a in acc}
            if 1 <= n_tw < 3 or (n_tw < 3 and n_tw + n_weak >= 3):
                acc |= {_with_twitches(a) for a in acc}
            if any(s.end_s <= e.start_s < rec_end for e in self.truth.episodes):
                acc.add("atypical_tremor")
            s.acceptable = frozenset(acc)


def _with_twitches(label: str) -> str:
    """The label a set of ``label`` takes with twitching: fatigue -> mixed; calm or enhanced -> fasciculations."""
    if label == "fatigue_tremor":
        return "mixed"
    return "fasciculations" if label in ("calm", "enhanced_tremor") else label


# -- scenarios ---------------------------------------------------------------------------------
def _noise(rng: np.random.Generator, noise: float | None) -> float:
    return noise if noise is not None else float(rng.uniform(0.01, 0.03))


def gym_session(
    seed: np.random.Generator | int | None,
    fs: float,
    *,
    n_sets: int = 4,
    noise: float | None = None,
    gaps: bool = False,
    walking: bool = True,
    quant_mps2: float | None = None,
) -> Scenario:
    """A realistic mixed session: rest, calm and fatigue sets, twitches in some recoveries, walking.

    60-90 s of rest first, sets of 30-50 s, rests of 60-90 s; one rest in two has twitches
    (0.3-3 s apart, pairs and triplets) and one in two a walk of 15-25 s in its middle.
    """
    rng = _rng(seed)
    set_len = rng.uniform(30, 50, n_sets)
    rest_len = rng.uniform(60, 90, n_sets + 1)
    total = float(set_len.sum() + rest_len.sum())
    b = SessionBuilder(fs, total, rng, _noise(rng, noise))
    x = rest_len[0]
    for i in range(n_sets):
        s, e = x, x + set_len[i]
        kind = rng.random()
        if kind < 0.45:
            b.add_rep_set(s, e, tremor_ratio=float(rng.uniform(2.0, 4.0)))
        else:
            b.add_rep_set(s, e)
        r0, r1 = e, e + rest_len[i + 1]
        if walking and i % 2 == 1:
            w0 = r0 + rng.uniform(15, 25)
            b.add_walk(w0, w0 + rng.uniform(15, 25))
        elif i % 2 == 0:
            b.add_twitches(b.twitch_times(r0 + 5, r1 - 5, interval=(0.8, 3.0)))
        x = r1
    gap_list: list[tuple[float, float]] = []
    if gaps:
        for s in b.truth.sets:
            where = rng.choice(["start", "mid", "end", "rest"])
            at = {
                "start": s.start_s - 0.3,
                "mid": (s.start_s + s.end_s) / 2,
                "end": s.end_s - 0.5,
                "rest": s.end_s + 20,
            }[where]
            gap_list.append((float(at), float(rng.uniform(0.05, 3.0))))
    return b.finish(
        gaps=gap_list, quant_mps2=quant_mps2, description=f"gym fs={fs} sets={n_sets} gaps={gaps}"
    )


def twitch_session(
    seed: np.random.Generator | int | None,
    fs: float,
    *,
    peak: float | tuple[float, float],
    interval: tuple[float, float] = (0.3, 3.0),
    groups: bool = True,
    noise: float | None = None,
    duration_s: float = 150.0,
) -> Scenario:
    """A calm set, then a long rest with twitches of the given peak and interval, then a calm set."""
    rng = _rng(seed)
    b = SessionBuilder(fs, duration_s, rng, _noise(rng, noise))
    b.add_rep_set(20, 50)
    b.add_rep_set(duration_s - 25, duration_s - 5)
    b.add_twitches(b.twitch_times(55, duration_s - 30, interval=interval, groups=groups), peak=peak)
    return b.finish(description=f"twitches fs={fs} peak={peak} interval={interval}")


def fatigue_session(
    seed: np.random.Generator | int | None,
    fs: float,
    *,
    ratio: float,
    n_sets: int = 3,
    f_start: float | None = None,
    noise: float | None = None,
) -> Scenario:
    """Rest, then ``n_sets`` sets alternating tremor growing by ``ratio`` and calm, 60 s rests."""
    rng = _rng(seed)
    set_len = 40.0
    total = 60 + n_sets * (set_len + 60)
    b = SessionBuilder(fs, total, rng, _noise(rng, noise))
    for i in range(n_sets):
        s = 60 + i * (set_len + 60)
        if i % 2 == 0:
            b.add_rep_set(s, s + set_len, tremor_ratio=ratio, f_start=f_start)
        else:
            b.add_rep_set(s, s + set_len)
    return b.finish(description=f"fatigue fs={fs} ratio={ratio}")


def dropout_session(
    seed: np.random.Generator | int | None, fs: float, *, gap_s: float, noise: float | None = None
) -> Scenario:
    """Four sets; one dropout of ``gap_s`` in each: just inside the start, mid-set, just before the end,
    and in the rest right after the set."""
    rng = _rng(seed)
    b = SessionBuilder(fs, 60 + 4 * 100, rng, _noise(rng, noise))
    gap_list = []
    for i, where in enumerate(["start", "mid", "end", "after"]):
        s = 60 + i * 100
        e = s + 40
        b.add_rep_set(s, e, tremor_ratio=3.0 if i % 2 else None)
        at = {"start": s + 0.5, "mid": s + 20, "end": e - 0.5 - gap_s, "after": e + 1.0}[where]
        gap_list.append((at, gap_s))
    return b.finish(gaps=gap_list, description=f"dropouts fs={fs} gap={gap_s}")


def vibration_session(
    seed: np.random.Generator | int | None,
    fs: float,
    *,
    freq_hz: float,
    amp_mps2: float,
    noise: float | None = None,
    twitches: bool = False,
    drift_hz_per_min: float = 0.0,
) -> Scenario:
    """Calm sets and rests (optionally twitches) under a steady (or slowly drifting) machine vibration line."""
    rng = _rng(seed)
    b = SessionBuilder(fs, 240, rng, _noise(rng, noise))
    b.add_vibration(freq_hz, amp_mps2, drift_hz_per_min=drift_hz_per_min)
    b.add_rep_set(40, 80)
    b.add_rep_set(140, 180)
    if twitches:
        b.add_twitches(b.twitch_times(85, 135, interval=(1.0, 3.0)))
    return b.finish(description=f"vibration fs={fs} {freq_hz} Hz {amp_mps2} m/s^2")


def vigorous_session(
    seed: np.random.Generator | int | None, fs: float, *, kind: str, noise: float | None = None
) -> Scenario:
    """Rest, three vigorous sets of ``kind`` (30-45 s), 60 s rests; no tremor anywhere."""
    rng = _rng(seed)
    b = SessionBuilder(fs, 60 + 3 * 105, rng, _noise(rng, noise))
    for i in range(3):
        s = 60 + i * 105
        b.add_vigorous_set(s, s + rng.uniform(30, 45), kind)
    return b.finish(description=f"vigorous fs={fs} {kind}")


def rowing_session(
    seed: np.random.Generator | int | None,
    fs: float,
    *,
    stroke_hz: tuple[float, float] = (0.5, 0.9),
    handle_vibration: bool = False,
    noise: float | None = None,
) -> Scenario:
    """Rest, three rowing sets (30-45 s, strokes at ``stroke_hz``), 60 s rests; on an ergometer
    (``handle_vibration``) the handle carries the fan's line through each set (:meth:`SessionBuilder.add_handle_vibration`)."""
    rng = _rng(seed)
    b = SessionBuilder(fs, 60 + 3 * 105, rng, _noise(rng, noise))
    for i in range(3):
        s = 60 + i * 105
        e = s + rng.uniform(30, 45)
        b.add_vigorous_set(s, e, "rowing", rate_hz=stroke_hz)
        if handle_vibration:
            b.add_handle_vibration(s, e, float(np.mean(stroke_hz)))
    return b.finish(description=f"rowing fs={fs} {stroke_hz} Hz vibration={handle_vibration}")


def gait_session(
    seed: np.random.Generator | int | None, fs: float, *, kind: str, noise: float | None = None
) -> Scenario:
    """Two calm rep sets with a 15-25 s walk (``kind`` "walk"), a walk carrying a weight ("carry") or
    a run at 2.5-3 steps/s ("run") in the rest between them."""
    rng = _rng(seed)
    b = SessionBuilder(fs, 200, rng, _noise(rng, noise))
    b.add_rep_set(30, 65)
    b.add_rep_set(150, 185)
    w0 = 70 + rng.uniform(15, 25)
    b.add_walk(w0, w0 + rng.uniform(15, 25), carrying=kind == "carry", running=kind == "run")
    return b.finish(description=f"gait fs={fs} {kind}")


def paced_tremor_session(
    seed: np.random.Generator | int | None,
    fs: float,
    *,
    tremor_hz: tuple[float, float] = (6.0, 7.0),
    noise: float | None = None,
) -> Scenario:
    """Rest, three rep sets at a walking cadence (0.8-1.0 reps/s, 2-3 m/s^2) whose tremor starts at
    ``tremor_hz`` and grows 3x (then drifts 0.3-1.5 Hz down), 60 s rests."""
    rng = _rng(seed)
    b = SessionBuilder(fs, 60 + 3 * 100, rng, _noise(rng, noise))
    for i in range(3):
        s = 60 + i * 100
        b.add_rep_set(
            s,
            s + 40,
            tremor_ratio=3.0,
            f_start=float(rng.uniform(*tremor_hz)),
            rep_hz=float(rng.uniform(0.8, 1.0)),
            move_mps2=float(rng.uniform(2.0, 3.0)),
            a0=float(rng.uniform(0.04, 0.08)),
        )
    return b.finish(description=f"paced tremor fs={fs} {tremor_hz} Hz")


def out_of_band_session(
    seed: np.random.Generator | int | None,
    fs: float,
    *,
    freq_hz: float,
    rms_mps2: float | None = None,
    noise: float | None = None,
) -> Scenario:
    """Two calm sets; an out-of-band tremor episode in each rest after them (15-40 s)."""
    rng = _rng(seed)
    b = SessionBuilder(fs, 260, rng, _noise(rng, noise))
    b.add_rep_set(30, 65)
    b.add_rep_set(140, 175)
    for s0 in (75, 185):
        dur = rng.uniform(15, 40) if s0 == 75 else rng.uniform(15, 30)  # the second rest is shorter
        start = s0 + rng.uniform(0, 10)
        end = min(start + dur, 130.0 if s0 == 75 else 255.0)
        b.add_episode(
            start, end, freq_hz, rms_mps2 if rms_mps2 is not None else float(rng.uniform(0.05, 0.2))
        )
    return b.finish(description=f"out-of-band fs={fs} {freq_hz} Hz")
