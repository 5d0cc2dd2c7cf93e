"""Tremolo picking between strummed bars and a bout of chopping at rest are no rest tremor (issue 9).

Written from the physics, not from the red team's generator (``tremor.core.rhythm_switch``,
``tremor.core.struck_rhythm``). Red team R6 (``benchmarks/redteam/gen_r6.py``) found both read as a rest tremor with
the clinician cause: tremolo picking 3-6 of 18 draws, a 3.2 Hz chopping bout outside any set 2 of 18.

- Playing: seated, the forearm over the guitar (pitched down 20-35 deg, rolled 70-90 deg), 60 s still, then a song
  strummed at 2.7-4.3 Hz (sixteenth notes at 80-130 beats a minute), the watch moving +-6-15 mm across the strings
  and rolling +-10-20 deg, with a 10-20 s section of tremolo picking in it (6-8 Hz cycles, +-1-3 mm, a crescendo
  from half size, +-2-5 deg of roll): the hand goes from strumming to picking and back within 0.3 s.
- Chopping: standing at a counter, bouts of 15-30 s at 3-3.6 chops a second, the wrist +-5-15 mm along gravity,
  each knife stroke stopped on the board (an impact of 3-10 m/s^2 at the wrist, a 30-60 Hz ring of 5 ms), with
  15-30 s standing still between them.

Controls, which must keep the out-of-band episode and the clinician note: rest tremors in three rests (those of
tests/core/test_brief_rhythm.py), and a rest tremor (4-6 Hz, 0.1-0.5 m/s^2) that comes back in each rest 3-8 s after
a strummed song stops, as a rest tremor re-emerges (the cost of the switch rule is measured on it).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.core.test_brief_rhythm import rest_tremor_recording
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S
from tremor.core.rhythm_switch import SWITCH_ADVICE
from tremor.core.struck_rhythm import STRUCK_ADVICE

FRESH_SEED = int(os.environ.get("TREMOR_PICKING_SEED", fresh_entropy(__name__) % 2**31))


def _env(t: np.ndarray, a: float, b: float, ramp: float) -> np.ndarray:
    return np.clip(np.minimum(t - a, b - t) / ramp, 0.0, 1.0)


def _strum(b: S.SessionBuilder, a: float, e: float, rng: np.random.Generator, gate: np.ndarray) -> float:
    """Strumming from a to e (gated off where ``gate`` is 0); returns its rate."""
    m = (b.t >= a) & (b.t < e)
    f = 2 * rng.uniform(80.0, 130.0) / 60.0
    ph = 2 * np.pi * np.cumsum(f * (1 + 0.01 * rng.standard_normal(int(m.sum())).cumsum() / 200)) / b.fs
    env = _env(b.t[m], a, e, 0.5) * gate[m]
    acc = (2 * np.pi * f) ** 2 * rng.uniform(0.006, 0.015) * np.sin(ph) * env
    b.lin[m, 1] += acc
    b.lin[m, 0] += 0.3 * np.roll(acc, int(0.02 * b.fs))
    b.roll[m] += np.deg2rad(rng.uniform(10.0, 20.0)) * np.sin(ph + 0.3) * env
    return f


def playing_recording(seed: int, fs: float) -> tuple[tremor.Recording, list[tuple[float, float]]]:
    """240 s seated with a guitar: one song with a tremolo-picked section in it (see the module). Returns the
    recording and the picked section."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 240.0, rng, 0.01)
    b.pitch += np.deg2rad(-rng.uniform(20.0, 35.0))
    b.roll += np.deg2rad(rng.uniform(70.0, 90.0))
    a, e = 60.0, 60.0 + rng.uniform(60.0, 90.0)
    q = rng.uniform(10.0, 20.0)
    pa = a + rng.uniform(15.0, e - a - q - 15.0)
    pe = pa + q
    gate = np.ones(b.t.size)
    gate[(b.t >= pa) & (b.t < pe)] = 0.0
    k = max(1, int(0.3 * fs))
    gate = np.convolve(gate, np.ones(k) / k, mode="same")
    _strum(b, a, e, rng, gate)
    m = (b.t >= pa) & (b.t < pe)
    fp = rng.uniform(6.0, 8.0)
    ph = 2 * np.pi * np.cumsum(fp * (1 + 0.02 * np.sin(2 * np.pi * b.t[m] / rng.uniform(2.0, 5.0)))) / fs
    cres = np.linspace(0.5, 1.0, int(m.sum())) * _env(b.t[m], pa, pe, 0.3)
    b.lin[m, 1] += (2 * np.pi * fp) ** 2 * rng.uniform(0.001, 0.003) * np.sin(ph) * cres
    b.roll[m] += np.deg2rad(rng.uniform(2.0, 5.0)) * np.sin(ph + 0.2) * cres
    return b.finish(description="guitar").recording, [(pa, pe)]


