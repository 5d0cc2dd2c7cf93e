"""Round six red-team scenarios (h-red6): a whole-body vibration plate, chores between sets (chopping,
whisking, hammering), playing the guitar, pushing a lawn mower, a caffeine tremor (a true finding), a protein
shaker between holds, basketball dribbling and farmer's walks.

Written from the physics without reading ``tremor/core``; the building blocks (``Session``, ``narrow_line``,
``damped_burst`` ...) are gen.py's, so the resting wrist, the noise and the file format are the same as every
other red-team file. ``gen.py`` registers these scenarios (``gen.py vibe_plate --seed 1 --out X.csv``).
Each ``sc_*`` returns ``(t, acc, truth)`` as gen.py's do; tests call them in memory with a fixed seed.

Aliasing: a periodic vibration is written as sin(k * phase) sampled at the file's rate, which is exactly
what a sensor without an anti-alias filter records (a k f Hz component reads at \\|k f - m fs\\|); with
a filter (the default) a component at 0.45 fs or more is left out.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from gen import (
    G,
    Rng,
    Session,
    Truth,
    _holds,
    _kv,
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
SIDE_PITCH = -80.0  # arm hanging at the side
TREMOR_LABELS = ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed", "fasciculations"]
PERSON_CAUSES = [
    "see_a_clinician",
    "neuromuscular_fatigue",
    "sleep_stress_stimulants",
    "overtraining_cns",
    "dehydration_electrolytes",
    "metabolic_byproducts",
]


def _to(s: Session, t0: float, dur: float, pitch_deg: float, roll_deg: float) -> None:
    """Move the forearm to a pitch and roll from t0 over dur s and keep it there to the end."""
    i = min(s.idx(t0), len(s.t) - 1)
    st = smooth_step(s.t, t0, dur)
    s.pitch += (np.deg2rad(pitch_deg) - s.pitch[i]) * st
    s.roll += (np.deg2rad(roll_deg) - s.roll[i]) * st


def _up(s: Session, m: np.ndarray) -> np.ndarray:
    """The world vertical (unit, up) in the sensor frame over the mask m."""
    return gravity(s.pitch[m], s.roll[m]) / G


def _orders(
    ph: np.ndarray, fc: np.ndarray, fs: float, amps: dict[float, float], alias: bool, rng: Rng
) -> np.ndarray:
    """A machine's orders: sum of a_k sin(k ph + phi_k) (k may be a half order); without ``alias`` an order
    whose frequency reaches 0.45 fs anywhere is left out (an ideal anti-alias filter)."""
    x = np.zeros(len(ph))
    for k, a in amps.items():
        if not alias and k * float(np.max(fc)) >= 0.45 * fs:
            continue
        x += a * np.sin(k * ph + rng.uniform(0, 2 * np.pi))
    return x


def _folds(freqs: list[float], fs: float) -> list[float]:
    """Where each frequency reads in a file sampled at fs without an anti-alias filter."""
    return [round(abs(((f + fs / 2) % fs) - fs / 2), 2) for f in freqs]


# --------------------------------------------------------------------------- whole-body vibration plate
def sc_vibe_plate(fs: float, rng: Rng, extras: str = "") -> Out:
    """Whole-body vibration training: standing 60 s (arm hanging), four 45 s static squats on a vertical
    vibration plate, 60 s rests standing beside it. The plate runs at a whole-Hz setting of 25-50 Hz per
    bout (``f:F`` fixes it), held by its drive to 0.1 %; the hands hold the plate's handles (forearm level,
    neutral grip) so the column's vibration reaches the wrist at 1-4 m/s^2 RMS, mostly vertical, with a
    10-25 % 2nd and 3-8 % 3rd harmonic (the feet and handles on the plate are not a linear contact).
    Anti-aliased by default (at 50 Hz nothing of it is left; at 100 Hz a plate under 45 Hz is seen);
    ``alias``: no anti-alias filter, so 45 Hz reads as 5 Hz at 50 Hz and its 2nd harmonic as 10 Hz at 100 Hz.
    ``fatigue``: the hands off the handles, dumbbells held in a front raise (forearm level) through each
    squat, the plate reaching the wrist through the body (0.2-0.6 m/s^2), and a true forearm/shoulder
    fatigue tremor growing 0.02 -> 0.12-0.2 m/s^2 at 10-11 Hz drifting down 1 Hz.

    A truthful report: without ``fatigue`` no tremor label, no fatigue, no clinician note, no cause about the
    person, no twitch (the squats may be found as holds: ``calm`` or ``not_assessable``); with it, the four
    bouts ``fatigue_tremor`` (or ``not_assessable`` under the vibration), never ``calm``."""
    kv = _kv(extras)
    alias = "alias" in extras
    fat = "fatigue" in extras
    s = Session(480.0, fs, rng)
    s.pitch[:] = np.deg2rad(SIDE_PITCH)
    s.roll[:] = np.deg2rad(20.0)
    s.lin += np.outer(band_noise(len(s.t), fs, 0.1, 1.5, rng), unit(rng)) * 0.03  # stance sway
    bouts = [[60.0, 105.0], [165.0, 210.0], [270.0, 315.0], [375.0, 420.0]]
    settings: list[float] = []
    for a, b in bouts:
        f = float(kv.get("f", rng.integers(25, 51)))
        settings.append(f)
        _to(
            s,
            a - 2.5,
            1.5,
            rng.uniform(0.0, 12.0),
            rng.uniform(10.0, 25.0) if fat else rng.uniform(65.0, 85.0),
        )
        _to(s, b + 0.5, 1.5, SIDE_PITCH, 20.0)
        if fat:
            f0 = rng.uniform(10.0, 11.0)
            s.add_tremor(a + 1.0, b - 1.0, 0.02, rng.uniform(0.12, 0.2), f0, f0 - 1.0)
        m = s.mask(a, b)
        n = int(m.sum())
        fc = f * (1 + 0.001 * band_noise(n, fs, 0.05, 0.5, rng))
        ph = 2 * np.pi * np.cumsum(fc) / fs
        amps = {1.0: 1.0, 2.0: rng.uniform(0.1, 0.25), 3.0: rng.uniform(0.03, 0.08)}
        x = _orders(ph, fc, fs, amps, alias, rng)
        full = np.sqrt(sum(v * v for v in amps.values()) / 2)
        rms = rng.uniform(0.2, 0.6) if fat else rng.uniform(1.0, 4.0)
        env = smooth_step(s.t[m], a, 1.0) * (1 - smooth_step(s.t[m], b - 1.0, 1.0))  # the motor's ramp
        d = 0.9 * _up(s, m) + 0.1 * unit(rng)[None, :]
        s.lin[m] += (x / full * rms * env)[:, None] * d
    lines = sorted({v for f in settings for v in _folds([f, 2 * f, 3 * f], fs) if v <= 20.0}) if alias else []
    truth: Truth = {
        "models": f"vibration plate squats 4 x 45 s at {settings} Hz, "
        + ("dumbbells in a front raise, a true fatigue tremor" if fat else "hands on the handles, 1-4 m/s^2")
        + (f"; no anti-alias filter: lines at {lines} Hz" if alias else "; anti-aliased"),
        "plate_hz": settings,
        "forbidden_causes": ["see_a_clinician"] + ([] if fat else PERSON_CAUSES[1:]),
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    if lines:
        truth["machine_line_hz"] = lines
    if fat:
        truth.update(
            sets=bouts,
            set_labels=["fatigue_tremor", "not_assessable"],
            peak_hz=[8.5, 11.5],
            must_cause_in_sets="neuromuscular_fatigue",
            forbidden_labels_anywhere=["calm", "atypical_tremor", "mixed", "fasciculations"],
        )
    else:
        truth.update(
            sets=None,
            sets_optional=True,
            set_labels=["calm", "not_assessable"],
            forbidden_labels_anywhere=TREMOR_LABELS,
        )
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- chores between sets
def _strikes(
    s: Session,
    a: float,
    b: float,
    rng: Rng,
    f: float,
    travel: float,
    swing_deg: float,
    hit: tuple[float, float],
    h2: float = 0.3,
) -> list[float]:
    """Rhythmic up-down strikes (a knife on a board, a hammer on a nail) from a to b at f per second
    (wandering 3 %): the wrist moves +-``travel`` m vertically with an ``h2`` (30 %) 2nd harmonic of the
    displacement (the stop at the board is abrupt), the forearm pitching +-``swing_deg`` with it, and each strike's impact (``hit``: the
    range of its peak, m/s^2; a 30-60 Hz ring of 5 ms) at the lowest point. Returns the impact times."""
    m = s.mask(a, b)
    tt = s.t[m] - a
    n = int(m.sum())
    fj = f * (1 + 0.03 * band_noise(n, s.fs, 0.2, 1.0, rng))
    ph = 2 * np.pi * np.cumsum(fj) / s.fs
    env = taper(s.t[m], a, b, 0.3)
    w = 2 * np.pi * f
    y = -travel * w * w * (np.cos(ph) + h2 * 4 * np.cos(2 * ph + 0.4)) / (1 + h2)
    s.lin[m] += (y * env)[:, None] * _up(s, m)
    s.pitch[m] += np.deg2rad(swing_deg) * np.cos(ph) * env
    hits = np.flatnonzero(np.diff(np.floor((ph - np.pi) / (2 * np.pi))) > 0)
    i_m = np.flatnonzero(m)
    out = []
    for k in hits:
        if env[k] < 0.5:
            continue
        p = damped_burst(s.fs, rng.uniform(30.0, 60.0), 0.005, 0.03) * rng.uniform(*hit)
        add_at(s.lin, int(i_m[k]), p, unit(rng))
        out.append(round(a + float(tt[k]), 3))
    return out


def _whisk(s: Session, a: float, b: float, rng: Rng) -> float:
    """Whisking in a bowl held by the other hand: 3.5-6 strokes a second, the wrist moving +-1-2.5 cm
    across the forearm (an ellipse, 40 % of it along) and the forearm rolling +-15-25 deg. Returns the rate."""
    f = rng.uniform(3.5, 6.0)
    m = s.mask(a, b)
    n = int(m.sum())
    fj = f * (1 + 0.04 * band_noise(n, s.fs, 0.2, 1.0, rng))
    ph = 2 * np.pi * np.cumsum(fj) / s.fs
    env = taper(s.t[m], a, b, 0.4)
    w2 = (2 * np.pi * f) ** 2 * rng.uniform(0.01, 0.025)
    s.lin[m, 1] += -w2 * np.sin(ph) * env
    s.lin[m, 0] += -0.4 * w2 * np.cos(ph) * env
    s.roll[m] += np.deg2rad(rng.uniform(15.0, 25.0)) * np.sin(ph + 0.3) * env
    return f


def sc_chores(fs: float, rng: Rng, extras: str = "") -> Out:
    """Chores at rest, standing at a counter or bench (forearm pitched down 15-25 deg). Default: chopping
    vegetables, 2.5-5 chops a second (a practised cook 4-5), the wrist +-0.5-1.5 cm, each knife stroke
    stopped on the board (3-10 m/s^2 at the wrist, a 30-60 Hz ring). ``whisk``: whisking (``_whisk``).
    ``hammer``: hammering nails, 1.2-2.5 blows a second, the forearm swinging +-15-25 deg (the wrist +-4-8
    cm), each blow 15-40 m/s^2 at the wrist. Bouts of 10-40 s with 5-20 s pauses for 4 min after 60 s
    standing still (``f:F`` fixes the chopping rate, ``h2:X`` the stroke's 2nd harmonic, ``hit:X`` scales the
    knife's impacts). ``holds``: the ``fatigue_holds`` session (three 40 s holds, 90 s rests) with one 20-40 s
    bout of the chore in each rest and before the first hold.

    A truthful report: no tremor at rest (out-of-band episode), no clinician note, no twitch from the
    impacts; with ``holds``, the three holds ``fatigue_tremor``."""
    kv = _kv(extras)
    mode = "whisk" if "whisk" in extras else "hammer" if "hammer" in extras else "chop"
    holds = "holds" in extras
    dur = 60.0 + 3 * 40.0 + 2 * 90.0 + 40.0 if holds else 300.0
    s = Session(dur, fs, rng)
    s.lin += np.outer(band_noise(len(s.t), fs, 0.1, 1.5, rng), unit(rng)) * 0.03  # stance sway
    bouts: list[list[float]] = []
    if holds:
        starts = [60.0, 190.0, 320.0]
        sets = _holds(s, starts, 40.0, rng)
        spans = [(8.0, 52.0), (108.0, 182.0), (238.0, 312.0)]
        for r0, r1 in spans:
            L = rng.uniform(20.0, min(40.0, r1 - r0 - 6.0))
            a = r0 + rng.uniform(2.0, r1 - r0 - L - 2.0)
            bouts.append([round(a, 2), round(a + L, 2)])
    else:
        sets = []
        t = 60.0
        while t < dur - 20.0:
            L = min(rng.uniform(10.0, 40.0), dur - 8.0 - t)
            bouts.append([round(t, 2), round(t + L, 2)])
            t += L + rng.uniform(5.0, 20.0)
    impacts: list[float] = []
    rates: list[float] = []
    for a, b in bouts:
        pitch = -rng.uniform(15.0, 25.0)
        i = s.idx(a - 1.5)
        pitch0, roll0 = np.rad2deg(s.pitch[i]), np.rad2deg(s.roll[i])
        _to(s, a - 1.5, 1.0, pitch, rng.uniform(60.0, 85.0))
        _to(s, b + 0.3, 1.0, pitch0, roll0)
        if mode == "chop":
            f = float(kv.get("f", rng.uniform(2.5, 5.0)))
            hit = float(
                kv.get("hit", 1.0)
            )  # ``hit:X`` scales the knife's impacts, ``h2:X`` sets the harmonic
            impacts += _strikes(
                s,
                a,
                b,
                rng,
                f,
                rng.uniform(0.005, 0.015),
                4.0,
                (3.0 * hit, 10.0 * hit),
                float(kv.get("h2", 0.3)),
            )
        elif mode == "hammer":
            f = rng.uniform(1.2, 2.5)
            impacts += _strikes(
                s, a, b, rng, f, rng.uniform(0.04, 0.08), rng.uniform(15.0, 25.0), (15.0, 40.0)
            )
        else:
            f = _whisk(s, a, b, rng)
        rates.append(round(f, 2))
    truth: Truth = {
        "models": f"{mode} at rest, {len(bouts)} bouts at {rates} per s, {len(impacts)} impacts"
        + ("; three fatigue holds" if holds else ""),
        "chore_bouts": bouts,
        "forbidden_labels_anywhere": ["atypical_tremor", "mixed", "fasciculations"]
        + ([] if holds else ["fatigue_tremor", "enhanced_tremor"]),
        "forbidden_causes": ["see_a_clinician"] + ([] if holds else PERSON_CAUSES[1:]),
        "twitches_true": 0,
        "twitch_times": [],
        "artefact_times": impacts,
        "no_atypical": True,
    }
    if holds:
        truth.update(
            sets=sets,
            set_labels=["fatigue_tremor"],
            peak_hz=[8.5, 11.5],
            must_cause_in_sets="neuromuscular_fatigue",
        )
    else:
        truth.update(sets=None, sets_optional=True, set_labels=["calm", "not_assessable"])
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- guitar
def sc_guitar(fs: float, rng: Rng, extras: str = "") -> Out:
    """Seated with an acoustic guitar, the watch on the strumming wrist: 60 s still (the forearm over the
    guitar's upper bout, pitched down 20-35 deg, palm to the strings), then three songs of 60-100 s with
    20-40 s pauses (the hand resting on the strings). Sixteenth-note strumming at 80-130 beats a minute:
    a down-up cycle every eighth note, so 2.7-4.3 Hz; the watch moving +-0.6-1.5 cm across the strings
    (mostly wrist flexion and forearm rotation: it rolls +-10-20 deg), each strum a 0.1-0.4 m/s^2 pick
    click (40-80 Hz, 3 ms). ``tremolo``: in each song a 10-25 s section of tremolo picking, 12-16 notes a
    second (6-8 Hz cycles), the watch moving +-1-3 mm (+-2-5 deg of roll) in a crescendo (half to full size).

    A truthful report: nothing about tremor, fatigue or twitches (playing music is voluntary movement);
    songs found as sets may be ``calm`` or ``not_assessable``."""
    s = Session(400.0, fs, rng)
    s.pitch[:] = np.deg2rad(-rng.uniform(20.0, 35.0))
    s.roll[:] = np.deg2rad(rng.uniform(70.0, 90.0))
    songs: list[list[float]] = []
    tremolo: list[list[float]] = []
    rates: list[float] = []
    clicks: list[float] = []
    t = 60.0
    for _ in range(3):
        L = min(rng.uniform(60.0, 100.0), 395.0 - t)
        a, b = t, t + L
        songs.append([round(a, 2), round(b, 2)])
        m = s.mask(a, b)
        n = int(m.sum())
        tt = s.t[m] - a
        bpm = rng.uniform(80.0, 130.0)
        f = 2 * bpm / 60.0
        rates.append(round(f, 2))
        fj = f * (1 + 0.01 * band_noise(n, fs, 0.05, 0.5, rng))
        ph = 2 * np.pi * np.cumsum(fj) / fs
        env = taper(s.t[m], a, b, 0.5)
        w2 = (2 * np.pi * f) ** 2 * rng.uniform(0.006, 0.015)
        strum = np.ones(n)
        if "tremolo" in extras:
            q = rng.uniform(10.0, 25.0)
            ta = a + rng.uniform(10.0, L - q - 10.0)
            tremolo.append([round(ta, 2), round(ta + q, 2)])
            mt = (s.t[m] >= ta) & (s.t[m] < ta + q)
            strum[mt] = 0.0
            strum = np.convolve(strum, np.ones(int(0.3 * fs)) / int(0.3 * fs), mode="same")
            ft = rng.uniform(6.0, 8.0)
            nt = int(mt.sum())
            pht = 2 * np.pi * np.cumsum(ft * (1 + 0.02 * band_noise(nt, fs, 0.1, 1.0, rng))) / fs
            cres = np.linspace(0.5, 1.0, nt) * taper(s.t[m][mt], ta, ta + q, 0.3)
            xt = -((2 * np.pi * ft) ** 2) * rng.uniform(0.001, 0.003) * np.sin(pht) * cres
            idx_m = np.flatnonzero(m)[mt]
            s.lin[idx_m, 1] += xt
            s.roll[idx_m] += np.deg2rad(rng.uniform(2.0, 5.0)) * np.sin(pht + 0.2) * cres
        s.lin[m, 1] += -w2 * np.sin(ph) * env * strum
        s.lin[m, 0] += -0.3 * w2 * np.sin(ph + 0.5) * env * strum
        s.roll[m] += np.deg2rad(rng.uniform(10.0, 20.0)) * np.sin(ph + 0.3) * env * strum
        ks = np.flatnonzero(np.diff(np.floor(2 * ph / (2 * np.pi))) > 0)
        i_m = np.flatnonzero(m)
        for k in ks:
            if env[k] * strum[k] < 0.5:
                continue
            p = damped_burst(fs, rng.uniform(40.0, 80.0), 0.003, 0.02) * rng.uniform(0.1, 0.4)
            add_at(s.lin, int(i_m[k]), p, unit(rng))
            clicks.append(round(a + float(tt[k]), 3))
        t = b + rng.uniform(20.0, 40.0)
        if t > 360.0:
            break
    truth: Truth = {
        "models": f"guitar: {len(songs)} songs strummed at {rates} Hz"
        + (f", tremolo picking 6-8 Hz at {tremolo}" if tremolo else ""),
        "songs": songs,
        "sets": None,
        "sets_optional": True,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": PERSON_CAUSES,
        "twitches_true": 0,
        "twitch_times": [],
        "artefact_times": clicks,
        "no_atypical": True,
        "not_walking_anywhere": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- lawn mower
def sc_mower(fs: float, rng: Rng, extras: str = "") -> Out:
    """Pushing a walk-behind petrol mower: 40 s standing (arm hanging, engine off), three 110-130 s strips
    (both hands on the bail bar, forearm pitched 5-15 deg, palms down), 40 s between them emptying the
    grass bag (the bail released: the blade brake stops the engine in 2-3 s). The single-cylinder engine
    governed at 2800-3300 rpm (46.7-55 Hz rotation), wandering 1.5 % with the grass and sagging 3-5 % in
    thick patches; at the handle (ISO 5349 declared values) 2.5-6 m/s^2 RMS: the 0.5 order (firing,
    23-28 Hz) 0.5, 1st order 1, 1.5 order 0.2, 2nd 0.3, 3rd 0.1. The handle's bending mode, 8-14 Hz,
    damped by the hands (zeta 0.1-0.2), driven by the ground (0.05-0.25 m/s^2, varying with the turf;
    ``nomode`` removes it: its frequency and size are my estimate); the ground's broadband 2-30 Hz
    (0.2-0.5 m/s^2); walking at 1.6-1.9 steps a second (the body's bob reaching the hands at 0.3-0.8 m/s^2,
    heel strikes 0.2-0.6); a turn every 15-25 s (handle pressed down 10 deg, 3 s). Anti-aliased by default;
    ``alias``: no filter, so at 100 Hz the 2nd order (93-110 Hz) reads at 0-10 Hz, wandering with the speed.

    A truthful report: nothing about tremor, fatigue or twitches; the strips as walking, or as sets
    ``not_assessable`` / ``calm``, or vibration."""
    alias = "alias" in extras
    s = Session(560.0, fs, rng)
    s.pitch[:] = np.deg2rad(SIDE_PITCH)
    s.roll[:] = np.deg2rad(20.0)
    strips: list[list[float]] = []
    rpm: list[float] = []
    turns: list[float] = []
    t = 40.0
    for _ in range(3):
        L = rng.uniform(110.0, 130.0)
        a, b = t, t + L
        strips.append([round(a, 2), round(b, 2)])
        _to(s, a - 3.0, 1.5, rng.uniform(5.0, 15.0), rng.uniform(5.0, 20.0))
        _to(s, b + 1.0, 1.5, SIDE_PITCH, 20.0)
        m = s.mask(a, b + 3.0)
        n = int(m.sum())
        tt = s.t[m] - a
        f_r = rng.uniform(2800.0, 3300.0) / 60.0
        rpm.append(round(f_r * 60.0))
        sag = np.zeros(n)
        for _k in range(rng.integers(2, 5)):  # thick patches
            c = rng.uniform(5.0, L - 5.0)
            sag += rng.uniform(0.03, 0.05) * np.exp(-0.5 * ((tt - c) / rng.uniform(1.5, 4.0)) ** 2)
        run = smooth_step(s.t[m], a, 1.5) * (1 - smooth_step(s.t[m], b, 2.5))  # spin-up, blade brake
        fc = f_r * (1 + 0.015 * band_noise(n, fs, 0.05, 0.5, rng) / 2 - sag) * np.maximum(run, 0.02)
        ph = 2 * np.pi * np.cumsum(fc) / fs
        amps = {0.5: 0.5, 1.0: 1.0, 1.5: 0.2, 2.0: 0.3, 3.0: 0.1}
        x = _orders(ph, fc, fs, amps, alias, rng)
        full = np.sqrt(sum(v * v for v in amps.values()) / 2)
        d = np.array([0.3, 0.5, 0.8])
        s.lin[m] += np.outer(x / full * rng.uniform(2.5, 6.0) * run, d / np.linalg.norm(d))
        mw = s.mask(a, b)
        nw = int(mw.sum())
        tw = s.t[mw] - a
        hands = taper(s.t[mw], a, b, 1.0)
        turf = 1 + 0.5 * band_noise(nw, fs, 0.02, 0.3, rng)
        if "nomode" not in extras:
            fm = rng.uniform(8.0, 14.0)
            zeta = rng.uniform(0.1, 0.2)
            mode = narrow_line(np.full(nw, fm), fs, 2 * zeta * fm, rng)
            s.lin[mw] += np.outer(mode * rng.uniform(0.05, 0.25) * turf * hands, unit(rng))
        s.lin[mw] += (
            np.outer(band_noise(nw, fs, 2.0, min(30.0, 0.45 * fs), rng), unit(rng))
            * (rng.uniform(0.2, 0.5) * turf * hands)[:, None]
        )
        fstep = rng.uniform(1.6, 1.9)
        phs = 2 * np.pi * np.cumsum(fstep * (1 + 0.02 * np.sin(2 * np.pi * tw / 13.0))) / fs
        up = _up(s, mw)
        s.lin[mw] += (rng.uniform(0.3, 0.8) * np.sin(phs) * hands)[:, None] * up
        i_m = np.flatnonzero(mw)
        for k in np.flatnonzero(np.diff(np.floor(phs / (2 * np.pi))) > 0):
            if hands[k] > 0.5:
                p = damped_burst(fs, rng.uniform(15.0, 25.0), 0.015, 0.1) * rng.uniform(0.2, 0.6)
                add_at(s.lin, int(i_m[k]), p, up[k])
        tn = a + rng.uniform(15.0, 25.0)
        while tn < b - 6.0:
            bump = smooth_step(s.t, tn, 1.0) - smooth_step(s.t, tn + 2.0, 1.0)
            s.pitch += np.deg2rad(10.0) * bump
            s.roll += np.deg2rad(rng.uniform(-15.0, 15.0)) * bump
            turns.append(round(tn, 2))
            tn += rng.uniform(15.0, 25.0)
        t = b + 40.0
    truth: Truth = {
        "models": f"lawn mower: 3 strips at {rpm} rpm, 2.5-6 m/s^2 at the handle, "
        + ("no anti-alias filter" if alias else "anti-aliased")
        + ("" if "nomode" in extras else ", a handle mode at 8-14 Hz"),
        "strips": strips,
        "sets": None,
        "sets_optional": True,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": PERSON_CAUSES,
        "twitches_true": 0,
        "no_atypical": True,
        "no_rest_tremor_claim": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- caffeine (a true finding)
def sc_caffeine(fs: float, rng: Rng, extras: str = "") -> Out:
    """The ``fatigue_holds`` layout (60 s rest, three 40 s holds at 75 deg, 60 s rests) by someone who had
    three strong coffees: an enhanced physiological tremor. At rest it is 2-3x the usual (a further 0.025-
    0.04 m/s^2 at 8.5-11 Hz, 2 Hz wide); in the holds a postural tremor of 0.10-0.16 m/s^2 from the first
    second, steady (no trend: the narrow line's own envelope wanders), at 8.5-11 Hz, 1.5 Hz wide. ``fatigue``:
    the holds' tremor also grows as ``fatigue_holds`` (0.1 -> 0.25-0.35). ``amp:X`` scales the holds' starting level.

    A truthful report: no fatigue (nothing grows; with ``fatigue`` it does); the holds ``enhanced_tremor``
    (or ``calm`` against the raised rest); stimulants / sleep / stress may be named; no clinician note."""
    s = Session(330.0, fs, rng)
    n = len(s.t)
    f_ept = rng.uniform(8.5, 11.0)
    s.lin += np.outer(narrow_line(np.full(n, f_ept), fs, 2.0, rng), unit(rng)) * rng.uniform(0.025, 0.04)
    sets = []
    fat = "fatigue" in extras
    for t0 in (60.0, 160.0, 260.0):
        t1 = t0 + 40.0
        s.add_hold(t0, t1)
        a0 = rng.uniform(0.10, 0.16) * float(
            _kv(extras).get("amp", 1.0)
        )  # ``amp:X`` scales the holds' tremor
        a1 = rng.uniform(0.25, 0.35) if fat else a0
        s.add_tremor(t0 + 1.0, t1 - 1.0, a0, a1, f_ept, f_ept)
        sets.append([t0, t1])
    truth: Truth = {
        "models": f"caffeine: rest tremor raised, holds' tremor {'growing' if fat else 'steady'} from 0.10-0.16"
        f" m/s^2 at {f_ept:.1f} Hz",
        "sets": sets,
        "set_labels": ["fatigue_tremor", "mixed"] if fat else ["enhanced_tremor", "calm"],
        "peak_hz": [f_ept - 1.0, f_ept + 1.0],
        "forbidden_labels_anywhere": ["atypical_tremor", "fasciculations"]
        + ([] if fat else ["fatigue_tremor", "mixed"]),
        "forbidden_causes": ["see_a_clinician"] + ([] if fat else ["neuromuscular_fatigue"]),
        "twitches_true": 0,
        "no_atypical": True,
        "no_vibration": True,
    }
    if fat:
        truth["must_cause_in_sets"] = "neuromuscular_fatigue"
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- basketball dribbling
def sc_dribble(fs: float, rng: Rng, extras: str = "") -> Out:
    """Stationary dribbling drills: 60 s standing (arm hanging), four 30 s drills with 45 s rests. The
    watch's hand pushes the ball down 1.6-2.2 times a second (a low, quick dribble up to 2.2), the wrist
    moving +-5-10 cm vertically (``_strikes``: a 30 % 2nd harmonic, the forearm pitching +-10-20 deg
    about the elbow), each catch of the rising ball (0.6 kg at about 5 m/s stopped in the hand in tens of
    ms) a 10-30 m/s^2 jolt at the wrist (a 30-60 Hz ring, 5 ms). The forearm pitched down 30-45 deg.

    A truthful report: nothing about tremor or twitches (the drills may be sets, ``calm`` or
    ``not_assessable``); no walk (the feet stay put)."""
    s = Session(420.0, fs, rng)
    s.pitch[:] = np.deg2rad(SIDE_PITCH)
    s.roll[:] = np.deg2rad(20.0)
    s.lin += np.outer(band_noise(len(s.t), fs, 0.1, 1.5, rng), unit(rng)) * 0.03
    drills = [[60.0, 90.0], [135.0, 165.0], [210.0, 240.0], [285.0, 315.0]]
    rates: list[float] = []
    impacts: list[float] = []
    for a, b in drills:
        _to(s, a - 1.5, 1.0, -rng.uniform(30.0, 45.0), rng.uniform(0.0, 20.0))
        _to(s, b + 0.5, 1.0, SIDE_PITCH, 20.0)
        f = rng.uniform(1.6, 2.2)
        rates.append(round(f, 2))
        impacts += _strikes(s, a, b, rng, f, rng.uniform(0.05, 0.1), rng.uniform(10.0, 20.0), (10.0, 30.0))
    truth: Truth = {
        "models": f"dribbling 4 x 30 s at {rates} per s, {len(impacts)} catches 10-30 m/s^2",
        "drills": drills,
        "sets": None,
        "sets_optional": True,
        "set_labels": ["calm", "not_assessable"],
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": PERSON_CAUSES,
        "twitches_true": 0,
        "twitch_times": [],
        "artefact_times": impacts,
        "no_atypical": True,
        "not_walking_anywhere": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- a protein shaker between sets
def _shake_bottle(s: Session, a: float, L: float, rng: Rng) -> list[float]:
    """Shaking a protein shaker: the forearm pumping it up and down at 3-5 Hz for L s, the wrist moving
    +-4-10 cm along the world vertical (a 20 % 3rd harmonic: the hand reverses hard at each end), the forearm
    pitching +-10 deg; the mixing ball hits the cap or the bottom at each end (a 2-6 m/s^2 knock at the
    wrist, 20-40 Hz, 10 ms). Returns [start, end, rate]."""
    f = rng.uniform(3.0, 5.0)
    b = a + L
    m = s.mask(a, b)
    n = int(m.sum())
    fj = f * (1 + 0.03 * band_noise(n, s.fs, 0.2, 1.0, rng))
    ph = 2 * np.pi * np.cumsum(fj) / s.fs
    env = taper(s.t[m], a, b, 0.4)
    w2 = (2 * np.pi * f) ** 2 * rng.uniform(0.04, 0.10)
    y = -w2 * (np.sin(ph) + 0.2 * 9 * np.sin(3 * ph)) / 1.8
    s.lin[m] += (y * env)[:, None] * _up(s, m)
    s.pitch[m] += np.deg2rad(10.0) * np.sin(ph) * env
    i_m = np.flatnonzero(m)
    for k in np.flatnonzero(np.diff(np.floor(2 * ph / (2 * np.pi) + 0.25)) > 0):
        if env[k] > 0.5:
            p = damped_burst(s.fs, rng.uniform(20.0, 40.0), 0.01, 0.06) * rng.uniform(2.0, 6.0)
            add_at(s.lin, int(i_m[k]), p, unit(rng))
    return [round(a, 2), round(b, 2), round(f, 2)]


def sc_shaker(fs: float, rng: Rng, extras: str = "") -> Out:
    """The ``fatigue_holds`` session (60 s rest, three 40 s holds with a growing 8-11 Hz tremor, 90 s rests)
    with a protein shaker shaken (``_shake_bottle``: 3-5 Hz, the wrist +-4-10 cm) for 10-20 s (``dur:LO-HI``)
    in each rest and before the first hold, the forearm held up 20-40 deg to shake it, then a drink.

    A truthful report: the holds ``fatigue_tremor``; the shakes no set with a tremor label, no out-of-band
    episode, no clinician note, no twitch from the ball's knocks."""
    kv = _kv(extras)
    lo, hi = (float(x) for x in kv.get("dur", "10-20").split("-"))
    s = Session(60.0 + 3 * 40.0 + 2 * 90.0 + 40.0, fs, rng)
    sets = _holds(s, [60.0, 190.0, 320.0], 40.0, rng)
    shakes = []
    for r0 in (15.0, 130.0, 260.0):
        L = rng.uniform(lo, hi)
        a = r0 + rng.uniform(0.0, 10.0)
        _to(s, a - 1.5, 1.0, rng.uniform(20.0, 40.0), rng.uniform(0.0, 30.0))
        _to(s, a + L + 0.3, 1.0, 10.0, 25.0)
        shakes.append(_shake_bottle(s, a, L, rng))
    truth: Truth = {
        "models": f"fatigue holds; a protein shaker shaken in each rest {shakes} (start, end, Hz)",
        "shakes": shakes,
        "sets": sets,
        "set_labels": ["fatigue_tremor"],
        "peak_hz": [8.5, 11.5],
        "must_cause_in_sets": "neuromuscular_fatigue",
        "forbidden_labels_anywhere": ["atypical_tremor", "mixed", "fasciculations"],
        "forbidden_causes": ["see_a_clinician"],
        "twitches_true": 0,
        "no_atypical": True,
    }
    return s.t, s.total(), truth


# --------------------------------------------------------------------------- farmer's walk
def sc_farmer(fs: float, rng: Rng, extras: str = "") -> Out:
    """Farmer's walks (or carrying heavy shopping): 60 s standing, three 45-60 s carries with 60 s rests (the
    load set down, standing). Carrying, the arm hangs straight (pitch -85 deg) and does not swing; steps at
    1.7-2.0 a second; the body's vertical bob reaches the loaded hand whole (1-2 m/s^2 at the step rate, a 30 %
    2nd harmonic); the heel strikes, damped by the load, 0.5-1.5 m/s^2 (15-25 Hz, 15 ms); the load swings
    as a pendulum under the hand (0.3-0.4 m: 0.8-0.9 Hz) turning the wrist +-2-4 deg. ``fatigue``: the grip's
    fatigue tremor grows through each carry, 0.02 -> 0.1-0.18 m/s^2 at 10-11 Hz drifting down 1 Hz.

    A truthful report: the carries as walking (or sets ``calm`` / ``not_assessable``); without ``fatigue``
    no tremor label and no fatigue; with it no ``calm`` carry (``fatigue_tremor`` or not assessable)."""
    fat = "fatigue" in extras
    s = Session(420.0, fs, rng)
    s.pitch[:] = np.deg2rad(SIDE_PITCH)
    s.roll[:] = np.deg2rad(20.0)
    s.lin += np.outer(band_noise(len(s.t), fs, 0.1, 1.5, rng), unit(rng)) * 0.03
    carries: list[list[float]] = []
    t = 60.0
    for _ in range(3):
        L = rng.uniform(45.0, 60.0)
        a, b = t, t + L
        carries.append([round(a, 2), round(b, 2)])
        _to(s, a - 2.0, 1.5, -85.0, rng.uniform(0.0, 15.0))
        _to(s, b + 0.5, 1.5, SIDE_PITCH, 20.0)
        m = s.mask(a, b)
        tt = s.t[m] - a
        env = taper(s.t[m], a, b, 1.5)
        fstep = rng.uniform(1.7, 2.0)
        ph = 2 * np.pi * np.cumsum(fstep * (1 + 0.02 * np.sin(2 * np.pi * tt / 11.0))) / fs
        up = _up(s, m)
        bob = rng.uniform(1.0, 2.0) * (np.sin(ph) + 0.3 * np.sin(2 * ph + 0.5)) / 1.3
        s.lin[m] += (bob * env)[:, None] * up
        fp = np.sqrt(G / rng.uniform(0.3, 0.4)) / (2 * np.pi)
        s.roll[m] += np.deg2rad(rng.uniform(2.0, 4.0)) * np.sin(2 * np.pi * fp * tt) * env
        i_m = np.flatnonzero(m)
        for k in np.flatnonzero(np.diff(np.floor(ph / (2 * np.pi))) > 0):
            if env[k] > 0.5:
                p = damped_burst(fs, rng.uniform(15.0, 25.0), 0.015, 0.1) * rng.uniform(0.5, 1.5)
                add_at(s.lin, int(i_m[k]), p, up[k])
        if fat:
            f0 = rng.uniform(10.0, 11.0)
            s.add_tremor(a + 1.0, b - 1.0, 0.02, rng.uniform(0.1, 0.18), f0, f0 - 1.0)
        t = b + 60.0
    truth: Truth = {
        "models": f"farmer's walk 3 carries {carries}" + (", a growing grip tremor" if fat else ""),
        "carries": carries,
        "sets": None,
        "sets_optional": True,
        "set_labels": ["fatigue_tremor", "not_assessable"] if fat else ["calm", "not_assessable"],
        "forbidden_labels_anywhere": ["calm", "atypical_tremor", "mixed", "fasciculations"]
        if fat
        else TREMOR_LABELS,
        "forbidden_causes": ["see_a_clinician"] + ([] if fat else PERSON_CAUSES[1:]),
        "twitches_true": 0,
        "no_atypical": True,
        "walks": carries,
    }
    return s.t, s.total(), truth


SCENARIOS: dict[str, Callable[..., Out]] = {
    "farmer": sc_farmer,
    "shaker": sc_shaker,
    "dribble": sc_dribble,
    "vibe_plate": sc_vibe_plate,
    "chores": sc_chores,
    "guitar": sc_guitar,
    "mower": sc_mower,
    "caffeine": sc_caffeine,
}
