"""Rest rhythms at 3.5-6 Hz from the physics: a true rest tremor and three rhythms that are not one (issue 9).

Written from how bodies move, not from the detector, and not from the red team's or the stress simulator's rhythm
models (only the seated sensor below, gravity, noise and the wrist's own 8-11 Hz physiological tremor, is common).
Each case is 240 s seated with a watch on the dorsal wrist (x along the forearm, z out of the back of the wrist).

- :func:`pd_rest_tremor`, the true case: a parkinsonian-like rest tremor, the forearm rolling (pronation-supination)
  0.1-2 deg about its own axis at 4-6 Hz, the watch 1.5-3 cm off that axis, so the sensor reads the tangential
  acceleration ``r * theta''`` and the gravity vector turning with the roll, ``g * theta`` (both across the forearm);
  a small elbow component (0-20 % of the roll, the forearm pitching about the elbow 25 cm away). It starts 10-40 s
  in, builds over 2-6 s and persists for minutes, its size waxing and waning (log-SD 0.2-0.5 over 3-20 s), in 4 of
  10 draws fading to a tenth for 2-8 s once or twice (a distraction, a spontaneous lull) with 1-3 s ramps; its rate
  wanders 0.05-0.25 Hz (SD) over 2-10 s; the roll's 2nd harmonic 0-0.25 (x4 in acceleration).
- :func:`panting_dog`: a hand resting flat on a panting dog's chest or flank (any roll, a pitch within 30 deg: the
  dog lying, sitting or standing). The chest wall pushes the hand along the palm's normal, the watch's z, sliding
  it 0-40 % as much along the coat, at the panting rate, 4.3-6 breaths a
  second wandering 3-8 % from breath to breath, the in- and exhale asymmetric (2nd harmonic 0.1-0.8, 3rd 0-0.3),
  0.05-0.5 m/s^2 at the hand, in bouts of 8-40 s that start and stop within a breath or two (0.2-0.6 s) with 2-10 s
  pauses (a swallow, a sniff), in which the dog breathes slowly and deeply (0.3-0.6 Hz, the hand rising 2-5 mm and
  tilting 1-3 deg).
- :func:`metronomic_shake`: a person shaking the hand on purpose at a steady beat (mimicking a tremor, a game, a
  rhythm tapped out with the wrist): 3.5-5 Hz wandering 1-3 %, 0.5-5 m/s^2 (at 4 Hz 5 m/s^2 is 8 mm of travel),
  partly a forearm roll and partly a translation of the hand, 2nd harmonic 0.1-0.9, in bouts of 3-15 s that start
  and stop within 0.1-0.5 s, 3-30 s of rest between.
- :func:`heel_bounce`: the hand resting on the thigh near the knee while the heel bounces (a seated leg jiggle):
  the thigh rises and falls about the hip at 3.5-6 Hz, 0.2-2.5 m/s^2 at the hand, 0.7-1.0 of it along gravity
  (the knee's arc and the foot's push add fore-aft), 2nd harmonic 0.1-0.4 (heel lift and drop), in bouts of 20-90 s
  with 3-20 s pauses, starting and stopping within 0.3-1 s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import tremor
from tremor.core.recording import Recording, SourceInfo

G = 9.80665
DUR_S = 240.0

__all__ = ["KINDS", "heel_bounce", "metronomic_shake", "panting_dog", "pd_rest_tremor"]


def _lowpass_walk(rng: np.random.Generator, n: int, fs: float, corr_s: float, sd: float) -> np.ndarray:
    """An Ornstein-Uhlenbeck process of standard deviation ``sd`` and correlation time ``corr_s`` (exact steps)."""
    a = np.exp(-1.0 / (corr_s * fs))
    x = np.empty(n)
    x[0] = rng.normal(0.0, sd)
    e = rng.normal(0.0, sd * np.sqrt(1 - a * a), size=n)
    for i in range(1, n):  # a plain loop: n <= 48000, well under a second
        x[i] = a * x[i - 1] + e[i]
    return x


def _ramp_box(t: np.ndarray, on: float, off: float, up: float, down: float) -> np.ndarray:
    """1 between ``on + up`` and ``off - down``, linear ramps of ``up`` and ``down`` s, 0 outside [on, off]."""
    return np.clip(np.minimum((t - on) / max(up, 1e-6), (off - t) / max(down, 1e-6)), 0.0, 1.0)


class _Seated:
    """A seated wrist: a pose (roll, pitch), breathing sway, the wrist's physiological tremor, sensor noise."""

    def __init__(self, rng: np.random.Generator, fs: float, roll_deg: float, pitch_deg: float) -> None:
        self.rng, self.fs = rng, fs
        self.t = np.arange(int(DUR_S * fs)) / fs
        n = self.t.size
        breath = 2 * np.pi * np.cumsum(np.full(n, rng.uniform(0.2, 0.33))) / fs
        self.roll = np.deg2rad(roll_deg) + np.deg2rad(rng.uniform(0.2, 1.0)) * np.sin(breath)
        self.pitch = np.deg2rad(pitch_deg) + _lowpass_walk(
            rng, n, fs, 10.0, np.deg2rad(rng.uniform(0.3, 1.5))
        )
        self.lin = np.zeros((n, 3))
        # the wrist's own physiological tremor, a 1-2 Hz wide band at 8-11 Hz
        phys = np.zeros(n)
        for f in rng.uniform(8.0, 11.0, size=6):
            phys += np.sin(2 * np.pi * np.cumsum(f + _lowpass_walk(rng, n, fs, 0.5, 0.6)) / fs)
        u = rng.normal(size=3)
        self.lin += np.outer(rng.uniform(0.004, 0.012) * phys / phys.std(), u / np.linalg.norm(u))

    def recording(self, what: str) -> tremor.Recording:
        """Gravity from the pose (the specific force of a still sensor points up), plus noise, as a Recording."""
        up = np.column_stack(
            [
                -np.sin(self.pitch),
                np.sin(self.roll) * np.cos(self.pitch),
                np.cos(self.roll) * np.cos(self.pitch),
            ]
        )
        acc = G * up + self.lin + self.rng.uniform(0.005, 0.015) * self.rng.normal(size=self.lin.shape)
        stamps = self.t + self.rng.uniform(-0.05, 0.05, size=self.t.size) / self.fs
        stamps[0] = 0.0
        src = SourceInfo("<rest-rhythm>", "simulated", "m/s^2", details={"scenario": what})
        return Recording(stamps, acc, True, src, range_mps2=8 * G)


