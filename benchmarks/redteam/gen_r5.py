"""Round five red-team scenarios (h-red5): a hangboard, a heavy bag, yoga holds, sleep, a training log
written by hand between holds, and clapping between holds.

Written from the physics without reading ``tremor/core``; the building blocks (``Session``, ``narrow_line``,
``damped_burst`` ...) are gen.py's, so the resting wrist, the noise and the file format are the same as every
other red-team file. ``gen.py`` registers these scenarios (``gen.py hangboard --seed 1 --out X.csv``).
Each ``sc_*`` returns ``(t, acc, truth)`` as gen.py's do; tests call them in memory with a fixed seed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from gen import (
    G,
    Rng,
    Session,
    Truth,
    _fatigue_truth,
    _holds,
    _kv,
    _tempo_reps,
    add_at,
    band_noise,
    damped_burst,
    gravity,
    narrow_line,
    smooth_step,
    taper,
    unit,
)

Out = tuple[np.ndarray, np.ndarray, Truth]
HANG_PITCH = (
    85.0  # forearm pointing up (the hand above the elbow): gravity along the forearm reversed vs hanging
)
SIDE_PITCH = -80.0  # arm hanging at the side


def _up(s: Session, m: np.ndarray) -> np.ndarray:
    """The world vertical (unit, up) in the sensor frame over the mask m."""
    return gravity(s.pitch[m], s.roll[m]) / G


def _pose(s: Session, t0: float, dur: float, pitch_deg: float, roll_deg: float | None = None) -> None:
    """Move the forearm to a new pitch (and roll) from t0 over dur s and keep it there to the end."""
    i = s.idx(t0)
    st = smooth_step(s.t, t0, dur)
    s.pitch += (np.deg2rad(pitch_deg) - s.pitch[min(i, len(s.t) - 1)]) * st
    if roll_deg is not None:
        s.roll += (np.deg2rad(roll_deg) - s.roll[min(i, len(s.t) - 1)]) * st


def shake_out(s: Session, t0: float, rng: Rng, scale: float = 1.0) -> list[float]:
    """A deliberate shake of the relaxed forearm and hand (arm hanging), as climbers and boxers do to
    "shake out the pump": 3-5 Hz for 3-5 s, the hand moving +-1-3 cm, so 5-20 m/s^2 peak at the wrist
    ((2 pi 4 Hz)^2 x 2 cm = 12.6 m/s^2), not a sinusoid (a 25 % 2nd harmonic), the rate wandering
    +-0.3 Hz; the forearm rolls +-15 deg with it (both x ``scale``). Returns [start, end, rate]."""
    f = rng.uniform(3.0, 5.0)
    L = rng.uniform(3.0, 5.0)
    m = s.mask(t0, t0 + L)
    tt = s.t[m] - t0
    env = taper(s.t[m], t0, t0 + L, 0.4)
    fj = f + 0.3 * np.sin(2 * np.pi * tt / rng.uniform(1.5, 3.0))
    ph = 2 * np.pi * np.cumsum(fj) / s.fs
    pk = rng.uniform(5.0, 20.0) * scale
    d = unit(rng)
    d[0] *= 0.3  # mostly across the forearm
    d /= np.linalg.norm(d)
    a = pk * (np.sin(ph) + 0.25 * np.sin(2 * ph + 0.7)) / 1.2 * env
    s.lin[m] += np.outer(a, d)
    s.roll[m] += np.deg2rad(15.0) * scale * np.sin(ph + 0.5) * env
    return [round(t0, 2), round(t0 + L, 2), round(f, 2)]


# --------------------------------------------------------------------------- hangboard
def _pendulum(s: Session, t0: float, t1: float, rng: Rng) -> float:
    """The body swinging under the hands as a pendulum (hands to centre of mass L = 0.9-1.2 m:
    f = sqrt(g / L) / 2 pi = 0.45-0.53 Hz), set going by the jump onto the board and damped over 5-15 s
    (a climber stills it): the forearm turns with it by theta, so the gravity it reads moves by G theta =
    0.1-0.5 m/s^2 (theta 0.6-2.9 deg) at the swing rate; the wrist (0.15 m from the fingers, the pivot)
    adds r theta w^2. Returns the swing's size in m/s^2."""
    m = s.mask(t0, t1)
    tt = s.t[m] - t0
    L = rng.uniform(0.9, 1.2)
    w = np.sqrt(G / L)
    amp = rng.uniform(0.1, 0.5)
    th = amp / G * np.exp(-tt / rng.uniform(5.0, 15.0)) * np.sin(w * tt + rng.uniform(0, 2 * np.pi))
    th *= taper(s.t[m], t0, t1, 0.3)
    share = rng.uniform(0.3, 0.9)  # the swing plane: part pitch (front-back), part roll (side to side)
    s.pitch[m] += share * th
    s.roll[m] += (1 - share) * th
    s.lin[m, 1] += -0.15 * th * w * w
    return amp


def _grab(s: Session, t0: float, rng: Rng) -> None:
    """Jump and catch the holds: the arm goes up from the side in 0.8 s, the fingers catch the body's
    weight at t0 (a 2-6 m/s^2 jolt ringing at 15-25 Hz, 40 ms)."""
    _pose(s, t0 - 0.8, 0.8, HANG_PITCH, rng.uniform(-10.0, 10.0))
    add_at(
        s.lin,
        s.idx(t0),
        damped_burst(s.fs, rng.uniform(15.0, 25.0), 0.012, 0.08) * rng.uniform(2.0, 6.0),
        unit(rng),
    )


