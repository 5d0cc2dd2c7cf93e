"""A true rest tremor in the stops of a walk (h-dog, issue 9): the control for ``gen_r7.py dog_lead``.

Written from the physics of the forearm, not from the detector. A parkinsonian-like rest tremor is a rotation:
pronation-supination about the forearm's long axis (the watch's x axis, 3 o'clock to 9 o'clock across the face
of a wrist-worn watch) and flexion-extension at the elbow (the forearm pitching). At the watch, both turn the
gravity vector the accelerometer reads (``g theta``) and move the watch along a tangent: for the twist, the watch
on the back of the wrist 2-3 cm off the forearm's axis moves across the forearm (device y); for the elbow, 22-28 cm
out, it moves at right angles to the forearm in its pitch plane (device z). Neither moves the watch along the
forearm: only the elbow's turning of gravity in the pitch plane has a component along x (``g theta cos(pitch)``,
4 % of its tangential size at 5 Hz). A panting dog's pull through a held lead acts along the lead, with which a
relaxed arm holding it aligns (device x, as ``dog_lead`` writes it).

``sc_rest_walks``: a 6 min walk with three stops of 15-30 s, standing with the arm as in ``dog_lead`` (held forward
and down, pitch -30 to -45 deg) or hanging (``hang``: pitch -75 to -85 deg). In each stop, 1-6 s after it starts,
a rest tremor at 4-6.5 Hz (fixed per person, wandering +-0.1 Hz) of 0.05-2 deg pronation-supination (log-uniform)
and 0-70 % as much elbow flexion at a random phase, waxing and waning (30 %, 0.02-0.2 Hz; ``steady``: 5 %), a
2nd harmonic at 0-25 %; it is suppressed while walking (the worst case for a rule reading the stops). ``translate``:
no rotation, the wrist moved to and fro along a random direction by the twist's tangential size: not a rest
tremor's mechanism, the exposure of a rule reading the direction to a rhythm of any other. ``twist`` (h-rev43): the
elbow flexion at most 3 % of the twist (a pronation-supination tremor); ``phone``: the same read by a phone held flat
in the hand, its long side (y) along the forearm and its x across it (the columns turned: a phone's frame, where
the twist's tangent and gravity's turn lie along x). A truthful
report: the rest tremor's episodes at the stops whose tremor is above the detection limit, and the clinician
note.
"""

from __future__ import annotations

import numpy as np
from gen import Rng, Session, Truth, add_at, band_noise, damped_burst, taper, unit
from gen_r6 import _to, _up
from gen_r7 import _phase

Out = tuple[np.ndarray, np.ndarray, Truth]


def _walk_with_stops(
    s: Session, rng: Rng, pitch_deg: float
) -> tuple[list[tuple[float, float]], list[list[float]]]:
    """Walking bouts of 50-80 s and three stops of 15-30 s (the bob, heel strikes, a small arm swing)."""
    n_all = len(s.t)
    stops: list[list[float]] = []
    t = 30.0
    for _ in range(3):
        w, st = rng.uniform(50.0, 80.0), rng.uniform(15.0, 30.0)
        stops.append([round(t + w, 2), round(t + w + st, 2)])
        t += w + st
    end_walk = min(t + 60.0, 380.0)
    spans, a = [], 30.0
    for st0, st1 in stops:
        spans.append((a, st0))
        a = st1
    spans.append((a, end_walk))
    walking = np.zeros(n_all)
    for a, b in spans:
        walking += taper(s.t, a, b, 1.0)
    _to(s, 28.0, 1.5, pitch_deg, rng.uniform(10.0, 30.0))
    _to(s, end_walk + 0.5, 1.5, -80.0, 20.0)
    ph = _phase(n_all, s.fs, rng.uniform(0.9, 1.0), 0.02, rng)
    s.pitch += np.deg2rad(rng.uniform(5.0, 15.0)) * np.sin(ph) * walking
    up = _up(s, np.ones(n_all, bool))
    s.lin += (rng.uniform(0.5, 1.0) * np.sin(2 * ph) * walking)[:, None] * up
    for k in np.flatnonzero(np.diff(np.floor(2 * ph / (2 * np.pi))) > 0):
        if walking[k] > 0.5:
            burst = damped_burst(s.fs, rng.uniform(15.0, 25.0), 0.01, 0.06) * rng.uniform(1.0, 3.0)
            add_at(s.lin, int(k), burst, up[k])
    return spans, stops


def sc_rest_walks(fs: float, rng: Rng, extras: str = "") -> Out:
    """A walk with three stops, a rest tremor (a twist and an elbow flexion) in each stop (see the module)."""
    s = Session(400.0, fs, rng)
    s.pitch[:] = np.deg2rad(-80.0)
    s.roll[:] = np.deg2rad(20.0)
    pose = rng.uniform(-85.0, -75.0) if "hang" in extras else rng.uniform(-45.0, -30.0)
    spans, stops = _walk_with_stops(s, rng, pose)
    steady = "steady" in extras
    n_all = len(s.t)
    f_rt = rng.uniform(4.0, 6.5)
    drive = np.zeros(n_all)
    eps = []
    for a, b in stops:
        e0 = a + rng.uniform(1.0, 6.0)
        size = float(np.exp(rng.uniform(np.log(0.05), np.log(2.0))))
        eps.append([round(e0, 2), round(b - 0.5, 2), round(size, 3)])
        drive += taper(s.t, e0, b - 0.5, 1.5) * np.deg2rad(size)
    wax = np.clip(1.0 + (0.05 if steady else 0.3) * band_noise(n_all, fs, 0.02, 0.2, rng), 0.3, None)
    ph = _phase(n_all, fs, f_rt, 0.1 / f_rt, rng)
    h2 = rng.uniform(0.0, 0.25)
    wave = np.sin(ph) + h2 * np.sin(2 * ph + rng.uniform(0, 2 * np.pi))
    twist = drive * wax * wave  # pronation-supination (rad)
    flex = (
        rng.uniform(0.0, 0.03 if "twist" in extras else 0.7)
        * drive
        * wax
        * np.sin(ph + rng.uniform(0, 2 * np.pi))
    )  # elbow (rad)
    dt = 1.0 / fs
    r_twist, r_elbow = rng.uniform(0.02, 0.03), rng.uniform(0.22, 0.28)
    if "translate" in extras:  # no rotation: the wrist moved to and fro along a random direction
        s.lin += np.outer(r_twist * np.gradient(np.gradient(twist, dt), dt), unit(rng))
    else:
        s.roll += twist
        s.pitch += flex
        s.lin[:, 1] += r_twist * np.gradient(np.gradient(twist, dt), dt)  # across the forearm
        # the elbow's tangent: at right angles to the forearm, in its pitch plane
        s.lin[:, 2] += r_elbow * np.gradient(np.gradient(flex, dt), dt)
    truth: Truth = {
        "models": f"a walk with stops {stops}; rest tremor {f_rt:.2f} Hz in them [start, end, twist deg] {eps}"
        f"{', steady' if steady else ''}",
        "walks": [list(x) for x in spans],
        "stops": stops,
        "rest_tremor_hz": f_rt,
        "rest_tremor_episodes": eps,
        "must_cause_session": "see_a_clinician",
    }
    acc = s.total()
    if "phone" in extras:  # a phone held flat in the hand, its long side (y) along the forearm, x across it
        acc = acc[:, [1, 0, 2]] * np.array([1.0, -1.0, 1.0])
    return s.t, acc, truth


SCENARIOS = {"rest_walks": sc_rest_walks}