def chopping_recording(seed: int, fs: float) -> tuple[tremor.Recording, list[tuple[float, float]]]:
    """Standing at a counter, bouts of chopping with still pauses (see the module). Returns the bouts."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 240.0, rng, 0.01)
    b.pitch += np.deg2rad(-rng.uniform(15.0, 25.0))
    bouts = []
    a = 40.0
    while a < 200.0:
        e = a + rng.uniform(15.0, 30.0)
        m = (b.t >= a) & (b.t < e)
        f = rng.uniform(3.0, 3.6)
        ph = 2 * np.pi * np.cumsum(np.full(int(m.sum()), f)) / fs
        env = _env(b.t[m], a, e, 0.3)
        x = rng.uniform(0.005, 0.015)
        up = np.array([np.sin(b.pitch[m][0]), 0.0, np.cos(b.pitch[m][0])])
        b.lin[m] += np.outer(
            -((2 * np.pi * f) ** 2) * x * (np.cos(ph) + 0.3 * 4 * np.cos(2 * ph)) / 1.3 * env, up
        )
        b.pitch[m] += np.deg2rad(4.0) * np.cos(ph) * env
        i0 = int(np.flatnonzero(m)[0])
        for j in np.flatnonzero(np.diff(np.floor((ph - np.pi) / (2 * np.pi))) > 0):
            if env[j] < 0.5:
                continue
            ring = np.arange(int(0.03 * fs)) / fs
            hit = (
                rng.uniform(3.0, 10.0)
                * np.exp(-ring / 0.005)
                * np.sin(2 * np.pi * rng.uniform(30, 60) * ring)
            )
            i = i0 + int(j)
            b.lin[i : i + ring.size] += np.outer(hit[: b.lin.shape[0] - i], S._unit(rng))
        bouts.append((a, e))
        a = e + rng.uniform(15.0, 30.0)
    return b.finish(description="chopping").recording, bouts


def _clinician(res: tremor.AnalysisResult) -> bool:
    return any(c.id == "see_a_clinician" for c in res.session_causes) or any(
        c.id == "see_a_clinician" for s in res.sets for c in s.causes
    )


def _said(res: tremor.AnalysisResult) -> list[tuple[int, int, float]]:
    return [(round(e.start_s), round(e.end_s), e.peak_hz) for e in res.atypical_tremor if e.set_index is None]


@pytest.mark.parametrize(
    ("seed", "fs"),
    [(2, 50.0), (3, 100.0), (2, 200.0), pytest.param(FRESH_SEED, 100.0, id="fresh")],
)
@pytest.mark.fresh_rate(
    measured="0 of 30 draws (seeds 1-10, 50/100/200 Hz)", env="TREMOR_PICKING_SEED", param="seed"
)
def test_tremolo_picking_between_strums_is_no_rest_tremor(seed: int, fs: float) -> None:
    """A picked section inside a strummed song: no rest episode, no clinician cause (before h-picking 5 of 30
    draws, seeds 1-10 at 50/100/200 Hz, gave both; the fixed seeds are three of them)."""
    rec, picked = playing_recording(seed, fs)
    print(f"guitar seed {seed} fs {fs} picked {picked} (replay with TREMOR_PICKING_SEED={seed})")
    res = tremor.analyze(rec)
    print(_said(res), [n[:90] for n in res.notes if "rate" in n])
    assert not _said(res) and not _clinician(res)


@pytest.mark.parametrize(
    ("seed", "fs"),
    [(5, 100.0), (8, 100.0), (1, 200.0), pytest.param(FRESH_SEED, 200.0, id="fresh")],
)
@pytest.mark.fresh_rate(
    measured="0 of 30 draws (seeds 1-10, 50/100/200 Hz)", env="TREMOR_PICKING_SEED", param="seed"
)
def test_chopping_at_rest_is_no_rest_tremor(seed: int, fs: float) -> None:
    """Bouts of chopping standing still between them: no rest episode, no clinician cause; where a bout was
    a candidate, the note names the impacts and keeps the conditional advice (before h-picking 7 of 30 draws, seeds
    1-10 at 50/100/200 Hz, gave both; the fixed seeds are three of them)."""
    rec, bouts = chopping_recording(seed, fs)
    print(f"chopping seed {seed} fs {fs} bouts {bouts} (replay with TREMOR_PICKING_SEED={seed})")
    res = tremor.analyze(rec)
    print(_said(res), res.set_aside_rhythms)
    assert not _said(res) and not _clinician(res)
    if any(why == "struck" for _, why in res.set_aside_rhythms):
        assert any(STRUCK_ADVICE in n for n in res.notes)


def test_the_notes_keep_the_conditional_advice() -> None:
    """Where the switch rule set a rhythm aside, its note ends in the re-test and clinician advice."""
    rec, _ = playing_recording(3, 100.0)
    res = tremor.analyze(rec)
    switched = [e for e, why in res.set_aside_rhythms if why == "switched"]
    assert switched, res.set_aside_rhythms
    assert any(n.endswith(SWITCH_ADVICE) and "see a clinician" in n for n in res.notes)


@pytest.mark.parametrize(("seed", "fs"), [(11, 50.0), (12, 100.0), (13, 200.0), (FRESH_SEED, 100.0)])
def test_rest_tremors_keep_their_episodes_and_note(seed: int, fs: float) -> None:
    """Control: rest tremors in three rests (0.06-0.6 m/s^2) keep the clinician cause, none set aside here."""
    rec, spans = rest_tremor_recording(seed, fs)
    print(f"rest tremor seed {seed} fs {fs} spans {spans} (replay with TREMOR_PICKING_SEED={seed})")
    res = tremor.analyze(rec)
    assert _said(res) and _clinician(res)
    assert not [e for e, why in res.set_aside_rhythms if why in ("struck", "switched")]


def reemerging_recording(
    seed: int, fs: float, latency: tuple[float, float] = (3.0, 8.0)
) -> tuple[tremor.Recording, list[tuple[float, float]]]:
    """Three strummed songs of 30-50 s with 50-70 s rests; in each rest a rest tremor (4-6 Hz, a line 0.3-0.5 Hz
    wide, 0.1-0.5 m/s^2 RMS) comes back ``latency`` s after the song stops (waxing in over 2 s) for 15-30 s, as a
    parkinsonian rest tremor does after movement. Returns the recording and the tremor's spans."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 330.0, rng, 0.01)
    b.pitch += np.deg2rad(-rng.uniform(20.0, 35.0))
    b.roll += np.deg2rad(rng.uniform(70.0, 90.0))
    hz = rng.uniform(4.0, 6.0)
    d = S._unit(rng)
    spans = []
    a = 30.0
    for _ in range(3):
        e = a + rng.uniform(30.0, 50.0)
        _strum(b, a, e, rng, np.ones(b.t.size))
        ta = e + rng.uniform(*latency)
        te = ta + rng.uniform(15.0, 30.0)
        m = (b.t >= ta) & (b.t < te)
        line = S.narrowband(rng, b.t[m] - ta, fs, hz, rng.uniform(0.3, 0.5))
        rms = rng.uniform(0.1, 0.5)
        b.lin[m] += np.outer(line * rms / np.sqrt(np.mean(line**2)) * _env(b.t[m], ta, te, 2.0), d)
        spans.append((ta, te))
        a = e + rng.uniform(50.0, 70.0)
    return b.finish(description="rest tremor after strumming").recording, spans


