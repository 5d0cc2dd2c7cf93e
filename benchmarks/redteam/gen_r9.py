"""Round nine red-team scenarios (h-red9): the time stamps of real phones (Android sensor batching stamped at
delivery, iOS seconds-since-boot in float32 after a day of uptime, stamps in milliseconds, a slow sensor polled
by a faster timer so rows repeat), a mains hair clipper and a jigsaw through a sensor without an anti-alias
filter, pushing a manual wheelchair, Olympic lifts dropped from overhead and sport climbing.

Written from the physics without reading ``tremor/core``; the building blocks (``Session``, ``damped_burst`` ...)
are gen.py's, so the resting wrist, the noise and the file format are the same as every other red-team file.
``gen.py`` registers these scenarios (``gen.py stamps --seed 1 --extras fifo --out X.csv``; this file run as a
script does the same). Each ``sc_*`` returns ``(t, acc, truth)``; tests call them in memory with a fixed seed.

Machines without an anti-alias filter are drawn as what a sampler does: the continuous vibration evaluated at
the sample instants, so a 60 Hz line sampled at 50 Hz is a 10 Hz sequence of samples by construction.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from gen import (
    Rng,
    Session,
    Truth,
    _kv,
    add_at,
    band_noise,
    damped_burst,
    sc_fatigue_holds,
    taper,
    unit,
)
from gen_r6 import PERSON_CAUSES, TREMOR_LABELS, _to, _up

Out = tuple[np.ndarray, np.ndarray, Truth]
NOT_PERSON = ["see_a_clinician"] + PERSON_CAUSES[1:]


# --------------------------------------------------------------------------- time stamp dialects
def sc_stamps(fs: float, rng: Rng, extras: str = "") -> Out:
    """The ``fatigue_holds`` session (60 s rest, three 40 s holds with a fatigue tremor growing 0.02 -> 0.12-0.2
    m/s^2 at 10-11 Hz drifting down 1 Hz, 60 s rests) sampled regularly at fs by the sensor, the stamps written the
    way real phone apps write them. No sample is lost and the signal is the regular one.

    ``fifo`` (default, ``fifo:N``): Android sensor batching. The sensor fills a hardware FIFO of N samples
    (default 5-25) and the phone delivers them in one burst when it is full, 1-6 ms after the last one; the app
    stamps each sample when its callback runs (System.currentTimeMillis: whole ms), the callbacks of one burst
    0.02-0.2 ms apart (``spread:MS``: MS ms apart, a busy thread). So N stamps within a millisecond or two, then a jump of about N / fs. ``fifo,fine``: the
    callback's clock in nanoseconds (SystemClock.elapsedRealtimeNanos), so the stamps of a burst stay distinct.
    ``lock:S``: the screen locks S s in, and the phone batches from then on (Android batches with the screen off).
    ``f32`` (``f32:HOURS``): iOS / CoreMotion stamps in seconds since boot, stored as float32 by the app, after
    HOURS of uptime (default 6-36 h: a stamp resolution of 2-8 ms).
    ``ms``: the stamps in milliseconds from the start (header ``time``); ``epoch_ms``: Unix epoch milliseconds.
    ``dup`` (``dup:R``): the sensor runs at R fs (default 0.55-0.8) and the app polls it at fs, writing the latest
    sample each tick: rows repeat (zero-order hold), the stamps regular at fs.
    ``index`` (``index:N``): a logger that stamps each sample with its count over the nominal rate (i / fs) while
    its radio link loses N packets (default 15-30) of 1-3 x 9 samples (``packet:P``): no gap in the stamps, the
    signal jumps where a packet is missing (the tremor's phase, the arm's movement).

    A truthful report: the three holds ``fatigue_tremor`` (each one set), no twitch, no tremor at rest, no
    clinician note; or a refusal that names the stamps. The truth's set times are from the first stamp."""
    kv = _kv(extras)
    mode = next((m for m in ("f32", "epoch_ms", "ms", "dup", "index") if m in extras), "fifo")
    if mode == "dup":
        r = float(kv.get("dup", rng.uniform(0.55, 0.8)))
        t_s, acc_s, truth = sc_fatigue_holds(fs * r, rng, "")
        t = np.arange(int(t_s[-1] * fs)) / fs
        i = np.minimum(np.floor(t * fs * r + 1e-9).astype(int), len(t_s) - 1)
        truth["models"] = f"fatigue holds; sensor at {fs * r:.2f} Hz polled at {fs:g} Hz (rows repeat)"
        truth["sensor_hz"] = round(fs * r, 3)
        return t, acc_s[i], truth
    t, acc, truth = sc_fatigue_holds(fs, rng, "")
    if mode == "fifo":
        n_b = int(kv.get("fifo", rng.integers(5, 26)))
        n = len(t)
        last = np.minimum((np.arange(n) // n_b + 1) * n_b - 1, n - 1)  # each sample's batch's last index
        deliver = t[last] + rng.uniform(0.001, 0.006, n)[last]  # one latency a batch
        k_in = np.arange(n) % n_b
        gap = float(kv.get("spread", rng.uniform(0.02, 0.2))) / 1000.0  # the callbacks' spacing in a burst
        stamp = deliver + k_in * gap
        if "lock" in kv:  # the screen locks at ``lock`` s: stamps true before, batched after
            stamp = np.where(t < float(kv["lock"]), t + 0.002, stamp)
        t_out = stamp if "fine" in extras else np.floor(stamp * 1000.0) / 1000.0  # whole milliseconds
        truth["models"] = (
            f"fatigue holds; Android batching, {n_b} samples a burst stamped at delivery (whole ms)"
        )
        truth["batch"] = n_b
        truth["sets"] = [[a + (n_b - 1) / fs, b + (n_b - 1) / fs] for a, b in truth["sets"]]
        return t_out, acc, truth
    if mode == "index":
        n_drop = int(kv.get("index", rng.integers(15, 31)))
        keep = np.ones(len(t), bool)
        drops = []
        for _ in range(n_drop):
            a = rng.uniform(2.0, float(t[-1]) - 2.0)
            ln = int(rng.integers(1, 4)) * int(kv.get("packet", 9))
            i0 = int(a * fs)
            keep[i0 : i0 + ln] = False
            drops.append([round(a, 2), ln])
        acc = acc[keep]
        t_out = np.arange(int(keep.sum())) / fs  # the logger's stamps: the sample count over the nominal rate
        kept_before = np.cumsum(keep)  # true time -> the file's time
        truth["sets"] = [
            [float(kept_before[int(a * fs)]) / fs, float(kept_before[int(b * fs)]) / fs]
            for a, b in truth["sets"]
        ]
        truth["models"] = (
            f"fatigue holds; {n_drop} BLE packets of 9-27 samples lost, stamps from the sample count (no gap)"
        )
        truth["lost_packets"] = sorted(drops)
        return t_out, acc, truth
    if mode == "f32":
        hours = float(kv.get("f32", rng.uniform(6.0, 36.0)))
        boot = hours * 3600.0
        t_out = np.asarray(np.float32(boot + t), dtype=np.float64)
        ulp = float(np.spacing(np.float32(boot)))
        truth["models"] = (
            f"fatigue holds; stamps float32 seconds since boot after {hours:.1f} h ({ulp * 1e3:.2f} ms steps)"
        )
        truth["stamp_step_ms"] = round(ulp * 1e3, 3)
        truth["sets"] = [[a + boot - float(t_out[0]), b + boot - float(t_out[0])] for a, b in truth["sets"]]
        return t_out, acc, truth
    if mode == "ms":
        truth["models"] = "fatigue holds; stamps in milliseconds from the start (header `time`)"
        return t * 1000.0, acc, truth
    truth["models"] = "fatigue holds; stamps in Unix epoch milliseconds (header `time`)"
    return 1782477373803.0 + np.round(t * 1000.0), acc, truth


# --------------------------------------------------------------------------- a hair clipper, a jigsaw (no AA)
def _line_at(t: np.ndarray, f: float, wander: float, rng: Rng) -> np.ndarray:
    """A machine line at f Hz evaluated at the sample instants t (no anti-alias filter): its phase wanders by a
    relative ``wander`` of the rate (a mains-locked motor: 0.03 %; a universal motor: 1-2 %)."""
    fs_fine = 400.0
    tf = np.arange(0.0, float(t[-1]) + 1.0, 1.0 / fs_fine)
    dev = band_noise(len(tf), fs_fine, 0.02, 0.5, rng) * wander * f
    ph = 2 * np.pi * np.cumsum(f + dev) / fs_fine + rng.uniform(0, 2 * np.pi)
    return np.sin(np.interp(t, tf, ph))


def sc_clipper(fs: float, rng: Rng, extras: str = "") -> Out:
    """Cutting hair with a mains clipper held in the watch's hand (a barber's minutes, or a home haircut): 60 s
    seated still, then five 30-60 s passes with the forearm raised 20-50 deg and moving slowly up the head (a
    stroke of +-10-20 deg every 1.5-3 s), 15-30 s pauses with the clipper still running in the lowered hand
    (forearm level, on the lap), 40 s with it off. A magnetic (vibrator) clipper's blade is driven at twice the mains
    frequency: 120 Hz on 60 Hz mains (``mains:50``: 100 Hz), with a 60 Hz share from the armature's asymmetry (25-40 %
    of it); 0.5-1.5 m/s^2 RMS at the wrist in a pass, 0.3-0.6x in a pause; mains held to 0.03 %.
    The sensor has no anti-alias filter (a low-power MEMS mode), so at 50 Hz the 60 Hz share reads 10 Hz and the
    120 Hz 20 Hz; at 100 Hz 40 Hz and 20 Hz; at 200 Hz nothing folds. ``jigsaw``: a jigsaw instead, its blade at
    2300-2800 strokes/min (38-47 Hz, wandering 1 %, sagging 8-15 % in each cut), 2-5 m/s^2 RMS at the wrist
    (ISO 5349 declared values 5-8 at the handle), harmonics 2 and 3 at 35 % and 15 %: at 50 Hz the stroke folds to 3-12
    Hz, at 100 Hz its 2nd harmonic to 6-24 Hz.

    A truthful report: nothing about the person (at most a machine line or not assessable): no tremor label, no
    out-of-band tremor, no clinician note, no fatigue, no twitch, no rest level from the machine."""
    kv = _kv(extras)
    jig = "jigsaw" in extras
    mains = float(kv.get("mains", 60.0))
    s = Session(60.0 + 5 * 80.0 + 40.0, fs, rng)
    s.pitch[:] = np.deg2rad(0.0)
    t = s.t
    env = np.zeros(len(t))
    passes = []
    t0 = 60.0
    for _ in range(5):
        d = rng.uniform(30.0, 60.0)
        a, b = t0, t0 + d
        _to(s, a - 1.5, 1.5, rng.uniform(20.0, 50.0), rng.uniform(20.0, 60.0))
        m = s.mask(a, b)
        f_st = 1.0 / rng.uniform(1.5, 3.0)
        s.pitch[m] += (
            np.deg2rad(rng.uniform(10.0, 20.0))
            * np.sin(2 * np.pi * f_st * (t[m] - a))
            * taper(t[m], a, b, 1.0)
        )
        p = rng.uniform(rng.uniform(15.0, 30.0), 30.0)
        _to(s, b, 1.5, 0.0, 25.0)
        env += taper(t, a - 0.5, b + 0.5, 0.3)
        if not jig:  # the clipper stays on in the pause, in the lowered hand
            env += rng.uniform(0.3, 0.6) * taper(t, b + 0.5, b + p, 0.3)
        passes.append([round(a, 1), round(b, 1)])
        t0 = b + p
    end_on = t0
    d1, d2 = unit(rng), unit(rng)
    if jig:
        f0 = rng.uniform(38.0, 47.0)
        sag = np.ones(len(t))
        for a, b in passes:
            sag -= rng.uniform(0.08, 0.15) * taper(t, a + 2.0, b - 2.0, 1.5)
        tf = np.arange(0.0, float(t[-1]) + 1.0, 1.0 / 400.0)
        fr = f0 * np.interp(tf, t, sag) * (1 + 0.01 * band_noise(len(tf), 400.0, 0.05, 1.0, rng))
        ph = np.interp(t, tf, 2 * np.pi * np.cumsum(fr) / 400.0)
        x = np.sin(ph) + 0.35 * np.sin(2 * ph + 1.0) + 0.15 * np.sin(3 * ph + 2.0)
        x /= np.sqrt(np.mean(x**2))
        amp = rng.uniform(2.0, 5.0)
        s.lin += np.outer(x * env * amp, d1)
        what = f"jigsaw at {f0:.1f} strokes/s sagging 8-15 % in the cuts, {amp:.2f} m/s^2 RMS"
        lines = [f0, 2 * f0]
    else:
        f2 = 2 * mains
        x = _line_at(t, f2, 0.0003, rng) + rng.uniform(0.25, 0.4) * _line_at(t, mains, 0.0003, rng)
        x /= np.sqrt(np.mean(x**2))
        amp = rng.uniform(0.5, 1.5)
        s.lin += np.outer(x * env * amp, d1) + 0.3 * np.outer(x * env * amp, d2)
        what = f"mains clipper {f2:g} Hz + {mains:g} Hz, {amp:.2f} m/s^2 RMS in the passes"
        lines = [mains, f2]
    folded = sorted({round(abs(f - round(f / fs) * fs), 2) for f in lines})
    truth: Truth = {
        "models": f"{what}, no anti-alias filter (reads at {folded} Hz); passes {passes}, on until {end_on:.0f} s",
        "passes": passes,
        "machine_line_hz": folded,
        "sets_optional": True,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return t, s.total(), truth


# --------------------------------------------------------------------------- a manual wheelchair
def sc_wheelchair(fs: float, rng: Rng, extras: str = "") -> Out:
    """Pushing a manual wheelchair, the watch on the pushing wrist: 60 s seated still (hands on the lap), three
    60-90 s pushes along a tiled corridor, 60 s rests (hands on the lap), 30 s still. A push cycle of 0.8-1.1 s
    (``rate:HZ``): the hand catches the handrim (r 0.27 m) behind the top (a 1-4 m/s^2 knock, 20-40 Hz ring),
    drives it forward through 80-100 deg of rim in 35-45 % of the cycle (the forearm pitching down with it, the
    wrist on the rim's arc: its acceleration at 1-1.6 m/s of chair speed), releases, and swings back (the arm a
    pendulum). While the hand is on the rim the chair's vibration reaches it: the casters crossing tile joints
    (every 0.3-0.6 m: 2-5 a second, 0.2-1 m/s^2 each, a 15-30 Hz ring) and the wheels' rolling noise 10-40 Hz
    (0.05-0.2 m/s^2). Speed sags between pushes (the chair coasts).

    A truthful report: nothing about the person: the pushes as sets (calm or not assessable) or as nothing; no
    tremor label, no out-of-band tremor, no clinician note, no fatigue, no twitch (joint knocks, rim catches),
    no walking."""
    kv = _kv(extras)
    s = Session(60.0 + 3 * 90.0 + 2 * 60.0 + 40.0, fs, rng)
    s.pitch[:] = np.deg2rad(-10.0)
    s.roll[:] = np.deg2rad(30.0)
    t = s.t
    pushes, knocks = [], []
    t0 = 60.0
    for _ in range(3):
        d = rng.uniform(60.0, 90.0)
        a, b = t0, t0 + d
        _to(s, a - 1.5, 1.5, -45.0, 80.0)  # hand down at the rim, thumb forward
        f = float(kv.get("rate", rng.uniform(0.9, 1.25)))
        m = s.mask(a, b)
        tt = t[m] - a
        w = taper(t[m], a, b, 2.0)
        fj = f * (1 + 0.03 * band_noise(len(tt), fs, 0.02, 0.3, rng))
        ph = 2 * np.pi * np.cumsum(fj) / fs  # cycle phase
        u = np.mod(ph / (2 * np.pi), 1.0)
        duty = rng.uniform(0.35, 0.45)
        arc = np.deg2rad(rng.uniform(80.0, 100.0))
        # hand angle on the rim during the push (smooth: 1-cos), back during recovery (cosine swing)
        theta = np.where(
            u < duty,
            0.5 * arc * (1 - np.cos(np.pi * u / duty)),
            0.5 * arc * (1 + np.cos(np.pi * (u - duty) / (1 - duty))),
        )
        theta = np.convolve(theta, np.ones(max(1, int(0.04 * fs))) / max(1, int(0.04 * fs)), mode="same")
        r = 0.27
        thd = np.gradient(theta, 1.0 / fs)
        thdd = np.gradient(thd, 1.0 / fs)
        s.pitch[m] += -0.6 * (theta - 0.5 * arc) * w  # the forearm follows the hand on the rim
        s.lin[m, 0] += r * thdd * w
        s.lin[m, 2] += r * thd**2 * w
        on_rim = (u < duty).astype(float) * w
        rough = band_noise(len(tt), fs, 10.0, min(40.0, 0.45 * fs), rng) * rng.uniform(0.05, 0.2)
        s.lin[m] += np.outer(rough * on_rim, unit(rng))
        # catches: each cycle's start
        starts = np.flatnonzero(np.diff(np.floor(ph / (2 * np.pi))) > 0)
        im = np.flatnonzero(m)
        for j in starts:
            if w[j] < 0.5:
                continue
            p = damped_burst(fs, rng.uniform(20.0, 40.0), 0.01, 0.08) * rng.uniform(1.0, 4.0)
            add_at(s.lin, int(im[j]), p, unit(rng))
            knocks.append(round(float(t[im[j]]), 2))
        # tile joints under the casters: speed 1-1.6 m/s, joints every 0.3-0.6 m, felt while the hand is on the rim
        v = rng.uniform(1.0, 1.6)
        pitch_tile = rng.uniform(0.3, 0.6)
        tj = a + 2.0
        while tj < b - 2.0:
            tj += pitch_tile / v * rng.uniform(0.95, 1.05)
            jj = s.idx(tj)
            if 0 <= jj - im[0] < len(on_rim) and on_rim[jj - im[0]] > 0.5:
                p = damped_burst(fs, rng.uniform(15.0, 30.0), 0.012, 0.08) * rng.uniform(0.2, 1.0)
                add_at(
                    s.lin,
                    jj,
                    p,
                    _up(s, s.mask(tj, tj + 1.5 / fs))[0] if s.mask(tj, tj + 1.5 / fs).any() else unit(rng),
                )
                knocks.append(round(tj, 2))
        _to(s, b, 1.5, -10.0, 30.0)
        pushes.append([round(a, 1), round(b, 1)])
        t0 = b + 60.0
    truth: Truth = {
        "models": f"manual wheelchair pushes {pushes}, catches and tile joints {len(knocks)} knocks",
        "pushes": pushes,
        "sets_optional": True,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
        "not_walking_anywhere": True,
        "artefact_times": knocks,
    }
    return t, s.total(), truth


# --------------------------------------------------------------------------- Olympic lifts dropped from overhead
def sc_oly(fs: float, rng: Rng, extras: str = "") -> Out:
    """Olympic lifting, a +-16 g sensor: 60 s standing, then five singles (snatch or clean and jerk) 90-150 s apart.
    A lift: 3-5 s set-up gripping the bar on the floor (arm hanging, pitch -80 deg, the grip's tremor a little
    raised), the pull (0.7-0.9 s, the wrist accelerating up to 15-25 m/s^2), the turnover (the forearm from hanging
    to overhead in 0.25-0.35 s) and the catch (the bar stopped on locked arms: a 30-80 m/s^2 jolt, a 15-30 Hz ring,
    the body dropping into the squat), the recovery standing up with the bar overhead (2-3 s, the arm swaying +-2-4
    deg at 0.5-1.5 Hz), a 1-2 s overhead hold (the tremor 2-3x rest, steady), then the bar dropped from overhead: the
    hands leave it and fall to the sides (0.5-0.7 s). 0.8-1.1 s later the bar lands on bumper plates: the platform
    shakes under the feet, reaching the still wrist as a 0.1-0.5 m/s^2 thud (a 15-35 Hz ring, 40-80 ms), a bounce
    0.4-0.6 s after it at 30 %; the lifter then walks 6-10 steps off the platform and stands.

    A truthful report: the lifts as sets or nothing (calm or not assessable), no twitch (the bar's landing is the
    floor's, not a muscle's), no tremor label, no out-of-band tremor, no clinician note, no fatigue."""
    kv = _kv(extras)
    n_lift = int(kv.get("lifts", 5))
    gaps = [rng.uniform(90.0, 150.0) for _ in range(n_lift)]
    s = Session(60.0 + sum(gaps) + 20.0, fs, rng)
    s.pitch[:] = np.deg2rad(-80.0)
    s.roll[:] = np.deg2rad(10.0)
    t = s.t
    lifts, thuds, sets, landings = [], [], [], []
    t0 = 60.0
    for k in range(n_lift):
        set_up = rng.uniform(3.0, 5.0)
        a = t0
        pull = a + set_up
        turn = pull + rng.uniform(0.7, 0.9)
        catch = turn + rng.uniform(0.25, 0.35)
        stand = catch + rng.uniform(2.0, 3.0)
        drop = stand + rng.uniform(1.0, 2.0)
        down = drop + rng.uniform(0.5, 0.7)
        land = drop + rng.uniform(0.8, 1.1)
        # set-up: gripping the bar (a small raised grip tremor), then the pull straight up
        s.add_tremor(a, pull, 0.02, 0.025, 9.5, 9.5)
        m = s.mask(pull, turn)
        u = (t[m] - pull) / (turn - pull)
        s.lin[m] += np.outer(rng.uniform(15.0, 25.0) * np.sin(np.pi * u) ** 2, _up(s, m)[0])
        _to(s, turn, catch - turn, rng.uniform(80.0, 88.0), rng.uniform(0.0, 30.0))
        p = damped_burst(fs, rng.uniform(15.0, 30.0), 0.02, 0.15) * rng.uniform(30.0, 80.0)
        add_at(s.lin, s.idx(catch), p, unit(rng))
        m = s.mask(catch + 0.2, drop)
        s.pitch[m] += (
            np.deg2rad(rng.uniform(2.0, 4.0))
            * np.sin(2 * np.pi * rng.uniform(0.5, 1.5) * (t[m] - catch))
            * taper(t[m], catch + 0.2, drop, 0.4)
        )
        s.add_tremor(stand, drop, 0.03, 0.045, 9.0, 9.0)
        _to(s, drop, down - drop, -80.0, 10.0)
        m = s.mask(drop, down)  # the hands pushed off the bar and falling
        s.lin[m] += np.outer(rng.uniform(3.0, 6.0) * np.sin(np.pi * (t[m] - drop) / (down - drop)), unit(rng))
        for tl, sc in ((land, 1.0), (land + rng.uniform(0.4, 0.6), 0.3)):
            pk = rng.uniform(0.1, 0.5) * sc * float(kv.get("thud", 1.0))
            p = damped_burst(fs, rng.uniform(15.0, 35.0), rng.uniform(0.015, 0.025), 0.1) * pk
            add_at(s.lin, s.idx(tl), p, _up(s, s.mask(tl, tl + 2.0 / fs))[0])
            thuds.append(round(tl, 2))
            landings.append(round(tl, 2))
        # walk off the platform: a few soft steps
        w0 = land + rng.uniform(2.0, 4.0)
        for j in range(int(rng.integers(6, 11))):
            ts = w0 + j * rng.uniform(0.5, 0.6)
            p = damped_burst(fs, rng.uniform(15.0, 25.0), 0.015, 0.1) * rng.uniform(0.5, 1.5)
            add_at(s.lin, s.idx(ts), p, _up(s, s.mask(ts, ts + 2.0 / fs))[0])
            thuds.append(round(ts, 2))
        lifts.append([round(a, 1), round(land, 1)])
        sets.append([round(pull, 1), round(down, 1)])
        t0 += gaps[k]
    truth: Truth = {
        "models": f"{n_lift} Olympic singles {lifts}, dropped from overhead; bar landings and steps at {thuds}",
        "lifts": lifts,
        "sets_optional": True,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
        "twitches_true": 0,
        "no_atypical": True,
        "artefact_times": thuds,
        "landing_times": landings,
        "lift_spans": sets,
        "twitch_times": [],
    }
    return t, s.total(), truth


# --------------------------------------------------------------------------- climbing
def sc_climb(fs: float, rng: Rng, extras: str = "") -> Out:
    """Two sport-climbing routes of 150-210 s, 4 min standing rests (the arm hanging), 60 s at the start. On the wall
    the watch's hand grips a hold 3-12 s (static, the forearm 15-85 deg up, the wrist rolled 0-60 deg), then moves to
    the next in 0.6-1.5 s (the forearm turning 20-60 deg, the fingers catching the hold: a 0.5-3 m/s^2 jolt, 15-30 Hz);
    after every 4-7 holds a chalk dip (the hand at the hip, 2-4 s, the fingers rubbing at 3-5 Hz: 0.2-0.5 m/s^2 at
    the wrist) and once a route a shake-out (the arm dropped, shaken at 3-5 Hz for 3-5 s, +-1-2 cm). The forearm
    flexors' pump: a grip tremor at 9.5-11 Hz growing 0.02 -> 0.08-0.15 m/s^2 over the route (``top:LO-HI``),
    drifting down 1 Hz, on while gripping and moving (half of it in a chalk dip, none in the shake-out). The lower-off:
    15-20 s hanging in the harness, the arm relaxed at the side.

    A truthful report: no ``calm`` over the second half of a route (the tremor has grown 3-7x by then), no
    ``atypical_tremor``, ``mixed`` or ``fasciculations``, no clinician note, no twitch (the catches are the hand meeting
    a hold), no out-of-band tremor (the shake-outs and chalk dips are movements); ``fatigue_tremor`` (or
    ``enhanced_tremor`` / ``not_assessable``) for the route's later sets."""
    kv = _kv(extras)
    lo, hi = (float(x) for x in kv.get("top", "0.08-0.15").split("-"))
    durs = [rng.uniform(150.0, 210.0) for _ in range(2)]
    s = Session(60.0 + sum(durs) + 2 * 240.0 + 20.0, fs, rng)
    s.pitch[:] = np.deg2rad(-80.0)
    s.roll[:] = np.deg2rad(20.0)
    t = s.t
    routes, catches, shakes = [], [], []
    env = np.zeros(len(t))
    t0 = 60.0
    for dur in durs:
        a, b = t0, t0 + dur
        f0 = rng.uniform(9.5, 11.0)
        top = rng.uniform(lo, hi)
        tt = a + 1.0
        n_hold = 0
        shook = False
        while tt < b - 12.0:
            g = rng.uniform(3.0, 12.0)
            _to(s, tt, rng.uniform(0.6, 1.5), rng.uniform(15.0, 85.0), rng.uniform(0.0, 60.0))
            p = damped_burst(fs, rng.uniform(15.0, 30.0), 0.012, 0.08) * rng.uniform(0.5, 3.0)
            tc = tt + 0.7
            add_at(s.lin, s.idx(tc), p, unit(rng))
            catches.append(round(tc, 2))
            env += taper(t, tt, tt + 1.5 + g, 0.3)
            tt += 1.5 + g
            n_hold += 1
            if n_hold % int(rng.integers(4, 8)) == 0 and tt < b - 20.0:
                kind = "shake" if not shook and tt > a + 0.5 * dur else "chalk"
                d = rng.uniform(3.0, 5.0) if kind == "shake" else rng.uniform(2.0, 4.0)
                _to(s, tt, 0.8, -70.0, 20.0)
                m = s.mask(tt + 0.8, tt + 0.8 + d)
                fr = rng.uniform(3.0, 5.0)
                w = 2 * np.pi * fr
                x = (rng.uniform(0.01, 0.02) * w * w if kind == "shake" else rng.uniform(0.2, 0.5)) * np.sin(
                    w * (t[m] - tt)
                )
                s.lin[m] += np.outer(x * taper(t[m], tt + 0.8, tt + 0.8 + d, 0.4), unit(rng))
                if kind == "chalk":
                    env += 0.5 * taper(t, tt + 0.8, tt + 0.8 + d, 0.3)
                else:
                    shook = True
                    shakes.append([round(tt + 0.8, 1), round(tt + 0.8 + d, 1)])
                tt += 0.8 + d + 0.2
        # the lower-off: hanging in the harness, the arm relaxed
        _to(s, b - 10.0, 1.5, -70.0, 20.0)
        u = np.clip((t - a) / (b - 10.0 - a), 0.0, 1.0)
        m = s.mask(a, b - 10.0)
        grow = 0.02 * (top / 0.02) ** u[m]
        fc = f0 - 1.0 * u[m]
        x = _pump(fc, fs, rng) * grow * np.minimum(env[m], 1.0)
        s.lin[m] += np.outer(x, unit(rng))
        _to(s, b + 8.0, 1.5, -80.0, 20.0)  # feet on the ground
        routes.append([round(a, 1), round(b, 1)])
        t0 = b + 240.0
    truth: Truth = {
        "models": f"two climbing routes {routes}, pump tremor to {lo}-{hi} m/s^2; {len(catches)} catches; shake-outs"
        f" {shakes}",
        "routes": routes,
        "sets_optional": True,
        "set_labels": ["fatigue_tremor", "enhanced_tremor", "not_assessable", "calm"],
        "forbidden_labels_anywhere": ["atypical_tremor", "mixed", "fasciculations"],
        "forbidden_causes": ["see_a_clinician", "sleep_stress_stimulants"],
        "twitches_true": 0,
        "no_atypical": True,
        "artefact_times": catches,
        "twitch_times": [],
    }
    return t, s.total(), truth


def _pump(fc: np.ndarray, fs: float, rng: Rng) -> np.ndarray:
    """Unit-RMS narrow-band grip tremor (1.5 Hz wide) on the centre frequency fc(t)."""
    from gen import narrow_line

    return narrow_line(fc, fs, 1.5, rng)


SCENARIOS: dict[str, Callable[..., Out]] = {
    "stamps": sc_stamps,
    "clipper": sc_clipper,
    "wheelchair": sc_wheelchair,
    "oly": sc_oly,
    "climb": sc_climb,
}

if __name__ == "__main__":
    import gen

    gen.main()
