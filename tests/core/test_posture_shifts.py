"""Posture shifts in long seated rests are rest, not holds; true holds beside them stay sets (issue 9, R4-8).

The signals are this test's own physics, not the red team's. A seated wrist rests on the lap (a forearm 5 deg
from level, breathing and small shifts turning it about 1 deg at 0.05-0.5 Hz; a resting tremor of 0.010 m/s^2
RMS at 8-12 Hz; 0.004 m/s^2 sensor noise). Among the rests:

* posture stays: the person leans back, crosses the legs, moves the forearm to an armrest: over 1-2 s the
  forearm turns 35-90 deg (about a random axis, to a pose at least 45 deg from a hold's raised forearm) and stays in that new pose for 1-5 minutes with the rest's
  tremor (0.8-1.3x its RMS), then settles again: on the lap in a new place (12-22 deg from where it lay before:
  the thigh's angle changed), or, after 2.5 minutes or more, wherever it lay before;
* true holds: the forearm raised 60-90 deg from the rest pose (one angle a session, within 3 deg each time) and
  put back there (within 2 deg), a hold's
  sway (1 deg at 0.1-1 Hz): ``fatigue`` (a tremor growing from 0.02 to 0.10-0.15 m/s^2 at 9-10.5 Hz drifting
  0.8 Hz lower, 20-120 s), ``calm`` (1.0-1.4x the rest's tremor, 20-120 s), ``steady`` (1.8-2.2x, 150-200 s).

Before the rule (:mod:`tremor.core.posture_shift`), on seeds 100-139 at 50, 100 and 200 Hz (:func:`_plan`, two
stays a draw): posture stays read as ``calm`` hold sets 215 of 240; after, 0 of 240, and every true hold kept its
label, before and after (fatigue 240/240 ``fatigue_tremor``, calm 120/120 ``calm``). The near cases on the other
side of each threshold (:func:`_near_plan`) stay sets, before and after (240/240 ``calm``, 120/120 found): a calm
hold of 60-120 s put back where it was raised from (the pose does not move on, and under ``SETTLED_S``), a steady hold
of 150-200 s at 1.8-2.2x the rest's tremor RMS (over ``REST_LEVEL`` in power); and a calm hold of 30-55 s put back.
A light hold of 30-55 s at the rest's tremor after which the forearm settles 12-22 deg away (under ``MOVED_MIN_S``)
was a set; since h-stay (:func:`tremor.core.posture_shift.stay_kind`) it is a note that it was a light hold or a
change of posture, no set (a set where its sway crosses the movement level in 3 or more bouts), as are posture stays
of 20-55 s after which the arm rests elsewhere (:func:`_short_plan`): 0 of 315 draws failed each (h-stay, 50-200 Hz).

Not this rule's, found while writing these (main and this branch alike): where the posture stays' pose lay near the
holds' raised pose, or holds at the rest's tremor outweighed the rests in still time, the rest pose rule
(:mod:`tremor.core.rest_pose`) took the holds' pose for a rest (2 of 90 fatigue holds, 6 of 180 calm holds lost on
seeds 0-29), and a calm hold raised 20-30 deg from the session's other holds read as a turned watch (its frames
flicker between two pose groups: ``turned_rests`` takes the other group for its neighbours; fresh seed 1572052290,
every rate). The stays here are drawn 45 deg or more from the raised pose, the rests outweigh the holds, and a
session's holds are raised alike.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.arm_pendulum import band_noise, lap_recording, smooth_step, span_overlap_s
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.recording import Recording

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)
REST_RMS = 0.010


def _turned(g: np.ndarray, deg: float, rng: np.random.Generator) -> np.ndarray:
    """``g`` turned by ``deg`` about a random axis perpendicular to it."""
    u = rng.normal(size=3)
    u -= (u @ g) * g
    u /= np.linalg.norm(u)
    r = np.deg2rad(deg)
    return np.cos(r) * g + np.sin(r) * u


def _pitch_roll(g: np.ndarray) -> tuple[float, float]:
    return float(np.arcsin(np.clip(g[0], -1.0, 1.0))), float(np.arctan2(g[1], g[2]))


def seated(
    seed: int,
    fs: float,
    plan: list[tuple[str, float, float]],
    stay_level: tuple[float, float] = (0.8, 1.2),
    max_drift_deg: float | None = None,
    sway_deg: float = 1.0,
) -> tuple[Recording, list[tuple[str, float, float]]]:
    """A seated session of ``plan``'s (kind, seconds, then_deg) in order.

    kind: ``rest`` (at the current rest pose), ``stay`` (a posture stay 35-90 deg from it) or a hold (``fatigue``,
    ``calm``, ``steady``, ``late``: raised 60-90 deg). After a stay or hold the forearm settles ``then_deg`` from the rest
    pose it left (0: back where it was, within 2 deg), which becomes the rest pose. Returns the recording and the
    true (kind, start_s, end_s) of every stay and hold (their still part, the 1.5 s turns outside it).
    ``max_drift_deg``: each new rest pose is redrawn (a new axis) until it lies at most this far from the first.
    ``sway_deg``: the seated forearm's slow turning (pitch; 0.7x in roll) at 0.05-0.5 Hz, throughout; a hold adds 1 deg
    at 0.1-1 Hz."""
    rng = np.random.default_rng(seed)
    raise_deg = rng.uniform(60.0, 90.0)  # the session's hold: one exercise, raised alike each time
    total = sum(d for _, d, _ in plan) + 1.5 * len(plan)
    t = np.arange(0.0, total, 1.0 / fs)
    n = t.size
    g = np.array([np.sin(np.deg2rad(5.0)), 0.0, np.cos(np.deg2rad(5.0))])
    g = np.array([g[0], g[2] * np.sin(np.deg2rad(10.0)), g[2] * np.cos(np.deg2rad(10.0))])
    pr0 = _pitch_roll(g)
    g_first = g
    pitch, roll = np.full(n, pr0[0]), np.full(n, pr0[1])
    level = np.ones(n)
    grow = np.zeros(n)
    sway = np.zeros(n)
    spans = []
    t0 = 0.0
    for kind, dur, then_deg in plan:
        if kind == "rest":
            t0 += dur
            continue
        a, b = t0 + 1.5, t0 + 1.5 + dur
        if kind == "stay":
            # a seated posture does not raise the forearm as a hold does: at least 45 deg from the raised pose
            raised = np.array([np.sin(_pitch_roll(g)[0] + np.deg2rad(75.0)), 0.0, 0.0])
            raised[1:] = np.cos(_pitch_roll(g)[0] + np.deg2rad(75.0)) * np.array(
                [np.sin(_pitch_roll(g)[1]), np.cos(_pitch_roll(g)[1])]
            )
            pose = _turned(g, rng.uniform(35.0, 90.0), rng)
            while float(pose @ raised) > np.cos(np.deg2rad(45.0)):
                pose = _turned(g, rng.uniform(35.0, 90.0), rng)
            p1, r1 = _pitch_roll(pose)
            dp, dr = p1 - _pitch_roll(g)[0], np.angle(np.exp(1j * (r1 - _pitch_roll(g)[1])))
        else:
            dp, dr = np.deg2rad(raise_deg + rng.uniform(-3.0, 3.0)), 0.0
        up, down = smooth_step(t, t0, 1.5), smooth_step(t, b, 1.5)
        new_g = _turned(g, then_deg, rng) if then_deg > 0 else _turned(g, rng.uniform(0.0, 2.0), rng)
        while max_drift_deg is not None and float(new_g @ g_first) < np.cos(np.deg2rad(max_drift_deg)):
            new_g = _turned(g, then_deg, rng)
        pn, rn = _pitch_roll(new_g)
        pg, rg = _pitch_roll(g)
        pitch += dp * (up - down) + (pn - pg) * down
        roll += dr * (up - down) + np.angle(np.exp(1j * (rn - rg))) * down
        m = (t >= a) & (t < b)
        if kind == "stay":
            level[m] = rng.uniform(*stay_level)
        elif kind == "late":  # the rest's tremor, shaking only in its last 5-20 % (a long hold near failure)
            sway[m] = 1.0
            level[m] = rng.uniform(0.8, 1.2)
            share = rng.uniform(0.05, 0.20)
            u = np.clip((t[m] - (b - share * dur)) / (share * dur), 0.0, None)
            grow[m] = np.where(u > 0, 0.02 + rng.uniform(0.08, 0.13) * u, 0.0)
        else:
            sway[m] = 1.0
            if kind == "calm":
                level[m] = rng.uniform(1.0, 1.4)
            elif kind == "light":  # a light hold at the rest's tremor
                level[m] = rng.uniform(0.9, 1.2)
            elif kind == "steady":
                level[m] = rng.uniform(1.8, 2.2)
            else:
                grow[m] = 0.02 + rng.uniform(0.08, 0.13) * (t[m] - a) / dur
        spans.append((kind, a, b))
        g = new_g
        t0 = b + 1.5
    pitch += np.deg2rad(sway_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    pitch += np.deg2rad(1.0) * sway * band_noise(rng, n, fs, 0.1, 1.0, 1.0)
    roll += np.deg2rad(0.7 * sway_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    tremor = level * band_noise(rng, n, fs, 8.0, 12.0, REST_RMS)
    if grow.any():
        wander = np.convolve(rng.standard_normal(n), np.ones(int(fs)) / fs, mode="same")
        u = grow / max(grow.max(), 1e-9)
        freq = rng.uniform(9.0, 10.5) - 0.8 * u + 0.3 * wander / np.std(wander)
        tremor += np.sqrt(2) * grow * np.sin(2 * np.pi * np.cumsum(freq) / fs)
    noise = rng.normal(0.0, 0.004, (n, 3))
    return lap_recording(t, fs, pitch, roll, tremor, noise, f"seated posture shifts seed {seed}"), spans


def _check(r: AnalysisResult, spans: list[tuple[str, float, float]], where: str) -> None:
    for kind, a, b in spans:
        found = [s for s in r.sets if span_overlap_s((s.span.start_s, s.span.end_s), a + 3.0, b - 3.0) > 0]
        what = [(round(s.span.start_s), round(s.span.end_s), s.label, s.metrics.power_vs_rest) for s in found]
        noted = [u for u in r.unclear_stays if span_overlap_s(u[:2], a + 3.0, b - 3.0) > 0]
        if (
            kind == "light" and not found
        ):  # a light hold: a set, or said to be a light hold or a posture change
            kind = "unclear"
        if kind in ("stay", "unclear"):
            assert not found, f"{where}: the {kind} stay {a:.0f}-{b:.0f} s read as sets {what}"
            if kind == "unclear":  # not silently lost
                assert noted and any(f"{noted[0][0]:.1f} to {noted[0][1]:.1f} s" in n for n in r.notes), where
            continue
        assert found, f"{where}: the {kind} hold {a:.0f}-{b:.0f} s was not found"
        if kind in ("fatigue", "late"):
            assert found[0].label in ("fatigue_tremor", "mixed"), f"{where}: {kind} hold {what}"
        elif kind in ("calm", "light"):
            # "fasciculations": a false twitch of the detector in the hold or its recovery (this physics draws none;
            # at 200 Hz the detector found about 3 an hour in it, 20 in 396 min over seeds 3000-3029, where the slow
            # sway hid the rest tremor's surges from the hold rule; 2 in 396 min since it takes the slow part out,
            # tests/core/test_twitch_sway.py, FINDINGS.md); these tests judge the posture rule (set or rest, tremor
            # label), not twitches
            assert found[0].label in ("calm", "fasciculations"), f"{where}: {kind} hold {what}"


def _plan(rng: np.random.Generator) -> list[tuple[str, float, float]]:
    return [
        ("rest", 60.0, 0.0),
        ("fatigue", rng.uniform(20.0, 120.0), 0.0),
        ("rest", 60.0, 0.0),
        ("stay", rng.uniform(60.0, 140.0), rng.uniform(12.0, 22.0)),
        ("rest", 60.0, 0.0),
        ("calm", rng.uniform(30.0, 60.0), 0.0),
        ("rest", 60.0, 0.0),
        ("stay", rng.uniform(150.0, 300.0), 0.0),
        ("rest", 45.0, 0.0),
        ("fatigue", rng.uniform(90.0, 120.0), 0.0),
        ("rest", 40.0, 0.0),
    ]


def _near_plan(rng: np.random.Generator) -> list[tuple[str, float, float]]:
    return [
        ("rest", 120.0, 0.0),
        ("light", rng.uniform(30.0, 55.0), rng.uniform(12.0, 22.0)),
        ("rest", 120.0, 0.0),
        ("calm", rng.uniform(30.0, 55.0), 0.0),
        ("rest", 120.0, 0.0),
        ("calm", rng.uniform(60.0, 120.0), 0.0),
        ("rest", 120.0, 0.0),
        ("steady", rng.uniform(150.0, 200.0), 0.0),
        ("rest", 120.0, 0.0),
    ]


#: What each hold of :func:`_near_plan` reads as, in order: a light hold at the rest's tremor (0.9-1.2x its RMS) that
#: the arm leaves within a minute for another rest pose (12-22 deg from where it was raised from) is a stay one wrist
#: sensor cannot call a light hold or a posture change (no set, a note), or, where its sway crosses the movement level
#: in 3 or more bouts (``posture_shift.MIN_MOVES``: a hold's sway, 2 of 36 draws), a set; a calm hold (1.0-1.4x) put back
#: is a hold (raised from a pose and put back there) whether it lasts under a minute or 1-2 minutes, as is a long one
#: over the rest's tremor.
_NEAR_CALLS = ("light", "calm", "calm", "steady")


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_posture_stays_are_rest_and_holds_beside_them_keep_their_labels(fs: float) -> None:
    """Stays of 1-5 min at new poses are no set; fatigue holds of 20-120 s and a calm hold stay as they were."""
    print(f"seed {FRESH_SEED} fs {fs:g}")
    rec, spans = seated(FRESH_SEED, fs, _plan(np.random.default_rng(FRESH_SEED)))
    _check(analyze(rec), spans, f"seed {FRESH_SEED} at {fs:g} Hz")


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_holds_near_the_thresholds_stay_sets(fs: float) -> None:
    """Calm holds put back and a long hold over the rest's tremor are sets; a light hold before a new rest pose within
    a minute is said to be a light hold or a change of posture (no set, a note)."""
    seed = FRESH_SEED + 1
    print(f"seed {seed} fs {fs:g}")
    rec, spans = seated(seed, fs, _near_plan(np.random.default_rng(seed)))
    spans = [(call, a, b) for call, (_, a, b) in zip(_NEAR_CALLS, spans)]
    _check(analyze(rec), spans, f"seed {seed} at {fs:g} Hz")


def _short_plan(rng: np.random.Generator) -> list[tuple[str, float, float]]:
    return [
        ("rest", 90.0, 0.0),
        ("stay", rng.uniform(20.0, 55.0), rng.uniform(12.0, 22.0)),
        ("rest", 60.0, 0.0),
        ("fatigue", rng.uniform(20.0, 55.0), 0.0),
        ("rest", 60.0, 0.0),
        ("stay", rng.uniform(20.0, 55.0), rng.uniform(12.0, 22.0)),
        ("rest", 60.0, 0.0),
        ("calm", rng.uniform(20.0, 55.0), 0.0),
        ("rest", 60.0, 0.0),
    ]


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_short_posture_stays_are_said_unclear_not_counted_as_sets(fs: float) -> None:
    """Stays of 20-55 s in a new pose at the rest's tremor (a watch turned on the wrist, the forearm rolled on the lap)
    after which the arm rests 12-22 deg from where it lay are no set (a note, or rest where the pose is a rest pose); a
    fatigue hold and a calm hold put back beside them are sets."""
    seed = FRESH_SEED + 2
    print(f"seed {seed} fs {fs:g}")
    # (each new rest pose within 25 deg of the first: two shifts of 12-22 deg the same way would leave the lap's pose
    # past the segmentation's 30 deg, where the rest pose rule, not this one, decides)
    rec, spans = seated(seed, fs, _short_plan(np.random.default_rng(seed)), max_drift_deg=25.0)
    calls = ("stay", "fatigue", "stay", "calm")
    _check(analyze(rec), [(c, a, b) for c, (_, a, b) in zip(calls, spans)], f"seed {seed} at {fs:g} Hz")
