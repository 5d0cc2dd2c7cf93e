"""A watch that turns on the wrist is no hold (issue 9, red team round four R4-7 and R4-9's watch_slip).

This test's own physics, not the red team's generator: a seated forearm-raise session. The watch's x
axis lies along the forearm; at forearm pitch p and the watch's roll r about the forearm, gravity in
the sensor frame is g (sin p, cos p sin r, cos p cos r). Rest: the forearm level on the thigh (p = 0),
supported, physiological tremor 0.01 m/s^2 RMS at 8-12 Hz; sensor noise 0.003 m/s^2 per axis. A hold:
the forearm raised to 35-80 deg (a 1.5 s move) and held 30-45 s, unsupported, its 8-11 Hz tremor
growing from 0.03 to 0.15 m/s^2 RMS (fatigue); rests between holds 50-80 s. The tremor turns with the
sensor (it lies along the watch's y axis at roll 0).

- A strap slip: at 40-70 % of a hold the watch turns 5-60 deg about the forearm in 0.2-0.5 s (or
  creeps over 4-8 s) and stays turned; the arm then rests level as before. Before the fix a turn of
  more than 30 deg made the next rest a posed set, joined with the holds either side into one long
  ``enhanced_tremor`` set; now each hold is its own set.
- Put back on turned: the watch lies face up on a bench for 20-40 s between two holds (no wrist:
  sensor noise only) and is worn again turned 30-90 deg.
- Turns at rest: the watch slips 25-60 deg around the wrist three times while the forearm rests:
  no set before the last slip (before the fix: posed ``hold`` sets); the pose after the last slip,
  running to the file's end, may still read as a ``calm`` hold under way (no return is seen).
- Unchanged, the other side of the rule: a calm hold (a steady tremor 1.0-1.4x the rest's, this
  repository's simulated ``calm``) raised from the rest and lowered back to it is a set, also after a
  turn in the rest before it and where the file ends in it; holds with rising tremor at any arm angle,
  the watch turned or not, are sets.
- A calm hold between two rest poses (the forearm on the thigh 30-60 s, a calm hold, then the arm
  hanging at the side 150-200 s) is a set: the hold goes out of the path from one rest pose to the
  other and back, where turns at rest lie on it (reviewer, seventh session: the hold was read as a
  turned rest in most seeds).
- Left as it was: a watch that turns at rest and then back (poses B, C, B) reads as a calm hold at C,
  as a calm hold raised from B and lowered back would; the turns at rest here all go one way.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.arm_pendulum import band_noise, smooth_step
from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo

G = 9.81
FRESH_SEEDS = [int(s) for s in np.random.SeedSequence().generate_state(6)]


def session(
    seed: int,
    fs: float,
    *,
    slip_deg: tuple[float, float] = (0.0, 0.0),
    creep: bool = False,
    bench_s: tuple[float, float] | None = None,
    rest_slips: int = 0,
    holds_n: int = 3,
    calm: bool = False,
    pitch_deg: tuple[float, float] = (60.0, 75.0),
    rest_turn_deg: float = 0.0,
    end_in_hold: bool = False,
    rest_rms: float = 0.01,
    noise: float = 0.003,
    lead_s: float = 30.0,
    hang_s: float = 0.0,
) -> tuple[Recording, list[tuple[float, float]]]:
    """The module docstring's session; returns the recording and the true holds (start_s, end_s).

    ``slip_deg``: each hold's slip, of a size drawn in that range (0: none) and either sense.
    ``bench_s``: (before, length) the watch lies on a bench that many s after the first hold's end,
    put back on turned 30-90 deg. ``rest_slips``: slips of 25-60 deg in a 240 s rest (no holds).
    ``calm``: the holds' tremor steady at 1.0-1.4x the rest's. ``rest_turn_deg``: a turn of that size
    20 s into the first rest. ``end_in_hold``: the file ends 25 s into the last hold. ``lead_s``: the
    rest before the first hold. ``hang_s``: after the last hold the arm hangs at the side (pitch -70 to
    -85 deg) this many s to the file's end, a second rest pose.
    """
    rng = np.random.default_rng(seed)
    holds = []
    t0 = lead_s
    for k in range(holds_n):
        h = rng.uniform(30.0, 45.0)
        holds.append((t0, t0 + h))
        rest = rng.uniform(50.0, 80.0)
        if k == 0 and bench_s is not None:
            rest = max(rest, bench_s[0] + bench_s[1] + 25.0)
        t0 += h + rest
    end = holds[-1][0] + 25.0 if end_in_hold else (holds[-1][1] + 30.0 if holds else 240.0)
    if hang_s:
        end = holds[-1][1] + 1.5 + hang_s
    if end_in_hold:
        holds[-1] = (holds[-1][0], end)
    t = np.arange(0.0, end, 1.0 / fs)
    n = t.size
    pitch = np.zeros(n)
    roll = np.full(n, np.deg2rad(rng.uniform(-10.0, 10.0)))
    tremor = band_noise(rng, n, fs, 8.0, 12.0, rest_rms)
    for a, b in holds:
        pitch += np.deg2rad(rng.uniform(*pitch_deg)) * (smooth_step(t, a - 1.5, 1.5) - smooth_step(t, b, 1.5))
        m = (t >= a) & (t < b)
        u = (t[m] - a) / (b - a)
        if calm:
            tremor[m] = band_noise(rng, int(m.sum()), fs, 8.0, 12.0, rest_rms * rng.uniform(1.0, 1.4))
        else:
            wander = np.convolve(rng.standard_normal(u.size), np.ones(int(fs)) / fs, mode="same")
            # a muscle's line wanders (a motor's does not: a steady line reads as machine vibration)
            freq = 10.5 - 1.5 * u + 0.3 * wander / np.std(wander)
            tremor[m] += np.sqrt(2) * (0.03 + 0.12 * u) * np.sin(2 * np.pi * np.cumsum(freq) / fs)
        if slip_deg[1] > 0:
            tk = a + rng.uniform(0.4, 0.7) * (b - a)
            d = np.deg2rad(rng.uniform(*slip_deg) * rng.choice([-1.0, 1.0]))
            roll += d * smooth_step(t, tk, rng.uniform(4.0, 8.0) if creep else rng.uniform(0.2, 0.5))
    for k in range(rest_slips):
        tk = 40.0 + 60.0 * k + rng.uniform(-5.0, 5.0)
        roll += np.deg2rad(rng.uniform(25.0, 60.0)) * smooth_step(t, tk, 0.2)  # one way (module docstring)
    if rest_turn_deg:
        roll += np.deg2rad(rest_turn_deg) * smooth_step(t, holds[0][1] + 20.0, 0.3)
    worn = np.ones(n)
    if bench_s is not None:
        off0 = holds[0][1] + bench_s[0]
        off1 = off0 + bench_s[1]
        roll += np.deg2rad(rng.uniform(30.0, 90.0) * rng.choice([-1.0, 1.0])) * smooth_step(
            t, off1 - 1.0, 1.0
        )
        worn = 1.0 - (smooth_step(t, off0, 1.0) - smooth_step(t, off1 - 1.0, 1.0))
        pitch *= worn  # face up, level
        roll *= worn
    if hang_s:
        pitch -= np.deg2rad(rng.uniform(70.0, 85.0)) * smooth_step(t, holds[-1][1], 1.5)
    grav = G * np.stack([np.sin(pitch), np.cos(pitch) * np.sin(roll), np.cos(pitch) * np.cos(roll)], axis=1)
    # the tremor along the watch's y axis at roll 0, turned with it
    lin = np.stack([np.zeros(n), tremor * np.cos(roll), -tremor * np.sin(roll)], axis=1) * worn[:, None]
    acc = grav + lin + noise * rng.standard_normal((n, 3))
    rec = Recording(
        time_s=t,
        acc_mps2=acc,
        gravity_included=True,
        source=SourceInfo(path=f"<turned watch seed {seed}>", format="simulated", units="m/s^2"),
        fs_declared_hz=fs,
    )
    return rec, holds


def _overlap(a: tuple[float, float], spans: list[tuple[float, float]]) -> float:
    return sum(max(0.0, min(a[1], b) - max(a[0], s)) for s, b in spans)


def _check(
    rec: Recording, holds: list[tuple[float, float]], *, fatigue: bool = True, unclear: tuple[int, ...] = ()
) -> None:
    """Each hold is one set, each set lies mostly in a hold; whole rising holds read as fatigue. The holds numbered in
    ``unclear`` (calm ones the recording ends in, or after which the arm rests in another pose) may instead be no set but
    a note that each was a light hold or a change of posture (:func:`tremor.core.posture_shift.stay_kind`: where their
    tremor is the rest's), never silently lost."""
    result = analyze(rec)
    noted = [
        k
        for k in unclear
        if any(
            min(v, holds[k][1]) - max(u, holds[k][0]) >= 0.8 * (holds[k][1] - holds[k][0])
            for u, v, _ in result.unclear_stays
        )
    ]
    assert not noted or any("a light hold, or a change of posture" in n for n in result.notes)
    holds = [h for k, h in enumerate(holds) if k not in noted]
    spans = [(s.span.start_s, s.span.end_s) for s in result.sets]
    assert len(spans) == len(holds), (spans, holds)
    for hold in holds:
        assert _overlap(hold, spans) >= 0.8 * (hold[1] - hold[0]), (hold, spans)
    for s in spans:
        assert _overlap(s, holds) >= 0.8 * (s[1] - s[0]), (s, holds)
    if fatigue:
        labels = [s.label for s in result.sets]
        assert all(label in ("fatigue_tremor", "mixed") for label in labels), labels


SEEDS = [1, *FRESH_SEEDS[:1]]


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_strap_slipping_in_each_hold_leaves_each_hold_one_set(seed, fs):
    print(f"seed {seed} fs {fs}")
    _check(*session(seed, fs, slip_deg=(20.0, 60.0)))


@pytest.mark.parametrize("seed", SEEDS)
def test_small_and_creeping_turns(seed):
    print(f"seed {seed}")
    _check(*session(seed, 100.0, slip_deg=(5.0, 20.0)))
    _check(*session(seed, 100.0, slip_deg=(30.0, 60.0), creep=True))


@pytest.mark.parametrize("fs", [50.0, 200.0])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_watch_put_back_on_turned_after_a_break(seed, fs):
    print(f"seed {seed} fs {fs}")
    rec, holds = session(seed, fs, bench_s=(10.0, float(np.random.default_rng(seed).uniform(20.0, 40.0))))
    _check(rec, holds)


@pytest.mark.parametrize("seed", SEEDS)
def test_turns_at_rest_make_no_set(seed):
    print(f"seed {seed}")
    rec, _ = session(seed, 100.0, holds_n=0, rest_slips=3)
    result = analyze(rec)
    # the turned poses between the slips are rest; the last one, which runs to the file's end, may read as
    # a calm hold under way (a hold the recording stopped in: no return to a rest is seen)
    last = 40.0 + 60.0 * 2 - 5.0 - 1.0  # the last slip's earliest time, less a frame's lead
    assert all(s.span.start_s >= last for s in result.sets), [
        (s.span.start_s, s.span.end_s) for s in result.sets
    ]
    assert all(s.label == "calm" for s in result.sets), [s.label for s in result.sets]


@pytest.mark.parametrize("seed", SEEDS)
def test_calm_holds_raised_from_the_rest_stay_sets(seed):
    """The other side: a steady tremor at the rest's level, but the arm leaves the rest and comes back."""
    print(f"seed {seed}")
    _check(*session(seed, 100.0, calm=True, pitch_deg=(35.0, 80.0)), fatigue=False)
    # two calm holds after a 100 s rest: their still time stays under the rest's (with more, the rule of
    # tremor.core.rest_pose.rest_poses takes their pose, the rest's tremor, for a second rest pose)
    _check(*session(seed, 100.0, calm=True, rest_turn_deg=45.0, holds_n=2, lead_s=100.0), fatigue=False)
    # a calm hold the recording ends in: one sensor cannot tell it from a change of posture (h-stay), said so
    rec, holds = session(seed, 100.0, calm=True, end_in_hold=True)
    _check(rec, holds, fatigue=False, unclear=(len(holds) - 1,))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_calm_hold_between_two_rest_poses_stays_a_set(seed):
    """The forearm on the thigh, a calm hold raised 35-80 deg, then the arm hanging: the hold is a set, or, at the rest's
    tremor, a note (one sensor cannot tell a 30-45 s stay leaving for another pose from a change of posture, h-stay)."""
    print(f"seed {seed}")
    lead_s, hang_s = np.random.default_rng(seed + 1).uniform((30.0, 150.0), (60.0, 200.0))
    rec, holds = session(
        seed, 100.0, calm=True, holds_n=1, pitch_deg=(35.0, 80.0), lead_s=lead_s, hang_s=hang_s
    )
    _check(rec, holds, fatigue=False, unclear=(0,))


@pytest.mark.parametrize("seed", SEEDS)
def test_rising_holds_at_any_arm_angle_stay_sets(seed):
    """A hold at 35-80 deg with a rising tremor, the watch turned in the rest before it or not."""
    print(f"seed {seed}")
    _check(*session(seed, 100.0, pitch_deg=(35.0, 80.0)))
    _check(*session(seed, 100.0, pitch_deg=(35.0, 80.0), rest_turn_deg=-50.0))