def _drop(s: Session, t0: float, rng: Rng) -> None:
    """Let go and land: the arm comes down to the side over 1 s, the landing at t0 + 0.35 s shakes the
    body (3-8 m/s^2 at the wrist, 10-20 Hz, 60 ms)."""
    _pose(s, t0, 1.0, SIDE_PITCH, rng.uniform(10.0, 30.0))
    add_at(
        s.lin,
        s.idx(t0 + 0.35),
        damped_burst(s.fs, rng.uniform(10.0, 20.0), 0.02, 0.12) * rng.uniform(3.0, 8.0),
        unit(rng),
    )


def _hang_tremor(s: Session, a: float, b: float, a0: float, a1: float, f0: float, f1: float) -> None:
    """The forearm flexors' fatigue tremor over one hang (a0 -> a1 m/s^2, f0 -> f1 Hz), tapered at its
    ends so the grab and the release make no step."""
    m = s.mask(a, b)
    n = int(m.sum())
    u = np.linspace(0.0, 1.0, n)
    x = narrow_line(f0 + (f1 - f0) * u, s.fs, 1.5, s.rng) * a0 * (a1 / a0) ** u * taper(s.t[m], a, b, 0.3)
    d = np.array([0.2, 0.8, 0.55])
    s.lin[m] += np.outer(x, d / np.linalg.norm(d))


def sc_hangboard(fs: float, rng: Rng, extras: str = "") -> Out:
    """A hangboard session: 60 s standing (arm hanging), two repeater sets (6 x 7 s hangs with 3 s off,
    the feet on a box and the hands left on the holds: the arm stays overhead), 2 min standing rests with
    a shake-out or two of the forearm (3-5 Hz, 3-5 s, 5-20 m/s^2: ``shake_out``), then two 30 s max
    hangs with 2 min rests. Every hang: the body swings as a pendulum (``_pendulum``) and the forearm
    flexors' fatigue tremor grows: repeaters 0.02 -> 0.08-0.15 m/s^2 across the set (each hang a little
    above the last, the 3 s off at the resting level), its centre 10-11 Hz falling 1.2 Hz; max hangs
    0.02 -> 0.1-0.18 m/s^2, 10-11 -> 8.8-9.8 Hz. ``noshake``: no shake-outs (the control); ``noswing``:
    no swing; ``calm``: a strong climber on easy hangs, the tremor steady at 0.02 m/s^2 (no fatigue: the
    control for the hang's mechanics, whose label must be ``calm``); ``shake:X`` scales the shake-outs; ``drop``: in the 3 s off the hands leave the board and the arm comes down to the side.

    A truthful report: four sets (the repeater sets as one set each, or as their hangs), each
    ``fatigue_tremor`` (or enhanced / not assessable); no twitch (the grabs and landings are body
    jolts, 2-8 m/s^2); the shake-outs are voluntary, no tremor at rest: no out-of-band episode, no
    clinician note."""
    kv = _kv(extras)
    s = Session(690.0, fs, rng)
    s.pitch[:] = np.deg2rad(SIDE_PITCH)
    s.roll[:] = np.deg2rad(20.0)
    # quiet stance sway of a standing body at the wrist (0.05 m/s^2 under 1.5 Hz), always
    s.lin += np.outer(band_noise(len(s.t), fs, 0.1, 1.5, rng), unit(rng)) * 0.03
    sets: list[list[float]] = []
    hangs: list[list[float]] = []
    swings: list[float] = []
    for a in (60.0, 240.0):
        top = rng.uniform(0.08, 0.15)
        if "calm" in extras:  # ``calm``: no fatigue, the hangs' tremor steady at 0.02 m/s^2 (the draw kept)
            top = 0.02
        f0 = rng.uniform(10.0, 11.0)
        _grab(s, a, rng)
        for j in range(6):
            h0, h1 = a + 10.0 * j, a + 10.0 * j + 7.0
            if "drop" in extras and j > 0:
                _grab(s, h0, rng)
            lo = 0.02 * (top / 0.02) ** (j / 6)
            hi = 0.02 * (top / 0.02) ** ((j + 1) / 6)
            _hang_tremor(s, h0, h1, lo, hi, f0 - 1.2 * j / 6, f0 - 1.2 * (j + 1) / 6)
            if "noswing" not in extras:
                swings.append(_pendulum(s, h0, h1 + (3.0 if j == 5 else 0.0), rng))
            hangs.append([h0, h1])
            if "drop" in extras and j < 5:
                _drop(s, h1, rng)
        _drop(s, a + 57.0, rng)
        sets.append([a - 0.8, a + 58.0])
    for a in (420.0, 570.0):
        _grab(s, a, rng)
        f0 = rng.uniform(10.0, 11.0)
        a1 = rng.uniform(0.1, 0.18)
        _hang_tremor(s, a, a + 30.0, 0.02, 0.02 if "calm" in extras else a1, f0, f0 - 1.2)
        if "noswing" not in extras:
            swings.append(_pendulum(s, a, a + 30.0, rng))
        hangs.append([a, a + 30.0])
        _drop(s, a + 30.0, rng)
        sets.append([a - 0.8, a + 31.0])
    shakes = []
    if "noshake" not in extras:
        for r0, r1 in ((125.0, 230.0), (305.0, 410.0), (458.0, 560.0), (608.0, 680.0)):
            for _ in range(int(rng.integers(1, 3))):
                shakes.append(shake_out(s, rng.uniform(r0, r1 - 6.0), rng, float(kv.get("shake", 1.0))))
    truth = _fatigue_truth(
        sets,
        f"hangboard: 2 repeater sets (6 x 7 s on / 3 s off, arm overhead), 2 max hangs of 30 s; forearm fatigue"
        f" tremor 10-11 Hz falling 1.2 Hz, growing 5-9x; body swing {min(swings, default=0):.2f}-"
        f"{max(swings, default=0):.2f} m/s^2 at 0.45-0.53 Hz; {len(shakes)} shake-outs (3-5 Hz, 5-20 m/s^2) in the rests",
    )
    truth.update(
        set_labels=["fatigue_tremor", "enhanced_tremor", "not_assessable"],
        peak_hz=[8.3, 11.5],
        hangs=hangs,
        shake_outs=shakes,
        forbidden_labels_anywhere=["atypical_tremor", "mixed", "fasciculations"],
        must_cause_in_sets=kv.get("cause", "neuromuscular_fatigue"),
    )
    if "calm" in extras:
        truth.update(
            set_labels=["calm", "not_assessable"],
            must_cause_in_sets=None,
            forbidden_labels_anywhere=[
                "fatigue_tremor",
                "enhanced_tremor",
                "atypical_tremor",
                "mixed",
                "fasciculations",
            ],
            forbidden_causes=["see_a_clinician", "neuromuscular_fatigue"],
        )
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- heavy bag
def _punch(s: Session, t0: float, rng: Rng) -> float:
    """One straight punch into a heavy bag, from the guard (forearm up at 60-75 deg by the chin): the
    forearm swings down to level in 0.12-0.18 s and back in 0.25 s; the hand accelerates at 30-60 m/s^2
    along the forearm, the glove stops on the bag in 10-20 ms (30-100 m/s^2 back along it, with a 30-50 Hz
    ring), then the retraction. Returns the impact's peak."""
    T = rng.uniform(0.12, 0.18)
    fs = s.fs
    i0 = s.idx(t0)
    n_ext = int(T * fs)
    m = s.mask(t0, t0 + T + 0.3)
    # the forearm's pitch: from the guard down to level and back
    s.pitch[m] += (np.deg2rad(5.0) - s.pitch[m]) * taper(s.t[m], t0, t0 + T + 0.3, min(T, 0.14))
    acc = rng.uniform(30.0, 60.0)
    ext = acc * np.sin(np.pi * np.arange(n_ext) / max(n_ext, 1))
    add_at(s.lin, i0, ext, np.array([1.0, 0.0, 0.0]))
    imp = rng.uniform(30.0, 100.0)
    dur = rng.uniform(0.01, 0.02)
    k = max(1, int(dur * fs))
    hit = -imp * np.sin(np.pi * (np.arange(k) + 0.5) / k)
    add_at(s.lin, i0 + n_ext, hit, np.array([1.0, 0.0, 0.0]))
    ring = damped_burst(fs, rng.uniform(30.0, 50.0), 0.01, 0.06) * imp * 0.2
    add_at(s.lin, i0 + n_ext + k, ring, unit(rng))
    n_ret = int(0.2 * fs)
    ret = -0.4 * acc * np.sin(2 * np.pi * np.arange(n_ret) / max(n_ret, 1))
    add_at(s.lin, i0 + n_ext + k, ret, np.array([1.0, 0.0, 0.0]))
    return imp