@pytest.mark.parametrize(
    ("seed", "fs", "latency"),
    [(1, 100.0, (3.0, 8.0)), (2, 200.0, (3.0, 8.0)), (6, 50.0, (1.0, 3.0)), (FRESH_SEED, 100.0, (1.0, 8.0))],
)
def test_a_rest_tremor_coming_back_after_strumming_keeps_its_note(
    seed: int, fs: float, latency: tuple[float, float]
) -> None:
    """Control (the switch rule's cost): a rest tremor coming back 1-8 s after each strummed song stops keeps its
    episodes and the clinician cause; none is set aside as a switch (the quiet seconds between the song and the
    tremor are a rest). Measured: 0 of 56 episodes set aside at 3-8 s, 0 of 53 at 1-3 s (seeds 1-8, 50/100/200 Hz;
    without the quiet-frame condition 11 of 56)."""
    rec, spans = reemerging_recording(seed, fs, latency)
    print(
        f"rest tremor after strumming seed {seed} fs {fs} spans {spans} (replay with TREMOR_PICKING_SEED={seed})"
    )
    res = tremor.analyze(rec)
    assert _said(res) and _clinician(res)
    assert not [e for e, why in res.set_aside_rhythms if why in ("struck", "switched")]


@pytest.mark.parametrize(("kind", "seed", "fs"), [("playing", 3, 100.0), ("chopping", 5, 100.0)])
def test_live_sets_the_same_rhythms_aside_as_batch(kind: str, seed: int, fs: float) -> None:
    """Live, the samples in chunks of random size, sets the same rhythms aside as batch, with the same notes on
    them and no clinician cause."""
    from tremor.core.stream import LiveAnalyzer

    rec, _ = (playing_recording if kind == "playing" else chopping_recording)(seed, fs)
    batch = tremor.analyze(rec)
    live = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    rng = np.random.default_rng(FRESH_SEED)
    a = 0
    while a < rec.time_s.size:
        b = min(rec.time_s.size, a + int(rng.integers(1, 2000)))
        live.update(rec.time_s[a:b], rec.acc_mps2[a:b])
        a = b
    res = live.finish()
    said = [(round(e.start_s, 1), why) for e, why in res.set_aside_rhythms]
    assert said == [(round(e.start_s, 1), why) for e, why in batch.set_aside_rhythms]
    assert any(why in ("switched", "struck") for _, why in said)
    words = ("meeting a movement-sized rhythm", "struck by impacts or jerks")
    assert [n for n in res.notes if any(w in n for w in words)] == [
        n for n in batch.notes if any(w in n for w in words)
    ]
    assert not _clinician(res) and not _clinician(batch)


