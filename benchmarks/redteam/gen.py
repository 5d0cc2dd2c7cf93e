"""Red-team recordings written from the physics, not from the analyser's code.

Each scenario writes a generic CSV (``time,x,y,z`` in m/s^2, gravity included) and a
``NAME.truth.json`` beside it that says what a truthful report must and must not say.
numpy only. Run ``python3 benchmarks/redteam/gen.py --help``; see README.md beside this file.

Size (issue 8): one file on purpose, so a reader can audit every scenario's physics and truth in
one place without following imports; it is a benchmark script, not part of the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

G = 9.80665
Rng = np.random.Generator
Truth = dict[str, Any]
_LAST_GRAVITY: list[np.ndarray] = [np.zeros((0, 3))]  # the last Session's gravity, per sample


# --------------------------------------------------------------------------- building blocks
def band_noise(n: int, fs: float, lo: float, hi: float, rng: Rng) -> np.ndarray:
    """Unit-RMS noise with a flat spectrum between lo and hi Hz (FFT shaping)."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / fs)
    spec[(f < lo) | (f > hi)] = 0.0
    x = np.fft.irfft(spec, n)
    return x / (np.std(x) + 1e-12)


def narrow_line(fc: np.ndarray, fs: float, bw: float, rng: Rng) -> np.ndarray:
    """Unit-RMS narrow-band noise centred on fc(t) (Hz, per sample), about bw Hz wide (-3 dB).

    A complex Gaussian-shaped low-pass envelope carried on the phase of fc(t), so the centre may
    drift; this is how a physiological tremor (a resonance driven by irregular motor-unit firing)
    or a lightly damped structural mode driven by broadband forcing looks.
    """
    n = len(fc)
    z = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    spec = np.fft.fft(z)
    f = np.fft.fftfreq(n, 1.0 / fs)
    sigma = bw / 2.355
    spec *= np.exp(-0.5 * (f / sigma) ** 2)
    env = np.fft.ifft(spec)
    phase = 2 * np.pi * np.cumsum(fc) / fs
    x = np.real(env * np.exp(1j * phase))
    return x / (np.std(x) + 1e-12)


def damped_burst(fs: float, f0: float, tau: float, length_s: float) -> np.ndarray:
    """A damped sinusoid exp(-t/tau) sin(2 pi f0 t) with peak |x| = 1."""
    t = np.arange(int(length_s * fs)) / fs
    x = np.exp(-t / tau) * np.sin(2 * np.pi * f0 * t)
    return x / (np.max(np.abs(x)) + 1e-12)


def add_at(sig: np.ndarray, i0: int, pulse: np.ndarray, axis_vec: np.ndarray) -> None:
    """Add pulse (1-D) along the unit vector axis_vec into sig (n, 3) from sample i0."""
    n = sig.shape[0]
    i1 = min(n, i0 + len(pulse))
    if i0 >= n or i1 <= i0:
        return
    sig[i0:i1] += np.outer(pulse[: i1 - i0], axis_vec)


def unit(rng: Rng) -> np.ndarray:
    """A random unit vector."""
    v = rng.standard_normal(3)
    return v / np.linalg.norm(v)


def gravity(pitch: np.ndarray, roll: np.ndarray) -> np.ndarray:
    """Gravity as the accelerometer reads it (+1 g up) for a forearm pitch and a wrist roll (rad)."""
    return G * np.column_stack([-np.sin(pitch), np.cos(pitch) * np.sin(roll), np.cos(pitch) * np.cos(roll)])


def smooth_step(t: np.ndarray, t0: float, dur: float) -> np.ndarray:
    """0 before t0, 1 after t0 + dur, a raised-cosine ramp between."""
    u = np.clip((t - t0) / dur, 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * u)


class Session:
    """A wrist recording built up on a uniform time grid."""

    def __init__(
        self, dur: float, fs: float, rng: Rng, noise: float = 0.008, rest_scale: float = 1.0
    ) -> None:
        self.fs = fs
        self.rng = rng
        self.t = np.arange(int(round(dur * fs))) / fs
        n = len(self.t)
        self.pitch = np.full(n, np.deg2rad(10.0))  # forearm roughly level
        self.roll = np.full(n, np.deg2rad(25.0))  # watch face tilted a little
        self.lin = np.zeros((n, 3))  # linear (non-gravity) acceleration, sensor frame
        self.noise = noise
        # physiological tremor at rest: always there, small (0.01-0.02 m/s^2 RMS), 8-10 Hz
        fc = np.full(n, rng.uniform(8.5, 10.0))
        # (``rest_scale``, round four: a person whose resting tremor is under the sensor's noise; the
        # draws are the same, so the other scenarios' files are unchanged)
        self.lin += (
            np.outer(narrow_line(fc, fs, 2.0, rng), unit(rng)) * rng.uniform(0.010, 0.018) * rest_scale
        )
        # slow postural sway under 1 Hz
        self.lin += np.outer(band_noise(n, fs, 0.05, 1.0, rng), unit(rng)) * 0.02

    def idx(self, t0: float) -> int:
        return int(round(t0 * self.fs))

    def mask(self, t0: float, t1: float) -> np.ndarray:
        return (self.t >= t0) & (self.t < t1)

    def add_hold(self, t0: float, t1: float, pitch_deg: float = 75.0) -> None:
        """Raise the arm to pitch_deg over 1 s, hold, lower over 1 s."""
        up = smooth_step(self.t, t0, 1.0) - smooth_step(self.t, t1 - 1.0, 1.0)
        self.pitch += np.deg2rad(pitch_deg - 10.0) * up

    def add_reps(self, t0: float, t1: float, f: float, amp_deg: float, r: float = 0.3) -> np.ndarray:
        """Forearm rotating amp_deg at f Hz (curls, rows): gravity turns and the wrist accelerates."""
        m = self.mask(t0, t1)
        tt = self.t[m] - t0
        w = 2 * np.pi * f
        a = np.deg2rad(amp_deg) / 2
        th = a * (1 - np.cos(w * tt))
        thd = a * w * np.sin(w * tt)
        thdd = a * w * w * np.cos(w * tt)
        self.pitch[m] += th
        self.lin[m, 0] += r * thdd  # tangential
        self.lin[m, 2] += r * thd**2  # centripetal
        jerk = np.zeros(len(self.t))
        jerk[m] = r * np.gradient(thdd, 1.0 / self.fs)
        return jerk

    def add_tremor(
        self, t0: float, t1: float, a0: float, a1: float, f0: float, f1: float, bw: float = 1.5
    ) -> None:
        """Narrow-band tremor from t0 to t1, RMS growing a0 -> a1 (exponential), peak f0 -> f1."""
        m = self.mask(t0, t1)
        n = int(m.sum())
        u = np.linspace(0.0, 1.0, n)
        fc = f0 + (f1 - f0) * u
        amp = a0 * (a1 / a0) ** u
        x = narrow_line(fc, self.fs, bw, self.rng) * amp
        d = np.array([0.25, 0.75, 0.6])
        d /= np.linalg.norm(d)
        self.lin[m] += np.outer(x, d) + 0.3 * np.outer(
            narrow_line(fc, self.fs, bw, self.rng) * amp, unit(self.rng)
        )

    def total(self) -> np.ndarray:
        g = gravity(self.pitch, self.roll)
        _LAST_GRAVITY[0] = g  # for the gravity-removed dialects (round three), nothing else
        acc = g + self.lin
        return acc + self.rng.standard_normal(acc.shape) * self.noise


def twitch(fs: float, rng: Rng) -> np.ndarray:
    """One fasciculation seen at the wrist: a single damped burst, 20-150 ms, 10-30 Hz."""
    dur = rng.uniform(0.02, 0.15)
    f0 = rng.uniform(10.0, 30.0)
    p = damped_burst(fs, f0, dur / 3.0, dur)
    return p * rng.uniform(0.1, 0.3)