def sc_heavy_bag(fs: float, rng: Rng, extras: str = "") -> Out:
    """Boxing on a heavy bag, three 3 min rounds with 1 min rests, through a +-8 g sensor (``16g``:
    +-16 g; ``shake:X`` scales the shake-outs): in the rounds the hands in guard (forearm up 60-75 deg), the boxer bouncing on the feet at
    2-2.6 Hz (+-1-2 cm: 1.6-5 m/s^2 vertical), punches at 1-3 a second in combinations of 1-4 with
    0.5-2 s between, each a forearm swing and a 30-100 m/s^2 impact on the bag (``_punch``); in the
    rests standing, arms at the side, and 1-2 shake-outs (``shake_out``, 3-5 Hz, 3-5 s).

    A truthful report: the rounds as sets (calm or not assessable: nothing in them is a tremor); the
    clipping; no twitches from impacts; no tremor label; no out-of-band episode or clinician note from
    the shake-outs or the footwork."""
    kv = _kv(extras)
    rng_g = 16.0 if "16g" in extras else 8.0
    s = Session(30.0 + 3 * 180.0 + 2 * 60.0 + 40.0, fs, rng)
    s.pitch[:] = np.deg2rad(SIDE_PITCH)
    sets = []
    n_punch = 0
    impacts = []
    shakes = []
    for k in range(3):
        a = 30.0 + k * 240.0
        b = a + 180.0
        _pose(s, a - 1.0, 1.0, rng.uniform(60.0, 75.0), rng.uniform(60.0, 90.0))
        _pose(s, b, 1.0, SIDE_PITCH, 20.0)
        m = s.mask(a, b)
        fb = rng.uniform(2.0, 2.6)
        ph = 2 * np.pi * np.cumsum(fb * (1 + 0.04 * band_noise(int(m.sum()), fs, 0.02, 0.3, rng))) / fs
        bob = rng.uniform(1.6, 5.0) * np.sin(ph) * taper(s.t[m], a, b, 1.0)
        s.lin[m] += bob[:, None] * _up(s, m)
        t = a + rng.uniform(0.5, 1.5)
        while t < b - 1.0:
            for _ in range(int(rng.integers(1, 5))):
                if t >= b - 1.0:
                    break
                impacts.append(_punch(s, t, rng))
                n_punch += 1
                t += rng.uniform(0.3, 0.6)  # 1.7-3.3 punches a second within a combination
            t += rng.uniform(0.5, 2.0)
        sets.append([a, b])
        if k < 2:
            for _ in range(int(rng.integers(1, 3))):
                shakes.append(shake_out(s, rng.uniform(b + 5.0, b + 52.0), rng, float(kv.get("shake", 1.0))))
    acc = s.total()
    lim = rng_g * G
    clipped = np.abs(acc) >= lim
    acc = np.clip(acc, -lim, lim)
    truth: Truth = {
        "models": f"heavy bag: 3 x 3 min rounds, {n_punch} punches (impacts {min(impacts):.0f}-{max(impacts):.0f}"
        f" m/s^2), footwork bounce 2-2.6 Hz, 1 min rests with {len(shakes)} shake-outs; sensor +-{rng_g:g} g",
        "sets": sets,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue", "sleep_stress_stimulants"],
        "twitches_true": 0,
        "saturated_samples": int(clipped.any(axis=1).sum()),
        "no_atypical": True,
        "shake_outs": shakes,
        "no_rest_tremor_claim": True,
    }
    return s.t, acc, truth


