"""Round seven red-team scenarios (h-red7): a pool session (freestyle lengths, kickboard sets), driving screws
with a cordless drill, playing the piano, holding a game controller with rumble, walking a dog on a lead,
playing the drums, and three true cases the analyser must still find (a faint fatigue tremor through a noisy
phone, twitch pairs 0.2-0.3 s apart, holds cut by 1-3 s BLE dropouts).

Written from the physics without reading ``tremor/core``; the building blocks (``Session``, ``narrow_line``,
``damped_burst`` ...) are gen.py's, so the resting wrist, the noise and the file format are the same as every
other red-team file. ``gen.py`` registers these scenarios (``gen.py swim --seed 1 --out X.csv``). Each ``sc_*``
returns ``(t, acc, truth)``; tests call them in memory with a fixed seed.

A hand's movement is written as a displacement and differentiated twice (``_disp``), so its acceleration and
harmonics follow from the path; impacts are damped sinusoids.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from gen import (
    Rng,
    Session,
    Truth,
    _fatigue_truth,
    _gtwitch,
    _kv,
    add_at,
    band_noise,
    damped_burst,
    smooth_step,
    taper,
    unit,
)
from gen_r6 import PERSON_CAUSES, TREMOR_LABELS, _to, _up

Out = tuple[np.ndarray, np.ndarray, Truth]
NOT_PERSON = ["see_a_clinician"] + PERSON_CAUSES[1:]


def _disp(s: Session, m: np.ndarray, x: np.ndarray, d: np.ndarray) -> None:
    """Add the acceleration of a displacement x (m, over the mask m) along d (unit, (3,) or (n, 3))."""
    a = np.gradient(np.gradient(x, 1.0 / s.fs), 1.0 / s.fs)
    s.lin[m] += a[:, None] * d


def _phase(n: int, fs: float, f: float | np.ndarray, wander: float, rng: Rng) -> np.ndarray:
    """The phase (rad) of a rhythm at f Hz whose rate wanders by ``wander`` (fraction, under 1 Hz)."""
    fj = f * (1 + wander * band_noise(n, fs, 0.05, 1.0, rng))
    return 2 * np.pi * np.cumsum(fj) / fs


def _taps(
    s: Session,
    a: float,
    b: float,
    rate: float,
    peak: tuple[float, float],
    f0: tuple[float, float],
    rng: Rng,
    d: np.ndarray | None = None,
) -> int:
    """Irregular taps (button presses, key strikes) at about ``rate`` a second: 10 ms rings."""
    t, n = a, 0
    while True:
        t += rng.exponential(1 / rate) + 0.03
        if t >= b:
            return n
        p = damped_burst(s.fs, rng.uniform(*f0), 0.008, 0.05) * rng.uniform(*peak)
        add_at(s.lin, s.idx(t), p, d if d is not None else np.array([0.1, 0.2, 0.97]))
        n += 1


# --------------------------------------------------------------------------- swimming
def sc_swim(fs: float, rng: Rng, extras: str = "") -> Out:
    """A pool session: 60 s at the wall (forearms on the deck, the body bobbing in the water's slop at 0.3-0.6 Hz),
    then four 50 m lengths of 45-60 s with 30 s at the wall between them.

    Freestyle (default): the arm turns through a full circle at the stroke rate (0.5-0.8 cycles a second), the
    wrist 0.6 m from the shoulder (centripetal 6-15 m/s^2), the body rolling +-35-45 deg; the hand enters the water
    once a cycle (5-15 m/s^2, 20-40 Hz, 20 ms); a six-beat kick heaves the body at 3 beats a stroke (0.1-0.3 m/s^2 at
    the wrist); a tumble turn each 25 m (2-3 s glide with the arms streamlined overhead, a flutter kick).
    ``kick``: kickboard lengths instead, the hands on the board, arms straight ahead (a hold pose): the flutter
    kick's legs at 1.8-2.8 cycles a second heave the body at each down-beat, twice the leg rate (3.6-5.6 Hz, a
    30 % share at the leg rate), 0.1-0.5 m/s^2 at the hands (``heave:X`` scales it; the board's heave and pitch, +-1-3 deg), the rate
    slowing 10 % and the heave growing 1.5x as the legs tire; the water's slop 0.1-0.3 m/s^2 at 0.3-0.6 Hz.
    (Sizes at the hand are estimates; the rates are the textbook ones.)

    A truthful report: nothing about tremor (the lengths calm, not assessable or movement); no fatigue, no
    clinician note, no twitch from the entries."""
    kick = "kick" in extras
    heave_x = float(_kv(extras).get("heave", 1.0))
    s = Session(60.0 + 4 * 60.0 + 3 * 30.0 + 40.0, fs, rng)
    n_all = len(s.t)
    s.pitch[:] = np.deg2rad(5.0)
    s.roll[:] = np.deg2rad(10.0)
    slop = band_noise(n_all, fs, 0.3, 0.6, rng) * rng.uniform(0.1, 0.3)
    s.lin += slop[:, None] * np.array([0.1, 0.2, 0.97])
    lengths: list[list[float]] = []
    rates: list[float] = []
    t = 60.0
    for _ in range(4):
        L = rng.uniform(45.0, 60.0)
        a, b = t, t + L
        lengths.append([round(a, 2), round(b, 2)])
        m = s.mask(a, b)
        n = int(m.sum())
        tt = s.t[m] - a
        env = taper(s.t[m], a, b, 1.0)
        if kick:
            _to(s, a - 1.5, 1.0, rng.uniform(-10.0, 0.0), rng.uniform(-5.0, 5.0))
            _to(s, b + 0.5, 1.0, 5.0, 10.0)
            fl = rng.uniform(1.8, 2.8)
            rates.append(round(2 * fl, 2))
            fk = fl * (1 - 0.1 * tt / L)
            ph = _phase(n, fs, fk, 0.03, rng)
            grow = 1 + 0.5 * tt / L
            size = rng.uniform(0.1, 0.5) * heave_x
            heave = size * grow * (np.sin(2 * ph) + 0.3 * np.sin(ph + 1.0)) / 1.04
            s.lin[m] += (heave * env)[:, None] * _up(s, m)
            s.pitch[m] += np.deg2rad(rng.uniform(1.0, 3.0)) * np.sin(2 * ph + 0.7) * env * grow / 1.5
        else:
            f = rng.uniform(0.5, 0.8)
            rates.append(round(f, 2))
            ph = _phase(n, fs, f, 0.04, rng)
            turn_at = L / 2
            glide = (tt > turn_at) & (tt < turn_at + rng.uniform(2.0, 3.0))
            swim = env * (~glide)
            swim = np.convolve(swim, np.ones(int(0.5 * fs)) / int(0.5 * fs), mode="same")  # no step in rate
            theta = np.cumsum(2 * np.pi * f * swim) / fs  # the arm's angle, turning only while stroking
            base = s.pitch[m][0]
            s.pitch[m] = base + theta
            after = s.t >= b
            s.pitch[after] = base + np.angle(np.exp(1j * theta[-1]))
            _to(s, b + 0.5, 1.0, 5.0, 10.0)
            s.roll[m] += np.deg2rad(rng.uniform(35.0, 45.0)) * np.sin(ph) * swim
            w = 2 * np.pi * f
            s.lin[m, 2] += 0.6 * w * w * swim**2
            s.lin[m] += (0.2 * np.sin(3 * ph) * swim)[:, None] * np.array([0.3, 0.3, 0.9])
            i_m = np.flatnonzero(m)
            for k in np.flatnonzero(np.diff(np.floor((theta + np.pi / 2) / (2 * np.pi))) > 0):
                if swim[k] > 0.5:
                    p = damped_burst(fs, rng.uniform(20.0, 40.0), 0.02 / 3, 0.05) * rng.uniform(5.0, 15.0)
                    add_at(s.lin, int(i_m[k]), p, unit(rng))
            g = np.flatnonzero(glide)
            if len(g):
                fk = rng.uniform(1.8, 2.5)
                s.lin[i_m[g]] += np.outer(0.2 * np.sin(2 * np.pi * 2 * fk * tt[g]), [0.9, 0.1, 0.3])
        t = b + 30.0
    truth: Truth = {
        "models": (
            "kickboard lengths, the flutter kick's heave at " if kick else "freestyle lengths, strokes at "
        )
        + f"{rates} Hz",
        "lengths": lengths,
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- a cordless drill
def sc_drill(fs: float, rng: Rng, extras: str = "") -> Out:
    """DIY: standing at a workbench, 60 s still, then driving 14 screws (one every 12-20 s) and drilling 4 holes.
    The drill in a pistol grip (forearm 0-20 deg up, the thumb up: roll 70-90 deg). A screw in low gear: the
    chuck turns at 5.5-7.5 rev/s when it starts, slowing to 55-70 % as the screw seats (the motor loaded), for
    2-6 s; a bit off-centre in the screw head pushes the hand round once a turn (0.05-0.25 m/s^2 at the wrist,
    an estimate; ``wobble:X`` scales it), with a 25 % 2nd order; the clutch slips 0.3-0.8 s at the end (ball detents, 6 a turn,
    0.5-2 m/s^2 clicks). A hole in high gear: 25-33 rev/s for 3-8 s (0.2-0.6 m/s^2, the bit's chatter 60-200 Hz
    1-3 m/s^2: anti-aliased out unless ``alias``). The trigger's ramp (0.2-0.5 s) sweeps each line up from 0.

    A truthful report: nothing about the person (at most machine vibration); no tremor label, fatigue, clinician
    note, and no twitch from the clutch's clicks (they are the drill's)."""
    alias = "alias" in extras
    wob = float(_kv(extras).get("wobble", 1.0))
    s = Session(360.0, fs, rng)
    s.pitch[:] = np.deg2rad(-60.0)
    s.roll[:] = np.deg2rad(20.0)
    jobs: list[list[float]] = []
    t = 60.0
    kinds = ["screw"] * 14 + ["hole"] * 4
    rng.shuffle(kinds)
    for kind in kinds:
        if t > 340.0:
            break
        _to(s, t - 1.5, 1.0, rng.uniform(0.0, 20.0), rng.uniform(70.0, 90.0))
        dur = rng.uniform(2.0, 6.0) if kind == "screw" else rng.uniform(3.0, 8.0)
        a, b = t, t + dur
        m = s.mask(a, b)
        n = int(m.sum())
        u = np.linspace(0, 1, n)
        ramp = smooth_step(s.t[m], a, rng.uniform(0.2, 0.5))
        if kind == "screw":
            f0 = rng.uniform(5.5, 7.5)
            fr = f0 * (1 - rng.uniform(0.3, 0.45) * u**1.5) * ramp
            size = rng.uniform(0.05, 0.25) * wob
        else:
            f0 = rng.uniform(25.0, 33.0)
            fr = f0 * (1 - 0.1 * u) * ramp
            size = rng.uniform(0.2, 0.6)
        ph = 2 * np.pi * np.cumsum(fr) / fs
        x = np.zeros(n)
        for k, amp in ((1, 1.0), (2, 0.25)):
            if alias or k * f0 < 0.45 * fs:
                x += amp * np.sin(k * ph + rng.uniform(0, 2 * np.pi))
        d1, d2 = unit(rng), unit(rng)
        s.lin[m] += np.outer(x * size * ramp, d1) + np.outer(np.roll(x, n // 7) * 0.4 * size * ramp, d2)
        jobs.append([round(a, 2), round(b, 2), round(f0, 2)])
        if kind == "hole" and alias:
            s.lin[m] += np.outer(
                band_noise(n, fs, 0.3 * fs, 0.5 * fs, rng) * rng.uniform(1.0, 3.0), unit(rng)
            )
        if kind == "screw":  # the clutch slipping as the screw seats
            c0 = b
            slip = rng.uniform(0.3, 0.8)
            fc = 6 * fr[-1] if n else 20.0
            tc = c0
            while tc < c0 + slip:  # a click rings at 40-80 Hz, or what an anti-alias filter leaves of it
                fring = (
                    rng.uniform(40.0, 80.0)
                    if alias
                    else min(rng.uniform(40.0, 80.0), rng.uniform(0.3, 0.45) * fs)
                )
                p = damped_burst(fs, fring, 0.004, 0.03)
                add_at(s.lin, s.idx(tc), p * rng.uniform(0.5, 2.0), d1)
                tc += 1.0 / fc
            b = c0 + slip
        _to(s, b + 0.5, 1.0, -60.0, 20.0)
        t = b + rng.uniform(8.0, 14.0)
    truth: Truth = {
        "models": f"driving screws / drilling holes [start, end, rev/s] {jobs}"
        + ("; no anti-alias filter" if alias else ""),
        "jobs": jobs,
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- piano
def sc_piano(fs: float, rng: Rng, extras: str = "") -> Out:
    """Seated at a piano: 40 s with the hands in the lap, three pieces of 90-150 s with 30 s in the lap between.
    Playing, the forearm is level (pitch 0-10 deg, palm down) for minutes, the hand shifting along the keys
    (5-20 cm every 1-3 s, smooth). Passages of sixteenth notes at 70-140 bpm (4.7-9.3 notes a second, timed
    within 2 %), each key reaching the keybed: a 0.02-0.1 m/s^2 pulse at the wrist (15-40 Hz ring, 15 ms) that
    follows the dynamics: phrases of 4-8 s swelling 0.3 -> 1 (a crescendo) and falling. Alberti-bass or tremolo
    figures rotate the forearm +-3-8 deg at half the note rate (``norot``: none; a rotation alone is a
    pronation-supination tremor's signal, so only ``norot`` tests the key strikes). ``notes:X`` scales the key
    pulse.

    A truthful report: nothing about tremor or fatigue, no clinician note, no key strike as a twitch."""
    kv = _kv(extras)
    scale = float(kv.get("notes", 1.0))
    s = Session(40.0 + 3 * 150.0 + 2 * 30.0 + 30.0, fs, rng)
    s.pitch[:] = np.deg2rad(-30.0)
    s.roll[:] = np.deg2rad(60.0)
    pieces: list[list[float]] = []
    t = 40.0
    for _ in range(3):
        L = rng.uniform(90.0, 150.0)
        a, b = t, t + L
        rate = rng.uniform(70.0, 140.0) * 4 / 60
        pieces.append([round(a, 2), round(b, 2), round(rate, 2)])
        _to(s, a - 2.0, 1.5, rng.uniform(0.0, 10.0), rng.uniform(-5.0, 10.0))
        _to(s, b + 0.5, 1.5, -30.0, 60.0)
        m = s.mask(a, b)
        n = int(m.sum())
        tt = s.t[m] - a
        # the hand's shifts along the keyboard (smoothed steps)
        x = np.zeros(n)
        tk = rng.uniform(1.0, 3.0)
        while tk < L - 1:
            x += rng.uniform(-0.2, 0.2) * smooth_step(tt, tk, rng.uniform(0.2, 0.4))
            tk += rng.uniform(1.0, 3.0)
        x -= x.mean()
        _disp(s, m, x * taper(s.t[m], a, b, 1.0), np.array([0.0, 1.0, 0.0]))
        # dynamics: phrases swelling and falling
        dyn = np.zeros(n)
        tp = 0.0
        while tp < L:
            pl = rng.uniform(4.0, 8.0)
            w = (tt >= tp) & (tt < tp + pl)
            dyn[w] = 0.3 + 0.7 * np.sin(np.pi * (tt[w] - tp) / pl) ** 1.5
            tp += pl
        ph = _phase(n, fs, rate / 2, 0.02, rng)
        rot = 0.0 if "norot" in extras else rng.uniform(3.0, 8.0)
        s.roll[m] += np.deg2rad(rot) * np.sin(ph) * taper(s.t[m], a, b, 1.0) * dyn
        i_m = np.flatnonzero(m)
        tn = 0.5
        d = np.array([0.05, 0.15, 0.99])
        while tn < L - 0.5:
            k = int(tn * fs)
            if rng.random() > 0.1:  # a rest in the passage now and then
                p = damped_burst(fs, rng.uniform(15.0, 40.0), 0.005, 0.04)
                add_at(s.lin, int(i_m[k]), p * rng.uniform(0.02, 0.1) * scale * dyn[k], d)
            tn += (1 / rate) * (1 + 0.02 * rng.standard_normal())
        t = b + 30.0
    truth: Truth = {
        "models": f"three pieces on the piano [start, end, notes/s] {pieces}",
        "pieces": pieces,
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- a game controller
def sc_gamepad(fs: float, rng: Rng, extras: str = "") -> Out:
    """Seated 10 min holding a game controller: the forearms up 30-45 deg, thumbs up (roll 5-15 deg), buttons
    pressed in bursts (2-8 presses a second, 0.03-0.15 m/s^2 clicks, 20-60 Hz, 10 ms). Rumble: the controller's
    heavy eccentric-mass motor, whose speed and force follow its drive (force grows as speed squared). A racing
    game's engine rumble at low drive: the motor at 9-13 rev/s (``low:LO-HI``) for 20-60 s stretches, speed following the car's
    (wandering 5 %, rising 20-30 % along a straight), 0.05-0.2 m/s^2 at the wrist at the top; explosions and
    crashes: 0.3-1.5 s at full drive (40-60 rev/s, 1-3 m/s^2), ramping up and down through the low speeds.
    ``norumble``: no rumble (the control).

    A truthful report: no tremor label, no fatigue, no clinician note, no presses as twitches (at most machine
    vibration or brief events)."""
    rumble = "norumble" not in extras
    lo, hi = (float(x) for x in _kv(extras).get("low", "9-13").split("-"))
    s = Session(600.0, fs, rng)
    s.pitch[:] = np.deg2rad(rng.uniform(30.0, 45.0))
    s.roll[:] = np.deg2rad(rng.uniform(5.0, 15.0))
    s.pitch[: s.idx(20.0)] = np.deg2rad(-20.0)
    _to(s, 18.0, 2.0, rng.uniform(30.0, 45.0), rng.uniform(5.0, 15.0))
    d = np.array([0.2, 0.9, 0.4])
    d /= np.linalg.norm(d)
    presses = 0
    t = 25.0
    while t < 590.0:
        L = rng.uniform(2.0, 8.0)
        presses += _taps(s, t, min(t + L, 590.0), rng.uniform(2.0, 8.0), (0.03, 0.15), (20.0, 60.0), rng, d)
        t += L + rng.uniform(1.0, 6.0)
    engine: list[list[float]] = []
    if rumble:
        t = 30.0
        while t < 560.0:
            L = rng.uniform(20.0, 60.0)
            a, b = t, min(t + L, 590.0)
            m = s.mask(a, b)
            n = int(m.sum())
            u = np.linspace(0, 1, n)
            f0 = rng.uniform(lo, hi)
            fr = f0 * (1 + rng.uniform(0.2, 0.3) * u) * (1 + 0.05 * band_noise(n, fs, 0.05, 0.5, rng))
            ph = 2 * np.pi * np.cumsum(fr) / fs
            top = rng.uniform(0.05, 0.2)
            x = top * (fr / fr.max()) ** 2 * np.sin(ph) * taper(s.t[m], a, b, 1.0)
            s.lin[m] += np.outer(x, d) + np.outer(
                0.5 * top * (fr / fr.max()) ** 2 * np.cos(ph), [0.0, 0.4, -0.9]
            )
            engine.append([round(a, 2), round(b, 2), round(f0, 2)])
            # crashes inside the stretch
            for _ in range(rng.integers(0, 3)):
                c = rng.uniform(a + 2, b - 2)
                dur = rng.uniform(0.3, 1.5)
                mm = s.mask(c, c + dur)
                k = int(mm.sum())
                env = np.sin(np.pi * np.linspace(0, 1, k)) ** 0.7
                fc = env * rng.uniform(40.0, 60.0)
                pc = 2 * np.pi * np.cumsum(fc) / fs
                keep = fc < 0.45 * fs
                s.lin[mm] += np.outer(rng.uniform(1.0, 3.0) * env**2 * np.sin(pc) * keep, d)
            t = b + rng.uniform(15.0, 40.0)
    truth: Truth = {
        "models": f"10 min with a game controller; {presses} button presses; engine rumble [start, end, rev/s] "
        f"{engine}",
        "rumble": engine,
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- a dog on a lead
def sc_dog_lead(fs: float, rng: Rng, extras: str = "") -> Out:
    """Walking a medium dog 6 min, the lead in the watch's hand (forearm forward, pitch -30 to -45 deg, little
    swing: +-5-10 deg at the stride rate 0.9-1.0 Hz); the body's bob at the step rate (0.5-1 m/s^2) and heel
    strikes (1-3 m/s^2). Through the taut lead the dog's trot (2.5-3.5 strides a second) tugs the hand
    (0.1-0.4 m/s^2 at the stride rate and a 40 % 2nd harmonic); a lunge every 20-60 s (3-10 m/s^2 over 0.1-0.3 s,
    forward). Three sniffing stops of 15-30 s, standing still, the arm held out: the dog pants at 5-6.5 breaths a
    second (a regular rhythm: the respiratory system driven at its resonance), tugging the taut lead by
    0.02-0.1 m/s^2, with head jerks now and then (0.3-1 m/s^2). ``nopant``: no panting (the control).

    A truthful report: walking; no tremor label, no out-of-band tremor (the panting is the dog's), no clinician
    note, no twitch from the lunges or jerks."""
    pant = "nopant" not in extras
    s = Session(400.0, fs, rng)
    s.pitch[:] = np.deg2rad(-80.0)
    s.roll[:] = np.deg2rad(20.0)
    n_all = len(s.t)
    fstride = rng.uniform(0.9, 1.0)
    fdog = rng.uniform(2.5, 3.5)
    walking = np.zeros(n_all)
    stops: list[list[float]] = []
    t = 30.0
    for _ in range(3):
        w = rng.uniform(50.0, 80.0)
        st = rng.uniform(15.0, 30.0)
        stops.append([round(t + w, 2), round(t + w + st, 2), 0.0])
        t = t + w + st
    end_walk = min(t + 60.0, 380.0)
    spans = []
    a = 30.0
    for st0, st1, _ in stops:
        spans.append((a, st0))
        a = st1
    spans.append((a, end_walk))
    for a, b in spans:
        walking += taper(s.t, a, b, 1.0)
    _to(s, 28.0, 1.5, rng.uniform(-45.0, -30.0), rng.uniform(10.0, 30.0))
    _to(s, end_walk + 0.5, 1.5, -80.0, 20.0)
    ph = _phase(n_all, fs, fstride, 0.02, rng)
    s.pitch += np.deg2rad(rng.uniform(5.0, 10.0)) * np.sin(ph) * walking
    up = _up(s, np.ones(n_all, bool))
    s.lin += (rng.uniform(0.5, 1.0) * np.sin(2 * ph) * walking)[:, None] * up
    for k in np.flatnonzero(np.diff(np.floor(2 * ph / (2 * np.pi))) > 0):
        if walking[k] > 0.5:
            add_at(
                s.lin,
                int(k),
                damped_burst(fs, rng.uniform(15.0, 25.0), 0.01, 0.06) * rng.uniform(1.0, 3.0),
                up[k],
            )
    fwd = np.array([0.95, 0.1, 0.3])
    fwd /= np.linalg.norm(fwd)
    pd = _phase(n_all, fs, fdog, 0.04, rng)
    tug = rng.uniform(0.1, 0.4) * (np.sin(pd) + 0.4 * np.sin(2 * pd + 0.5)) / 1.08
    s.lin += np.outer(tug * walking, fwd)
    tl = 30.0 + rng.uniform(20.0, 60.0)
    lunges = 0
    while tl < end_walk - 5:
        if walking[s.idx(tl)] > 0.5:
            dur = rng.uniform(0.1, 0.3)
            p = np.sin(np.pi * np.arange(int(dur * fs)) / max(1, int(dur * fs))) * rng.uniform(3.0, 10.0)
            add_at(s.lin, s.idx(tl), p, fwd)
            lunges += 1
        tl += rng.uniform(20.0, 60.0)
    rates = []
    for k, (a, b, _) in enumerate(stops):
        m = s.mask(a, b)
        n = int(m.sum())
        env = taper(s.t[m], a, b, 1.5)
        if pant:
            fp = rng.uniform(5.0, 6.5)
            rates.append(round(fp, 2))
            stops[k][2] = round(fp, 2)
            pp = _phase(n, fs, fp, 0.02, rng)
            amp = rng.uniform(0.02, 0.1) * (1 + 0.3 * band_noise(n, fs, 0.05, 0.3, rng))
            s.lin[m] += np.outer(amp * np.sin(pp) * env, fwd)
        i_m = np.flatnonzero(m)
        for _ in range(rng.integers(1, 4)):
            j = int(rng.integers(int(0.1 * n), int(0.9 * n)))
            p = damped_burst(fs, rng.uniform(3.0, 6.0), 0.08, 0.3) * rng.uniform(0.3, 1.0)
            add_at(s.lin, int(i_m[j]), p, fwd)
    truth: Truth = {
        "models": f"walking a dog (trot {fdog:.2f} strides/s, {lunges} lunges); sniffing stops [start, end, "
        f"panting Hz] {stops}",
        "walks": [list(x) for x in spans],
        "stops": stops,
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- drums
def sc_drums(fs: float, rng: Rng, extras: str = "") -> Out:
    """Seated at a drum kit, the watch on the right (lead) hand: 30 s with the sticks on the knees, three songs of
    90-150 s with 30 s rests. A groove: hi-hat eighth notes at 100-140 bpm (3.3-4.7 strokes a second), the stick
    turned +-20-35 deg by the wrist, the watch +-1-2 cm along the stroke, a stick hit at each stroke's bottom
    (5-20 m/s^2 at the wrist, 30-60 Hz, 8 ms); every 8-16 s a fill of 1-3 s (sixteenths, the lead hand at half:
    the same rate, on the toms), and in each song 2-3 rolls of 2-4 s: double strokes, the wrist at 5-8 strokes a
    second (+-0.4-1 cm), crescendo 0.3 -> 1, each wrist stroke two hits (the rebound at 0.4-0.6 of the first).

    A truthful report: nothing about tremor, fatigue or twitches (the songs vigorous movement)."""
    s = Session(30.0 + 3 * 150.0 + 2 * 30.0 + 30.0, fs, rng)
    s.pitch[:] = np.deg2rad(-25.0)
    s.roll[:] = np.deg2rad(70.0)
    songs: list[list[float]] = []
    rolls: list[list[float]] = []
    t = 30.0
    d = np.array([0.2, 0.1, 0.97])
    d /= np.linalg.norm(d)
    for _ in range(3):
        L = rng.uniform(90.0, 150.0)
        a, b = t, t + L
        f = rng.uniform(100.0, 140.0) * 2 / 60
        songs.append([round(a, 2), round(b, 2), round(f, 2)])
        _to(s, a - 1.5, 1.0, rng.uniform(5.0, 20.0), rng.uniform(60.0, 80.0))
        _to(s, b + 0.5, 1.0, -25.0, 70.0)
        m = s.mask(a, b)
        n = int(m.sum())
        tt = s.t[m] - a
        rate = np.full(n, f)
        amp = np.full(n, rng.uniform(0.01, 0.02))
        hit = np.full(n, 1.0)
        nr = int(rng.integers(2, 4))
        for r0 in np.sort(rng.uniform(5.0, L - 8.0, nr)):
            rl = rng.uniform(2.0, 4.0)
            w = (tt >= r0) & (tt < r0 + rl)
            fr = rng.uniform(5.0, 8.0)
            rate[w] = fr
            amp[w] = rng.uniform(0.004, 0.01) * (0.3 + 0.7 * (tt[w] - r0) / rl)
            hit[w] = 0.3 + 0.7 * (tt[w] - r0) / rl
            rolls.append([round(a + r0, 2), round(a + r0 + rl, 2), round(fr, 2)])
        rate = np.convolve(rate, np.ones(max(1, int(0.1 * fs))) / max(1, int(0.1 * fs)), mode="same")
        ph = 2 * np.pi * np.cumsum(rate * (1 + 0.01 * band_noise(n, fs, 0.1, 1.0, rng))) / fs
        env = taper(s.t[m], a, b, 0.5)
        _disp(s, m, amp * np.sin(ph) * env, d)
        s.roll[m] += np.deg2rad(rng.uniform(20.0, 35.0)) * np.sin(ph) * env * (amp / amp.max())
        i_m = np.flatnonzero(m)
        for k in np.flatnonzero(np.diff(np.floor(ph / (2 * np.pi))) > 0):
            if env[k] < 0.5:
                continue
            pk = rng.uniform(5.0, 20.0) * hit[k]
            add_at(s.lin, int(i_m[k]), damped_burst(fs, rng.uniform(30.0, 60.0), 0.003, 0.03) * pk, d)
            if rate[k] > 4.9:  # a double stroke's rebound
                j = int(i_m[k]) + int(0.5 / rate[k] * fs)
                add_at(
                    s.lin,
                    j,
                    damped_burst(fs, rng.uniform(30.0, 60.0), 0.003, 0.03) * pk * rng.uniform(0.4, 0.6),
                    d,
                )
        t = b + 30.0
    truth: Truth = {
        "models": f"drums: songs [start, end, strokes/s] {songs}; rolls {rolls}",
        "songs": songs,
        "rolls": rolls,
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- true cases
def sc_true_r7(fs: float, rng: Rng, extras: str = "") -> Out:
    """Three true findings the analyser must keep (one per ``extras``):

    ``noisy`` (default): the ``fatigue_holds`` session (60 s rest, three 40 s holds, 60 s rests) through a cheap
    phone's accelerometer, white noise 0.025 m/s^2 per axis (``noise:X``), the fatigue tremor faint: 0.02 ->
    0.06-0.09 m/s^2 (``top:LO-HI``). Must: the 3 holds, each ``fatigue_tremor`` or ``not_assessable``, never
    ``calm`` over the rise, no clinician note.
    ``pairs``: seated rest 4 min, 12 twitch pairs 0.2-0.3 s apart (a motor unit firing twice; 0.1-0.3 m/s^2 each),
    pairs 8 s or more apart. Must: every twitch (matched within 0.1 s) at 100 Hz or more; no tremor label.
    ``drop``: the ``fatigue_holds`` session with a BLE dropout of 1-3 s (rows missing) 12-28 s into each hold.
    Must: each hold one set, ``fatigue_tremor``, every gap reported."""
    kv = _kv(extras)
    if "pairs" in extras:
        s = Session(240.0, fs, rng)
        tw: list[float] = []
        centres: list[float] = []
        while len(centres) < 12:
            c = rng.uniform(5.0, 233.0)
            if all(abs(c - x) > 8.0 for x in centres):
                centres.append(c)
        for c in sorted(centres):
            for tk in (c, c + rng.uniform(0.2, 0.3)):
                add_at(s.lin, s.idx(tk), _gtwitch(fs, rng, rng.uniform(0.1, 0.3)), unit(rng))
                tw.append(round(tk, 3))
        truth: Truth = {
            "models": "rest 4 min, 12 twitch pairs 0.2-0.3 s apart, 0.1-0.3 m/s^2",
            "sets": None,
            "forbidden_labels_anywhere": ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"],
            "forbidden_causes": ["see_a_clinician"],
            "twitches_true": len(tw),
            "twitch_times": tw,
            "twitch_tol_s": 0.1,
            "no_atypical": True,
        }
        return s.t, s.total(), truth
    noisy = "drop" not in extras
    noise = float(kv.get("noise", 0.025)) if noisy else 0.008
    lo, hi = (float(x) for x in kv.get("top", "0.06-0.09" if noisy else "0.12-0.2").split("-"))
    s = Session(60.0 + 3 * 40.0 + 2 * 60.0 + 30.0, fs, rng, noise=noise)
    sets = []
    for k in range(3):
        t0 = 60.0 + k * 100.0
        s.add_hold(t0, t0 + 40.0)
        f0 = rng.uniform(10.0, 11.0)
        s.add_tremor(t0 + 1.0, t0 + 39.0, 0.02, rng.uniform(lo, hi), f0, f0 - 1.0)
        sets.append([t0, t0 + 40.0])
    truth = _fatigue_truth(sets, f"three 40 s holds, noise {noise} m/s^2, tremor 0.02 -> {lo}-{hi} m/s^2")
    t, acc = s.t, s.total()
    if not noisy:
        keep = np.ones(len(t), bool)
        gaps = []
        for a, _ in sets:
            g0 = a + rng.uniform(12.0, 28.0)
            g1 = g0 + rng.uniform(1.0, 3.0)
            keep &= ~((t >= g0) & (t < g1))
            gaps.append([round(g0, 2), round(g1, 2)])
        t, acc = t[keep], acc[keep]
        truth["gaps_true"] = gaps
        truth["models"] += f"; BLE dropouts {gaps}"
    return t, acc, truth


# --------------------------------------------------------------------------- an e-scooter ride
def sc_escooter(fs: float, rng: Rng, extras: str = "") -> Out:
    """A ride home on an electric kick scooter: 60 s standing (arm hanging), 6 min riding, 40 s standing. Riding,
    both hands on the bar (forearm 0-15 deg up, palm down); speed 15-25 km/h (a profile through 2-3 stops of 10-30 s
    at lights, the hands left on the bar, and 4-6 s accelerations). The small wheels (8.5-10 in: 0.22-0.25 m) turn at
    v / (pi D): 5.3-10 Hz; a tyre slightly out of round or unbalanced shakes the bar once a turn, 0.05-0.2 m/s^2 at
    the hands at 20 km/h, as speed squared (``nowheel`` removes it; an estimate); the stiff tyres pass the road's
    roughness up the stem, 10-40 Hz, 0.3-1 m/s^2 (2-4x on rough patches); pavement joints every 1.5-2.5 m on stretches
    of sidewalk cycle lane give a knock at v / L (2-4.5 a second, 1-4 m/s^2, 20-35 Hz); steering and leaning sway the
    wrist 0.2-0.5 Hz, +-3-6 deg.

    A truthful report: nothing about the person (at most vehicle or machine vibration); no tremor label, fatigue,
    clinician note, rest level from the ride, or twitch from the knocks."""
    wheel = "nowheel" not in extras
    dur_ride = 360.0
    s = Session(60.0 + dur_ride + 40.0, fs, rng)
    s.pitch[:] = np.deg2rad(-80.0)
    s.roll[:] = np.deg2rad(20.0)
    a, b = 60.0, 60.0 + dur_ride
    _to(s, a - 3.0, 1.5, rng.uniform(0.0, 15.0), rng.uniform(-5.0, 5.0))
    _to(s, b + 1.0, 1.5, -80.0, 20.0)
    m = s.mask(a, b)
    n = int(m.sum())
    tt = s.t[m] - a
    vmax = rng.uniform(15.0, 25.0) / 3.6
    # the speed profile: stops at lights with 4-6 s accelerations and 3-5 s braking
    v = np.full(n, vmax) * (1 + 0.05 * band_noise(n, fs, 0.01, 0.1, rng))
    stops = []
    for c in np.sort(rng.uniform(40.0, dur_ride - 60.0, int(rng.integers(2, 4)))):
        sl = rng.uniform(10.0, 30.0)
        stops.append([round(a + c, 2), round(a + c + sl, 2)])
        down = smooth_step(tt, c - rng.uniform(3.0, 5.0), 3.0) - smooth_step(
            tt, c + sl, rng.uniform(4.0, 6.0)
        )
        v *= 1 - np.clip(down, 0.0, 1.0)
    v *= smooth_step(tt, 0.0, 5.0) * (1 - smooth_step(tt, dur_ride - 6.0, 5.0))
    diam = rng.uniform(0.22, 0.25)
    fw = v / (np.pi * diam)
    ph = 2 * np.pi * np.cumsum(fw) / fs
    d1, d2 = unit(rng), _up(s, m)
    if wheel:
        k = rng.uniform(0.05, 0.2) / (20 / 3.6) ** 2
        x = k * v**2 * (np.sin(ph) + 0.3 * np.sin(2 * ph + rng.uniform(0, 6.3)))
        s.lin[m] += np.outer(x * 0.6, d1) + x[:, None] * 0.8 * d2
    rough = 1 + 2.0 * (band_noise(n, fs, 0.005, 0.05, rng) > 1.0)
    s.lin[m] += np.outer(
        band_noise(n, fs, 10.0, min(40.0, 0.45 * fs), rng) * rng.uniform(0.3, 1.0) * rough * v / vmax,
        unit(rng),
    )
    s.pitch[m] += np.deg2rad(rng.uniform(3.0, 6.0)) * band_noise(n, fs, 0.2, 0.5, rng) * (v / vmax)
    i_m = np.flatnonzero(m)
    knocks = 0
    for _ in range(3):  # stretches over pavement joints
        j0 = rng.uniform(10.0, dur_ride - 40.0)
        L = rng.uniform(1.5, 2.5)
        tk = j0
        while tk < j0 + rng.uniform(15.0, 30.0):
            i = int(tk * fs)
            if i >= n or v[i] < 1.0:
                break
            p = damped_burst(fs, rng.uniform(20.0, min(35.0, 0.4 * fs)), 0.01, 0.06) * rng.uniform(1.0, 4.0)
            add_at(s.lin, int(i_m[i]), p, d2[i])
            knocks += 1
            tk += L / v[i]
    truth: Truth = {
        "models": f"e-scooter ride {a:.0f}-{b:.0f} s at up to {vmax * 3.6:.1f} km/h, wheel {diam:.3f} m "
        f"({vmax / (np.pi * diam):.1f} Hz at speed){'' if wheel else ', no wheel line'}; stops {stops}; "
        f"{knocks} joint knocks",
        "ride": [a, b],
        "stops": stops,
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


SCENARIOS: dict[str, Callable[..., Out]] = {
    "swim": sc_swim,
    "drill": sc_drill,
    "piano": sc_piano,
    "gamepad": sc_gamepad,
    "dog_lead": sc_dog_lead,
    "drums": sc_drums,
    "true_r7": sc_true_r7,
    "escooter": sc_escooter,
}