# --------------------------------------------------------------------------- scenarios
def sc_fatigue_holds(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Rest 60 s, three 40 s holds with growing 8-11 Hz tremor, 60 s rests between
    (``--extras hold:H,rest:R``: H s holds and R s rests, the first rest and the last 30 s)."""
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    hold = float(kv.get("hold", 40.0))
    rest = float(kv.get("rest", 60.0))
    s = Session(60.0 + 3 * hold + 2 * rest + 30.0, fs, rng)
    sets = []
    for k in range(3):
        t0 = 60.0 + k * (hold + rest)
        t1 = t0 + hold
        s.add_hold(t0, t1)
        f0 = rng.uniform(10.0, 11.0)
        s.add_tremor(t0 + 1.0, t1 - 1.0, 0.02, rng.uniform(0.12, 0.2), f0, f0 - 1.0)
        sets.append([t0, t1])
    truth: Truth = {
        "models": "three 40 s isometric holds, 8-11 Hz tremor 0.02 -> 0.12-0.2 m/s^2, peak down 1 Hz",
        "sets": sets,
        "set_labels": ["fatigue_tremor", "mixed"],
        "peak_hz": [8.5, 11.5],
        "must_cause_in_sets": "neuromuscular_fatigue",
        "forbidden_labels_anywhere": ["atypical_tremor"],
        "forbidden_causes": ["see_a_clinician"],
        "twitches_true": 0,
        "no_atypical": True,
        "no_vibration": True,
    }
    if "typing" in extras:
        # typing on a phone in every rest: taps, not twitches
        for k in range(4):
            r0 = 5.0 + k * 100.0
            _typing(s, r0, r0 + 40.0, rng)
        truth["models"] += "; phone typing (taps 4-8/s, 8-20 Hz ringing) in the rests"
        truth["twitches_true"] = 0
        truth["taps_not_twitches"] = True
    if "knocks" in extras:
        # the dumbbell set down on the rack at each set's end (and picked up at its start)
        for a, b in sets:
            for tk in (a - 2.0, b + 1.5):
                _knock(s, tk, rng, rng.uniform(3.0, 10.0))
        truth["models"] += "; a knock (dumbbell on rack, 3-10 m/s^2) 2 s before and 1.5 s after each set"
    return s.t, s.total(), truth


def _typing(s: Session, t0: float, t1: float, rng: Rng) -> int:
    t = t0
    n = 0
    while True:
        t += rng.exponential(1 / 6.0) + 0.04
        if t >= t1:
            return n
        p = damped_burst(s.fs, rng.uniform(8.0, 20.0), rng.uniform(0.01, 0.03), 0.12)
        add_at(s.lin, s.idx(t), p * rng.uniform(0.05, 0.4), np.array([0.1, 0.2, 0.97]))
        n += 1


def _knock(s: Session, t0: float, rng: Rng, peak: float) -> None:
    p = damped_burst(s.fs, rng.uniform(30.0, 45.0), 0.006, 0.06)
    add_at(s.lin, s.idx(t0), p * peak, unit(rng))


def sc_cycling(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Hands on a road bike's handlebar for 6 min: cadence sway, road vibration, bar buzz."""
    dur = 360.0
    s = Session(dur, fs, rng)
    n = len(s.t)
    s.pitch[:] = np.deg2rad(35.0)  # hands on the hoods
    s.roll[:] = np.deg2rad(70.0)
    # cadence 1.2-1.6 Hz, drifting; coasting 40 s in the middle
    cad = 1.4 + 0.2 * np.sin(2 * np.pi * s.t / 150.0)
    ph = 2 * np.pi * np.cumsum(cad) / fs
    pedal = np.ones(n)
    pedal[s.mask(170.0, 210.0)] = 0.0
    sway = (0.5 * np.sin(ph) + 0.15 * np.sin(2 * ph + 0.5)) * pedal
    s.lin[:, 1] += sway
    s.lin[:, 0] += 0.2 * np.sin(2 * ph) * pedal
    # road vibration 10-40 Hz: 0.3 m/s^2 smooth asphalt, 1.5-3 m/s^2 on rough patches
    env = np.full(n, 0.3)
    t = 20.0
    while t < dur - 10:
        L = rng.uniform(3.0, 12.0)
        env[s.mask(t, t + L)] = rng.uniform(1.5, 3.0)
        t += L + rng.uniform(10.0, 40.0)
    hi = min(40.0, 0.45 * fs)
    for ax in range(3):
        s.lin[:, ax] += band_noise(n, fs, 10.0, hi, rng) * env * (0.6 if ax != 2 else 1.0)
    # handlebar buzz: a lightly damped bar/fork mode (zeta ~ 5 %) driven by the road
    f_bar = rng.uniform(14.0, 18.0)
    buzz = narrow_line(np.full(n, f_bar), fs, 2 * 0.05 * f_bar, rng) * env * 0.5
    if "nobar" not in extras:
        s.lin += np.outer(buzz, unit(rng))
    # potholes / cracks: big impulses
    for tk in rng.uniform(10.0, dur - 10.0, 12):
        _knock(s, tk, rng, rng.uniform(5.0, 15.0))
    truth: Truth = {
        "models": f"road cycling 6 min, cadence 1.2-1.6 Hz, road 10-40 Hz, bar mode {f_bar:.1f} Hz,"
        " 12 pothole impulses; no strength set, no tremor, no twitch",
        "sets": None,
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": [
            "see_a_clinician",
            "neuromuscular_fatigue",
            "sleep_stress_stimulants",
            "overtraining_cns",
            "dehydration_electrolytes",
            "metabolic_byproducts",
        ],
        "twitches_true": 0,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


def sc_rowing(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Rowing machine: rest, two 90 s pieces at 0.5 strokes/s, flywheel whine; hand on the
    handle while the flywheel spins down after each piece."""
    s = Session(330.0, fs, rng)
    n = len(s.t)
    sets = [[60.0, 150.0], [210.0, 300.0]]
    line = np.zeros(n)
    fline = np.zeros(n)
    for a, b in sets:
        s.add_reps(a, b, rng.uniform(0.45, 0.55), 70.0, r=0.5)
        m = s.mask(a, b)
        tt = s.t[m] - a
        # flywheel speeds up on each drive, coasts on recovery: 20 +- 2 Hz, after a 5 s spin-up
        f = np.minimum(1.0, tt / 5.0) * (20.0 + 2.0 * np.sin(2 * np.pi * 0.5 * tt))
        fline[m] = np.maximum(f, 1.0)
        line[m] = 0.15
        # spin-down over 40 s, hand still on the handle (at rest), 20 Hz -> 4 Hz
        m2 = s.mask(b, b + 40.0)
        tt2 = s.t[m2] - b
        fline[m2] = 20.0 * np.exp(-tt2 / 25.0)
        line[m2] = 0.15 * np.exp(-tt2 / 40.0)
    ph = 2 * np.pi * np.cumsum(fline) / fs
    whine = line * (np.sin(ph) + 0.3 * np.sin(2 * ph))
    s.lin += np.outer(whine, np.array([0.6, 0.0, 0.8]))
    truth: Truth = {
        "models": "rowing machine, 2 x 90 s at ~0.5 strokes/s, flywheel line ~20 Hz (+2nd harmonic),"
        " spinning down 20 -> 4 Hz over 40 s with the hand on the handle after each piece",
        "sets": sets,
        "set_labels": ["not_assessable", "calm"],
        "forbidden_labels_anywhere": ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue", "sleep_stress_stimulants"],
        "twitches_true": 0,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


def sc_typing(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """At a desk for 5 min: forearm on the desk, bursts of typing / phone tapping."""
    s = Session(300.0, fs, rng)
    s.pitch[:] = np.deg2rad(3.0)
    s.roll[:] = np.deg2rad(5.0)
    t = 10.0
    taps = 0
    while t < 290.0:
        L = rng.uniform(5.0, 30.0)
        taps += _typing(s, t, min(t + L, 290.0), rng)
        t += L + rng.uniform(5.0, 20.0)
    truth: Truth = {
        "models": f"typing at a desk: {taps} taps in bursts, 4-8/s, 10-30 ms ringing at 8-20 Hz,"
        " 0.05-0.4 m/s^2; no set, no tremor, no fasciculation",
        "sets": None,
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": [
            "see_a_clinician",
            "overtraining_cns",
            "dehydration_electrolytes",
            "metabolic_byproducts",
            "sleep_stress_stimulants",
        ],
        "twitches_true": 0,
        "taps_not_twitches": True,
        "n_taps": taps,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


def sc_vehicle(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Seated on a bus for 5 min, forearm on the lap: seat vibration with the body's 4-6 Hz
    resonance, a diesel engine's rotation line (idle 10-11 Hz at stops, 20-33 Hz driving),
    braking and cornering tilts."""
    dur = 300.0
    s = Session(dur, fs, rng)
    n = len(s.t)
    s.pitch[:] = np.deg2rad(20.0)
    # driving / stopped schedule
    driving = np.ones(n)
    stops = [(60.0, 85.0), (150.0, 180.0), (240.0, 260.0)]
    for a, b in stops:
        driving[s.mask(a, b)] = 0.0
    drive_s = np.convolve(driving, np.ones(int(2 * fs)) / int(2 * fs), mode="same")
    # seat vibration, broadband 2-20 Hz with a seated-body resonance near 5 Hz
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    f_body = rng.uniform(4.0, 6.0)
    bw_body = float(kv.get("bw", 2.5))  # -3 dB width of the seated body's resonance (zeta ~ bw / 2 f)
    vib = band_noise(n, fs, 2.0, min(20.0, 0.45 * fs), rng) * 0.12
    vib += narrow_line(np.full(n, f_body), fs, bw_body, rng) * 0.25
    s.lin[:, 2] += vib * (0.15 + drive_s)
    s.lin[:, 0] += band_noise(n, fs, 2.0, min(20.0, 0.45 * fs), rng) * 0.08 * (0.15 + drive_s)
    # engine: rpm 650 at idle; while driving it climbs through each gear and drops at shifts
    rpm = np.full(n, 650.0)
    gear_t = (s.t % 12.0) / 12.0
    rpm_drive = 1100.0 + 900.0 * gear_t
    rpm = 650.0 * (1 - drive_s) + rpm_drive * drive_s
    f_rot = rpm / 60.0
    ph = 2 * np.pi * np.cumsum(f_rot) / fs
    eng = 0.06 * np.sin(ph) + 0.03 * np.sin(3 * ph)
    eng = np.where(3 * f_rot < 0.45 * fs, eng, 0.06 * np.sin(ph))  # the sensor's own low-pass
    s.lin += np.outer(eng, np.array([0.3, 0.3, 0.9]))
    # braking / cornering: slow 0.5-2 m/s^2 pushes that tilt the apparent gravity
    slow = band_noise(n, fs, 0.02, 0.3, rng) * 0.8
    s.lin[:, 0] += slow * drive_s
    s.lin[:, 1] += band_noise(n, fs, 0.02, 0.3, rng) * 0.6 * drive_s
    for tk in rng.uniform(5.0, dur - 5.0, 8):
        _knock(s, tk, rng, rng.uniform(2.0, 6.0))  # potholes, kerbs
    truth: Truth = {
        "models": f"bus ride at rest: seat vibration 2-20 Hz, body resonance {f_body:.1f} Hz"
        f" ({bw_body:g} Hz wide),"
        " diesel rotation line 10.8 Hz at 3 stops, 18-33 Hz sweeping while driving, 8 bumps",
        "sets": None,
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": [
            "see_a_clinician",
            "neuromuscular_fatigue",
            "sleep_stress_stimulants",
            "overtraining_cns",
            "dehydration_electrolytes",
        ],
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


def sc_loose_strap(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Dumbbell curls with a loosely strapped watch: at each turn of each rep the watch slides and
    knocks the wrist, ringing the watch-on-skin resonance (8-11 Hz, zeta 0.1); no real tremor
    growth, the rattle is the same size every rep (``--extras f:0.5,wobble:0.1``, ``nostrap``)."""
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    s = Session(330.0, fs, rng)
    n = len(s.t)
    f_w = rng.uniform(8.0, 11.0)
    zeta = 0.1
    kern = damped_burst(fs, f_w, 1.0 / (2 * np.pi * f_w * zeta), 1.0)
    sets = []
    wob = np.zeros((n, 3))
    d = np.array([0.2, 0.9, 0.4])
    for k in range(3):
        t0 = 60.0 + k * 100.0
        t1 = t0 + 40.0
        f = float(kv["f"]) if "f" in kv else rng.uniform(0.45, 0.55)
        s.add_reps(t0, t1, f, 110.0)
        sets.append([t0, t1])
        for tk in np.arange(t0 + 0.5 / f, t1 - 0.2, 0.5 / f):  # the two turns of every rep
            add_at(wob, s.idx(tk + rng.normal(0, 0.02)), kern * rng.uniform(0.7, 1.3), d)
    inside = np.zeros(n, bool)
    for a, b in sets:
        inside |= s.mask(a, b)
    # the rattle's RMS inside the sets (default 0.1 m/s^2: a watch visibly rattling on the wrist)
    wob *= float(kv.get("wobble", 0.1)) / (np.sqrt((wob[inside] ** 2).sum(1).mean()) + 1e-12)
    if "nostrap" not in extras:
        s.lin += wob
    truth: Truth = {
        "models": f"curls 3 x 40 s at {kv.get('f', '0.45-0.55')} Hz, a loose strap ringing at {f_w:.1f} Hz"
        f" at each turn of each rep ({kv.get('wobble', '0.1')} m/s^2 RMS), the same size every rep;"
        " no tremor rise",
        "sets": sets,
        "forbidden_labels_anywhere": ["fatigue_tremor", "mixed", "atypical_tremor"],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue"],
        "twitches_true": 0,
        "no_atypical": True,
        "unsupported_causes": ["sleep_stress_stimulants"],
    }
    return s.t, s.total(), truth


def sc_watch_slip(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Sitting still for 4 min while the watch slips around the wrist five times (25-60 deg roll
    steps over 0.1-0.3 s, each with a small jolt)."""
    s = Session(240.0, fs, rng)
    for tk in (40.0, 80.0, 120.0, 160.0, 200.0):
        d = rng.uniform(25.0, 60.0) * rng.choice([-1.0, 1.0])
        s.roll += np.deg2rad(d) * smooth_step(s.t, tk, rng.uniform(0.1, 0.3))
        _knock(s, tk, rng, rng.uniform(0.3, 1.0))
    truth: Truth = {
        "models": "at rest, watch slipping 25-60 deg around the wrist 5 times; no set, no twitch",
        "sets": None,
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue"],
        "twitches_true": 0,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


def sc_knocks(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Forearm on a table 4 min: 10 knocks on the table (1-8 m/s^2, 30-45 Hz ringing, a few ms)
    and 8 real twitches (0.1-0.3 m/s^2, 20-150 ms)."""
    s = Session(240.0, fs, rng)
    s.pitch[:] = np.deg2rad(3.0)
    kt = np.sort(rng.uniform(10.0, 230.0, 10))
    for tk in kt:
        _knock(s, tk, rng, rng.uniform(1.0, 8.0))
    tw: list[float] = []
    while len(tw) < 8:
        c = rng.uniform(10.0, 230.0)
        if np.all(np.abs(kt - c) > 3.0) and all(abs(c - x) > 3.0 for x in tw):
            tw.append(c)
    for c in tw:
        add_at(s.lin, s.idx(c), twitch(fs, rng), unit(rng))
    truth: Truth = {
        "models": "rest on a table, 10 knocks 1-8 m/s^2 (not twitches), 8 true twitches 0.1-0.3 m/s^2",
        "sets": None,
        "forbidden_labels_anywhere": ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"],
        "forbidden_causes": ["see_a_clinician"],
        "twitches_true": 8,
        "twitch_times": sorted(tw),
        "artefact_times": kt.tolist(),
        "no_atypical": True,
    }
    return s.t, s.total(), truth


def sc_saturation(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Kettlebell swings, 2 x 45 s at 0.7 Hz, peaks 3-5 g, through a +-2 g (or +-4 g) sensor."""
    rng_g = 4.0 if "4g" in extras else 2.0
    s = Session(240.0, fs, rng)
    sets = [[60.0, 105.0], [165.0, 210.0]]
    for a, b in sets:
        s.add_reps(a, b, 0.7, 150.0, r=0.7)
        m = s.mask(a, b)
        tt = s.t[m] - a
        # the bell's pull at the bottom of the swing: a short hard spike each cycle
        s.lin[m, 2] += 15.0 * np.maximum(0.0, np.cos(2 * np.pi * 0.7 * tt)) ** 8
    acc = s.total()
    lim = rng_g * G
    clipped = np.abs(acc) >= lim
    acc = np.clip(acc, -lim, lim)
    truth: Truth = {
        "models": f"kettlebell swings 2 x 45 s, 0.7 Hz, peaks 3-5 g, sensor range +-{rng_g:g} g",
        "sets": sets,
        "forbidden_labels_anywhere": ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue"],
        "twitches_true": 0,
        "saturated_samples": int(clipped.any(axis=1).sum()),
        "no_atypical": True,
    }
    return s.t, acc, truth


def sc_twitches_rest(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Seated rest 4 min after training, 20 isolated twitches 0.1-0.3 m/s^2, 20-150 ms."""
    s = Session(240.0, fs, rng)
    tw: list[float] = []
    while len(tw) < 20:
        c = rng.uniform(5.0, 235.0)
        if all(abs(c - x) > 2.0 for x in tw):
            tw.append(c)
    for c in tw:
        add_at(s.lin, s.idx(c), twitch(fs, rng), unit(rng))
    truth: Truth = {
        "models": "rest, 20 isolated twitches 0.1-0.3 m/s^2, 20-150 ms, 10-30 Hz",
        "sets": None,
        "forbidden_labels_anywhere": ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"],
        "forbidden_causes": ["see_a_clinician"],
        "twitches_true": 20,
        "twitch_times": sorted(tw),
        "no_atypical": True,
    }
    return s.t, s.total(), truth


def _tempo_reps(
    s: Session, t0: float, t1: float, f: float, amp_deg: float, lift: float, r: float = 0.3
) -> None:
    """Reps with a quick lift taking the share ``lift`` of each cycle and a slower lowering: the
    forearm angle follows a raised cosine on a warped phase, its derivatives taken numerically."""
    m = s.mask(t0, t1)
    u = ((s.t[m] - t0) * f) % 1.0
    phi = np.where(u < lift, 0.5 * u / lift, 0.5 + 0.5 * (u - lift) / (1.0 - lift))
    th = np.deg2rad(amp_deg) / 2 * (1 - np.cos(2 * np.pi * phi))
    dt = 1.0 / s.fs
    thd = np.gradient(th, dt)
    thdd = np.gradient(thd, dt)
    s.pitch[m] += th
    s.lin[m, 0] += r * thdd
    s.lin[m, 2] += r * thd**2


def sc_curls(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Plain dumbbell curls, 3 x 40 s, tight strap, no tremor rise: the forearm swings amp deg at
    f Hz (``--extras amp:110,f:0.5``; defaults 110 deg, 0.45-0.55 Hz); ``lift:0.35`` makes the lift
    take 35 % of each rep and the lowering the rest (a 1:2 tempo) instead of a sinusoid."""
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    amp = float(kv.get("amp", 110.0))
    s = Session(330.0, fs, rng)
    sets = []
    for k in range(3):
        t0 = 60.0 + k * 100.0
        f = float(kv["f"]) if "f" in kv else rng.uniform(0.45, 0.55)
        if "lift" in kv:
            _tempo_reps(s, t0, t0 + 40.0, f, amp, float(kv["lift"]))
        else:
            s.add_reps(t0, t0 + 40.0, f, amp)
        sets.append([t0, t0 + 40.0])
    truth: Truth = {
        "models": f"curls 3 x 40 s, {amp:g} deg at {kv.get('f', '0.45-0.55')} Hz, r = 0.3 m"
        f"{', lift share ' + kv['lift'] if 'lift' in kv else ''}; no tremor"
        " beyond the resting 0.01-0.02 m/s^2, no out-of-band oscillation",
        "sets": sets,
        "forbidden_labels_anywhere": ["fatigue_tremor", "mixed", "atypical_tremor", "enhanced_tremor"],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue"],
        "twitches_true": 0,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- round two (h-red2)
def taper(t: np.ndarray, a: float, b: float, w: float = 0.5) -> np.ndarray:
    """1 inside [a + w, b - w], 0 outside [a, b], raised-cosine edges: no step at either end
    (a step in acceleration or in the gravity's direction is broadband and no limb makes one)."""
    return smooth_step(t, a, w) * (1 - smooth_step(t, b - w, w))


def _walk(s: Session, t0: float, t1: float, rng: Rng, run: bool = False, soft: bool = False) -> int:
    """Walking (or running) with the watch on: arm swing at the stride rate, the body's vertical
    bob at the step rate and a heel-strike shock each step, carried up the body to the wrist.

    Walking: arm hanging (pitch -75 deg), swinging +-20 deg about the shoulder (r = 0.65 m) at
    0.9-1.0 strides/s; bob +-1.5 m/s^2 at the step rate; heel strikes 1-3 m/s^2, 15-25 Hz, 15 ms.
    Running: elbow bent (pitch 15 deg), +-30 deg at 1.4-1.5 strides/s about the shoulder
    (r = 0.35 m); bob up to 1.5 g in stance; heel strikes 8-20 m/s^2. ``soft``: walking heel strikes
    of 0.3-1 m/s^2 (cushioned shoes, a soft gait). Returns the number of steps.
    """
    m = s.mask(t0, t1)
    tt = s.t[m] - t0
    f = rng.uniform(1.4, 1.5) if run else rng.uniform(0.9, 1.0)
    fj = f * (1 + 0.02 * np.sin(2 * np.pi * tt / 17.0))  # stride rate wanders 2 %
    ph = 2 * np.pi * np.cumsum(fj) / s.fs
    amp, r, base = (np.deg2rad(30.0), 0.35, 15.0) if run else (np.deg2rad(20.0), 0.65, -75.0)
    ramp = smooth_step(s.t[m], t0, 1.5) * (1 - smooth_step(s.t[m], t1 - 1.5, 1.5))
    th = amp * np.sin(ph) * ramp
    w = 2 * np.pi * f
    # the arm goes from its pose before the walk to the walking pose (and back) over 1.5 s
    s.pitch[m] = (1 - ramp) * s.pitch[m] + ramp * np.deg2rad(base) + th
    s.lin[m, 0] += -r * amp * w * w * np.sin(ph) * ramp  # tangential
    s.lin[m, 2] += r * (amp * w * np.cos(ph)) ** 2 * ramp  # centripetal
    up = gravity(s.pitch[m], s.roll[m]) / G  # world vertical in the sensor frame
    if run:
        bob = 14.7 * np.maximum(0.0, np.sin(2 * ph)) ** 2 - 4.9  # stance push-off, flight
    else:
        bob = 1.5 * np.sin(2 * ph + 0.3)
    s.lin[m] += (bob * ramp)[:, None] * up
    # a heel strike at each step: phase 2 ph crosses a multiple of 2 pi
    steps = np.flatnonzero(np.diff(np.floor(2 * ph / (2 * np.pi))) > 0)
    i_m = np.flatnonzero(m)
    for k in steps:
        if ramp[k] < 0.5:
            continue
        pk = rng.uniform(8.0, 20.0) if run else rng.uniform(0.3, 1.0) if soft else rng.uniform(1.0, 3.0)
        p = damped_burst(s.fs, rng.uniform(15.0, 25.0), 0.015, 0.1) * pk
        add_at(s.lin, int(i_m[k]), p, up[k])
    return len(steps)


def sc_walk_sets(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Three 40 s fatigue holds (as ``fatigue_holds``) with walking between them: 50 s walk in,
    then in each rest a walk to the water bottle and back (5-10 s still before each hold;
    ``--extras still:S``: S s); ``--extras run``: running instead,
    ``soft``: softer heel strikes (0.3-1 m/s^2 at the wrist instead of 1-3)."""
    run = "run" in extras
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    still = float(kv["still"]) if "still" in kv else None  # still seconds between a walk and a hold
    s = Session(330.0, fs, rng)
    sets = []
    walks = [[2.0, 55.0 if still is None else 60.0 - still]]
    for k in range(3):
        t0 = 60.0 + k * 100.0
        t1 = t0 + 40.0
        s.add_hold(t0, t1)
        f0 = rng.uniform(10.0, 11.0)
        s.add_tremor(t0 + 1.0, t1 - 1.0, 0.02, rng.uniform(0.12, 0.2), f0, f0 - 1.0)
        sets.append([t0, t1])
        w_end = t1 + 50.0 if still is None else t1 + 60.0 - still
        walks.append([t1 + 5.0, w_end] if k < 2 else [t1 + 5.0, 325.0])
    steps = sum(_walk(s, a, b, rng, run, "soft" in extras) for a, b in walks)
    what = "running (1.4-1.5 strides/s, heel strikes 8-20 m/s^2)" if run else "walking (0.9-1 strides/s)"
    what += ", soft heel strikes 0.3-1 m/s^2" if "soft" in extras and not run else ""
    truth: Truth = {
        "models": f"three 40 s holds with growing 8-11 Hz tremor; {what} before and between them,"
        f" {steps} steps; no twitch, no machine",
        "sets": sets,
        "walks": walks,
        "set_labels": ["fatigue_tremor", "mixed"],
        "peak_hz": [8.5, 11.5],
        "must_cause_in_sets": "neuromuscular_fatigue",
        "forbidden_labels_anywhere": ["atypical_tremor"],
        "forbidden_causes": ["see_a_clinician"],
        "twitches_true": 0,
        "no_atypical": True,
        "no_vibration": True,
    }
    return s.t, s.total(), truth


def sc_pocket(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """A phone in a trouser pocket through a dumbbell session: seated on the bench (thigh level),
    standing for three 40 s sets of curls (thigh vertical; the body sways with each rep), walking
    to the rack and back in every rest. The sensor is on the thigh: it never sees the wrist."""
    s = Session(330.0, fs, rng)
    n = len(s.t)
    s.roll[:] = np.deg2rad(rng.uniform(-20.0, 20.0))  # screen towards the leg, a little tilted
    stand = np.zeros(n)
    sets = []
    walks = []
    for k in range(3):
        t0 = 60.0 + k * 100.0
        t1 = t0 + 40.0
        stand += smooth_step(s.t, t0 - 2.0, 1.2) - smooth_step(s.t, t1 + 18.0, 1.2)
        sets.append([t0, t1])
        walks.append([t1 + 2.0, t1 + 18.0])
    s.pitch[:] = np.deg2rad(5.0) + np.deg2rad(83.0) * stand  # seated thigh level, standing vertical
    for a, b in sets:
        m = s.mask(a, b)
        tt = s.t[m] - a
        f = rng.uniform(0.45, 0.55)
        # the trunk leans back a little against each curl: 0.1-0.2 m/s^2 at the rep rate at the hip
        tp = taper(s.t[m], a, b, 1.0)
        s.lin[m, 0] += rng.uniform(0.1, 0.2) * np.sin(2 * np.pi * f * tt) * tp
        s.lin[m, 2] += 0.05 * np.sin(4 * np.pi * f * tt) * tp
        # standing: quiet-stance sway of the thigh
        s.lin[m] += np.outer(band_noise(int(m.sum()), fs, 0.1, 1.5, rng) * tp, unit(rng)) * 0.05
    steps = 0
    for a, b in walks:
        m = s.mask(a, b)
        tt = s.t[m] - a
        fst = rng.uniform(0.9, 1.0)
        ph = 2 * np.pi * fst * tt
        ramp = smooth_step(s.t[m], a, 1.0) * (1 - smooth_step(s.t[m], b - 1.0, 1.0))
        # the thigh swings +-20 deg about the hip, the phone 0.25 m below it
        amp = np.deg2rad(20.0)
        w = 2 * np.pi * fst
        s.pitch[m] += amp * np.sin(ph) * ramp
        s.lin[m, 0] += -0.25 * amp * w * w * np.sin(ph) * ramp
        up = gravity(s.pitch[m], s.roll[m]) / G
        s.lin[m] += (1.5 * np.sin(2 * ph) * ramp)[:, None] * up
        i_m = np.flatnonzero(m)
        for k in np.flatnonzero(np.diff(np.floor(2 * ph / (2 * np.pi))) > 0):
            if ramp[k] < 0.5:
                continue
            p = damped_burst(fs, rng.uniform(15.0, 30.0), 0.012, 0.1) * rng.uniform(3.0, 8.0)
            add_at(s.lin, int(i_m[k]), p, up[k])
            steps += 1
    truth: Truth = {
        "models": f"phone in a trouser pocket: seated, standing for 3 x 40 s curls (the curls seen only as"
        f" 0.1-0.2 m/s^2 trunk sway), {steps} steps walking in the rests; the sensor is on the thigh",
        "sets": None,
        "strength_sets_on_the_arm": sets,
        "walks": walks,
        "forbidden_labels_anywhere": ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue", "metabolic_byproducts"],
        "twitches_true": 0,
        "no_atypical": True,
        "no_vibration": True,
    }
    return s.t, s.total(), truth


def sc_pushups(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Bodyweight circuit, hand on the floor: 30 s of push-ups at 0.7 reps/s (the forearm tilts
    80 -> 55 deg about the planted hand, the watch 5 cm above the floor), a 60 s high plank
    (forearm near vertical, wrist loaded) and a 60 s forearm plank (forearm flat on the floor),
    60 s seated rests. Both planks carry a fatigue tremor growing 0.015 -> 0.08-0.1 m/s^2 (about
    30-45x in power) with its peak drifting 8.5 -> 7.5 Hz; the push-ups carry none."""
    s = Session(390.0, fs, rng)
    s.pitch[:] = np.deg2rad(10.0)
    sets = [[60.0, 90.0], [150.0, 210.0], [270.0, 330.0]]
    pose = [(80.0, 0.0), (80.0, 0.0), (2.0, 85.0)]  # (pitch, roll) on the floor
    for (a, b), (p, r) in zip(sets, pose):
        get = smooth_step(s.t, a - 3.0, 2.5) - smooth_step(s.t, b + 0.5, 2.5)
        s.pitch += np.deg2rad(p - 10.0) * get
        s.roll += np.deg2rad(r - 25.0) * get
        for tc in (a - 2.0, b + 1.5):  # getting down / up: the arm moves freely for 2 s
            mm = s.mask(tc - 1.0, tc + 1.0)
            tp = taper(s.t[mm], tc - 1.0, tc + 1.0, 0.7)
            s.lin[mm] += np.outer(band_noise(int(mm.sum()), fs, 0.3, 3.0, rng) * tp, unit(rng)) * 1.0
    # push-ups: forearm tilt about the planted hand, tiny wrist translation
    a, b = sets[0]
    m = s.mask(a, b)
    tt = s.t[m] - a
    f = round(30.0 * rng.uniform(0.65, 0.75)) / 30.0  # whole reps: the forearm ends where it began
    w = 2 * np.pi * f
    tilt = np.deg2rad(25.0) / 2 * (1 - np.cos(w * tt))
    s.pitch[m] -= tilt
    s.lin[m, 0] += 0.05 * np.deg2rad(12.5) * w * w * np.cos(w * tt) * taper(s.t[m], a, b)
    peaks = []
    for (a, b), a1 in zip(sets[1:], (rng.uniform(0.08, 0.1), rng.uniform(0.06, 0.08))):
        s.add_tremor(a + 1.0, b - 1.0, 0.015, a1, 8.5, 7.5)
        peaks.append(a1)
    truth: Truth = {
        "models": "push-ups 30 s (no tremor), high plank 60 s and forearm plank 60 s with fatigue tremor"
        f" 0.015 -> {peaks[0]:.3f} / {peaks[1]:.3f} m/s^2 at 8.5 -> 7.5 Hz; hand on the floor",
        "sets": sets,
        "set_labels_each": [["calm", "not_assessable"], ["fatigue_tremor"], ["fatigue_tremor"]],
        "peak_hz": [6.5, 9.5],
        "must_cause_in_sets": "neuromuscular_fatigue",
        "forbidden_labels_anywhere": ["atypical_tremor", "mixed"],
        "forbidden_causes": ["see_a_clinician"],
        "twitches_true": 0,
        "no_atypical": True,
        "no_vibration": True,
    }
    return s.t, s.total(), truth


def sc_bench(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Barbell bench press, 3 sets of 8 at 0.4 reps/s, lying with the forearm vertical; the bar
    moves the wrist 0.4 m up and down. A loaded Olympic bar whips: the plates on the sleeves are a
    cantilever (EI ~ 6000 N m^2, 0.5 m overhang, 40-60 kg a side: 7-10 Hz), lightly damped
    (zeta 3 %), rung at each turn of each rep and the same size every rep (0.15-0.4 m/s^2 peak at
    the wrist); the bar clanks on the J-hooks at unrack and rerack (5-15 m/s^2). No tremor beyond
    rest; ``--extras fatigue`` gives the last set a real fatigue tremor 0.02 -> 0.15 m/s^2."""
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    s = Session(330.0, fs, rng)
    s.pitch[:] = np.deg2rad(10.0)
    f_bar = rng.uniform(7.0, 10.0)
    zeta = 0.03
    kern = damped_burst(fs, f_bar, 1.0 / (2 * np.pi * f_bar * zeta), 2.0)
    sets = []
    d_bar = np.array([0.9, 0.2, 0.4])
    d_bar /= np.linalg.norm(d_bar)
    for k in range(3):
        a = 60.0 + k * 100.0
        b = a + 24.0
        sets.append([a, b])
        lie = smooth_step(s.t, a - 4.0, 2.0) - smooth_step(s.t, b + 2.0, 2.0)
        s.pitch += np.deg2rad(88.0 - 10.0) * lie  # forearm vertical under the bar
        for tk in (a + 0.5, b - 0.5):  # unrack, rerack (``--extras noclank``: a spotter eases it)
            clank = rng.uniform(5.0, 15.0) * float(kv.get("clank", 15.0)) / 15.0  # ``clank:X``: up to X
            if "noclank" not in extras:
                _knock(s, tk, rng, clank)
            else:
                _ = (rng.uniform(30.0, 45.0), unit(rng))  # the same draws, so the rest of the file is equal
        m = s.mask(a + 1.5, a + 21.5)
        tt = s.t[m] - a - 1.5
        f = 0.4
        w = 2 * np.pi * f
        up = gravity(s.pitch[m], s.roll[m]) / G
        tp = taper(s.t[m], a + 1.5, a + 21.5)
        s.lin[m] += (-0.2 * w * w * np.cos(w * tt) * tp)[:, None] * up  # z = 0.2 (1 + cos): top at start
        s.pitch[m] += np.deg2rad(8.0) * np.sin(w * tt) ** 2  # the forearm tilts a little at the bottom
        for tk in np.arange(a + 1.5 + 0.5 / f, a + 21.5, 0.5 / f):  # bottom and top of every rep
            i_turn = s.idx(tk + rng.normal(0, 0.05))
            ring = kern * rng.uniform(0.15, 0.4)
            if "nowhip" not in extras:  # ``--extras nowhip``: an unloaded (or stiff) bar, no ringing
                add_at(s.lin, i_turn, ring, d_bar)
    truth: Truth = {
        "models": f"bench press 3 x 8 at 0.4 reps/s, bar whip {f_bar:.1f} Hz (zeta 3 %) rung at every turn,"
        " the same size every rep; J-hook clanks 5-15 m/s^2 at unrack and rerack",
        "sets": sets,
        "forbidden_labels_anywhere": ["fatigue_tremor", "mixed", "atypical_tremor"],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue"],
        "twitches_true": 0,
        "no_atypical": True,
        "unsupported_causes": ["sleep_stress_stimulants"],
    }
    if "fatigue" in extras:
        a, b = sets[2]
        s.add_tremor(a + 1.0, b - 1.0, 0.02, 0.15, 9.5, 8.5)
        truth["models"] += "; the last set has a real fatigue tremor 0.02 -> 0.15 m/s^2 at 9.5 -> 8.5 Hz"
        truth["forbidden_labels_anywhere"] = ["mixed", "atypical_tremor"]
        truth["set_labels_each"] = [
            ["calm", "not_assessable", "enhanced_tremor"],
            ["calm", "not_assessable", "enhanced_tremor"],
            ["fatigue_tremor"],
        ]
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- round three (h-red3)
def _gtwitch(fs: float, rng: Rng, peak: float) -> np.ndarray:
    """One fasciculation of a given peak: a damped burst, 20-150 ms, 10-30 Hz (as ``twitch``)."""
    dur = rng.uniform(0.02, 0.15)
    return damped_burst(fs, rng.uniform(10.0, 30.0), dur / 3.0, dur) * peak


def _speed_profile(t: np.ndarray, knots: Sequence[tuple[float, float]]) -> np.ndarray:
    """Piecewise-linear belt speed (m/s) through (time, speed) knots."""
    return np.interp(t, [k[0] for k in knots], [k[1] for k in knots])


def sc_treadmill(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """A treadmill session: 40 s standing beside the belt, walking at 1.4 m/s for 2 min, running
    at 2.8 m/s for 110 s, walking at 1.2 m/s to cool down, 35 s standing. The belt's front roller
    (50 mm across: f = v / (pi 0.05) = 8.9 Hz at 1.4 m/s, 17.8 Hz at 2.8 m/s) and the motor
    (2.5x the roller) are machine lines that sweep with the speed (53 Hz/min in the 10 s speed-up).
    Arms swinging, the belt's vibration reaches the wrist only through the body (0.003-0.006 m/s^2).
    ``--extras rails``: the person holds the front rails throughout (a common habit): hands still
    on the frame, the roller line 0.03-0.08 m/s^2 and the motor 0.02-0.05 m/s^2 at the wrist, the
    body's bob damped to 0.3 m/s^2 and footfalls 0.2-0.6 m/s^2; before stepping on, 25 s straddling
    the belt running at 1.0 m/s (6.4 Hz), hands on the rails; speeds 1.2 then 1.7 m/s (walking, incline)."""
    rails = "rails" in extras
    s = Session(420.0, fs, rng)
    n = len(s.t)
    if rails:
        knots = [
            (0, 0),
            (10, 0),
            (14, 1.0),
            (40, 1.0),
            (48, 1.2),
            (170, 1.2),
            (180, 1.7),
            (290, 1.7),
            (300, 1.2),
            (380, 1.2),
            (386, 0),
            (420, 0),
        ]
    else:
        knots = [
            (0, 0),
            (40, 0),
            (48, 1.4),
            (170, 1.4),
            (180, 2.8),
            (290, 2.8),
            (300, 1.2),
            (380, 1.2),
            (386, 0),
            (420, 0),
        ]
    v = _speed_profile(s.t, knots)
    f_roll = v / (np.pi * 0.05)
    ph = 2 * np.pi * np.cumsum(f_roll) / fs
    f_mot = 2.5 * f_roll
    walks = [[48.0, 170.0], [180.0, 290.0], [300.0, 380.0]]
    steps = 0
    if rails:
        s.pitch[:] = np.deg2rad(5.0)
        s.roll[:] = np.deg2rad(70.0)
        a_roll, a_mot = rng.uniform(0.03, 0.08), rng.uniform(0.02, 0.05)
        on = smooth_step(s.t, 8.0, 2.0) * (1 - smooth_step(s.t, 388.0, 2.0))  # hands on the rails
        up = gravity(s.pitch, s.roll) / G
        for a, b in walks:
            m = s.mask(a, b)
            tt = s.t[m] - a
            fst = rng.uniform(0.85, 0.95) if b < 175 or a > 295 else rng.uniform(0.95, 1.05)
            gph = 2 * np.pi * fst * tt
            ramp = taper(s.t[m], a, b, 1.5)
            s.lin[m] += (0.3 * np.sin(2 * gph) * ramp)[:, None] * up[m]
            i_m = np.flatnonzero(m)
            for k in np.flatnonzero(np.diff(np.floor(2 * gph / (2 * np.pi))) > 0):
                if ramp[k] < 0.5:
                    continue
                p = damped_burst(fs, rng.uniform(15.0, 25.0), 0.015, 0.1) * rng.uniform(0.2, 0.6)
                add_at(s.lin, int(i_m[k]), p, up[i_m[k]])
                steps += 1
    else:
        on = np.ones(n)
        a_roll, a_mot = rng.uniform(0.003, 0.006), rng.uniform(0.002, 0.004)
        steps += _walk(s, 48.0, 170.0, rng)
        steps += _walk(s, 180.0, 290.0, rng, run=True)
        steps += _walk(s, 300.0, 380.0, rng)
    moving = (v > 0.05).astype(float)
    line = (a_roll * np.sqrt(2) * np.sin(ph) + a_mot * np.sqrt(2) * np.sin(2.5 * ph + 1.0)) * on * moving
    line = np.where(f_mot < 0.45 * fs, line, a_roll * np.sqrt(2) * np.sin(ph) * on * moving)
    s.lin += np.outer(line, np.array([0.2, 0.5, 0.85]))
    truth: Truth = {
        "models": f"treadmill: {'hands on the rails, ' if rails else 'arms swinging, '}"
        f"{steps if rails else 'about ' + str(steps)} steps; roller line {a_roll:.3f} m/s^2 at v/(pi 0.05 m)"
        f" ({f_roll.max():.1f} Hz at the top speed), motor {a_mot:.3f} m/s^2 at 2.5x;"
        " no strength set, no tremor beyond rest, no twitch",
        "sets": None,
        "walks": walks,
        "machine_line_hz": [round(float(np.median(f_roll[s.mask(a + 3, b - 3)])), 2) for a, b in walks],
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": [
            "see_a_clinician",
            "neuromuscular_fatigue",
            "sleep_stress_stimulants",
            "overtraining_cns",
            "dehydration_electrolytes",
            "metabolic_byproducts",
        ],
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": rails,
    }
    return s.t, s.total(), truth


def sc_twitch_clusters(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Seated rest 4 min: 8 twitch pairs and 4 triplets, the twitches of a cluster 0.3-0.6 s apart
    (a motor unit firing again, or two neighbours), each 0.1-0.3 m/s^2; clusters 6 s or more apart.
    ``--extras faint``: instead 24 isolated twitches of 0.04-0.1 m/s^2 (near the noise floor)."""
    s = Session(240.0, fs, rng)
    tw: list[float] = []
    peaks: list[float] = []
    if "faint" in extras:
        while len(tw) < 24:
            c = rng.uniform(5.0, 235.0)
            if all(abs(c - x) > 4.0 for x in tw):
                tw.append(c)
        for c in tw:
            pk = rng.uniform(0.04, 0.1)
            add_at(s.lin, s.idx(c), _gtwitch(fs, rng, pk), unit(rng))
            peaks.append(pk)
        what = "24 isolated twitches of 0.04-0.1 m/s^2"
    else:
        centres: list[float] = []
        while len(centres) < 12:
            c = rng.uniform(5.0, 233.0)
            if all(abs(c - x) > 6.0 for x in centres):
                centres.append(c)
        for k, c in enumerate(centres):
            t = c
            for _ in range(2 if k < 8 else 3):
                pk = rng.uniform(0.1, 0.3)
                add_at(s.lin, s.idx(t), _gtwitch(fs, rng, pk), unit(rng))
                tw.append(t)
                peaks.append(pk)
                t += rng.uniform(0.3, 0.6)
        what = "8 twitch pairs and 4 triplets, 0.3-0.6 s apart within a cluster, 0.1-0.3 m/s^2"
    order = np.argsort(tw)
    truth: Truth = {
        "models": f"rest 4 min, {what}; no tremor beyond rest",
        "sets": None,
        "forbidden_labels_anywhere": ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"],
        "forbidden_causes": ["see_a_clinician"],
        "twitches_true": len(tw),
        "twitch_times": [float(tw[i]) for i in order],
        "twitch_peaks": [float(peaks[i]) for i in order],
        "twitch_tol_s": 0.14,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


def sc_rest_tremor(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """A curl session (3 x 40 s at 0.45-0.55 Hz, 110 deg, tight strap, 60 s rests) by someone with
    an intermittent Parkinsonian-like rest tremor: 4-5 Hz (fixed per person, wandering +-0.15 Hz,
    0.4 Hz wide), a 2nd harmonic at 25 % (the waveform is not sinusoidal: 8-10 Hz, inside the
    physiological band), mostly about the forearm's long axis (pronation-supination). It appears
    only at rest, 3-8 s after a set (or the recording) starts being still, for 15-40 s per rest,
    waxing and waning, and is suppressed by the movement. RMS per episode drawn in
    ``--extras amp:LO-HI`` (default 0.05-0.2 m/s^2; the brief's range is 0.02-0.2).
    ``posture``: the sets are 40 s isometric holds (arm raised to 75 deg) instead of curls, and the
    tremor re-emerges in each hold after 5-10 s (re-emergent tremor, 0.5-0.8x the rests' size);
    ``steady``: the tremor as steady as a machine (frequency wandering 0.03 Hz, amplitude 5 %), the
    documented limit where a tremor is taken for a machine line (it must then say so)."""
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    lo, hi = (float(x) for x in kv.get("amp", "0.05-0.2").split("-"))
    s = Session(330.0, fs, rng)
    n = len(s.t)
    sets = []
    posture = "posture" in extras
    for k in range(3):
        t0 = 60.0 + k * 100.0
        f_rep = rng.uniform(0.45, 0.55)
        if posture:
            s.add_hold(t0, t0 + 40.0)
        else:
            s.add_reps(t0, t0 + 40.0, f_rep, 110.0)
        sets.append([t0, t0 + 40.0])
    f_rt = rng.uniform(4.0, 5.0)
    rests = [(0.0, 60.0)] + [(b, b + 60.0 if b + 60.0 < 330.0 else 330.0) for _, b in sets]
    eps = []
    for a, b in rests:
        e0 = a + rng.uniform(3.0, 8.0)
        e1 = min(b - 2.0, e0 + rng.uniform(15.0, 40.0))
        if e1 - e0 < 8.0:
            continue
        eps.append([float(e0), float(e1), float(rng.uniform(lo, hi))])
    drive = np.zeros(n)
    for e0, e1, amp in eps:
        drive += taper(s.t, e0, e1, 2.0) * amp
    in_sets = []
    if posture:  # re-emergent tremor in each hold
        for a, b in sets:
            e0 = a + rng.uniform(5.0, 10.0)
            amp = float(rng.uniform(lo, hi) * rng.uniform(0.5, 0.8))
            in_sets.append([float(e0), b - 1.5, amp])
            drive += taper(s.t, e0, b - 1.5, 2.0) * amp
    steady = "steady" in extras
    wax = 1.0 + (0.05 if steady else 0.3) * band_noise(n, fs, 0.02, 0.2, rng)  # waxing and waning
    fc = f_rt + (0.03 if steady else 0.15) * band_noise(n, fs, 0.01, 0.1, rng)
    base = narrow_line(fc, fs, 0.1 if steady else 0.4, rng)
    # a 2nd harmonic near 2 fc, drawn independently (a simplification: a real one is phase-locked)
    harm = narrow_line(2 * fc, fs, 0.2 if steady else 0.8, rng)
    x = (base + 0.25 * harm) * drive * np.clip(wax, 0.3, None)
    d = np.array([0.1, 0.8, 0.6])
    d /= np.linalg.norm(d)
    s.lin += np.outer(x, d)
    loud = [e for e in eps + in_sets if e[2] >= 0.063 and e[1] - e[0] >= 5.0]
    truth: Truth = {
        "models": f"{'holds' if posture else 'curls'} 3 x 40 s; rest tremor {f_rt:.2f} Hz (+2nd harmonic at 25 %)"
        f"{', steady as a machine' if steady else ''}"
        + (
            ", re-emerging in the holds: " + "; ".join(f"{a:.0f}-{b:.0f} s {r:.3f}" for a, b, r in in_sets)
            if posture
            else ""
        )
        + "; in the rests:"
        + "; ".join(f"{a:.0f}-{b:.0f} s {r:.3f} m/s^2" for a, b, r in eps),
        "sets": sets,
        "set_labels": ["atypical_tremor", "not_assessable"] if posture else ["calm", "not_assessable"],
        "rest_tremor_hz": f_rt,
        "rest_tremor_episodes": eps,
        "tremor_in_sets": in_sets,
        "must_atypical_at_rest": [[a, b] for a, b, _ in loud],
        "must_cause_session": "see_a_clinician" if loud else None,
        "forbidden_labels_anywhere": ["fatigue_tremor", "mixed"],
        "forbidden_causes": ["neuromuscular_fatigue"],
        "unsupported_causes": ["sleep_stress_stimulants"],
        "twitches_true": 0,
    }
    return s.t, s.total(), truth


def sc_vigorous(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """A conditioning circuit, 4 sets of 30 s with 60 s seated rests, on a +-16 g sensor: jump rope
    (the wrist circles 8 cm at 2.0-2.4 turns/s, a landing each turn, 5-15 m/s^2 at 15-25 Hz), battle
    ropes (alternating waves, forearm +-25 deg at 2.2-2.8 Hz about the elbow, 0.3 m), kettlebell
    swings (0.7 Hz, 150 deg, r 0.7 m, the bell's pull at the bottom) and rowing-machine strokes
    (0.45-0.55 Hz, 70 deg, r 0.5 m, the chain snapping taut at each catch, 3-6 m/s^2; no flywheel
    line; ``--extras snap:X`` scales the snap, 0 removes it). No tremor beyond rest, no twitch, no walking."""
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    s = Session(390.0, fs, rng)
    sets = [[60.0 + 90.0 * k, 90.0 + 90.0 * k] for k in range(4)]
    up_all = gravity(s.pitch, s.roll) / G
    # jump rope
    a, b = sets[0]
    m = s.mask(a, b)
    tt = s.t[m] - a
    f = rng.uniform(2.0, 2.4)
    tp = taper(s.t[m], a, b, 1.0)
    s.pitch[m] += np.deg2rad(-40.0) * tp
    w = 2 * np.pi * f
    s.lin[m, 0] += 0.08 * w * w * np.cos(w * tt) * tp
    s.lin[m, 1] += 0.08 * w * w * np.sin(w * tt) * tp
    s.lin[m, 2] += 4.0 * np.maximum(0.0, np.sin(w * tt)) ** 2 * tp  # body bounce
    for tk in np.arange(a + 1.0, b - 1.0, 1.0 / f):
        add_at(
            s.lin,
            s.idx(tk),
            damped_burst(fs, rng.uniform(15.0, 25.0), 0.015, 0.1) * rng.uniform(5.0, 15.0),
            up_all[s.idx(tk)],
        )
    # battle ropes
    a, b = sets[1]
    m = s.mask(a, b)
    tt = s.t[m] - a
    f = rng.uniform(2.2, 2.8)
    w = 2 * np.pi * f
    tp = taper(s.t[m], a, b, 1.0)
    th = np.deg2rad(25.0) * np.sin(w * tt) * tp
    s.pitch[m] += th
    s.lin[m, 0] += -0.3 * np.deg2rad(25.0) * w * w * np.sin(w * tt) * tp
    s.lin[m, 2] += 0.3 * (np.deg2rad(25.0) * w * np.cos(w * tt)) ** 2 * tp
    # kettlebell swings
    a, b = sets[2]
    s.add_reps(a, b, 0.7, 150.0, r=0.7)
    m = s.mask(a, b)
    s.lin[m, 2] += 15.0 * np.maximum(0.0, np.cos(2 * np.pi * 0.7 * (s.t[m] - a))) ** 8
    # rowing strokes
    a, b = sets[3]
    f = rng.uniform(0.45, 0.55)
    f = float(kv.get("row", f))  # ``row:F``: F strokes/s
    s.add_reps(a, b, f, 70.0, r=0.5)
    for tk in np.arange(a + 1.0 / f, b - 0.5, 1.0 / f):
        pk = rng.uniform(3.0, 6.0) * float(kv.get("snap", 1.0))  # ``snap:X`` scales the chain's snap
        _knock(s, tk, rng, pk)  # ``snap:0``: none (the same draws, so the rest of the file is equal)
    acc = s.total()
    acc = np.clip(acc, -16 * G, 16 * G)
    truth: Truth = {
        "models": f"circuit: jump rope, battle ropes, kettlebell swings, rowing strokes ({f:.3f}/s, chain snap x"
        f"{kv.get('snap', '1')}), 30 s each, 60 s rests;"
        " no tremor beyond rest, no twitch, no walking",
        "sets": sets,
        "set_labels": ["calm", "not_assessable"],
        "not_walking": True,
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue"],
        "twitches_true": 0,
        "no_atypical": True,
    }
    return s.t, acc, truth


def sc_eccentric(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Heavy curls with slow eccentrics: 3 sets of 8 reps at a 5 s rep (1 s lift, 4 s lowering),
    60 s rests. Under a heavy load the fatigue tremor sits low: it grows 0.02 -> 0.12-0.18 m/s^2
    through each set while its peak drifts from ``f0`` to ``f1`` (``--extras f0:6.6,f1:5.9``, the
    defaults: across the 6 Hz edge of the physiological band), stronger in the lowering (the
    eccentric phase; 0.5x in the lift). A fatigue tremor, not an out-of-band one."""
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    f0, f1 = float(kv.get("f0", 6.6)), float(kv.get("f1", 5.9))
    s = Session(310.0, fs, rng)
    sets = []
    for k in range(3):
        a = 60.0 + k * 100.0
        b = a + 40.0
        sets.append([a, b])
        _tempo_reps(s, a, b, 0.2, 100.0, 0.2)
        m = s.mask(a + 0.5, b - 0.5)
        u = ((s.t[m] - a) * 0.2) % 1.0
        gate = np.where(u < 0.2, 0.5, 1.0)
        nm = int(m.sum())
        uu = np.linspace(0, 1, nm)
        fc = f0 + (f1 - f0) * uu
        amp = 0.02 * (rng.uniform(0.12, 0.18) / 0.02) ** uu
        x = narrow_line(fc, fs, 1.0, rng) * amp * np.convolve(gate, np.ones(20) / 20, mode="same")
        s.lin[m] += np.outer(x * taper(s.t[m], a + 0.5, b - 0.5), np.array([0.3, 0.7, 0.65]))
    truth: Truth = {
        "models": f"slow-eccentric curls 3 x 8 at a 5 s rep; fatigue tremor 0.02 -> 0.12-0.18 m/s^2, peak"
        f" {f0:g} -> {f1:g} Hz, larger in the lowering",
        "sets": sets,
        "set_labels": ["fatigue_tremor", "not_assessable"],
        "peak_hz": [min(f0, f1) - 0.4, max(f0, f1) + 0.4],
        "forbidden_labels_anywhere": ["mixed", "calm"],
        "unsupported_causes": ["see_a_clinician"],
        "twitches_true": 0,
        "no_vibration": True,
    }
    return s.t, s.total(), truth


def sc_massage_gun(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Seated 4 min, a percussion massage gun on the forearm of the watch's arm (10 cm from it)
    for three 40 s bouts: 2400-3200 strokes/min (40-53 Hz, wandering 2 % with the pressure), an
    impact train (harmonics falling as 1/k up to 20 kHz-ish; here to the 20th), 1.5-4 m/s^2 RMS at
    the wrist. The sensor low-passes below its Nyquist frequency (an ideal anti-alias filter);
    ``--extras alias``: it does not (many MEMS parts sample without one), so the harmonics fold:
    e.g. 45 Hz's 2nd harmonic (90 Hz) reads as 10 Hz at 100 Hz. No tremor, no twitch, no set."""
    alias = "alias" in extras
    s = Session(240.0, fs, rng)
    s.pitch[:] = np.deg2rad(5.0)
    n = len(s.t)
    bouts = [[40.0, 80.0], [120.0, 160.0], [190.0, 230.0]]
    sig = np.zeros(n)
    f_g = rng.uniform(40.0, 53.0)
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    f_g = float(kv.get("f", f_g))  # ``--extras f:F``: the gun's rate in Hz
    for a, b in bouts:
        m = s.mask(a, b)
        nm = int(m.sum())
        fc = f_g * (1 + 0.02 * band_noise(nm, fs, 0.05, 0.5, rng))
        ph = 2 * np.pi * np.cumsum(fc) / fs
        x = np.zeros(nm)
        for k in range(1, 21):
            if not alias and k * f_g * 1.02 >= 0.45 * fs:
                break
            x += np.sin(k * ph + rng.uniform(0, 2 * np.pi)) / k
        rms_target = rng.uniform(1.5, 4.0)
        full = sum((1 / k) ** 2 for k in range(1, 21)) / 2
        sig[m] = x / np.sqrt(full) * rms_target * taper(s.t[m], a, b, 0.5)
    s.lin += np.outer(sig, np.array([0.3, 0.4, 0.87]))
    folds = sorted({round(abs(((k * f_g + fs / 2) % fs) - fs / 2), 1) for k in range(1, 21)}) if alias else []
    truth: Truth = {
        "models": f"massage gun {f_g:.1f} Hz on the forearm, 3 x 40 s, 1.5-4 m/s^2 RMS;"
        f" {'no anti-alias filter: harmonics fold to ' + str([x for x in folds if x < 20]) + ' Hz' if alias else 'anti-aliased'}",
        "sets": None,
        "bouts": bouts,
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": [
            "see_a_clinician",
            "neuromuscular_fatigue",
            "sleep_stress_stimulants",
            "overtraining_cns",
            "dehydration_electrolytes",
            "metabolic_byproducts",
        ],
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


def sc_shiver(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Sitting 4 min in the cold after an outdoor session, shivering: the classic picture is an
    8-12 Hz oscillation grouped in bursts that recur 4-8 times a minute (each 3-6 s, waxing and
    waning), here 0.05-0.3 m/s^2 RMS in a burst (``--extras amp:X`` scales it), on top of the
    resting tremor; arm on the lap. No set, no twitch, no out-of-band tremor, no fatigue: it is a
    thermoregulatory tremor (the report may name cold if told the temperature)."""
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    scale = float(kv.get("amp", 1.0))
    s = Session(240.0, fs, rng)
    s.pitch[:] = np.deg2rad(15.0)
    n = len(s.t)
    env = np.zeros(n)
    t = rng.uniform(2.0, 8.0)
    bursts = []
    while t < 232.0:
        L = rng.uniform(3.0, 6.0)
        env += taper(s.t, t, t + L, L / 2.5) * rng.uniform(0.05, 0.3) * scale
        bursts.append([float(t), float(t + L)])
        t += L + 60.0 / rng.uniform(4.0, 8.0) - L / 2
    f_sh = rng.uniform(8.0, 12.0)
    x = narrow_line(np.full(n, f_sh), fs, 1.5, rng) * env
    s.lin += np.outer(x, unit(rng))
    truth: Truth = {
        "models": f"shivering at rest: {len(bursts)} bursts of 3-6 s at {f_sh:.1f} Hz (1.5 Hz wide),"
        f" 0.05-0.3 m/s^2 x{scale:g}, 4-8 a minute; no set, no twitch",
        "sets": None,
        "bursts": bursts,
        "forbidden_labels_anywhere": ["fatigue_tremor", "atypical_tremor", "mixed", "fasciculations"],
        "forbidden_causes": [
            "see_a_clinician",
            "neuromuscular_fatigue",
            "metabolic_byproducts",
            "dehydration_electrolytes",
        ],
        "twitches_true": 0,
        "no_atypical": True,
        "no_vibration": True,
    }
    return s.t, s.total(), truth


def sc_phone_buzz(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Seated 4 min holding a phone in the watch's hand; 14 notifications, each one or two buzzes of
    0.15-0.4 s from the phone's linear resonant actuator (150-235 Hz, fixed per phone; ``lra:F``),
    0.3-1.5 m/s^2 peak at the wrist. A sensor with an anti-alias filter sees nothing of it at 100 or
    200 Hz; ``--extras alias`` (none) folds the buzz to |F - k fs| (e.g. 195 Hz -> 5 Hz, 190 -> 10 Hz at
    100 or 200 Hz): a short burst at a tremor-like frequency. No twitch, no tremor, no set."""
    kv = dict(x.split(":") for x in extras.split(",") if ":" in x)
    alias = "alias" in extras
    s = Session(240.0, fs, rng)
    s.pitch[:] = np.deg2rad(30.0)  # looking at the phone
    s.roll[:] = np.deg2rad(60.0)
    f_lra = float(kv.get("lra", rng.uniform(150.0, 235.0)))
    times = np.sort(rng.uniform(8.0, 230.0, 14))
    buzzes = []
    for tk in times:
        for j in range(int(rng.integers(1, 3))):
            t0 = tk + j * rng.uniform(0.4, 0.6)
            L = rng.uniform(0.15, 0.4)
            buzzes.append([float(t0), float(t0 + L)])
            if not alias:
                continue  # an ideal anti-alias filter removes a 150-235 Hz buzz at 100-200 Hz sampling
            m = s.mask(t0, t0 + L)
            tt = s.t[m] - t0
            env = np.sin(np.pi * tt / L) ** 0.5
            s.lin[m] += np.outer(env * np.sin(2 * np.pi * f_lra * tt) * rng.uniform(0.3, 1.5), unit(rng))
    fold = abs(((f_lra + fs / 2) % fs) - fs / 2)
    truth: Truth = {
        "models": f"phone in hand, {len(buzzes)} buzzes of 0.15-0.4 s at {f_lra:.0f} Hz, 0.3-1.5 m/s^2; "
        + (
            f"no anti-alias filter: read as {fold:.1f} Hz"
            if alias
            else "anti-aliased: nothing reaches the file"
        ),
        "sets": None,
        "buzzes": buzzes,
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": [
            "see_a_clinician",
            "neuromuscular_fatigue",
            "metabolic_byproducts",
            "dehydration_electrolytes",
        ],
        "twitches_true": 0,
        "twitch_times": [],
        "artefact_times": [b[0] for b in buzzes],
        "no_atypical": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- round four (h-red4)
def _kv(extras: str) -> dict[str, str]:
    return dict(x.split(":", 1) for x in extras.split(",") if ":" in x)


def _fatigue_truth(sets: list[list[float]], models: str) -> Truth:
    """The truth of isometric holds with a growing 8-11 Hz fatigue tremor (as ``fatigue_holds``)."""
    return {
        "models": models,
        "sets": sets,
        "set_labels": ["fatigue_tremor", "mixed"],
        "peak_hz": [8.5, 11.5],
        "must_cause_in_sets": "neuromuscular_fatigue",
        "forbidden_labels_anywhere": ["atypical_tremor"],
        "forbidden_causes": ["see_a_clinician"],
        "twitches_true": 0,
        "no_atypical": True,
        "no_vibration": True,
        "no_rest_tremor_claim": True,
    }


def _holds(s: Session, starts: Sequence[float], hold: float, rng: Rng) -> list[list[float]]:
    """Isometric holds at 75 deg with the ``fatigue_holds`` tremor (0.02 -> 0.12-0.2 m/s^2, 10-11 Hz
    drifting down 1 Hz); returns the sets."""
    sets = []
    for t0 in starts:
        t1 = t0 + hold
        s.add_hold(t0, t1)
        f0 = rng.uniform(10.0, 11.0)
        s.add_tremor(t0 + 1.0, t1 - 1.0, 0.02, rng.uniform(0.12, 0.2), f0, f0 - 1.0)
        sets.append([t0, t1])
    return sets


def _run(s: Session, t0: float, t1: float, rng: Rng, step_hz: float) -> int:
    """Running with the watch on, arms swinging: elbow bent (forearm pitch 10-30 deg), the arm
    swinging +-25-35 deg about the shoulder (wrist 0.38 m from it) at the stride rate (half the step
    rate); the trunk's vertical acceleration is a stance force pulse (half-sine over 38-45 % of each
    step, mean 1 g, so -1 g in flight and up to 2.5-3 g in stance), 0.7 of it reaching the wrist; a
    foot strike each step, 3-8 m/s^2 at the wrist (15-25 Hz, 12 ms: the shock attenuated up the body
    and the bent arm). Returns the number of steps."""
    m = s.mask(t0, t1)
    tt = s.t[m] - t0
    f = step_hz / 2.0
    fj = f * (1 + 0.015 * np.sin(2 * np.pi * tt / 13.0))
    ph = 2 * np.pi * np.cumsum(fj) / s.fs
    ramp = smooth_step(s.t[m], t0, 2.0) * (1 - smooth_step(s.t[m], t1 - 2.0, 2.0))
    amp = np.deg2rad(rng.uniform(25.0, 35.0))
    r = 0.38
    base = np.deg2rad(rng.uniform(10.0, 30.0))
    w = 2 * np.pi * f
    s.pitch[m] = (1 - ramp) * s.pitch[m] + ramp * base + amp * np.sin(ph) * ramp
    s.lin[m, 0] += -r * amp * w * w * np.sin(ph) * ramp
    s.lin[m, 2] += r * (amp * w * np.cos(ph)) ** 2 * ramp
    up = gravity(s.pitch[m], s.roll[m]) / G
    duty = rng.uniform(0.38, 0.45)
    u = (2 * ph / (2 * np.pi)) % 1.0
    force = np.where(u < duty, G * np.pi / (2 * duty) * np.sin(np.pi * np.minimum(u / duty, 1.0)), 0.0)
    s.lin[m] += ((force - G) * 0.7 * ramp)[:, None] * up
    steps = np.flatnonzero(np.diff(np.floor(2 * ph / (2 * np.pi))) > 0)
    i_m = np.flatnonzero(m)
    n = 0
    for k in steps:
        if ramp[k] < 0.5:
            continue
        p = damped_burst(s.fs, rng.uniform(15.0, 25.0), 0.012, 0.08) * rng.uniform(3.0, 8.0)
        add_at(s.lin, int(i_m[k]), p, up[k])
        n += 1
    return n


def sc_run_holds(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Three 40 s fatigue holds (as ``fatigue_holds``) with running between them: a 50 s run in, then
    a run in every rest, `still` s standing still before each hold (``--extras still:S``, default 8;
    ``steps:F``: F steps/s, default drawn in 2.6-3.2). See ``_run`` for the running physics."""
    kv = _kv(extras)
    still = float(kv.get("still", 8.0))
    step_hz = float(kv["steps"]) if "steps" in kv else rng.uniform(2.6, 3.2)
    s = Session(330.0, fs, rng)
    sets = _holds(s, (60.0, 160.0, 260.0), 40.0, rng)
    runs = [[2.0, 60.0 - still]] + [[b + 5.0, b + 60.0 - still] for _, b in sets[:2]] + [[305.0, 328.0]]
    steps = sum(_run(s, a, b, rng, step_hz) for a, b in runs)
    truth = _fatigue_truth(
        sets,
        f"three 40 s holds with growing 8-11 Hz tremor; running at {step_hz:.2f} steps/s between them"
        f" ({steps} foot strikes of 3-8 m/s^2 at the wrist), {still:g} s still before each hold",
    )
    truth["runs"] = runs
    return s.t, s.total(), truth


def _knee_bounce(s: Session, a: float, b: float, rng: Rng, scale: float) -> float:
    """A seated heel bounce (a habitual leg jiggle) at 3.5-5.5 Hz: the thigh moves +-1-3 mm
    vertically, so (2 pi f)^2 d = 0.5-3.6 m/s^2 peak, with a 2nd harmonic at 15 % and the rate
    wandering 3 %; ``scale`` is the share reaching the sensor. Returns its rate."""
    m = s.mask(a, b)
    tt = s.t[m] - a
    fb = rng.uniform(3.5, 5.5)
    fj = fb * (1 + 0.03 * band_noise(int(m.sum()), s.fs, 0.05, 0.3, rng))
    ph = 2 * np.pi * np.cumsum(fj) / s.fs
    pk = (2 * np.pi * fb) ** 2 * rng.uniform(0.001, 0.003)
    x = pk * (np.sin(ph) + 0.15 * np.sin(2 * ph + 0.7)) * taper(s.t[m], a, b, 1.0) * scale
    up = gravity(s.pitch[m], s.roll[m]) / G
    s.lin[m] += x[:, None] * up
    _ = tt
    return fb


def sc_pocket_holds(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """A phone in a trouser pocket during a holds session: seated (thigh level), standing for three
    40 s arm holds (thigh vertical, quiet-stance sway 0.05 m/s^2), seated in the rests, and three
    bouts of a seated heel bounce (``_knee_bounce``, 10-35 s, at 0-40, 110-135 and 205-240 s;
    ``nobounce`` leaves them out). The sensor is on the thigh: it sees neither the arm nor its
    tremor, and the bounce is a voluntary rhythmic movement, no tremor. ``--extras wrist``: the
    watch on the wrist instead, the holds' fatigue tremor present, and in the bouts the hand rests
    on the bouncing knee (0.3-0.6 of the thigh's movement reaches it)."""
    wrist = "wrist" in extras
    s = Session(330.0, fs, rng)
    n = len(s.t)
    bouts = [[5.0, 35.0], [110.0, 135.0], [205.0, 240.0]]
    if wrist:
        sets = _holds(s, (60.0, 160.0, 260.0), 40.0, rng)
        s.pitch[:] += np.deg2rad(-5.0)  # hand on the thigh between holds
    else:
        s.roll[:] = np.deg2rad(rng.uniform(-20.0, 20.0))
        stand = np.zeros(n)
        sets = []
        for t0 in (60.0, 160.0, 260.0):
            stand += smooth_step(s.t, t0 - 3.0, 1.2) - smooth_step(s.t, t0 + 42.0, 1.2)
            sets.append([t0, t0 + 40.0])
            m = s.mask(t0 - 2.0, t0 + 42.0)
            s.lin[m] += np.outer(band_noise(int(m.sum()), fs, 0.1, 1.5, rng), unit(rng)) * 0.05
        s.pitch[:] = np.deg2rad(5.0) + np.deg2rad(83.0) * stand
    rates = []
    if "nobounce" not in extras:
        for a, b in bouts:
            rates.append(_knee_bounce(s, a, b, rng, rng.uniform(0.3, 0.6) if wrist else 1.0))
    where = "watch on the wrist, hand on the knee" if wrist else "phone in a trouser pocket"
    truth: Truth = {
        "models": f"{where}: three 40 s holds standing, seated rests, heel-bounce bouts at"
        f" {', '.join(f'{r:.2f}' for r in rates)} Hz ({bouts if rates else 'none'}); no tremor but the rest's"
        + (" and the holds' fatigue tremor" if wrist else " (the thigh's)"),
        "bounces": bouts if rates else [],
        "bounce_hz": rates,
        "forbidden_causes": ["see_a_clinician", "sleep_stress_stimulants"],
        "twitches_true": 0,
        "no_atypical": True,
        "no_vibration": True,
        "no_rest_tremor_claim": True,
    }
    if wrist:
        truth.update(_fatigue_truth(sets, truth["models"]))
        truth["bounces"] = bouts if rates else []
    else:
        truth["sets"] = None
        truth["strength_sets_on_the_arm"] = sets
        truth["forbidden_labels_anywhere"] = ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"]
        truth["forbidden_causes"] += ["neuromuscular_fatigue"]
    return s.t, s.total(), truth


def sc_strap_slip(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """The ``fatigue_holds`` session with the watch turning on the wrist in every hold: at 40-70 % of
    the hold the strap slips (sweat, the load pulling the skin) and the watch rotates 20-50 deg
    about the forearm in 0.2-0.5 s with a soft jolt (10-20 Hz, 0.2-0.6 m/s^2), and stays turned;
    ``creep``: it turns over 4-8 s with no jolt; ``deg:LO-HI``: the turn's size (default 20-50 deg). A rotation of the sensor turns gravity and the
    tremor's direction in its frame (both done here); the tremor itself is unchanged. Each hold is
    one set, ``fatigue_tremor``."""
    lo, hi = (float(x) for x in _kv(extras).get("deg", "20-50").split("-"))
    s = Session(330.0, fs, rng)
    sets = _holds(s, (60.0, 160.0, 260.0), 40.0, rng)
    turn = np.zeros(len(s.t))
    slips = []
    for a, b in sets:
        tk = a + rng.uniform(0.4, 0.7) * (b - a)
        d = np.deg2rad(rng.uniform(lo, hi) * rng.choice([-1.0, 1.0]))
        dur = rng.uniform(4.0, 8.0) if "creep" in extras else rng.uniform(0.2, 0.5)
        turn += d * smooth_step(s.t, tk, dur)
        if "creep" not in extras:
            p = damped_burst(fs, rng.uniform(10.0, 20.0), 0.03, 0.15) * rng.uniform(0.2, 0.6)
            add_at(s.lin, s.idx(tk + dur / 2), p, unit(rng))
        slips.append([round(float(tk), 2), round(float(np.rad2deg(d)), 1), round(float(dur), 2)])
    s.roll += turn
    y, z = s.lin[:, 1].copy(), s.lin[:, 2].copy()
    s.lin[:, 1] = y * np.cos(turn) + z * np.sin(turn)
    s.lin[:, 2] = -y * np.sin(turn) + z * np.cos(turn)
    truth = _fatigue_truth(
        sets,
        "three 40 s holds with growing 8-11 Hz tremor; the watch turns on the wrist in each (t, deg, s): "
        + str(slips),
    )
    truth["slips"] = slips
    return s.t, s.total(), truth


def sc_snap_sets(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Seated cable rows, 3 sets of a whole number of reps (about 40 s) at 0.4-0.55 reps/s (the
    forearm turning 60 deg, the wrist 0.45 m from the elbow... shoulder), 60 s rests; at each catch the
    cable or the stack snaps taut: a 30-45 Hz ring decaying in 6 ms, 1.8-2.4 m/s^2 peak
    (``--extras snap:LO-HI``). No tremor beyond rest, no twitch; the snaps are artefacts."""
    kv = _kv(extras)
    lo, hi = (float(x) for x in kv.get("snap", "1.8-2.4").split("-"))
    s = Session(340.0, fs, rng)
    sets = []
    snaps = []
    for k in range(3):
        a = 60.0 + 100.0 * k
        f = rng.uniform(0.4, 0.55)
        nrep = int(round(40.0 * f))
        b = a + nrep / f
        s.add_reps(a, b, f, 60.0, r=0.45)
        sets.append([a, round(b, 2)])
        for j in range(nrep):
            tk = a + (j + 0.5) / f  # the catch: the arm out, the cable taut
            _knock(s, tk, rng, rng.uniform(lo, hi))
            snaps.append(round(tk, 3))
    truth: Truth = {
        "models": f"cable rows 3 sets at 0.4-0.55 reps/s, a {lo:g}-{hi:g} m/s^2 snap (30-45 Hz, 6 ms) at each"
        " catch; no tremor beyond rest, no twitch",
        "sets": sets,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue", "metabolic_byproducts"],
        "twitches_true": 0,
        "twitch_times": [],
        "artefact_times": snaps,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


def sc_trainer(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Indoor cycling on a wheel-on trainer, hands on the bar tops (forearm pitch 30 deg, wrist
    rolled 60 deg): 60 s seated still, 6 min of intervals (hard 1.5-1.8 rev/s for 2 min, easy
    1.2-1.4 for 1 min, twice), 60 s still. Through the bars: the rider's sway at the cadence
    (0.3-0.6 m/s^2), each leg's power stroke pulling on the bar at twice the cadence (0.15-0.35
    m/s^2, and 0.2 of it at 4x: the pedal torque is |sin|-shaped); the rear wheel's imbalance (or
    tyre seam) at the wheel's rotation rate, cadence x gear ratio 2.0-3.9 (one gear per interval:
    2.4-7 Hz, the 2nd harmonic at 40 %, 0.03-0.1 m/s^2); the trainer's roller (30 mm radius: 11.1x
    the wheel rate, 0.05-0.15 m/s^2, where the anti-aliased sensor passes it: fs 200) and the
    resistance unit's 20-45 Hz hum (0.03 m/s^2). ``nowheel``: a true wheel (no imbalance line);
    ``pull:X`` scales the power stroke's pull on the bars (0 removes it).
    No strength set, no tremor beyond rest, no twitch."""
    s = Session(540.0, fs, rng)
    n = len(s.t)
    s.pitch[:] = np.deg2rad(30.0)
    s.roll[:] = np.deg2rad(60.0)
    ints = [
        (60.0, 180.0, 1.5, 1.8),
        (180.0, 240.0, 1.2, 1.4),
        (240.0, 360.0, 1.5, 1.8),
        (360.0, 480.0, 1.2, 1.4),
    ]
    cad = np.zeros(n)
    ratio = np.zeros(n)
    on = taper(s.t, 60.0, 480.0, 2.0)
    gears = []
    for a, b, lo, hi in ints:
        c = rng.uniform(lo, hi)
        g = rng.uniform(2.0, 3.9)
        gears.append([a, b, round(c, 3), round(g, 3), round(c * g, 2)])
        w = smooth_step(s.t, a - 1.0, 2.0) - smooth_step(s.t, b - 1.0, 2.0)
        cad += c * w
        ratio += g * w
    cad *= 1 + 0.03 * band_noise(n, fs, 0.02, 0.2, rng)
    ph = 2 * np.pi * np.cumsum(cad) / fs
    wheel = cad * ratio
    phw = 2 * np.pi * np.cumsum(wheel) / fs
    s.lin[:, 1] += rng.uniform(0.3, 0.6) * np.sin(ph) * on
    pw = rng.uniform(0.15, 0.35) * float(_kv(extras).get("pull", 1.0))  # ``pull:X`` scales it (0: none)
    s.lin[:, 0] += pw * (np.sin(2 * ph) + 0.2 * np.sin(4 * ph + 0.4)) * on
    if "nowheel" not in extras:
        wb = rng.uniform(0.03, 0.1)
        s.lin += np.outer(wb * (np.sin(phw) + 0.4 * np.sin(2 * phw + 1.0)) * on, np.array([0.2, 0.5, 0.84]))
    fr = wheel * 11.1
    ok = fr < 0.45 * fs
    s.lin[:, 2] += np.where(ok, rng.uniform(0.05, 0.15) * np.sin(11.1 * phw), 0.0) * on
    s.lin += np.outer(band_noise(n, fs, 20.0, min(45.0, 0.45 * fs), rng) * 0.03 * on, unit(rng))
    truth: Truth = {
        "models": "wheel-on trainer, hands on the bars: intervals (start, end, rev/s, gear, wheel Hz) "
        + str(gears)
        + ("; no wheel imbalance" if "nowheel" in extras else "; wheel imbalance line at the wheel rate"),
        "sets": None,
        "machine_line_hz": [g[4] for g in gears],
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": [
            "see_a_clinician",
            "neuromuscular_fatigue",
            "sleep_stress_stimulants",
            "overtraining_cns",
            "dehydration_electrolytes",
            "metabolic_byproducts",
        ],
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


def sc_drive_between(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Two fatigue holds (60-100, 160-200 s), a 4 min drive (215-455 s), 65 s parked, a third hold
    (520-560 s). Driving, hands on the wheel (pitch 25 deg, roll 80 deg): speed 0 -> 50 km/h, a 30 s
    stop at a light, 70 km/h, slowing to park; a slightly unbalanced front wheel shakes the steering
    wheel at its rotation rate v / (pi 0.63 m) (7.0 Hz at 50, 9.8 Hz at 70 km/h), 0.05-0.15 m/s^2 at
    70 km/h scaling with v^2; road vibration 5-40 Hz (0.1-0.2 m/s^2 at 70 km/h, with v); a 4-cylinder
    engine's 2nd order 2 rpm/60 (25 Hz at idle, 50-83 Hz driving, passed only below 0.45 fs), 0.05
    m/s^2; steering and cornering (slow pitch/roll +-8 deg, 0.5-2 m/s^2 sideways). ``bus``: a bus
    ride instead, forearm on the lap (seat vibration 2-20 Hz and the seated body's 4-6 Hz resonance
    as ``vehicle``, no wheel); ``noshimmy``: a balanced wheel. The tool must find the holds and not
    read the drive as a tremor."""
    bus = "bus" in extras
    s = Session(590.0, fs, rng)
    n = len(s.t)
    sets = _holds(s, (60.0, 160.0, 520.0), 40.0, rng)
    a, b = 215.0, 455.0
    knots = [(a, 0.0), (a + 10, 13.9), (a + 80, 13.9), (a + 90, 0.0), (a + 120, 0.0), (a + 135, 19.4)]
    knots += [(b - 30, 19.4), (b - 10, 0.0), (b, 0.0)]
    v = _speed_profile(s.t, knots)
    drive = taper(s.t, a, b, 2.0)
    vr = v / 19.4
    if bus:
        s.pitch[:] += np.deg2rad(10.0) * drive
        f_body = rng.uniform(4.0, 6.0)
        vib = band_noise(n, fs, 2.0, min(20.0, 0.45 * fs), rng) * 0.12
        vib += narrow_line(np.full(n, f_body), fs, 2.5, rng) * 0.25
        s.lin[:, 2] += vib * (0.15 + vr) * drive
        what = f"bus ride (body resonance {f_body:.1f} Hz)"
        lines: list[float] = []
    else:
        s.pitch[:] += np.deg2rad(15.0) * drive
        s.roll[:] += np.deg2rad(55.0) * drive
        s.pitch += np.deg2rad(8.0) * band_noise(n, fs, 0.05, 0.3, rng) * drive
        s.roll += np.deg2rad(8.0) * band_noise(n, fs, 0.05, 0.3, rng) * drive
        s.lin[:, 1] += band_noise(n, fs, 0.02, 0.3, rng) * 1.0 * vr * drive
        fw = v / (np.pi * 0.63)
        phw = 2 * np.pi * np.cumsum(fw) / fs
        aw = rng.uniform(0.05, 0.15) * (
            0.0 if "noshimmy" in extras else 1.0
        )  # ``noshimmy``: a balanced wheel
        s.lin += np.outer(aw * vr**2 * np.sin(phw) * drive, np.array([0.1, 0.8, 0.59]))
        s.lin += np.outer(
            band_noise(n, fs, 5.0, min(40.0, 0.45 * fs), rng) * rng.uniform(0.1, 0.2) * vr * drive, unit(rng)
        )
        rpm = np.where(v < 0.5, 750.0, 1500.0 + 1000.0 * ((s.t - a) % 9.0) / 9.0)
        fe = 2 * rpm / 60.0
        phe = 2 * np.pi * np.cumsum(fe) / fs
        s.lin[:, 2] += np.where(fe < 0.45 * fs, 0.05 * np.sin(phe), 0.0) * drive
        what = f"drive, steering wheel shimmy {aw:.3f} m/s^2 at 70 km/h (7.0 Hz at 50, 9.8 Hz at 70 km/h)"
        lines = [7.02, 9.80]
    truth = _fatigue_truth(sets, f"three 40 s fatigue holds; between the 2nd and 3rd a 4 min {what}")
    truth["drive"] = [a, b]
    truth["forbidden_causes"] = ["see_a_clinician", "sleep_stress_stimulants"]
    truth["no_vibration"] = False
    if lines:
        truth["machine_line_hz"] = lines
    return s.t, s.total(), truth


def sc_ice_bath(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """The ``fatigue_holds`` session straight after an ice bath: shivering (8-12 Hz, 1.5 Hz wide, in
    3-6 s bursts 4-8 a minute, 0.1-0.3 m/s^2 at first) fading with a time constant of 150-300 s, in the
    rests and the holds alike. A true thermoregulatory tremor: cold (if told) is its cause; the
    holds' fatigue tremor is there as well. Twitches, a clinician note, sleep/stress are false."""
    kv = _kv(extras)
    s = Session(330.0, fs, rng)
    sets = _holds(s, (60.0, 160.0, 260.0), 40.0, rng)
    n = len(s.t)
    tau = rng.uniform(150.0, 300.0)
    a0 = rng.uniform(0.1, 0.3) * float(kv.get("amp", 1.0))
    env = np.zeros(n)
    t = rng.uniform(1.0, 6.0)
    bursts = []
    while t < 325.0:
        L = rng.uniform(3.0, 6.0)
        env += taper(s.t, t, t + L, L / 2.5) * rng.uniform(0.5, 1.0) * a0 * np.exp(-t / tau)
        bursts.append([round(float(t), 2), round(float(t + L), 2)])
        t += L + 60.0 / rng.uniform(4.0, 8.0) - L / 2
    f_sh = rng.uniform(8.0, 12.0)
    s.lin += np.outer(narrow_line(np.full(n, f_sh), fs, 1.5, rng) * env, unit(rng))
    truth = _fatigue_truth(
        sets,
        f"fatigue holds after an ice bath: shivering {f_sh:.1f} Hz, {a0:.2f} m/s^2 fading over {tau:.0f} s,"
        f" {len(bursts)} bursts",
    )
    truth.update(
        set_labels=["fatigue_tremor", "enhanced_tremor", "not_assessable"],
        bursts=bursts,
        forbidden_labels_anywhere=["atypical_tremor", "mixed", "fasciculations"],
        forbidden_causes=["see_a_clinician", "metabolic_byproducts", "dehydration_electrolytes"],
        unsupported_causes=["sleep_stress_stimulants", "overtraining_cns"],
        no_rest_tremor_claim=False,
    )
    return s.t, s.total(), truth


def sc_drift_session(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Five 30 s holds with 45 s rests, each with a growing fatigue tremor (0.02 -> 0.1-0.16 m/s^2,
    1.5 Hz wide, drifting 0.3 Hz down within the set) whose centre falls across the session from 10
    Hz to ``lo`` Hz (``--extras lo:6.5``, the default) in equal steps, +-0.15 Hz: the deepening
    fatigue of a long session under load. Each set ``fatigue_tremor`` at its own peak; a drift lower,
    not an out-of-band tremor."""
    kv = _kv(extras)
    lo = float(kv.get("lo", 6.5))
    s = Session(420.0, fs, rng)
    sets = []
    peaks = []
    for k in range(5):
        a = 60.0 + 75.0 * k
        b = a + 30.0
        s.add_hold(a, b)
        fc = 10.0 - (10.0 - lo) * k / 4 + rng.uniform(-0.15, 0.15)
        s.add_tremor(a + 1.0, b - 1.0, 0.02, rng.uniform(0.1, 0.16), fc + 0.15, fc - 0.15)
        sets.append([a, b])
        peaks.append(round(fc, 2))
    truth = _fatigue_truth(sets, f"five 30 s holds, fatigue tremor centres {peaks} Hz (drifting lower)")
    truth["peak_hz"] = [min(peaks) - 0.5, max(peaks) + 0.5]
    truth["peak_hz_each"] = [[p - 0.5, p + 0.5] for p in peaks]
    return s.t, s.total(), truth


def sc_weak_fatigue(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """The ``fatigue_holds`` session for a person whose resting tremor (0.0025-0.0045 m/s^2) is under
    the sensor's noise (0.008 m/s^2 per axis white: about 0.005 m/s^2 over 6-12 Hz on three axes at
    100 Hz), with a weak fatigue tremor growing 0.004 -> 0.015-0.025 m/s^2 (``--extras top:X``) in
    each hold: its last third 3-5x the noise in RMS. A truthful report says fatigue tremor, or that
    it cannot assess it; a confident `calm` misses a real rise. ``top:0.004``: the control, no rise
    (``calm`` is then true)."""
    kv = _kv(extras)
    s = Session(330.0, fs, rng, rest_scale=0.25)
    sets = []
    for t0 in (60.0, 160.0, 260.0):
        t1 = t0 + 40.0
        s.add_hold(t0, t1)
        f0 = rng.uniform(10.0, 11.0)
        top = float(kv["top"]) if "top" in kv else rng.uniform(0.015, 0.025)
        s.add_tremor(t0 + 1.0, t1 - 1.0, 0.004, top, f0, f0 - 1.0)
        sets.append([t0, t1])
    truth = _fatigue_truth(
        sets, "three 40 s holds, weak fatigue tremor 0.004 -> 0.015-0.025 m/s^2; rest under the noise"
    )
    truth["set_labels"] = ["fatigue_tremor", "not_assessable"]
    if (
        "top" in kv and float(kv["top"]) < 0.006
    ):  # ``top:0.004``: the control, a steady tremor under the noise
        truth["set_labels"] = ["calm", "not_assessable"]
        truth["must_cause_in_sets"] = None
    return s.t, s.total(), truth


def sc_long_rests(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """Three 40 s fatigue holds with very long rests (``--extras rest:R``, default 1800 s) spent seated:
    a posture shift every 1-3 min (forearm pitch to a new -10..40 deg, roll +-20 deg, over 1-2 s),
    a phone check every 5-10 min (20-40 s: phone in hand, pitch 45 deg, typing taps), a 40 s walk
    once in each rest, 15 s still before each hold. Each hold one set, ``fatigue_tremor``; the rests
    hold no set and no twitch."""
    kv = _kv(extras)
    rest = float(kv.get("rest", 1800.0))
    starts = [60.0, 100.0 + rest, 140.0 + 2 * rest]
    dur = starts[-1] + 40.0 + 30.0
    s = Session(dur, fs, rng)
    sets = _holds(s, starts, 40.0, rng)
    events = []
    for k in range(2):
        r0, r1 = sets[k][1] + 5.0, sets[k + 1][0] - 15.0
        tw = rng.uniform(r0 + 60.0, r1 - 120.0)
        _walk(s, tw, tw + 40.0, rng, soft=True)
        events.append(["walk", round(tw, 1)])
        t = r0 + rng.uniform(60.0, 180.0)
        nxt_phone = r0 + rng.uniform(300.0, 600.0)
        while t < r1 - 20.0:
            if abs(t - tw) < 50.0:
                t += 60.0
                continue
            if t >= nxt_phone and t + 40.0 < r1 - 20.0:
                L = rng.uniform(20.0, 40.0)
                s.pitch += np.deg2rad(35.0) * taper(s.t, t, t + L, 1.5)
                _typing(s, t + 2.0, t + L - 2.0, rng)
                events.append(["phone", round(t, 1)])
                nxt_phone = t + rng.uniform(300.0, 600.0)
                t += L + 5.0
            else:
                d = rng.uniform(1.0, 2.0)
                new = np.deg2rad(rng.uniform(-10.0, 40.0))
                cur = s.pitch[s.idx(t)]
                m = s.t >= t
                st = smooth_step(s.t[m], t, d)
                back = 1 - smooth_step(s.t[m], r1, 2.0)  # back to the rest pose 15 s before the hold
                s.pitch[m] += (new - cur) * st * back
                s.roll[m] += np.deg2rad(rng.uniform(-20.0, 20.0)) * st * back
                events.append(["shift", round(t, 1)])
            t += rng.uniform(60.0, 180.0)
    truth = _fatigue_truth(
        sets,
        f"three 40 s fatigue holds with {rest:g} s seated rests ({len(events)} fidgets/phone checks/walks)",
    )
    truth["rest_events"] = events
    truth["taps_not_twitches"] = True
    return s.t, s.total(), truth


def sc_mid_start(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """The ``fatigue_holds`` session with the recording started late, ``cut`` s into the first hold
    (``--extras cut:S``, default drawn in 10-30): the file opens on a raised arm with a strong,
    growing tremor. The first set's start is not in the file; its tremor is no resting level.
    ``curls``: the sets are plain curls (whole reps, 110 deg at 0.45-0.55 Hz) with no tremor beyond rest."""
    kv = _kv(extras)
    cut_in = float(kv["cut"]) if "cut" in kv else rng.uniform(10.0, 30.0)
    s = Session(330.0, fs, rng)
    if "curls" in extras:  # ``curls``: plain curls (as ``curls``), no tremor beyond rest
        sets = []
        for a in (60.0, 160.0, 260.0):
            f = rng.uniform(0.45, 0.55)
            n_rep = int(40.0 * f)
            _tempo_reps(s, a, a + n_rep / f, f, 110.0, 0.5)  # whole reps: the arm back at rest at the end
            sets.append([a, a + n_rep / f])
    else:
        sets = _holds(s, (60.0, 160.0, 260.0), 40.0, rng)
    acc = s.total()
    g = _LAST_GRAVITY[0]
    c = 60.0 + cut_in
    keep = s.t >= c
    t = s.t[keep] - s.t[keep][0]
    _LAST_GRAVITY[0] = g[keep]
    c0 = float(s.t[keep][0])
    new_sets = [[max(0.0, round(a - c0, 3)), round(b - c0, 3)] for a, b in sets]
    truth = _fatigue_truth(new_sets, f"fatigue holds; the file starts {cut_in:.1f} s into the first hold")
    truth["set_labels_each"] = [["fatigue_tremor", "enhanced_tremor", "not_assessable"]] + [
        ["fatigue_tremor", "mixed"]
    ] * 2
    if "curls" in extras:
        truth["models"] = f"curls 3 x 40 s, 110 deg; the file starts {cut_in:.1f} s into the first set"
        truth["set_labels_each"] = [["calm", "not_assessable"]] * 3
        truth["must_cause_in_sets"] = None
        truth["forbidden_labels_anywhere"] = ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"]
    return t, acc[keep], truth


def sc_rewear(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """The ``fatigue_holds`` session with the watch taken off after the first hold (at 108 s) and laid
    face up on the bench (no wrist: no tremor, no sway, the sensor noise only), then put back on at 150
    s turned 30-90 deg about the forearm (``--extras turn:DEG``), as after a water break; a soft knock
    (0.3-1 m/s^2) as it is laid down and as it is picked up. Each hold one set, ``fatigue_tremor``; the
    bench stretch is no rest tremor (and may be said to be not worn)."""
    kv = _kv(extras)
    s = Session(330.0, fs, rng)
    sets = _holds(s, (60.0, 160.0, 260.0), 40.0, rng)
    turn_deg = float(kv["turn"]) if "turn" in kv else rng.uniform(30.0, 90.0) * rng.choice([-1.0, 1.0])
    off0, off1 = 108.0, 150.0
    turn = np.deg2rad(turn_deg) * smooth_step(s.t, off1 - 1.0, 1.0)
    s.roll += turn
    y, z = s.lin[:, 1].copy(), s.lin[:, 2].copy()
    s.lin[:, 1] = y * np.cos(turn) + z * np.sin(turn)
    s.lin[:, 2] = -y * np.sin(turn) + z * np.cos(turn)
    off = taper(s.t, off0, off1, 1.0)
    s.lin *= (1 - off)[:, None]  # on the bench: no wrist under it
    s.pitch = s.pitch * (1 - off)  # face up, level
    s.roll = s.roll * (1 - off)
    for tk in (off0 + 1.0, off1 - 1.0):
        _knock(s, tk, rng, rng.uniform(0.3, 1.0))
    truth = _fatigue_truth(
        sets,
        f"fatigue holds; the watch off on the bench {off0:g}-{off1:g} s, back on turned {turn_deg:.0f} deg",
    )
    truth["off_wrist"] = [off0, off1]
    return s.t, s.total(), truth


def sc_stand_start(fs: float, rng: Rng, extras: str = "") -> tuple[np.ndarray, np.ndarray, Truth]:
    """The ``fatigue_holds`` session recorded from the moment the watch is started standing: the first
    ``stand`` s (``--extras stand:S``, default 40) standing with the arm hanging at the side (forearm
    pitch -75 deg, quiet-stance sway 0.05 m/s^2 under 1.5 Hz), then sitting down over 2 s to the usual
    seated rest (forearm level) 20 s before the first hold. Each hold one set, ``fatigue_tremor``; the
    standing start is no set. ``hangrest``: the rest between the first two holds spent standing too
    (``stand:0,hangrest``: a seated start, a standing rest)."""
    kv = _kv(extras)
    stand = float(kv.get("stand", 40.0))
    s = Session(330.0, fs, rng)
    sets = _holds(s, (60.0, 160.0, 260.0), 40.0, rng)
    hang = 1 - smooth_step(s.t, min(stand, 38.0), 2.0)
    s.pitch += np.deg2rad(-85.0) * hang
    m = s.t < stand + 2.0
    s.lin[m] += np.outer(band_noise(int(m.sum()), fs, 0.1, 1.5, rng) * hang[m], unit(rng)) * 0.05
    what = f"fatigue holds; the file opens on {min(stand, 38.0):g} s standing, arm hanging"
    if "hangrest" in extras:  # ``hangrest``: the rest between holds 1 and 2 spent standing, arm hanging
        h2 = smooth_step(s.t, 103.0, 2.0) - smooth_step(s.t, 152.0, 2.0)
        s.pitch += np.deg2rad(-85.0) * h2
        what += "; the first rest (103-154 s) standing, arm hanging"
    truth = _fatigue_truth(sets, what)
    return s.t, s.total(), truth


SCENARIOS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray, Truth]]] = {
    "fatigue_holds": sc_fatigue_holds,
    "cycling": sc_cycling,
    "rowing": sc_rowing,
    "typing": sc_typing,
    "vehicle": sc_vehicle,
    "loose_strap": sc_loose_strap,
    "curls": sc_curls,
    "watch_slip": sc_watch_slip,
    "knocks": sc_knocks,
    "saturation": sc_saturation,
    "twitches_rest": sc_twitches_rest,
    "walk_sets": sc_walk_sets,
    "pocket": sc_pocket,
    "pushups": sc_pushups,
    "bench": sc_bench,
    "treadmill": sc_treadmill,
    "twitch_clusters": sc_twitch_clusters,
    "rest_tremor": sc_rest_tremor,
    "vigorous": sc_vigorous,
    "eccentric": sc_eccentric,
    "massage_gun": sc_massage_gun,
    "shiver": sc_shiver,
    "phone_buzz": sc_phone_buzz,
    # round four (h-red4)
    "run_holds": sc_run_holds,
    "pocket_holds": sc_pocket_holds,
    "strap_slip": sc_strap_slip,
    "snap_sets": sc_snap_sets,
    "trainer": sc_trainer,
    "drive_between": sc_drive_between,
    "ice_bath": sc_ice_bath,
    "drift_session": sc_drift_session,
    "weak_fatigue": sc_weak_fatigue,
    "long_rests": sc_long_rests,
    "mid_start": sc_mid_start,
    "rewear": sc_rewear,
    "stand_start": sc_stand_start,
}


# --------------------------------------------------------------------------- sampling and writing
def resample_real(
    t: np.ndarray, acc: np.ndarray, fs: float, jitter_ms: float, dropouts: list[tuple[float, float]], rng: Rng
) -> tuple[np.ndarray, np.ndarray, list[list[float]]]:
    """Time stamps with jitter (the stamp, not the sample, jitters) and rows removed in dropouts."""
    # Gaussian stamp jitter clipped to +-0.4 sample periods, so stamps stay strictly increasing
    lim = 0.4 / fs
    ts = t + np.clip(rng.standard_normal(len(t)) * jitter_ms / 1000.0, -lim, lim)
    keep = np.ones(len(t), bool)
    gaps = []
    for a, L in dropouts:
        m = (t >= a) & (t < a + L)
        keep &= ~m
        gaps.append([a, a + L])
    return ts[keep], acc[keep], gaps


def write(path: Path, t: np.ndarray, acc: np.ndarray) -> None:
    """Generic CSV: time (s), x, y, z (m/s^2, gravity included)."""
    data = np.column_stack([t, acc])
    np.savetxt(
        path, data, fmt=["%.6f", "%.5f", "%.5f", "%.5f"], delimiter=",", header="time,x,y,z", comments=""
    )


DIALECTS = ("generic", "generic_g", "generic_linear", "phyphox_linear", "phyphox_g", "sl_watch", "sl_phone")


def write_dialect(path: Path, dialect: str, t: np.ndarray, acc: np.ndarray, grav: np.ndarray) -> str:
    """Write the session in another app's layout (round three, h-red3); returns what it holds.

    Layouts follow the real exports in /work/shared/realdata (header, column order, number format,
    units); the values are this generator's. ``grav`` is the gravity part of ``acc`` (the sensor
    fusion a phone or watch does for its "linear"/"user" acceleration is taken as perfect).
    """
    lin = acc - grav
    if dialect == "generic":
        write(path, t, acc)
        return "generic CSV, m/s^2 with gravity"
    if dialect == "generic_g":
        np.savetxt(
            path,
            np.column_stack([t, acc / G]),
            fmt=["%.6f", "%.6f", "%.6f", "%.6f"],
            delimiter=",",
            header="time,x,y,z",
            comments="",
        )
        return "generic CSV in g with gravity (no unit in the header)"
    if dialect == "generic_linear":
        write(path, t, lin)
        return "generic CSV, m/s^2, gravity removed"
    if dialect in ("phyphox_linear", "phyphox_g"):
        # phyphox 1.1.16 export: quoted header, scientific notation, time from 0
        hdr = '"Time (s)","X (m/s^2)","Y (m/s^2)","Z (m/s^2)"'
        data = lin if dialect == "phyphox_linear" else acc
        with open(path, "w") as f:
            f.write(hdr + "\n")
            for row in np.column_stack([t - t[0] + 0.008126, data]):
                f.write(",".join(f"{v:.9E}" for v in row) + "\n")
        return "phyphox 1.1.16 export (new header), " + (
            "Linear Accelerometer: gravity removed" if dialect == "phyphox_linear" else "Accelerometer with g"
        )
    if dialect == "sl_watch":
        # Sensor Logger, Apple Watch WatchAccelerometerUncalibrated.csv: epoch ns, seconds_elapsed,
        # x,y,z in g with gravity, Apple's sign (a watch face up reads z = -1 g)
        t0_ns = 1782477373803036160
        with open(path, "w") as f:
            f.write("time,seconds_elapsed,x,y,z\n")
            for ti, (x, y, z) in zip(t, -acc / G):
                f.write(f"{t0_ns + int(round(ti * 1e9))},{ti + 0.0195:.17g},{x:.16g},{y:.16g},{z:.16g}\n")
        return "Sensor Logger watch export (epoch ns, g with gravity, Apple sign)"
    if dialect == "sl_phone":
        # Sensor Logger phone Accelerometer.csv: time,seconds_elapsed,z,y,x (user acceleration, m/s^2)
        t0_ns = 1782477373803036160
        with open(path, "w") as f:
            f.write("time,seconds_elapsed,z,y,x\n")
            for ti, (x, y, z) in zip(t, lin):
                f.write(f"{t0_ns + int(round(ti * 1e9))},{ti + 0.0195:.17g},{z:.16g},{y:.16g},{x:.16g}\n")
        return "Sensor Logger phone Accelerometer.csv layout (z,y,x order, m/s^2, gravity removed)"
    raise ValueError(dialect)


def _register_round_five() -> None:
    """Add the round-five scenarios (gen_r5.py, h-red5: hangboard, heavy bag, yoga, sleep, a log written
    by hand); gen_r5 imports this module's building blocks as ``gen``, so this one is named that first."""
    sys.modules.setdefault("gen", sys.modules[__name__])
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gen_r5 import SCENARIOS as R5

    SCENARIOS.update(R5)


def _register_round_six() -> None:
    """Add the round-six scenarios (gen_r6.py, h-red6: a vibration plate, chores at rest, a guitar, a lawn
    mower, a caffeine tremor, a protein shaker, dribbling, farmer's walks); like gen_r5, gen_r6 imports this module's building blocks as ``gen``."""
    sys.modules.setdefault("gen", sys.modules[__name__])
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gen_r6 import SCENARIOS as R6

    SCENARIOS.update(R6)


def _register_round_seven() -> None:
    """Add the round-seven scenarios (gen_r7.py, h-red7: swimming, a cordless drill, piano, a game controller,
    a dog on a lead, drums, and true cases; with h-dog's true rest tremor in the stops of a walk, gen_rest_walks.py);
    gen_r7 imports this module's building blocks as ``gen``."""
    sys.modules.setdefault("gen", sys.modules[__name__])
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gen_r7 import SCENARIOS as R7
    from gen_rest_walks import SCENARIOS as RW

    SCENARIOS.update(R7)
    SCENARIOS.update(RW)


def _register_round_eight() -> None:
    """Add the round-eight scenarios (gen_r8.py, h-red8: a spin bike, a misbehaving clock, essential- and
    Parkinsonian-like tremors, a coarse sensor, calm holds after jumping jacks); gen_r8 imports this module's
    building blocks as ``gen``."""
    sys.modules.setdefault("gen", sys.modules[__name__])
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gen_r8 import SCENARIOS as R8

    SCENARIOS.update(R8)


def _register_round_nine() -> None:
    """Add the round-nine scenarios (gen_r9.py, h-red9: phones' time stamps, a hair clipper and a jigsaw without an
    anti-alias filter, a manual wheelchair, Olympic lifts dropped from overhead, sport climbing); gen_r9 imports this module's
    building blocks as ``gen``."""
    sys.modules.setdefault("gen", sys.modules[__name__])
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gen_r9 import SCENARIOS as R9

    SCENARIOS.update(R9)


def main() -> None:
    _register_round_five()
    _register_round_six()
    _register_round_seven()
    _register_round_eight()
    _register_round_nine()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--fs", type=float, default=100.0)
    ap.add_argument("--extras", default="", help="comma list: typing,knocks (fatigue_holds); 4g (saturation)")
    ap.add_argument("--jitter-ms", type=float, default=0.0, help="time-stamp jitter (std, ms)")
    ap.add_argument("--dropouts", default="", help="start:length pairs in s, e.g. 30:0.3,130:1.5,250:4")
    ap.add_argument("--out", type=Path, required=True, help="CSV to write (truth beside it)")
    ap.add_argument("--dialect", choices=DIALECTS, default="generic", help="file layout (round three)")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    t, acc, truth = SCENARIOS[a.scenario](a.fs, rng, a.extras)
    drops = [(float(x.split(":")[0]), float(x.split(":")[1])) for x in a.dropouts.split(",") if x]
    grav = _LAST_GRAVITY[0] if len(_LAST_GRAVITY[0]) == len(t) else np.zeros_like(acc)
    n_all = len(t)
    t, acc, gaps = resample_real(t, acc, a.fs, a.jitter_ms, drops, rng)
    if len(t) != n_all:  # the same rows removed from gravity as from the data
        keep = np.ones(n_all, bool)
        t_grid = np.arange(n_all) / a.fs
        for g0, g1 in gaps:
            keep &= ~((t_grid >= g0) & (t_grid < g1))
        grav = grav[keep]
    truth.update(
        scenario=a.scenario,
        seed=a.seed,
        fs=a.fs,
        extras=a.extras,
        jitter_ms=a.jitter_ms,
        gaps=gaps,
        command=f"python3 benchmarks/redteam/gen.py {a.scenario} --seed {a.seed} --fs {a.fs:g}"
        + (f" --extras {a.extras}" if a.extras else "")
        + (f" --jitter-ms {a.jitter_ms:g}" if a.jitter_ms else "")
        + (f" --dropouts {a.dropouts}" if a.dropouts else "")
        + (f" --dialect {a.dialect}" if a.dialect != "generic" else "")
        + f" --out {a.out}",
    )
    a.out.parent.mkdir(parents=True, exist_ok=True)
    truth["dialect"] = write_dialect(a.out, a.dialect, t, acc, grav)
    a.out.with_suffix(".truth.json").write_text(json.dumps(truth, indent=1))


if __name__ == "__main__":
    main()
