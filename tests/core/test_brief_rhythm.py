"""A brief rhythm at rest (a shake-out, applause) is no rest tremor; a sustained one keeps its note (issue 9).

Written from the physics, not from the red team's generator (``tremor.core.brief_rhythm``). Standing or seated
at rest, the arm hanging or the forearm on the thigh:

- a shake-out of the relaxed hand and forearm: the hand moving +-1-3 cm at 3-5 Hz, so ``(2 pi f)^2 x`` is 4-30
  m/s^2 peak at the wrist, across the forearm (a 10-30 % 2nd harmonic, the rate wandering +-0.3 Hz), the forearm
  rolling +-5-15 deg with it, for 2-6 s, starting and stopping within 0.2-0.5 s;
- applause: the hands swinging +-3-5 cm at 3.5-5 claps a second for 3-6 s, each clap a 10-40 m/s^2 jolt of 5-10
  ms with a 30-60 Hz ring.

On the other side, a rhythm at rest that lasts (the same shake held for 14-20 s, as no one does by choice: the
report cannot tell it from a tremor, and keeps its note), and rest tremors (4-6 Hz, a line 0.3-0.5 Hz wide,
0.06-0.6 m/s^2 RMS) for 15-25 s in each of three rests, waxing in and out over 2 s, must keep the out-of-band
episode and the clinician note.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S
from tremor.core.brief_rhythm import BRIEF_ADVICE
from tremor.core.leg_rhythm import LEG_ADVICE

FRESH_SEED = int(os.environ.get("TREMOR_BRIEF_SEED", fresh_entropy(__name__) % 2**31))
G = 9.80665


def _env(t: np.ndarray, a: float, b: float, ramp: float) -> np.ndarray:
    return np.clip(np.minimum(t - a, b - t) / ramp, 0.0, 1.0)


def shake_recording(
    seed: int,
    fs: float,
    dur: float,
    *,
    clap: bool = False,
    disp_m: float | None = None,
    held: bool = False,
    again_s: float | None = None,
) -> tuple[tremor.Recording, float, float]:
    """120 s at rest with one shake-out (or bout of applause) of ``dur`` s at 50 s (see the module); ``held``:
    the arm hanging straight down (gravity along the forearm) and the shake across it; ``again_s``: a second one
    of the same length that many seconds after the first ends. Returns the recording and the span of the bouts."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 120.0, rng, 0.01)
    b.pitch += np.deg2rad(
        -90.0 if held else rng.uniform(-80.0, -60.0) if not clap else rng.uniform(-10.0, 10.0)
    )

    def bout(a: float, e: float) -> None:
        m = (b.t >= a) & (b.t < e)
        tt = b.t[m] - a
        f0 = rng.uniform(3.5, 5.0) if clap else rng.uniform(3.0, 5.0)
        f = f0 + (0.0 if clap else 0.3) * np.sin(2 * np.pi * tt / rng.uniform(1.5, 3.0))
        ph = 2 * np.pi * np.cumsum(f) / fs
        x = disp_m if disp_m is not None else (rng.uniform(0.03, 0.05) if clap else rng.uniform(0.01, 0.03))
        env = _env(b.t[m], a, e, rng.uniform(0.2, 0.5))
        h2 = 0.0 if clap else rng.uniform(0.1, 0.3)
        acc = (2 * np.pi * f0) ** 2 * x * (np.sin(ph) + h2 * np.sin(2 * ph + rng.uniform(0, 6.3))) * env
        d = S._unit(rng)
        d[0] *= 0.3  # mostly across the forearm
        if held:  # level, off the bouncing-leg rule's path (tremor.core.leg_rhythm)
            d[0] = 0.0
        b.lin[m] += np.outer(acc, d / np.linalg.norm(d))
        if clap:
            for tc in np.arange(a + 0.3, e - 0.3, 1.0 / f0):
                i = int((tc + rng.normal(0.0, 0.01)) * fs)
                k = max(1, int(rng.uniform(0.005, 0.01) * fs))
                pk = rng.uniform(10.0, 40.0)
                ring = np.arange(int(0.05 * fs)) / fs
                jolt = np.concatenate(
                    [
                        -pk * np.sin(np.pi * (np.arange(k) + 0.5) / k),
                        0.2 * pk * np.exp(-ring / 0.008) * np.sin(2 * np.pi * rng.uniform(30, 60) * ring),
                    ]
                )
                b.lin[i : i + jolt.size] += np.outer(jolt[: b.lin.shape[0] - i], S._unit(rng))
        else:
            b.roll[m] += np.deg2rad(rng.uniform(5.0, 15.0)) * np.sin(ph + 0.5) * env

    a, e = 50.0, 50.0 + dur
    bout(a, e)
    if again_s is not None:
        bout(e + again_s, e + again_s + dur)
        e += again_s + dur
    return b.finish(description="shake-out").recording, a, e


