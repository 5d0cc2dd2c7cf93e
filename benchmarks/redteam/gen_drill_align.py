"""A cordless drill driving short screws, the bit aligned with the hand held still before each trigger (h-drill2).

Written from the physics (issue 9; h-rev42's review): ``gen_r7.sc_drill``'s drill and wrist, but each screw is
preceded by a 2.5-4 s pause with the hand still, aligning the bit in the screw head, and the screws are short
(``short``: 2.0-2.2 s each; otherwise 2-6 s). The chuck turns at 5.5-7.5 rev/s when the trigger is pulled and
slows by 30-45 % as the screw seats; over a 2 s screw that is still a fall of 20-40 %. ``own:X`` adds a tremor of
the driller's own (8-11 Hz, X m/s^2, wandering and waxing). A truthful report: nothing about the person.

``bouts`` (a true case, the cost): no drill; in each pause's place a rest tremor bout of 3-6 s starts, 4-6 Hz
(fixed per person), 1-1.5 Hz wide, 0.05-0.2 m/s^2, waxing and waning, then the hand moves back: short tremor
bouts whose rate holds from bout to bout.
"""

from __future__ import annotations

import numpy as np
from gen import Rng, Session, Truth, _kv, add_at, band_noise, damped_burst, narrow_line, smooth_step, unit
from gen_r6 import _to
from gen_r7 import NOT_PERSON, Out, _phase

TREMOR_LABELS = ["fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed"]


def sc_drill_align(fs: float, rng: Rng, extras: str = "") -> Out:
    """12 screws, one every 12-20 s after 60 s still, each after a 2.5-4 s still aligning pause."""
    kv = _kv(extras)
    short = "short" in extras
    bouts = "bouts" in extras
    f_person, bw = rng.uniform(4.0, 6.0), rng.uniform(1.0, 1.5)
    own = float(kv.get("own", 0.0))
    s = Session(300.0, fs, rng)
    s.pitch[:] = np.deg2rad(-60.0)
    s.roll[:] = np.deg2rad(20.0)
    jobs: list[list[float]] = []
    t = 60.0
    for _ in range(12):
        align = rng.uniform(2.5, 4.0)
        _to(s, t - align - 1.0, 1.0, rng.uniform(0.0, 20.0), rng.uniform(70.0, 90.0))
        dur = rng.uniform(2.0, 2.2) if short else rng.uniform(2.0, 6.0)
        a, b = t, t + dur
        m = s.mask(a, b)
        n = int(m.sum())
        if bouts:
            b = a + rng.uniform(3.0, 6.0)
            m = s.mask(a, b)
            n = int(m.sum())
            env = np.sin(np.pi * np.linspace(0, 1, n)) ** 0.5 * rng.uniform(0.05, 0.2)
            s.lin[m] += np.outer(env * narrow_line(np.full(n, f_person), fs, bw, rng), unit(rng))
            jobs.append([round(a, 2), round(b, 2), round(f_person, 2)])
            _to(s, b + 0.5, 1.0, -60.0, 20.0)
            t = b + rng.uniform(8.0, 14.0) + align
            if t > 285.0:
                break
            continue
        u = np.linspace(0, 1, n)
        ramp = smooth_step(s.t[m], a, rng.uniform(0.2, 0.5))
        f0 = rng.uniform(5.5, 7.5)
        fr = f0 * (1 - rng.uniform(0.3, 0.45) * u**1.5) * ramp
        size = rng.uniform(0.05, 0.25)
        ph = 2 * np.pi * np.cumsum(fr) / fs
        x = np.zeros(n)
        for k, amp in ((1, 1.0), (2, 0.25)):
            if k * f0 < 0.45 * fs:
                x += amp * np.sin(k * ph + rng.uniform(0, 2 * np.pi))
        d1, d2 = unit(rng), unit(rng)
        s.lin[m] += np.outer(x * size * ramp, d1) + np.outer(np.roll(x, n // 7) * 0.4 * size * ramp, d2)
        jobs.append([round(a, 2), round(b, 2), round(f0, 2)])
        slip = rng.uniform(0.3, 0.8)
        fc = 6 * fr[-1] if n else 20.0
        tc = b
        while tc < b + slip:
            fring = min(rng.uniform(40.0, 80.0), rng.uniform(0.3, 0.45) * fs)
            add_at(s.lin, s.idx(tc), damped_burst(fs, fring, 0.004, 0.03) * rng.uniform(0.5, 2.0), d1)
            tc += 1.0 / fc
        b += slip
        _to(s, b + 0.5, 1.0, -60.0, 20.0)
        t = b + rng.uniform(8.0, 14.0) + align
        if t > 285.0:
            break
    if own > 0:
        n = len(s.t)
        env = own * (1 + 0.4 * band_noise(n, fs, 0.02, 0.2, rng))
        s.lin += np.outer(env * np.sin(_phase(n, fs, rng.uniform(8.0, 11.0), 0.03, rng)), unit(rng))
    truth: Truth = {
        "models": f"driving screws after an aligning pause [start, end, rev/s] {jobs}",
        "jobs": jobs,
        "forbidden_labels_anywhere": TREMOR_LABELS,
        "forbidden_causes": NOT_PERSON,
    }
    return s.t, s.total(), truth