def _gesture(b: S.SessionBuilder, rng: np.random.Generator, kind: str, a: float) -> None:
    """Waving (1.5-2.5 Hz, +-5-15 cm) or clapping (2-3 Hz, +-5-10 cm, a 10-30 m/s^2 impact at each clap) for
    3-6 s from ``a``, the forearm rolling +-10-30 deg."""
    e = a + rng.uniform(3.0, 6.0)
    m = (b.t >= a) & (b.t < e)
    f = rng.uniform(1.5, 2.5) if kind == "wave" else rng.uniform(2.0, 3.0)
    x = rng.uniform(0.05, 0.15) if kind == "wave" else rng.uniform(0.05, 0.1)
    ph = 2 * np.pi * f * (b.t[m] - a)
    d = S._unit(rng)
    env = _env(b.t[m], a, e, 0.3)
    b.lin[m] += np.outer((2 * np.pi * f) ** 2 * x * np.sin(ph) * env, d)
    b.roll[m] += np.deg2rad(rng.uniform(10.0, 30.0)) * np.sin(ph + 0.4) * env
    if kind == "clap":
        ring = np.arange(int(0.03 * b.fs)) / b.fs
        i0 = int(np.flatnonzero(m)[0])
        for j in np.flatnonzero(np.diff(np.floor(ph / (2 * np.pi))) > 0):
            hit = (
                rng.uniform(10.0, 30.0)
                * np.exp(-ring / 0.004)
                * np.sin(2 * np.pi * rng.uniform(40, 80) * ring)
            )
            i = i0 + int(j)
            n = min(ring.size, b.lin.shape[0] - i)
            b.lin[i : i + n] += np.outer(hit[:n], d)