def rest_tremor_recording(
    seed: int, fs: float, split: bool = False
) -> tuple[tremor.Recording, list[tuple[float, float]]]:
    """300 s seated, a rest tremor of 15-25 s in each of three rests, quiet between (see the module); ``split``:
    in each rest two bouts of 12-16 s, the tremor absent for 2-4 s between them."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 300.0, rng, 0.01)
    hz = rng.uniform(4.0, 6.0)
    d = S._unit(rng)
    spans = []
    for start in (20.0, 110.0, 200.0):
        a = start + rng.uniform(0.0, 20.0)
        for _ in range(2 if split else 1):
            e = a + (rng.uniform(12.0, 16.0) if split else rng.uniform(15.0, 25.0))
            m = (b.t >= a) & (b.t < e)
            line = S.narrowband(rng, b.t[m] - a, fs, hz, rng.uniform(0.3, 0.5))
            rms = np.exp(rng.uniform(np.log(0.06), np.log(0.6)))
            b.lin[m] += np.outer(line * rms / np.sqrt(np.mean(line**2)) * _env(b.t[m], a, e, 2.0), d)
            spans.append((a, e))
            a = e + rng.uniform(2.0, 4.0)
    return b.finish(description="rest tremor").recording, spans


def _clinician(res: tremor.AnalysisResult) -> bool:
    return any(c.id == "see_a_clinician" for c in res.session_causes) or any(
        c.id == "see_a_clinician" for s in res.sets for c in s.causes
    )


def _claimed(res: tremor.AnalysisResult, a: float, e: float) -> bool:
    over = any(x.end_s > a and x.start_s < e for x in res.atypical_tremor)
    return over or _clinician(res)


@pytest.mark.parametrize(
    ("seed", "fs", "dur", "clap"),
    [
        (1, 50.0, 3.0, False),
        (2, 100.0, 4.5, False),
        (3, 200.0, 6.0, False),
        (4, 100.0, 2.5, False),
        (5, 50.0, 5.0, True),
        (6, 100.0, 3.5, True),
        (7, 200.0, 6.0, True),
        pytest.param(FRESH_SEED, None, None, None, id="fresh"),
    ],
)
def test_a_shake_out_or_applause_is_no_rest_tremor(
    seed: int, fs: float | None, dur: float | None, clap: bool | None
) -> None:
    """No out-of-band episode over it, no clinician note; a note says it is not told from a deliberate movement.

    Before the rule (h-lead f539642) the fixed draws of seeds 1-3 and 7 gave a rest episode and the clinician note,
    and fresh draws did in 60 of 90 (50 Hz 16/30, 100 Hz 22/30, 200 Hz 22/30); with it 0 of 300 (100 a rate)."""
    if fs is None:
        r = np.random.default_rng(seed)
        fs, dur, clap = float(r.choice([50.0, 100.0, 200.0])), float(r.uniform(2.5, 6.0)), bool(r.integers(2))
    print(f"shake seed {seed} fs {fs} dur {dur:.1f} clap {clap} (replay with TREMOR_BRIEF_SEED={seed})")
    rec, a, e = shake_recording(seed, fs, float(dur), clap=bool(clap))
    res = tremor.analyze(rec)
    print(
        [(x.start_s, x.end_s, x.peak_hz, round(x.rms_mps2, 2)) for x in res.atypical_tremor],
        res.set_aside_rhythms,
    )
    assert not _claimed(res, a, e)
    # the clinician advice only as the brief note's condition (a rest tremor can come in bouts of seconds)
    # (or the leg rule's, which takes a shake along gravity first and since 2026-11-30 ends in the same kind of
    # conditional advice: a hunt's fresh draw 307447902, applause at 50 Hz)
    assert all(BRIEF_ADVICE in n or LEG_ADVICE in n for n in res.notes if "see a clinician" in n)
    for x, why in res.set_aside_rhythms:
        if why == "brief":
            assert any(
                f"({x.start_s:.0f}-{x.end_s:.0f} s" in n and "deliberate movement" in n and BRIEF_ADVICE in n
                for n in res.notes
            )


@pytest.mark.parametrize(
    ("seed", "fs"),
    [(31, 50.0), (32, 100.0), (33, 200.0), pytest.param(FRESH_SEED, 50.0, id="fresh")],
)
@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_BRIEF_SEED",
    measured="h-rev23 fresh loops, 100 a rate: claimed 1 at 50 Hz (seed 1768157599, an 8.5 s episode 48-57 s over "
    "the first shake and the start of the second, not seen to fall back at rest), 2 at 100 Hz, 1 at 200 Hz; the "
    "author's loop 0, 0, 2",
)
def test_two_shake_outs_a_few_seconds_apart_are_no_rest_tremor(seed: int, fs: float) -> None:
    """Two 3-5 s shake-outs 2-4 s apart (one episode: they join): judged bout by bout, no rest tremor.

    Before bouts were judged one by one such a pair gave one 12-17 s episode and the clinician note (red team R5's
    logbook with applause: two bouts 4.6 s apart at 234-248 s). Not exact: a pair can still be claimed, 1-2 in 100
    draws at each rate (the mark's ``measured``); the fresh draw is a rate test at 50 Hz."""
    r = np.random.default_rng(seed)
    dur, gap = float(r.uniform(3.0, 5.0)), float(r.uniform(2.0, 4.0))
    print(
        f"two shakes seed {seed} fs {fs} dur {dur:.1f} gap {gap:.1f} (replay with TREMOR_BRIEF_SEED={seed})"
    )
    rec, a, e = shake_recording(seed, fs, dur, again_s=gap)
    res = tremor.analyze(rec)
    print(
        [(x.start_s, x.end_s, x.peak_hz, round(x.rms_mps2, 2)) for x in res.atypical_tremor],
        res.set_aside_rhythms,
    )
    assert not _claimed(res, a, e)


@pytest.mark.parametrize(("seed", "fs"), [(11, 50.0), (12, 100.0), (13, 200.0)])
def test_the_same_shake_held_for_many_seconds_keeps_its_note(seed: int, fs: float) -> None:
    """The near case: the shake-out's rhythm (the hand +-2 mm, 0.7-2 m/s^2 peak) held for 14-20 s at rest, over
    the bout limit, is not told from a rest tremor: it is not set aside as brief, and keeps its clinician note
    (as a rest episode, or as a set labelled ``atypical_tremor`` where the held arm is taken for a hold)."""
    dur = float(np.random.default_rng(seed).uniform(14.0, 20.0))
    rec, a, e = shake_recording(seed, fs, dur, disp_m=0.002, held=True)
    res = tremor.analyze(rec)
    print(dur, [(x.start_s, x.end_s, x.peak_hz) for x in res.atypical_tremor], res.set_aside_rhythms)
    assert not [x for x, why in res.set_aside_rhythms if why == "brief"]
    assert _clinician(res)


@pytest.mark.parametrize(
    ("seed", "fs", "split"),
    [
        (21, 50.0, False),
        (22, 100.0, False),
        (23, 200.0, False),
        (24, 50.0, True),
        (25, 100.0, True),
        (26, 200.0, True),
        (FRESH_SEED, 100.0, False),
        (FRESH_SEED, 200.0, True),
    ],
)
def test_an_intermittent_rest_tremor_keeps_its_episodes_and_note(seed: int, fs: float, split: bool) -> None:
    """Three 15-25 s bouts of rest tremor (0.06-0.6 m/s^2), or (``split``) three pairs of 12-16 s bouts each pair
    parted by 2-4 s without it, the near case of the bout rule: each an episode, none set aside, the clinician
    note."""
    print(f"rest tremor seed {seed} fs {fs} split {split} (replay with TREMOR_BRIEF_SEED={seed})")
    rec, spans = rest_tremor_recording(seed, fs, split)
    res = tremor.analyze(rec)
    print(spans, [(x.start_s, x.end_s, x.peak_hz, round(x.rms_mps2, 3)) for x in res.atypical_tremor])
    for a, e in spans:
        assert any(x.end_s > a and x.start_s < e for x in res.atypical_tremor), (a, e)
    assert not [x for x, why in res.set_aside_rhythms if why == "brief"]
    assert _clinician(res)
