"""Heartbeats felt at the wrist, and one motor unit firing at random, for judging the pulse rule.

Written from the physiology, not from :mod:`tremor.core.twitch_pulse` or the red team's generator:

* the rest: physiological tremor as a two-pole resonator (centre 8-11 Hz, RMS 0.008-0.02 m/s^2 along
  a random axis) plus white sensor noise 0.003-0.008 m/s^2 per axis, gravity on a random axis;
* a heart at a mean rate ``bpm`` whose intervals carry respiratory sinus arrhythmia (a sine of
  ``rsa`` of the interval at a breath of 0.2-0.33 Hz), a slow wander (+-3 % over a minute) and
  independent beat-to-beat variability ``hrv`` (a share of the interval, SD); ``ectopic`` premature
  beats (at 65-80 % of the interval, the next pause compensating);
* each beat at the hand laid on the chest: the seismocardiogram, one damped burst shape a recording
  (15-35 Hz, decay 15-30 ms), a size drawn log-normally around ``size`` (SD 0.3 in log) and breathed
  +-15 %, along one axis (+-5 deg a beat), with the second heart sound's smaller burst (0.3-0.6 of
  it, 20-40 Hz) after the systole's mechanical part (0.46 - 0.0021 x rate s, +-0.02: 0.33 s at 60 a minute,
  0.19 s at 130); ``bcg``: the ballistocardiogram instead, a
  damped 4-8 Hz wave of 0.4 s, no second complex;
* a motor unit firing at random (a fasciculation syndrome's one unit): one waveform
  (:func:`tests.twitch_gen.twitch_wave`), one axis (+-5 deg), size +-20 %, intervals of a 0.3 s dead
  time plus an exponential, mean ``mean_s``; twitches at random (Poisson, random axes, waveforms
  and sizes) and twitch pairs 0.1-0.5 s apart.
"""

from __future__ import annotations

import numpy as np
from scipy import signal

from tests.twitch_gen import twitch_wave


def unit(rng: np.random.Generator) -> np.ndarray:
    """A random unit vector."""
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def tilt(axis: np.ndarray, deg: float, rng: np.random.Generator) -> np.ndarray:
    """``axis`` turned by up to ``deg`` degrees in a random direction."""
    v = axis + np.deg2rad(deg) * rng.uniform(0.0, 1.0) * unit(rng)
    return v / np.linalg.norm(v)


def rest(fs: float, seconds: float, rng: np.random.Generator) -> np.ndarray:
    """A still wrist: tremor, sensor noise and gravity, shape (n, 3)."""
    n = round(seconds * fs)
    r = np.exp(-np.pi * rng.uniform(1.0, 3.0) / fs)
    a = [1.0, -2.0 * r * np.cos(2 * np.pi * rng.uniform(8.0, 11.0) / fs), r * r]
    x = signal.lfilter([1.0], a, rng.normal(size=n + 2000))[2000:]
    acc = np.outer(x / np.std(x) * rng.uniform(0.008, 0.02), unit(rng))
    acc += rng.normal(size=(n, 3)) * rng.uniform(0.003, 0.008, size=3)
    return acc + 9.81 * unit(rng)


def add(acc: np.ndarray, fs: float, t_s: float, wave: np.ndarray, axis: np.ndarray) -> None:
    """Add ``wave`` along ``axis`` from ``t_s``."""
    i = round(t_s * fs)
    k = min(wave.size, acc.shape[0] - i)
    if i >= 0 and k > 0:
        acc[i : i + k] += np.outer(wave[:k], axis)


