"""Round eight red-team scenarios (h-red8): a spin-bike class (a flywheel geared 3.2-4 to the cranks), a watch's
clock resyncing or changing its rate mid-recording, a true essential-tremor-like postural tremor in holds, a true
Parkinsonian-like rest tremor in an older athlete who walks between exercises, a faint true fatigue tremor
through a coarse (quantised) sensor, true calm holds right after jumping jacks (the heart pounding, the
breath heaving) and max hangs on a hangboard (a true fatigue tremor in 7-10 s sets).

Written from the physics without reading ``tremor/core``; the building blocks (``Session``, ``narrow_line``,
``damped_burst`` ...) are gen.py's, so the resting wrist, the noise and the file format are the same as every
other red-team file. ``gen.py`` registers these scenarios (``gen.py spin_bike --seed 1 --out X.csv``; this file
run as a script does the same). Each ``sc_*`` returns ``(t, acc, truth)``; tests call them in memory with a fixed
seed.
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
    _kv,
    _walk,
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
TWITCH_CAUSES = ["dehydration_electrolytes", "metabolic_byproducts", "muscle_damage_doms", "statin_myopathy"]


def _line(n: int, fs: float, f: float | np.ndarray, bw: float, h2: float, rng: Rng) -> np.ndarray:
    """Unit-RMS narrow-band tremor at f Hz, about bw Hz wide, with a 2nd harmonic of relative size h2 that is
    phase-locked to it (a tremor's waveform is not a sine: its harmonic rides the same envelope and phase)."""
    z = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    spec = np.fft.fft(z)
    fr = np.fft.fftfreq(n, 1.0 / fs)
    spec *= np.exp(-0.5 * (fr / (bw / 2.355)) ** 2)
    env = np.fft.ifft(spec)
    env /= np.sqrt(np.mean(np.abs(env) ** 2)) + 1e-12
    ph = 2 * np.pi * np.cumsum(np.broadcast_to(f, (n,))) / fs
    x = np.real(env * np.exp(1j * ph)) + h2 * np.real(env**2 / (np.abs(env) + 1e-12) * np.exp(2j * ph))
    return x / (np.std(x) + 1e-12)


# --------------------------------------------------------------------------- a spin-bike class
def sc_spin_bike(fs: float, rng: Rng, extras: str = "") -> Out:
    """A 9 min spin class, both hands on the bars (forearm 15-25 deg up, thumb side up: roll 60-80 deg): 60 s seated
    still, then warm-up (90-95 rpm), two seated sprints (110-120 rpm, 30 s), two standing climbs (65-75 rpm, 60 s),
    recoveries at 80 rpm, 40 s still at the end. Through the bars: the bike's rocking at the cadence (seated
    0.2-0.4 m/s^2, standing 1-2 m/s^2: the bars moving +-1-3 cm sideways), each leg's power stroke at twice the
    cadence (|sin|-shaped: 4x and 6x at 20 % and 9 %; seated 0.1-0.25, standing 0.4-0.8 m/s^2), the forearm
    pitching +-2-4 deg with the bars when standing. The flywheel is belt-driven at ``ratio`` (3.2-4.0, ``ratio:X``)
    times the cadence: 3.5-8 Hz, not a whole multiple of it; a slightly unbalanced 18-22 kg wheel shakes the frame
    once a turn, 0.03-0.1 m/s^2 at the bars at 6 Hz, as its speed squared (``nowheel``: a balanced wheel; an
    estimate), with a 30 % 2nd order; the friction pad's rub 15-45 Hz, 0.05-0.15 m/s^2 (more in the climbs).

    A truthful report: nothing about the person (the riding may be sets, calm or not assessable); no tremor label,
    out-of-band episode, fatigue, clinician note, twitch, or rest level from the ride."""
    kv = _kv(extras)
    ratio = float(kv.get("ratio", rng.uniform(3.2, 4.0)))
    wheel = "nowheel" not in extras
    plan = [  # (duration s, rpm, standing)
        (90.0, rng.uniform(90.0, 95.0), False),
        (30.0, rng.uniform(110.0, 120.0), False),
        (60.0, 80.0, False),
        (60.0, rng.uniform(65.0, 75.0), True),
        (60.0, 80.0, False),
        (30.0, rng.uniform(110.0, 120.0), False),
        (60.0, rng.uniform(65.0, 75.0), True),
        (60.0, 80.0, False),
    ]
    ride = sum(p[0] for p in plan)
    a, b = 60.0, 60.0 + ride
    s = Session(b + 40.0, fs, rng)
    s.pitch[:] = np.deg2rad(20.0)
    s.roll[:] = np.deg2rad(70.0)
    _to(s, a - 2.0, 1.0, rng.uniform(15.0, 25.0), rng.uniform(60.0, 80.0))
    m = s.mask(a, b)
    n = int(m.sum())
    tt = s.t[m] - a
    cad = np.zeros(n)
    stand = np.zeros(n)
    t0 = 0.0
    segs = []
    for dur, rpm, up in plan:
        w = smooth_step(tt, t0 - 1.5, 3.0) - smooth_step(tt, t0 + dur - 1.5, 3.0)
        cad += w * rpm / 60.0
        stand += w * float(up)
        segs.append([round(a + t0, 1), round(a + t0 + dur, 1), round(rpm), "standing" if up else "seated"])
        t0 += dur
    cad[tt < 3.0] *= smooth_step(tt[tt < 3.0], 0.0, 3.0)  # spinning up from still
    cad *= 1 - smooth_step(tt, ride - 4.0, 4.0)  # and down
    cad *= 1 + 0.02 * band_noise(n, fs, 0.05, 0.5, rng)
    ph = 2 * np.pi * np.cumsum(cad) / fs
    side, pull = unit(rng), _up(s, m)
    rock = (rng.uniform(0.2, 0.4) * (1 - stand) + rng.uniform(1.0, 2.0) * stand) * np.sin(ph)
    pw = np.abs(np.sin(ph)) - 2 / np.pi
    pw /= 0.31  # |sin| minus its mean, scaled so its fundamental (2x cadence) is unit
    push = (rng.uniform(0.1, 0.25) * (1 - stand) + rng.uniform(0.4, 0.8) * stand) * pw
    env = taper(s.t[m], a, b, 4.0)  # the legs take up the stroke over seconds: no step in the bars' pull
    s.lin[m] += np.outer(rock * env, side) + (push * env)[:, None] * pull
    s.pitch[m] += np.deg2rad(rng.uniform(2.0, 4.0)) * stand * np.sin(ph + 0.8)
    fw = ratio * cad
    if wheel:
        phw = 2 * np.pi * np.cumsum(fw * (1 + 0.003 * band_noise(n, fs, 0.05, 1.0, rng))) / fs
        k = rng.uniform(0.03, 0.1) / 6.0**2
        x = k * fw**2 * (np.sin(phw) + 0.3 * np.sin(2 * phw + rng.uniform(0, 6.3)))
        s.lin[m] += np.outer(x, unit(rng))
    rub = band_noise(n, fs, 15.0, min(45.0, 0.45 * fs), rng) * rng.uniform(0.05, 0.15)
    s.lin[m] += np.outer(rub * np.sqrt(np.clip(cad, 0, None) / 1.5) * (1 + stand), unit(rng))
    truth: Truth = {
        "models": f"spin class {a:.0f}-{b:.0f} s, flywheel at {ratio:.2f}x cadence"
        f"{'' if wheel else ' (balanced)'}; segments {segs}",
        "ride": [a, b],
        "segments": segs,
        "flywheel_ratio": round(ratio, 3),
        "sets_optional": True,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- the watch's clock
def sc_clock(fs: float, rng: Rng, extras: str = "") -> Out:
    """The ``fatigue_holds`` session (60 s rest, three 40 s holds, 60 s rests, the tremor 0.02 -> 0.12-0.2 m/s^2 at
    10-11 Hz drifting down 1 Hz) recorded by a watch whose clock misbehaves; no sample is lost.

    ``jump`` (default): the watch resyncs its clock to the phone's three times, stepping every later time stamp by
    0.3-1.5 s: once in the first rest (forward), once 12-28 s into the second hold (backward: the stamps repeat
    times already given), once in the last rest (either way); ``fwd``: every step forward (a hold's stamps jump
    ahead with no sample missing). ``rate``: the watch changes its output rate from fs
    to 2 fs in the second rest (another app asking for a faster rate: a phone's sensor service delivers the fastest
    rate any app asked for); ``rate,down``: from 2 fs to fs; ``to:P/Q``: to fs P / Q instead of 2 fs (the session
    drawn on a grid at fs P, every P-th sample kept before and every Q-th after); the stamps are true. The truth's set times are
    on the stamps' timeline (the report's).

    A truthful report: the three holds ``fatigue_tremor`` (each one set), the rate of the first part, no twitch,
    no set or tremor made from the stamps' step (the signal did not jump)."""
    mode = "rate" if "rate" in extras else "jump"
    p_num, q_den = (int(x) for x in _kv(extras).get("to", "2/1").split("/"))  # the new rate: fs p / q
    s = Session(60.0 + 3 * 40.0 + 2 * 60.0 + 30.0, p_num * fs if mode == "rate" else fs, rng)
    sets = []
    for t0 in (60.0, 160.0, 260.0):
        s.add_hold(t0, t0 + 40.0)
        f0 = rng.uniform(10.0, 11.0)
        s.add_tremor(t0 + 1.0, t0 + 39.0, 0.02, rng.uniform(0.12, 0.2), f0, f0 - 1.0)
        sets.append([t0, t0 + 40.0])
    t, acc = s.t.copy(), s.total()
    truth = _fatigue_truth(sets, "")
    if mode == "rate":
        sw = rng.uniform(115.0, 145.0)
        i_sw = int(round(sw * p_num * fs)) // (p_num * q_den) * (p_num * q_den)  # on both sub-grids
        keep = np.zeros(len(t), bool)
        a_step, b_step = (q_den, p_num) if "down" in extras else (p_num, q_den)
        keep[:i_sw:a_step] = True  # before the switch: every a_step-th sample of the fine grid
        keep[i_sw::b_step] = True
        t, acc = t[keep], acc[keep]
        r0, r1 = p_num * fs / a_step, p_num * fs / b_step
        truth["models"] = (
            f"fatigue holds; the rate changes {r0:g} -> {r1:g} Hz at {sw:.1f} s (no sample lost)"
        )
        truth["rate_after"] = r1
        truth["rate_change_s"] = round(sw, 2)
    else:
        back = -1.0 if "fwd" not in extras else 1.0
        steps = [
            (rng.uniform(15.0, 45.0), rng.uniform(0.3, 1.5)),
            (160.0 + rng.uniform(12.0, 28.0), back * rng.uniform(0.3, 1.5)),
            (rng.uniform(305.0, 345.0), float(rng.choice([back, 1.0])) * rng.uniform(0.3, 1.5)),
        ]
        shift = np.zeros(len(t))
        for at, d in steps:
            shift[t >= at] += d

        def stamp(x: float) -> float:
            return round(x + sum(d for at, d in steps if x >= at), 2)

        t = t + shift
        truth["sets"] = [[stamp(a), stamp(b)] for a, b in sets]
        truth["clock_steps"] = [[round(at, 2), round(d, 3)] for at, d in steps]
        truth["models"] = f"fatigue holds; clock steps (true time s, step s) {truth['clock_steps']}"
    return t, acc, truth


# --------------------------------------------------------------------------- essential-tremor-like
def sc_essential(fs: float, rng: Rng, extras: str = "") -> Out:
    """An older lifter with an essential-tremor-like postural tremor: 60 s seated rest (forearm on the thigh, the
    tremor absent: arm supported), three 40 s holds (arm raised to 75 deg), 60 s rests. In each hold the tremor
    starts 1-2 s after the pose is reached and stays: 6-8 Hz (one frequency for the person, ``f:F``; its spread
    0.6 Hz), 0.3-1.0 m/s^2 RMS (``amp:LO-HI``; 0.2-0.6 mm either side at the wrist: a mild essential tremor), a
    phase-locked 2nd harmonic at 15 %, its size the same from first to last third on average (each hold's level
    drawn once; the line's own envelope wanders). ``reps``: dumbbell curls (110 deg at 0.5 reps/s) instead of holds,
    the tremor on through them (kinetic, 0.7x).

    What a truthful report may say: each set a tremor well above rest that does not grow (``enhanced_tremor``), or
    ``atypical_tremor``, or not assessable; its peak near the true frequency. It must not say ``calm``,
    ``fatigue_tremor`` or neuromuscular fatigue (nothing grows), twitches, a raised rest tremor (sleep, stress,
    stimulants) or an out-of-band tremor at rest (there is none). The re-test / clinician advice is not required by
    the tool's rules (the tremor is in 6-12 Hz) but would be the helpful reading: ``info_cause`` reports it."""
    kv = _kv(extras)
    reps = "reps" in extras
    f_et = float(kv.get("f", rng.uniform(6.0, 8.0)))
    lo, hi = (float(x) for x in kv.get("amp", "0.3-1.0").split("-"))
    s = Session(60.0 + 3 * 40.0 + 2 * 60.0 + 30.0, fs, rng)
    s.pitch[:] = np.deg2rad(-15.0)
    sets, amps = [], []
    for t0 in (60.0, 160.0, 260.0):
        t1 = t0 + 40.0
        a_k = rng.uniform(lo, hi) * (0.7 if reps else 1.0)
        amps.append(round(a_k, 3))
        if reps:
            _to(s, t0 - 2.0, 1.5, 0.0, 25.0)
            s.add_reps(t0, t1, rng.uniform(0.45, 0.55), 110.0)
            _to(s, t1 + 0.5, 1.5, -15.0, 25.0)
            on = t0 + 0.5
        else:
            s.add_hold(t0, t1, 100.0)  # from the thigh's -15 deg to 75 deg up
            on = t0 + 1.0 + rng.uniform(1.0, 2.0)
        m = s.mask(on, t1 - 1.0)
        x = _line(int(m.sum()), fs, f_et, 0.6, 0.15, rng) * a_k * taper(s.t[m], on, t1 - 1.0, 1.0)
        d = unit(rng)
        s.lin[m] += np.outer(x, d)
        sets.append([t0, t1])
    truth: Truth = {
        "models": f"essential-tremor-like {f_et:.2f} Hz, {amps} m/s^2 RMS in the {'curls' if reps else 'holds'}",
        "sets": sets,
        "set_labels": ["enhanced_tremor", "atypical_tremor", "not_assessable"],
        "peak_hz": [f_et - 0.6, f_et + 0.6],
        "forbidden_labels_anywhere": ["fatigue_tremor", "mixed", "fasciculations"],
        "forbidden_causes": ["neuromuscular_fatigue", "sleep_stress_stimulants", *TWITCH_CAUSES],
        "unsupported_causes": ["stabiliser_demand", "no_warm_up", "cold"],
        "info_cause": "see_a_clinician",
        "twitches_true": 0,
        "no_atypical_at_rest": True,
        "et_hz": round(f_et, 3),
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- Parkinsonian-like, walking between
def sc_pd_walk(fs: float, rng: Rng, extras: str = "") -> Out:
    """An older athlete with a Parkinsonian-like rest tremor training in a gym, walking between the stations:
    seated rests (forearm on the thigh) of 60 s, walks of 40-60 s (arm hanging, swinging), a curl set (30 s) and a
    hold (30 s, arm at 75 deg). The tremor: 4-5.5 Hz (``f:F``), 0.3 Hz wide, a phase-locked 2nd harmonic at 25 %,
    0.1-0.35 m/s^2 RMS an episode (``amp:LO-HI``), half of it pronation-supination (the wrist rolling +-, so
    gravity turns in the sensor) and half linear. It re-emerges 2-6 s after each movement stops in the seated rests,
    persists while walking (0.6-1.0x, the hanging arm at rest), is suppressed by the curls, and re-emerges 5-10 s into
    the hold at 0.5-0.8x.

    A truthful report: the tremor at rest as out-of-band tremor near its frequency in each seated rest, with the
    re-test / clinician advice; the walks as walking; no fatigue, no twitch, no raised-rest cause (sleep, stress:
    the harmonic falls at 8-11 Hz)."""
    kv = _kv(extras)
    f_pd = float(kv.get("f", rng.uniform(4.0, 5.5)))
    lo, hi = (float(x) for x in kv.get("amp", "0.1-0.35").split("-"))
    plan = [  # (kind, duration)
        ("seat", 60.0),
        ("walk", rng.uniform(40.0, 60.0)),
        ("curls", 30.0),
        ("seat", 60.0),
        ("walk", rng.uniform(40.0, 60.0)),
        ("hold", 30.0),
        ("seat", 60.0),
        ("walk", rng.uniform(40.0, 60.0)),
        ("seat", 60.0),
    ]
    dur = sum(p[1] for p in plan) + 10.0
    s = Session(dur, fs, rng)
    s.pitch[:] = np.deg2rad(-15.0)
    s.roll[:] = np.deg2rad(40.0)
    n_all = len(s.t)
    env = np.zeros(n_all)
    t = 0.0
    sets, labels, walks, rests = [], [], [], []
    pose = {
        "seat": -15.0,
        "walk": -15.0,
        "curls": -70.0,
        "hold": 75.0,
    }  # a walk returns to the pose before it
    for i, (kind, d) in enumerate(plan):
        a, b = t, t + d
        if kind == "seat":
            lat = 0.0 if a == 0.0 else rng.uniform(2.0, 6.0)
            env += rng.uniform(lo, hi) * taper(s.t, a + lat, b, 2.0)
            rests.append([round(a + lat + 2.0, 1), round(b - 1.0, 1)])
        elif kind == "walk":
            _walk(s, a, b, rng)  # ramps from the pose before it to the walking pose and back
            env += rng.uniform(lo, hi) * rng.uniform(0.6, 1.0) * taper(s.t, a + 2.0, b - 1.0, 2.0)
            walks.append([round(a, 1), round(b, 1)])
        elif kind == "curls":
            s.add_reps(a, b, rng.uniform(0.45, 0.55), 110.0)
            sets.append([a, b])
            labels.append(["calm", "not_assessable"])
        else:
            k = rng.uniform(0.5, 0.8) * rng.uniform(lo, hi)
            env += k * taper(s.t, a + rng.uniform(5.0, 10.0), b - 1.0, 2.0)
            sets.append([a, b])
            labels.append(["atypical_tremor", "not_assessable"] + (["calm"] if k < 0.063 else []))
        if i + 1 < len(plan) and pose[plan[i + 1][0]] != pose[kind]:
            nxt = plan[i + 1][0]
            _to(s, b, 1.5, pose[nxt], 40.0 if nxt == "seat" else 20.0)
        t = b
    x = _line(n_all, fs, f_pd, 0.3, 0.25, rng)
    lin = x * env * np.sqrt(0.5)
    s.lin += np.outer(lin, unit(rng))
    s.roll += x * env * np.sqrt(0.5) / G  # the roll's share: g dtheta at the sensor
    truth: Truth = {
        "models": f"Parkinsonian-like rest tremor {f_pd:.2f} Hz, {lo}-{hi} m/s^2 RMS; plan "
        + ", ".join(f"{k} {d:.0f} s" for k, d in plan),
        "sets": sets,
        "set_labels_each": labels,
        "walks": walks,
        "must_atypical_at_rest": rests,
        "rest_tremor_hz": f_pd,
        "must_cause_session": "see_a_clinician",
        "forbidden_labels_anywhere": ["fatigue_tremor", "mixed", "fasciculations"],
        "forbidden_causes": ["neuromuscular_fatigue", "sleep_stress_stimulants", *TWITCH_CAUSES],
        "twitches_true": 0,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- a coarse sensor
def sc_coarse_adc(fs: float, rng: Rng, extras: str = "") -> Out:
    """The ``fatigue_holds`` layout with a faint fatigue tremor (0.02 -> 0.05-0.09 m/s^2, ``top:LO-HI``) through a
    coarse sensor: its output quantised to ``lsb`` m/s^2 (default 0.0383: +-8 g in 12 bits, a common band setting;
    ``lsb:0.153`` is +-8 g in 10 bits). The white noise (0.008 m/s^2) is under the step, so a still wrist's
    reading sits on one code and flickers to the next where gravity's share lies near a step's edge.

    A truthful report: each hold ``fatigue_tremor`` (or not assessable); no twitch (a code flicker is the ADC's,
    not a muscle's), no clinician note."""
    kv = _kv(extras)
    lsb = float(kv.get("lsb", 16 * G / 4096))
    lo, hi = (float(x) for x in kv.get("top", "0.05-0.09").split("-"))
    s = Session(60.0 + 3 * 40.0 + 2 * 60.0 + 30.0, fs, rng)
    sets = []
    tops = []
    for t0 in (60.0, 160.0, 260.0):
        s.add_hold(t0, t0 + 40.0)
        f0 = rng.uniform(10.0, 11.0)
        top = rng.uniform(lo, hi)
        tops.append(round(top, 3))
        s.add_tremor(t0 + 1.0, t0 + 39.0, 0.02, top, f0, f0 - 1.0)
        sets.append([t0, t0 + 40.0])
    acc = np.round(s.total() / lsb) * lsb
    truth = _fatigue_truth(sets, f"faint fatigue 0.02 -> {tops} m/s^2 through a {lsb:.4f} m/s^2 quantiser")
    truth["set_labels"] = ["fatigue_tremor", "mixed", "not_assessable"]
    truth["lsb"] = lsb
    del truth["no_rest_tremor_claim"]  # the quantiser adds its own noise to the rest level: not a vibration
    return s.t, acc, truth


# --------------------------------------------------------------------------- calm holds, heart pounding
def _bcg(s: Session, a: float, b: float, hr0: float, hr1: float, size: float, rng: Rng) -> int:
    """Heartbeats from a to b, the rate falling hr0 -> hr1 beats/min (tau 30 s), each a ballistic recoil at the
    wrist: a damped 5-9 Hz burst (tau 40 ms) of ``size`` m/s^2 scaled by the rate's share of hr0 (a weaker stroke as
    the heart slows) and the I-J-K's opposite half 0.15 s later at 0.5. Returns the number of beats."""
    tb, nb = a, 0
    d = _up(s, s.mask(a, a + 0.1))[0] if s.mask(a, a + 0.1).any() else np.array([0.0, 0.0, 1.0])
    while tb < b:
        hr = hr1 + (hr0 - hr1) * np.exp(-(tb - a) / 30.0)
        p = damped_burst(s.fs, rng.uniform(5.0, 9.0), 0.04, 0.25) * size * (hr / hr0) ** 2
        add_at(s.lin, s.idx(tb), p, d)
        add_at(s.lin, s.idx(tb + 0.15), -0.5 * p, d)
        tb += 60.0 / hr * (1 + 0.03 * rng.standard_normal())
        nb += 1
    return nb


def sc_calm_holds(fs: float, rng: Rng, extras: str = "") -> Out:
    """Three rounds of 30 s of jumping jacks (the arms sweeping from the sides to overhead at 0.8-1 Hz, two
    landings a jack at 3-8 m/s^2 at the wrist), 15 s standing (arm hanging), then a 45 s hold (arms straight ahead,
    forearm level), 60 s rest; 60 s standing first. After the jacks the heart beats at 150-165/min, falling to
    95-110 (tau 30 s); each beat's ballistic recoil reaches the wrist (0.02-0.05 m/s^2, ``bcg:X`` scales it, an
    estimate); the breath heaves the raised arm +-1-2 deg at 0.5-0.7 Hz falling to 0.3 Hz; the hold's physiological
    tremor is 1.2-1.6x the rest's and settles (to 0.8 of that) as the person recovers: nothing grows.

    A truthful report: the holds ``calm`` (or not assessable), the jacks movement sets (calm or not assessable);
    no fatigue, no twitch (the heartbeats are not twitches), no clinician note."""
    kv = _kv(extras)
    bx = float(kv.get("bcg", 1.0))
    s = Session(60.0 + 3 * 150.0, fs, rng)
    s.pitch[:] = np.deg2rad(-80.0)
    sets, labels, beats = [], [], 0
    for k in range(3):
        j0 = 60.0 + k * 150.0
        j1 = j0 + 30.0
        h0, h1 = j1 + 15.0, j1 + 60.0
        m = s.mask(j0, j1)
        tt = s.t[m] - j0
        f = rng.uniform(0.8, 1.0)
        ph = 2 * np.pi * f * tt
        env = taper(s.t[m], j0, j1, 1.0)
        swing = np.deg2rad(80.0) * (1 - np.cos(ph)) * env  # -80 -> +80 deg and back
        s.pitch[m] = np.deg2rad(-80.0) + swing
        w = 2 * np.pi * f
        s.lin[m, 0] += 0.6 * np.deg2rad(80.0) * w * w * np.cos(ph) * env
        s.lin[m, 2] += 0.6 * (np.deg2rad(80.0) * w * np.sin(ph)) ** 2 * env
        i_m = np.flatnonzero(m)
        for tl in np.arange(0.25 / f, 30.0 - 0.5, 0.5 / f):
            p = damped_burst(fs, rng.uniform(15.0, 25.0), 0.015, 0.1) * rng.uniform(3.0, 8.0)
            add_at(s.lin, int(i_m[min(int(tl * fs), len(i_m) - 1)]), p, unit(rng))
        sets.append([j0, j1])
        labels.append(["calm", "not_assessable"])
        _to(s, h0 - 1.0, 1.0, 0.0, 10.0)
        _to(s, h1, 1.0, -80.0, 25.0)
        mh = s.mask(h0, h1)
        th = s.t[mh] - h0
        fb = np.interp(th, [0.0, 45.0], [rng.uniform(0.5, 0.7), 0.3])
        s.pitch[mh] += np.deg2rad(rng.uniform(1.0, 2.0)) * np.sin(2 * np.pi * np.cumsum(fb) / fs)
        r = rng.uniform(0.012, 0.02) * rng.uniform(1.2, 1.6)
        s.add_tremor(h0 + 1.0, h1 - 1.0, r, 0.8 * r, rng.uniform(8.5, 10.0), rng.uniform(8.5, 10.0), 2.0)
        sets.append([h0, h1])
        labels.append(["calm", "not_assessable"])
        beats += _bcg(
            s,
            j1,
            j1 + 119.0,
            rng.uniform(150.0, 165.0),
            rng.uniform(95.0, 110.0),
            rng.uniform(0.02, 0.05) * bx,
            rng,
        )
    truth: Truth = {
        "models": f"jumping jacks then calm holds, {beats} heartbeats after the jacks",
        "sets": sets,
        "set_labels_each": labels,
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- max hangs on a hangboard
def sc_max_hangs(fs: float, rng: Rng, extras: str = "") -> Out:
    """Max hangs: 60 s standing (arm hanging), then six 7-10 s hangs on a 20 mm edge, 3 min standing rests
    (``rest:R`` s). A hang: the feet leave the box (a 2-5 m/s^2 jolt at the grab), the arm overhead (pitch 80-88
    deg), the body swinging as a 1 m pendulum (0.5 Hz, +-1-3 deg), and the finger flexors at near-maximal effort:
    their tremor grows within seconds, 0.03 -> 0.1-0.2 m/s^2 at 10-11 Hz drifting down 1 Hz (``top:LO-HI``), each
    hang starting a little higher than the last (1.0 -> 1.5x over the six); the drop to the floor a 3-8 m/s^2 landing.

    A truthful report: each hang ``fatigue_tremor`` (or not assessable: a short set), neuromuscular fatigue; no
    ``calm``, no twitch (the grab and landing are body jolts), no out-of-band tremor, no clinician note."""
    kv = _kv(extras)
    rest = float(kv.get("rest", 180.0))
    lo, hi = (float(x) for x in kv.get("top", "0.1-0.2").split("-"))
    s = Session(60.0 + 6 * 10.0 + 5 * rest + 40.0, fs, rng)
    s.pitch[:] = np.deg2rad(-80.0)
    s.roll[:] = np.deg2rad(20.0)
    sets, jolts = [], []
    for k in range(6):
        a = 60.0 + k * (10.0 + rest)
        b = a + rng.uniform(7.0, 10.0)
        _to(s, a - 1.2, 1.0, rng.uniform(80.0, 88.0), rng.uniform(0.0, 20.0))
        _to(s, b + 0.3, 1.0, -80.0, 20.0)
        m = s.mask(a, b)
        tt = s.t[m] - a
        s.pitch[m] += (
            np.deg2rad(rng.uniform(1.0, 3.0))
            * np.sin(2 * np.pi * 0.5 * tt + rng.uniform(0, 6.3))
            * taper(s.t[m], a, b, 1.0)
        )
        for tj, pk in ((a, rng.uniform(2.0, 5.0)), (b + 0.4, rng.uniform(3.0, 8.0))):
            p = damped_burst(fs, rng.uniform(15.0, 25.0), 0.015, 0.1) * pk
            add_at(s.lin, s.idx(tj), p, unit(rng))
            jolts.append(round(tj, 2))
        f0 = rng.uniform(10.0, 11.0)
        start = 0.03 * (1.0 + 0.1 * k)
        s.add_tremor(a + 0.5, b - 0.3, start, rng.uniform(lo, hi) * (1.0 + 0.1 * k), f0, f0 - 1.0)
        sets.append([round(a, 2), round(b, 2)])
    truth = _fatigue_truth(sets, f"six max hangs {sets}, 3 min rests; jolts at {jolts}")
    truth["set_labels"] = ["fatigue_tremor", "mixed", "not_assessable"]
    truth["artefact_times"] = jolts
    return s.t, s.total(), truth


SCENARIOS: dict[str, Callable[..., Out]] = {
    "spin_bike": sc_spin_bike,
    "clock": sc_clock,
    "essential": sc_essential,
    "pd_walk": sc_pd_walk,
    "coarse_adc": sc_coarse_adc,
    "calm_holds": sc_calm_holds,
    "max_hangs": sc_max_hangs,
}

if __name__ == "__main__":
    import gen

    gen.main()