# --------------------------------------------------------------------------- yoga
def sc_yoga(fs: float, rng: Rng, extras: str = "") -> Out:
    """A yoga sequence: 30 s seated, then six poses of 30-60 s with 4-8 s flowing transitions: arms
    overhead standing (pitch 85), warrior II (arm level, palm down), tree pose on one leg with the arms
    overhead, chair pose (arms up 70 deg), downward dog (the hand on the mat, forearm down 45 deg), and
    lying (savasana, palm up). A standing body sways as an inverted pendulum about the ankles at 0.1-0.5
    Hz: 0.3-1 deg RMS on two feet, 1-2 deg on one (the wrist overhead 2.1 m above the ankle: G theta
    0.05-0.35 m/s^2 of gravity moving in the sensor, L theta w^2 at most 0.07); breathing moves the arms
    +-0.5 deg at 0.2-0.3 Hz. The physiological tremor is low and steady (0.005-0.02 m/s^2 total: the
    session's resting tremor scaled 0.5-1.0); nothing grows.

    A truthful report: no fatigue, no tremor label other than calm (poses may be found as holds), no
    twitch, no out-of-band episode, no clinician note, no walking."""
    s = Session(30.0 + 6 * 60.0 + 6 * 8.0 + 20.0, fs, rng, rest_scale=rng.uniform(0.5, 1.0))
    poses = [
        ("arms overhead", 85.0, 0.0, (0.3, 1.0)),
        ("warrior II", 0.0, 0.0, (0.3, 1.0)),
        ("tree, arms overhead", 85.0, 10.0, (1.0, 2.0)),
        ("chair", 70.0, 0.0, (0.3, 1.0)),
        ("downward dog", -45.0, 0.0, (0.2, 0.5)),
        ("savasana", 0.0, 180.0, (0.0, 0.05)),
    ]
    t = 30.0
    spans = []
    th_pose = np.zeros(len(s.t))  # the sway's size (rad RMS) pose by pose, smoothed below
    for name, p, r, (lo, hi) in poses:
        tr = rng.uniform(4.0, 8.0)
        _pose(s, t, tr, p, r)
        a = t + tr
        b = a + rng.uniform(30.0, 60.0)
        th_pose[s.mask(a - 1.0, b + 1.0)] = np.deg2rad(rng.uniform(lo, hi))
        spans.append([round(a, 1), round(b, 1), name])
        t = b
    # a Gaussian-smoothed size (sigma 1 s): the sway grows and fades with no step in its acceleration
    k = np.exp(-0.5 * (np.arange(-4 * fs, 4 * fs + 1) / fs) ** 2)
    th = np.convolve(th_pose, k / k.sum(), mode="same")
    sp = band_noise(len(s.t), fs, 0.1, 0.5, rng) * th
    s.pitch += sp
    s.roll += band_noise(len(s.t), fs, 0.1, 0.5, rng) * th * 0.7
    s.lin[:, 0] += 2.1 * np.gradient(np.gradient(sp, 1 / fs), 1 / fs)
    br = np.deg2rad(0.5) * np.sin(2 * np.pi * rng.uniform(0.2, 0.3) * s.t)
    s.pitch += br
    truth: Truth = {
        "models": "yoga: 6 poses 30-60 s ("
        + ", ".join(f"{n} {a:.0f}-{b:.0f}" for a, b, n in spans)
        + "), sway 0.1-0.5 Hz, steady low tremor",
        "sets": None,
        "sets_optional": True,
        "poses": spans,
        "set_labels": ["calm", "not_assessable"],
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
        "no_vibration": True,
        "not_walking_anywhere": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- sleep
def sc_sleep(fs: float, rng: Rng, extras: str = "") -> Out:
    """Lying in bed asleep (``dur:S``, default 900 s), the forearm on the mattress: the resting tremor
    under the sensor's noise (0.0025-0.0045 m/s^2); breathing tilts the mattress under the arm +-0.1-0.3
    deg at 0.2-0.3 Hz; the heart's ballistocardiogram at 50-65 beats a minute, each beat a 4-8 Hz damped
    wave of 0.003-0.01 m/s^2 at the wrist (``bcg:X`` scales it, 0 removes it); 4-7 hypnic jerks in the
    first 5 min (sleep onset) and 1-2 later, each a whole-arm myoclonic jerk: a one-cycle 4-7 Hz swing of
    1-3 m/s^2 with a 15-25 Hz ring at a third of it, the arm left 1-3 deg off; two or three turns
    (4-8 s of movement, 0.5-1.5 m/s^2 RMS under 3 Hz, the wrist rolled 90-180 deg).

    A truthful report: no set, no tremor label, no twitch (a jerk that moves the arm 1-3 m/s^2 is no
    fasciculation), no out-of-band episode, no clinician note, no fatigue, no cause."""
    kv = _kv(extras)
    dur = float(kv.get("dur", 900.0))
    s = Session(dur, fs, rng, rest_scale=0.25)
    s.pitch[:] = np.deg2rad(rng.uniform(-5.0, 5.0))
    s.roll[:] = np.deg2rad(rng.uniform(-20.0, 20.0))
    n = len(s.t)
    s.pitch += np.deg2rad(rng.uniform(0.1, 0.3)) * np.sin(2 * np.pi * rng.uniform(0.2, 0.3) * s.t)
    bcg = float(kv.get("bcg", 1.0))
    if bcg > 0:
        hr = rng.uniform(50.0, 65.0) / 60.0
        t = rng.uniform(0.0, 1.0)
        d = unit(rng)
        while t < dur - 1.0:
            p = damped_burst(fs, rng.uniform(4.0, 8.0), 0.08, 0.4) * rng.uniform(0.003, 0.01) * bcg
            add_at(s.lin, s.idx(t), p, d)
            t += 1.0 / hr * rng.uniform(0.95, 1.05)
    jerks = sorted(
        list(rng.uniform(20.0, min(300.0, dur - 10.0), int(rng.integers(4, 8))))
        + list(rng.uniform(320.0, max(330.0, dur - 10.0), int(rng.integers(1, 3))))
    )
    jerks = [j for j in jerks if j < dur - 5.0]
    for j in jerks:
        f = rng.uniform(4.0, 7.0)
        k = int(fs / f)
        pk = rng.uniform(1.0, 3.0)
        d = unit(rng)
        add_at(s.lin, s.idx(j), pk * np.sin(2 * np.pi * np.arange(k) / k) * np.hanning(k + 2)[1:-1], d)
        add_at(s.lin, s.idx(j), damped_burst(fs, rng.uniform(15.0, 25.0), 0.015, 0.08) * pk / 3, unit(rng))
        s.pitch += np.deg2rad(rng.uniform(-3.0, 3.0)) * smooth_step(s.t, j, 0.15)
    turns = []
    for a in np.sort(rng.uniform(200.0, max(210.0, dur - 30.0), int(rng.integers(2, 4)))):
        L = rng.uniform(4.0, 8.0)
        m = s.mask(a, a + L)
        s.lin[m] += np.outer(
            band_noise(int(m.sum()), fs, 0.3, 3.0, rng) * taper(s.t[m], a, a + L, 1.0), unit(rng)
        ) * rng.uniform(0.5, 1.5)
        s.roll += np.deg2rad(rng.uniform(90.0, 180.0) * rng.choice([-1.0, 1.0])) * smooth_step(
            s.t, a + 0.5, L - 1.0
        )
        s.pitch += (np.deg2rad(rng.uniform(-10.0, 10.0)) - s.pitch[s.idx(a)]) * smooth_step(
            s.t, a + 0.5, L - 1.0
        )
        turns.append([round(float(a), 1), round(float(a + L), 1)])
    del n
    truth: Truth = {
        "models": f"asleep {dur:g} s: tremor under the noise, breathing, BCG x{bcg:g}, {len(jerks)} hypnic jerks"
        f" (1-3 m/s^2), {len(turns)} turns",
        "sets": None,
        "jerks": [round(float(j), 2) for j in jerks],
        "turns": turns,
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue", "sleep_stress_stimulants", "cold"],
        "twitches_true": 0,
        "no_atypical": True,
        "no_vibration": True,
        "not_walking_anywhere": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- a log written by hand between holds
def _handwriting(
    s: Session, t0: float, t1: float, rng: Rng, f_w: float, scale: float = 1.0, shift: bool = True
) -> int:
    """Writing in a training log with the forearm on the table: words of 0.5-1.5 s with the pen's
    strokes at the writer's rate f_w (handwriting's stroke rate is 4-6 Hz: about five strokes a second),
    1.2 Hz wide (stroke to stroke variation), a 30 % 2nd harmonic (the strokes are not sinusoids), at the
    wrist 0.05-0.2 m/s^2 RMS (the pen's tip moves +-2-3 mm, 2.5 m/s^2 at 5 Hz; the wrist, planted on the
    table, carries a small share); between words a 0.2-0.5 s pause and the hand sliding 1-2 cm along the
    line (a 0.3-1 m/s^2 push). Returns the number of words."""
    words = 0
    t = t0
    amp = rng.uniform(0.05, 0.2) * scale
    d = np.array([0.6, 0.7, 0.4])
    d /= np.linalg.norm(d)
    while t < t1 - 0.6:
        L = min(rng.uniform(0.5, 1.5), t1 - t)
        m = s.mask(t, t + L)
        nm = int(m.sum())
        fc = np.full(nm, f_w + rng.uniform(-0.4, 0.4))
        x = narrow_line(fc, s.fs, 1.2, rng) + 0.3 * narrow_line(2 * fc, s.fs, 2.4, rng)
        s.lin[m] += np.outer(x / 1.04 * amp * taper(s.t[m], t, t + L, 0.1), d)
        t += L
        k = int(0.25 * s.fs)
        push = np.sin(2 * np.pi * np.arange(k) / k) * rng.uniform(0.3, 1.0)
        if shift:
            add_at(s.lin, s.idx(t + 0.05), push, np.array([0.1, 1.0, 0.0]))
        t += rng.uniform(0.2, 0.5)
        words += 1
    return words


def _clapping(s: Session, t0: float, rng: Rng) -> list[float]:
    """Applause, 3-6 s at 3.5-5 claps a second (fast unsynchronised clapping; Neda et al. 2000: ~4 Hz):
    the forearms raised 30 deg, the hands swinging +-3-5 cm (the wrist's acceleration (2 pi f)^2 x:
    15-50 m/s^2 peak, the swing's shape a sinusoid at the clap rate), each clap a 10-40 m/s^2 jolt in
    5-10 ms with a 30-60 Hz ring. Returns [start, end, rate]."""
    f = rng.uniform(3.5, 5.0)
    L = rng.uniform(3.0, 6.0)
    m = s.mask(t0, t0 + L)
    env = taper(s.t[m], t0, t0 + L, 0.3)
    s.pitch += (np.deg2rad(30.0) - s.pitch[s.idx(t0)]) * taper(s.t, t0 - 0.7, t0 + L + 0.7, 0.7)
    ph = 2 * np.pi * f * (s.t[m] - t0)
    x = rng.uniform(0.03, 0.05)
    s.lin[m, 2] += -((2 * np.pi * f) ** 2) * x * np.sin(ph) * env
    for tc in np.arange(t0 + 0.3, t0 + L - 0.3, 1.0 / f):
        tc += rng.normal(0.0, 0.01)
        k = max(1, int(rng.uniform(0.005, 0.01) * s.fs))
        pk = rng.uniform(10.0, 40.0)
        add_at(s.lin, s.idx(tc), -pk * np.sin(np.pi * (np.arange(k) + 0.5) / k), np.array([0.0, 0.0, 1.0]))
        add_at(
            s.lin,
            s.idx(tc) + k,
            damped_burst(s.fs, rng.uniform(30.0, 60.0), 0.008, 0.05) * pk * 0.2,
            unit(rng),
        )
    return [round(t0, 2), round(t0 + L, 2), round(f, 2)]


def sc_logbook(fs: float, rng: Rng, extras: str = "") -> Out:
    """The ``fatigue_holds`` session (three 40 s holds at 60, 160, 260 s) where, in each rest, the athlete
    writes the set into a paper log for 25-40 s, forearm on the table (``_handwriting``: strokes at the
    writer's 4-6 Hz). ``clap``: instead, two or three bursts of applause for a teammate in each rest
    (``_clapping``, 3.5-5 claps a second, 3-6 s). ``amp:X`` scales the writing's size at the wrist;
    ``noshift``: no slide of the hand between words (the strokes alone).

    A truthful report: the holds as ``fatigue_tremor``; the writing (or clapping) is voluntary movement,
    no tremor at rest: no out-of-band episode, no clinician note, no twitch, no set."""
    kv = _kv(extras)
    s = Session(330.0, fs, rng)
    sets = _holds(s, (60.0, 160.0, 260.0), 40.0, rng)
    f_w = rng.uniform(4.0, 6.0)
    spans = []
    for r0, r1 in ((105.0, 155.0), (205.0, 255.0), (303.0, 328.0)):
        if "clap" in extras:
            t = r0 + rng.uniform(0.0, 5.0)
            while t < r1 - 8.0:
                spans.append(_clapping(s, t, rng))
                t = spans[-1][1] + rng.uniform(4.0, 15.0)
        else:
            L = min(rng.uniform(25.0, 40.0), r1 - r0 - 4.0)
            a = r0 + rng.uniform(0.0, r1 - r0 - L - 2.0)
            _handwriting(s, a, a + L, rng, f_w, float(kv.get("amp", 1.0)), "noshift" not in extras)
            spans.append([round(a, 1), round(a + L, 1), round(f_w, 2)])
    what = "applause" if "clap" in extras else f"handwriting at {f_w:.1f} strokes/s"
    truth = _fatigue_truth(sets, f"three fatigue holds; {what} in the rests: {spans}")
    truth.update(
        activity_spans=spans,
        forbidden_labels_anywhere=["atypical_tremor", "mixed", "fasciculations"],
        forbidden_causes=["see_a_clinician"],
        taps_not_twitches=True,
    )
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- brushing teeth
def sc_toothbrush(fs: float, rng: Rng, extras: str = "") -> Out:
    """Brushing teeth with the watch's hand for 2 min (60-180 s), standing at the sink, forearm up 45-60 deg
    (the hand at the mouth), moving from one part of the mouth to the next every 5-10 s, between 60 s
    still before and after. A sonic brush (the default): its head driven at 258 Hz (31 000 strokes a minute,
    the drive stable to 0.1 %), the handle's vibration reaching the wrist at 0.5-2 m/s^2 RMS (a 3rd
    harmonic at 10 %), a 0.5 s pause every 30 s (the quadrant timer). Through an anti-aliased sensor none of
    it reaches a file under 516 Hz; ``alias``: no anti-alias filter, so the line folds to |258 - k fs|
    (8 Hz at 50 Hz, 42 Hz at 100, 58 Hz at 200). ``manual``: a manual brush instead, the hand scrubbing
    +-0.5-1 cm at 3-5 Hz (2-10 m/s^2 peak) in 5-10 s bouts. ``jit:X``: the drive's wander (RMS share of
    its rate; default 0.0001, a timer-driven actuator). ``rotary``: an oscillating-rotating brush instead,
    its DC motor at 145-150 Hz (8 800 oscillations a minute) slowing and speeding 2 % RMS as the pressure on
    the teeth changes (folds to 0-6 Hz at 50 Hz, 47 Hz at 100).

    A truthful report: no tremor label, no out-of-band episode, no clinician note, no twitch; at most a
    machine line (sonic) or movement."""
    s = Session(300.0, fs, rng)
    a, b = 60.0, 180.0
    _pose(s, a - 2.0, 1.5, rng.uniform(45.0, 60.0), rng.uniform(40.0, 80.0))
    _pose(s, b, 1.5, 10.0, 25.0)
    m = s.mask(a, b)
    t = a
    while t < b - 3.0:  # the hand moves to the next part of the mouth
        _pose(s, t, 0.6, float(np.rad2deg(s.pitch[s.idx(t)])) + rng.uniform(-8.0, 8.0))
        t += rng.uniform(5.0, 10.0)
    what = ""
    line = None
    if "manual" in extras:
        t = a + 1.0
        bouts = []
        while t < b - 4.0:
            L = min(rng.uniform(5.0, 10.0), b - 1.0 - t)
            mm = s.mask(t, t + L)
            f = rng.uniform(3.0, 5.0)
            ph = 2 * np.pi * np.cumsum(f * (1 + 0.05 * band_noise(int(mm.sum()), fs, 0.05, 0.5, rng))) / fs
            pk = (2 * np.pi * f) ** 2 * rng.uniform(0.005, 0.01)
            d = unit(rng)
            s.lin[mm] += np.outer(pk * (np.sin(ph) + 0.2 * np.sin(2 * ph)) * taper(s.t[mm], t, t + L, 0.3), d)
            bouts.append([round(t, 1), round(t + L, 1), round(f, 2)])
            t += L + rng.uniform(0.5, 1.5)
        what = f"manual brush, {len(bouts)} bouts at 3-5 Hz"
    else:
        rotary = "rotary" in extras
        f0 = rng.uniform(145.0, 150.0) if rotary else 258.0 * (1 + rng.uniform(-0.001, 0.001))
        amp = rng.uniform(0.5, 2.0)
        n = int(m.sum())
        jit = float(_kv(extras).get("jit", 0.02 if rotary else 0.0001))
        fj = f0 * (1 + jit * band_noise(n, fs, 0.01, 0.2, rng))
        ph = 2 * np.pi * np.cumsum(fj) / fs
        env = taper(s.t[m], a, b, 0.2)
        for k in range(1, 4):  # the quadrant timer's pauses
            env *= 1 - taper(s.t[m], a + 30.0 * k, a + 30.0 * k + 0.5, 0.1)
        x = np.sin(ph) + 0.1 * np.sin(3 * ph)
        alias = "alias" in extras
        if not alias:  # an anti-aliased sensor: what lies over fs / 2 does not reach the file
            x = np.zeros(n) if 3 * f0 > fs / 2 and f0 > fs / 2 else x
        s.lin[m] += np.outer(x * env * amp * np.sqrt(2), unit(rng))
        line = abs(f0 - round(f0 / fs) * fs)
        what = f"{'rotary' if rotary else 'sonic'} brush {f0:.1f} Hz at {amp:.2f} m/s^2" + (
            f", folded to {line:.1f} Hz" if alias else ", filtered out"
        )
    truth: Truth = {
        "models": f"brushing teeth 60-180 s: {what}",
        "sets": None,
        "sets_optional": True,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue", "sleep_stress_stimulants"],
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
        "not_walking_anywhere": True,
    }
    if line is not None and "alias" in extras:
        truth["machine_line_hz"] = [round(line, 2)]
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- lying with the hand on the chest
def _heartbeats(s: Session, a: float, b: float, rng: Rng, hr0: float, hr1: float, scale: float) -> int:
    """The seismocardiogram at a hand laid on the chest from a to b: each beat's aortic-opening complex, a
    15-35 Hz burst of 0.02-0.08 m/s^2 peak (x scale), and the second heart sound's burst at half of it 0.3 s
    later; the rate falls from hr0 to hr1 beats a minute with a 60-90 s time constant. Returns the beats."""
    tau = rng.uniform(60.0, 90.0)
    d = unit(rng)
    t = a + rng.uniform(0.0, 0.6)
    beats = 0
    while t < b - 1.0:
        pk = rng.uniform(0.02, 0.08) * scale
        add_at(s.lin, s.idx(t), damped_burst(s.fs, rng.uniform(15.0, 35.0), 0.02, 0.1) * pk, d)
        add_at(s.lin, s.idx(t + 0.3), damped_burst(s.fs, rng.uniform(20.0, 40.0), 0.015, 0.08) * pk * 0.5, d)
        hr = (hr1 + (hr0 - hr1) * np.exp(-(t - a) / tau)) / 60.0
        t += rng.uniform(0.97, 1.03) / hr
        beats += 1
    return beats


def sc_chest_rest(fs: float, rng: Rng, extras: str = "") -> Out:
    """Lying on the back after training for 4 min (on a mat or the bench between sets), the watch's hand
    resting on the chest: awake, the usual resting tremor; the breathing (0.3-0.5 Hz just after effort,
    slowing to 0.2-0.3) tilts the forearm +-1-3 deg; the heart beats at 90-110 a minute falling to 60-75
    and each beat shakes the chest wall: the seismocardiogram's aortic-opening complex, a 15-35 Hz burst of
    0.1-0.3 m/s^2 on the sternum (about 10-30 mg), reaching the hand laid on it at 0.02-0.08 m/s^2 peak
    (``scg:X`` scales it; an estimate), and the second heart sound's smaller burst 0.3 s later
    (``_heartbeats``). ``holds``: the ``fatigue_holds`` session instead, each rest spent lying back with the
    hand on the chest (the heart at 85-110 falling to 65-80 in each rest).

    A truthful report: no twitch (a heartbeat is no fasciculation), no cause from twitches; no set and no
    tremor label (``holds``: the holds ``fatigue_tremor``, not ``mixed``)."""
    kv = _kv(extras)
    sc = float(kv.get("scg", 1.0))
    if "holds" in extras:
        s = Session(330.0, fs, rng)
        sets = _holds(s, (60.0, 160.0, 260.0), 40.0, rng)
        beats = 0
        for a, b in ((102.0, 158.0), (202.0, 258.0), (302.0, 329.0)):
            s.roll += np.deg2rad(rng.uniform(40.0, 60.0)) * taper(s.t, a - 1.0, b + 1.0, 1.0)
            beats += _heartbeats(s, a, b, rng, rng.uniform(85.0, 110.0), rng.uniform(65.0, 80.0), sc)
        truth = _fatigue_truth(
            sets, f"fatigue holds; rests lying, hand on the chest: {beats} heartbeats (SCG)"
        )
        truth.update(
            forbidden_labels_anywhere=["atypical_tremor", "mixed", "fasciculations"],
            forbidden_causes=[
                "see_a_clinician",
                "metabolic_byproducts",
                "dehydration_electrolytes",
                "sleep_stress_stimulants",
            ],
        )
        return s.t, s.total(), truth
    s = Session(240.0, fs, rng)
    s.pitch[:] = np.deg2rad(rng.uniform(-10.0, 10.0))
    s.roll[:] = np.deg2rad(rng.uniform(50.0, 90.0))
    fb = 0.25 + 0.15 * np.exp(-s.t / 90.0)
    s.pitch += np.deg2rad(rng.uniform(1.0, 3.0)) * np.sin(2 * np.pi * np.cumsum(fb) / fs)
    beats = _heartbeats(s, 0.0, 240.0, rng, rng.uniform(90.0, 110.0), rng.uniform(60.0, 75.0), sc)
    truth: Truth = {
        "models": f"lying, hand on the chest 240 s: breathing tilt, {beats} heartbeats (SCG 0.02-0.08 x{sc:g} m/s^2)",
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
            "dehydration_electrolytes",
        ],
        "twitches_true": 0,
        "no_atypical": True,
        "not_walking_anywhere": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- a dumbbell resting on the thigh
def sc_thigh_rest(fs: float, rng: Rng, extras: str = "") -> Out:
    """Seated dumbbell curls (3 sets of whole reps, about 40 s, 110 deg at 0.45-0.55 reps/s) where in each 60 s
    rest the dumbbell stays in the hand, resting on the thigh: the forearm sloping down 20-30 deg, the wrist
    rolled to a neutral grip (70-90 deg), the grip keeping the tremor a little over the seated rest's
    (a steady 8-10 Hz line of 0.01-0.02 m/s^2 added), the dumbbell shifted on the thigh every 10-25 s (the
    forearm turning 2-5 deg in 0.5 s, a 0.2-0.5 m/s^2 knock as it settles, ``noknock`` removes it). A lap
    rest: no set, no twitch; the curls ``calm`` (or not assessable), each its own set."""
    s = Session(330.0, fs, rng)
    sets = []
    for a in (60.0, 160.0, 260.0):
        f = rng.uniform(0.45, 0.55)
        n_rep = int(40.0 * f)
        _tempo_reps(s, a, a + n_rep / f, f, 110.0, 0.5)
        sets.append([a, round(a + n_rep / f, 3)])
    knocks = []
    knock = 0.0 if "noknock" in extras else 1.0
    for k, (_a, b) in enumerate(sets):
        r0 = b + 1.0
        r1 = sets[k + 1][0] - 2.0 if k < 2 else 328.0
        pose = taper(s.t, r0, r1 + 1.5, 1.5)
        s.pitch += (np.deg2rad(rng.uniform(-30.0, -20.0)) - np.deg2rad(10.0)) * pose
        s.roll += (np.deg2rad(rng.uniform(70.0, 90.0)) - np.deg2rad(25.0)) * pose
        m = s.mask(r0, r1 + 1.5)
        line = narrow_line(np.full(int(m.sum()), rng.uniform(8.0, 10.0)), fs, 2.0, rng)
        s.lin[m] += np.outer(line * rng.uniform(0.01, 0.02) * pose[m], unit(rng))
        t = r0 + rng.uniform(8.0, 15.0)
        while t < r1 - 5.0:
            s.pitch += np.deg2rad(rng.uniform(2.0, 5.0) * rng.choice([-1.0, 1.0])) * (
                smooth_step(s.t, t, 0.5) - smooth_step(s.t, r1, 1.5)
            )
            add_at(
                s.lin,
                s.idx(t + 0.5),
                damped_burst(fs, rng.uniform(15.0, 30.0), 0.02, 0.1) * rng.uniform(0.2, 0.5) * knock,
                unit(rng),
            )
            knocks.append(round(t + 0.5, 2))
            t += rng.uniform(10.0, 25.0)
    truth: Truth = {
        "models": f"seated curls 3 x ~40 s; rests with the dumbbell on the thigh ({len(knocks)} shifts)",
        "sets": sets,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": [
            "fatigue_tremor",
            "enhanced_tremor",
            "atypical_tremor",
            "mixed",
            "fasciculations",
        ],
        "forbidden_causes": ["see_a_clinician", "neuromuscular_fatigue"],
        "twitches_true": 0,
        "twitch_times": [],
        "artefact_times": knocks,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


SCENARIOS: dict[str, Callable[..., Out]] = {
    "hangboard": sc_hangboard,
    "heavy_bag": sc_heavy_bag,
    "yoga": sc_yoga,
    "sleep": sc_sleep,
    "logbook": sc_logbook,
    "toothbrush": sc_toothbrush,
    "chest_rest": sc_chest_rest,
    "thigh_rest": sc_thigh_rest,
}