def _waveform(ph: np.ndarray, harm: list[float], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A periodic waveform of phase ``ph`` with locked harmonics ``harm`` (2nd, 3rd, ...): (value, 2nd derivative
    over the fundamental's angular rate squared), the slow changes of rate and size left out."""
    x, d2 = np.sin(ph), -np.sin(ph)
    for k, h in enumerate(harm, start=2):
        p = rng.uniform(0, 2 * np.pi)
        x = x + h * np.sin(k * ph + p)
        d2 = d2 - k * k * h * np.sin(k * ph + p)
    return x, d2


def pd_rest_tremor(seed: int, fs: float, *, intermittent: bool = False) -> tremor.Recording:
    """The true case: a parkinsonian-like rest tremor rolling the forearm for minutes (see the module).

    ``intermittent``: an early tremor that comes and goes at rest, in spells of 15-60 s with 4-20 s lulls, each
    spell building and fading over 1-3 s (the rest of the draw as above)."""
    rng = np.random.default_rng(seed)
    s = _Seated(rng, fs, rng.uniform(-30.0, 60.0), rng.uniform(-15.0, 15.0))
    t, n = s.t, s.t.size
    on = rng.uniform(10.0, 40.0)
    off = DUR_S - rng.uniform(0.0, 40.0)
    env = _ramp_box(t, on, off, rng.uniform(2.0, 6.0), rng.uniform(1.0, 4.0))
    if intermittent:
        env *= _bouts(rng, t, (on, off), (15.0, 60.0), (4.0, 20.0), (1.0, 3.0))
    env *= np.exp(_lowpass_walk(rng, n, fs, rng.uniform(3.0, 20.0), rng.uniform(0.2, 0.5)))
    if rng.uniform() < 0.4:
        for _ in range(int(rng.integers(1, 3))):
            a = rng.uniform(on + 20.0, off - 20.0)
            ramp = rng.uniform(1.0, 3.0)
            env *= 1.0 - 0.9 * _ramp_box(t, a, a + rng.uniform(2.0, 8.0) + 2 * ramp, ramp, ramp)
    f = rng.uniform(4.0, 6.0) + _lowpass_walk(rng, n, fs, rng.uniform(2.0, 10.0), rng.uniform(0.05, 0.25))
    ph = 2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 2 * np.pi)
    wave, d2 = _waveform(ph, [rng.uniform(0.0, 0.25)], rng)
    w2 = (2 * np.pi * f) ** 2
    theta0 = np.deg2rad(np.exp(rng.uniform(np.log(0.1), np.log(2.0))))
    theta, theta_dd = theta0 * env * wave, theta0 * env * d2 * w2
    # the watch 1.5-3 cm above the roll axis and up to 1 cm to its side: a = theta'' x (r_y, r_z) about x
    rz, ry = rng.uniform(0.015, 0.03), rng.uniform(-0.01, 0.01)
    s.lin[:, 1] += -rz * theta_dd
    s.lin[:, 2] += ry * theta_dd - rz * (theta0 * env * 2 * np.pi * f) ** 2 * 0.5 * (1 + np.cos(2 * ph))
    s.roll = s.roll + theta
    # the elbow's share: the forearm pitching about the elbow, the watch 25 cm from it
    k = rng.uniform(0.0, 0.2)
    lag = rng.uniform(0, 2 * np.pi)
    psi, psi_dd = k * theta0 * env * np.sin(ph + lag), -k * theta0 * env * np.sin(ph + lag) * w2
    s.lin[:, 2] += 0.25 * psi_dd
    s.pitch = s.pitch + psi
    return s.recording("a parkinsonian-like rest tremor")


def _bouts(
    rng: np.random.Generator,
    t: np.ndarray,
    span: tuple[float, float],
    on_s: tuple[float, float],
    off_s: tuple[float, float],
    edge_s: tuple[float, float],
) -> np.ndarray:
    """A 0-1 envelope of bouts lasting ``on_s`` with pauses ``off_s`` within ``span``, each edge ``edge_s`` long."""
    env = np.zeros_like(t)
    a = span[0]
    while a < span[1] - 2.0:
        b = min(a + rng.uniform(*on_s), span[1])
        env = np.maximum(env, _ramp_box(t, a, b, rng.uniform(*edge_s), rng.uniform(*edge_s)))
        a = b + rng.uniform(*off_s)
    return env


def _direction(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


Range = tuple[float, float]


@dataclass(frozen=True)
class _InBouts:
    """A rhythm in bouts on a seated wrist: the ranges its draws come from (each a uniform draw, in this order)."""

    roll_deg: Range
    pitch_deg: Range
    lead_s: Range  # the first bout starts this long into the recording ...
    tail_s: Range  # ... and the last ends this long before its end
    on_s: Range  # a bout's length
    off_s: Range  # a pause's length
    edge_s: Range  # a bout's start and stop
    hz: Range  # the rhythm's mean rate, wandering by a factor 1 + an Ornstein-Uhlenbeck walk of ...
    wander_corr_s: Range  # ... this correlation time ...
    wander_sd: Range  # ... and this standard deviation
    harmonics: tuple[Range, ...]  # the waveform's 2nd, 3rd, ... harmonic


def _in_bouts(
    seed: int, fs: float, spec: _InBouts
) -> tuple[np.random.Generator, _Seated, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The skeleton of a rhythm in bouts: (rng, seated wrist, bout envelope, rate Hz, phase, waveform, its 2nd
    derivative over the angular rate squared), the rng left where the rhythm's own draws go on."""
    rng = np.random.default_rng(seed)
    s = _Seated(rng, fs, rng.uniform(*spec.roll_deg), rng.uniform(*spec.pitch_deg))
    n = s.t.size
    env = _bouts(
        rng,
        s.t,
        (rng.uniform(*spec.lead_s), DUR_S - rng.uniform(*spec.tail_s)),
        spec.on_s,
        spec.off_s,
        spec.edge_s,
    )
    f = rng.uniform(*spec.hz) * (
        1 + _lowpass_walk(rng, n, fs, rng.uniform(*spec.wander_corr_s), rng.uniform(*spec.wander_sd))
    )
    ph = 2 * np.pi * np.cumsum(f) / fs
    wave, d2 = _waveform(ph, [rng.uniform(*h) for h in spec.harmonics], rng)
    return rng, s, env, f, ph, wave, d2


_DOG = _InBouts(
    (-90.0, 90.0), (-30.0, 30.0), (10.0, 30.0), (0.0, 30.0), (8.0, 40.0), (2.0, 10.0), (0.2, 0.6),
    (4.3, 6.0), (0.5, 3.0), (0.03, 0.08), ((0.1, 0.8), (0.0, 0.3)),
)  # fmt: skip
_SHAKE = _InBouts(
    (-30.0, 60.0), (-15.0, 15.0), (15.0, 40.0), (10.0, 40.0), (3.0, 15.0), (3.0, 30.0), (0.1, 0.5),
    (3.5, 5.0), (1.0, 5.0), (0.01, 0.03), ((0.1, 0.9),),
)  # fmt: skip
_BOUNCE = _InBouts(
    (-20.0, 20.0), (-20.0, 10.0), (10.0, 30.0), (0.0, 30.0), (20.0, 90.0), (3.0, 20.0), (0.3, 1.0),
    (3.5, 6.0), (1.0, 5.0), (0.01, 0.04), ((0.1, 0.4),),
)  # fmt: skip


def panting_dog(seed: int, fs: float) -> tremor.Recording:
    """A hand resting on a panting dog (see the module)."""
    rng, s, env, _, _, wave, _ = _in_bouts(seed, fs, _DOG)
    n = s.t.size
    amp = np.exp(rng.uniform(np.log(0.05), np.log(0.5))) * np.exp(_lowpass_walk(rng, n, fs, 1.0, 0.15))
    # the chest wall pushes the hand along the palm's normal (the watch's z), sliding it 0-40 % along the coat
    slide = rng.uniform(0.0, 0.4) * np.array([np.cos(a := rng.uniform(0, 2 * np.pi)), np.sin(a), 0.0])
    push = np.array([0.0, 0.0, 1.0]) + slide
    s.lin += np.outer(amp * env * wave / wave.std(), push / np.linalg.norm(push))
    # in the pauses the dog breathes slowly and deeply: the hand rises 2-5 mm and tilts 1-3 deg
    slow = 2 * np.pi * np.cumsum(np.full(n, rng.uniform(0.3, 0.6))) / fs
    rest = 1.0 - env
    wb = 2 * np.pi * rng.uniform(0.3, 0.6)
    s.lin += np.outer(rest * rng.uniform(0.002, 0.005) * wb**2 * np.sin(slow), _direction(rng))
    s.roll = s.roll + rest * np.deg2rad(rng.uniform(1.0, 3.0)) * np.sin(slow)
    return s.recording("a hand resting on a panting dog")


def metronomic_shake(seed: int, fs: float) -> tremor.Recording:
    """A hand shaken on purpose at a steady beat, in bouts (see the module)."""
    rng, s, env, f, _, wave, d2 = _in_bouts(seed, fs, _SHAKE)
    n = s.t.size
    acc = np.exp(rng.uniform(np.log(0.5), np.log(5.0))) * np.exp(_lowpass_walk(rng, n, fs, 2.0, 0.1))
    q = rng.uniform(0.0, 1.0)  # the roll's share of the acceleration
    w2 = (2 * np.pi * f) ** 2
    theta0 = q * acc / (w2 * 0.02 + G)
    s.roll = s.roll + theta0 * env * wave
    s.lin[:, 1] += -0.02 * theta0 * env * d2 * w2
    s.lin += np.outer((1 - q) * acc * env * wave / wave.std(), _direction(rng))
    return s.recording("a metronomic shaking of the hand")


def heel_bounce(seed: int, fs: float) -> tremor.Recording:
    """The hand on the thigh near the knee while the heel bounces (see the module)."""
    rng, s, env, f, _, wave, _ = _in_bouts(seed, fs, _BOUNCE)
    acc = np.exp(rng.uniform(np.log(0.2), np.log(2.5))) * env * wave / wave.std()
    # up in the sensor frame is the specific force's direction; fore-aft along the forearm
    up = np.array(
        [-np.sin(s.pitch[0]), np.sin(s.roll[0]) * np.cos(s.pitch[0]), np.cos(s.roll[0]) * np.cos(s.pitch[0])]
    )
    vert = rng.uniform(0.7, 1.0)
    fore = np.array([1.0, 0.0, 0.0]) - up[0] * up
    fore /= np.linalg.norm(fore)
    s.lin += np.outer(acc, np.sqrt(vert) * up + np.sqrt(1 - vert) * fore)
    # the thigh pitches about the hip, 40 cm away: the hand tilts by the rise over 0.4 m
    s.pitch = s.pitch + acc / (2 * np.pi * f) ** 2 / 0.4
    return s.recording("a heel bounce under the hand")


#: The cases by name: the true one first.
KINDS = {
    "pd_rest_tremor": pd_rest_tremor,
    "pd_intermittent": lambda seed, fs: pd_rest_tremor(seed, fs, intermittent=True),
    "panting_dog": panting_dog,
    "metronomic_shake": metronomic_shake,
    "heel_bounce": heel_bounce,
}