def beat_times(
    seconds: float, bpm: float, rng: np.random.Generator, rsa: float, hrv: float, ectopic: int = 0
) -> np.ndarray:
    """Beat times over ``seconds`` (see the module)."""
    fb, ph = rng.uniform(0.2, 0.33), rng.uniform(0.0, 2 * np.pi)
    fw, pw = rng.uniform(0.005, 0.02), rng.uniform(0.0, 2 * np.pi)
    t, out = rng.uniform(0.0, 1.0), []
    while t < seconds - 1.0:
        out.append(t)
        rr = 60.0 / bpm * (1 + rsa * np.sin(2 * np.pi * fb * t + ph) + 0.03 * np.sin(2 * np.pi * fw * t + pw))
        t += rr * (1 + hrv * rng.normal())
    beats = np.array(out)
    for _ in range(ectopic):  # a premature beat, the pause after it compensating
        i = int(rng.integers(2, beats.size - 2))
        beats[i] = beats[i - 1] + rng.uniform(0.65, 0.8) * (beats[i + 1] - beats[i - 1]) / 2
    return beats


def heartbeats(
    acc: np.ndarray, fs: float, beats: np.ndarray, size: float, rng: np.random.Generator, bcg: bool = False
) -> np.ndarray:
    """Add each beat (see the module) to ``acc``; returns the axis."""
    axis = unit(rng)
    f1, tau1 = rng.uniform(15.0, min(35.0, 0.4 * fs)), rng.uniform(0.015, 0.03)
    f2 = rng.uniform(20.0, min(40.0, 0.4 * fs))
    rr = float(np.median(np.diff(beats)))
    s2_lag, s2_size = 0.46 - 0.0021 * 60.0 / rr + rng.uniform(-0.02, 0.02), rng.uniform(0.3, 0.6)
    fb, ph = rng.uniform(0.2, 0.33), rng.uniform(0.0, 2 * np.pi)
    if bcg:
        f1, tau1 = rng.uniform(4.0, 8.0), 0.08
    t1 = np.arange(round((0.4 if bcg else 6 * tau1) * fs)) / fs
    w1 = np.sin(2 * np.pi * f1 * t1) * np.exp(-t1 / tau1)
    w1 /= np.abs(w1).max()
    t2 = np.arange(round(0.1 * fs)) / fs
    w2 = np.sin(2 * np.pi * f2 * t2) * np.exp(-t2 / 0.015)
    w2 /= np.abs(w2).max()
    for t in beats:
        pk = size * np.exp(0.3 * rng.normal()) * (1 + 0.15 * np.sin(2 * np.pi * fb * t + ph))
        d = tilt(axis, 5.0, rng)
        add(acc, fs, t, pk * w1, d)
        if not bcg:
            add(acc, fs, t + s2_lag, pk * s2_size * w2, d)
    return axis


def random_unit(
    acc: np.ndarray, fs: float, mean_s: float, size: float, rng: np.random.Generator, start: float = 2.0
) -> np.ndarray:
    """One motor unit firing at random intervals (0.3 s dead time + exponential, mean ``mean_s``)."""
    wave, k = twitch_wave(rng, fs)
    axis = unit(rng)
    seconds = acc.shape[0] / fs
    t, out = start, []
    while t < seconds - 1.0:
        out.append(t)
        add(acc, fs, t - k / fs, size * rng.uniform(0.8, 1.2) * wave, tilt(axis, 5.0, rng))
        t += 0.3 + rng.exponential(mean_s - 0.3)
    return np.array(out)


def random_twitches(
    acc: np.ndarray,
    fs: float,
    rate_hz: float,
    size: tuple[float, float],
    rng: np.random.Generator,
    pairs: bool = False,
) -> np.ndarray:
    """Twitches at random (Poisson at ``rate_hz``, random axes, waveforms and sizes); ``pairs``: each with a second
    0.1-0.5 s after it."""
    seconds = acc.shape[0] / fs
    t, out = 2.0 + rng.exponential(1 / rate_hz), []
    while t < seconds - 1.5:
        for dt in (0.0, rng.uniform(0.1, 0.5)) if pairs else (0.0,):
            wave, k = twitch_wave(rng, fs)
            add(acc, fs, t + dt - k / fs, rng.uniform(*size) * wave, unit(rng))
            out.append(t + dt)
        t += rng.exponential(1 / rate_hz) + (0.6 if pairs else 0.0)
    return np.array(out)