def stopped_by_gesture_recording(
    seed: int, fs: float, kind: str
) -> tuple[tremor.Recording, list[tuple[float, float]]]:
    """300 s seated, a rest tremor (4-6 Hz, 0.05-1.5 m/s^2) arising from rest in each of three rests for 15-25 s;
    each bout stops (in 0.2 s) as the hand starts to wave or clap: movement suppresses a rest tremor at once."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 300.0, rng, 0.01)
    hz = rng.uniform(4.0, 6.0)
    d = S._unit(rng)
    spans = []
    for start in (20.0, 110.0, 200.0):
        a = start + rng.uniform(0.0, 20.0)
        e = a + rng.uniform(15.0, 25.0)
        m = (b.t >= a) & (b.t < e)
        line = S.narrowband(rng, b.t[m] - a, fs, hz, rng.uniform(0.3, 0.5))
        rms = np.exp(rng.uniform(np.log(0.05), np.log(1.5)))
        env = np.clip(np.minimum((b.t[m] - a) / 2.0, (e - b.t[m]) / 0.2), 0.0, 1.0)
        b.lin[m] += np.outer(line * rms / np.sqrt(np.mean(line**2)) * env, d)
        _gesture(b, rng, kind, e - 0.1)
        spans.append((a, e))
    return b.finish(description="rest tremor stopped by a gesture").recording, spans


@pytest.mark.parametrize(
    ("kind", "seed", "fs"),
    [
        ("wave", 4, 100.0),
        ("clap", 2, 50.0),
        ("wave", 6, 200.0),
        pytest.param("clap", FRESH_SEED, 100.0, id="fresh"),
    ],
)
@pytest.mark.fresh_rate(
    measured="0 of 72 episodes set aside per kind (seeds 1-8, 50/100/200 Hz); h-ring3's ring rule: clapping 1 of 36 "
    "episodes set aside as ringing (seeds 95001-95004 x 3 rates, a 0.14 m/s^2 tremor under the claps' jolts; "
    "the clinician cause kept in 12 of 12), waving 0 of 36; with h-rev41's persistence (a burst gone within 0.5 s) "
    "clapping 0 of 54 episodes (seeds 95001-95004, 41701-41702 x 3 rates), clinician 18 of 18",
    env="TREMOR_PICKING_SEED",
    param="seed",
)
def test_a_rest_tremor_stopped_by_waving_or_clapping_keeps_its_note(kind: str, seed: int, fs: float) -> None:
    """Control (rev33): a rest tremor arising from rest and stopping as the hand starts to wave or clap (1.5-3 Hz,
    no quiet second between) keeps its episodes and the clinician cause; the switch rule reads the end only of a
    rhythm that did not arise from rest. Before the mend 48 (waving) and 44 (clapping) of 72 episodes were set aside
    and the clinician cause lost in 8 and 7 of 24 draws (seeds 1-8 at 50/100/200 Hz); the fixed seeds each lost one
    to three episodes (clap seed 2 at 50 Hz all three and the clinician cause)."""
    rec, spans = stopped_by_gesture_recording(seed, fs, kind)
    print(f"{kind} seed {seed} fs {fs} spans {spans} (replay with TREMOR_PICKING_SEED={seed})")
    res = tremor.analyze(rec)
    print(_said(res), res.set_aside_rhythms)
    assert len(_said(res)) == 3 and _clinician(res)
    assert not [e for e, why in res.set_aside_rhythms if why in ("struck", "switched")]
