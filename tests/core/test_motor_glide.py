"""A vibration motor's rumble gliding into the 13-18 Hz band is a device's vibration, not a rest tremor (issue 9).

Written from the physics, not from the red team's generator (``tremor.core.motor_glide``). Seated, the forearms up
holding a game controller whose eccentric-mass motor rumbles in stretches of 35-50 s: the mass turns at the rate
the game sets, here starting at 11-12 rev/s and speeding up by 22-30 % through the stretch (a car along a
straight) with a slow +-2 % wander; its force is the mass's centripetal force, so the acceleration at the wrist
grows as the rate squared (0.08-0.2 m/s^2 at the top) and turns in a plane (two axes a quarter turn apart, the
second at half the first's size); it spins up and down in 0.05-0.2 s at each stretch's ends.

On the other side, true out-of-band tremors at rest must keep their episode and the clinician note: a 13-18 Hz
tremor (a line 0.2-0.5 Hz wide, waxing and waning +-25 %) or a 4-6 Hz rest tremor for 20-35 s in each of two rests.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S

FRESH_SEED = int(os.environ.get("TREMOR_GLIDE_SEED", fresh_entropy(__name__) % 2**31))


def rumble_recording(seed: int, fs: float) -> tuple[tremor.Recording, list[tuple[float, float]]]:
    """180 s seated holding a controller with two rumbling stretches (see the module)."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 180.0, rng, 0.01)
    b.pitch += np.deg2rad(rng.uniform(30.0, 45.0))
    d1 = S._unit(rng)
    d2 = np.cross(d1, S._unit(rng))
    d2 /= np.linalg.norm(d2)
    spans = []
    for start in (20.0, 100.0):
        a = start + rng.uniform(0.0, 10.0)
        e = a + rng.uniform(35.0, 50.0)
        m = (b.t >= a) & (b.t < e)
        u = (b.t[m] - a) / (e - a)
        rate = rng.uniform(11.0, 12.0) * (1.0 + rng.uniform(0.22, 0.3) * u)
        rate *= 1.0 + 0.02 * np.sin(2 * np.pi * u * (e - a) / rng.uniform(4.0, 8.0) + rng.uniform(0, 6.3))
        ramp = rng.uniform(0.05, 0.2)
        spin = np.clip(np.minimum(b.t[m] - a, e - b.t[m]) / ramp, 0.0, 1.0)
        rate = rate * spin
        ph = 2 * np.pi * np.cumsum(rate) / fs
        size = rng.uniform(0.08, 0.2) * (rate / rate.max()) ** 2
        b.lin[m] += np.outer(size * np.sin(ph), d1) + np.outer(0.5 * size * np.cos(ph), d2)
        spans.append((a, e))
    return b.finish(description="controller rumble").recording, spans


def tremor_recording(seed: int, fs: float, high: bool) -> tuple[tremor.Recording, list[tuple[float, float]]]:
    """180 s seated, a 13-18 Hz (``high``) or 4-6 Hz tremor for 20-35 s in each of two rests (see the module)."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 180.0, rng, 0.01)
    hz = rng.uniform(13.5, 17.5) if high else rng.uniform(4.0, 6.0)
    spans = []
    for start in (20.0, 100.0):
        a = start + rng.uniform(0.0, 10.0)
        e = a + rng.uniform(20.0, 35.0)
        b.add_episode(a, e, hz, float(rng.uniform(0.05, 0.2)))
        spans.append((a, e))
    return b.finish(description="out-of-band tremor").recording, spans


def _clinician(res: tremor.AnalysisResult) -> bool:
    return any(c.id == "see_a_clinician" for c in res.session_causes) or any(
        c.id == "see_a_clinician" for s in res.sets for c in s.causes
    )


@pytest.mark.fresh_rate(
    measured="0 of 24 draws (seeds 1-8 x 50/100/200 Hz) keep an episode or the note (17 of 24 without the rule)",
    env="TREMOR_GLIDE_SEED",
    param="seed",
)
@pytest.mark.parametrize("seed", [3, FRESH_SEED], ids=["seed3", "fresh"])
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_a_controllers_rumble_is_a_devices_vibration(seed: int, fs: float) -> None:
    """The rumble gliding through 13 Hz: no out-of-band episode, no clinician note. Where the rule sets a rhythm
    aside, the note names a device's vibration and keeps the conditional advice. Seed 3 without the rule gives an
    episode at each rate (the case is real), so there the rule must have set the rumble aside."""
    print(f"seed {seed} fs {fs}")
    rec, spans = rumble_recording(seed, fs)
    res = tremor.analyze(rec)
    said = [(round(e.start_s), round(e.end_s), round(e.peak_hz, 1)) for e in res.atypical_tremor]
    print(spans, said, [n for n in res.notes if "glides" in n])
    assert not said
    assert not _clinician(res)
    aside = [e for e, why in res.set_aside_rhythms if why == "motor"]
    assert aside or seed != 3, "seed 3: the rumble's line is set aside as a motor's"
    if aside:
        note = next(n for n in res.notes if "device's vibration" in n)
        assert "see a clinician" in note and "if you held nothing that vibrates" in note
        assert all(any(a - 2 < e.start_s and e.end_s < b + 2 for a, b in spans) for e in aside)


@pytest.mark.fresh_rate(
    measured="0 of 36 draws (seeds 1-6 x 50/100/200 Hz, both bands) lose an episode or the note",
    env="TREMOR_GLIDE_SEED",
    param="seed",
)
@pytest.mark.parametrize("seed", [5, FRESH_SEED], ids=["seed5", "fresh"])
@pytest.mark.parametrize("high", [True, False], ids=["13-18Hz", "4-6Hz"])
def test_a_true_out_of_band_tremor_is_no_motor(seed: int, high: bool) -> None:
    """A 13-18 Hz or 4-6 Hz tremor at rest holds its frequency: the rule takes none of its episodes, which keep the
    clinician note."""
    print(f"seed {seed} high {high}")
    rec, spans = tremor_recording(seed, 100.0, high)
    res = tremor.analyze(rec)
    print(spans, [(round(e.start_s), round(e.end_s), round(e.peak_hz, 1)) for e in res.atypical_tremor])
    assert not [e for e, why in res.set_aside_rhythms if why == "motor"]
    assert any(any(e.start_s < b and e.end_s > a for e in res.atypical_tremor) for a, b in spans)
    assert _clinician(res)


def test_live_equals_batch_on_a_rumble() -> None:
    """Fed in random chunks, the live analyser's final result sets the same rumble aside with the same note."""
    rec, _ = rumble_recording(3, 100.0)
    batch = tremor.analyze(rec)
    live = tremor.LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    rng = np.random.default_rng(FRESH_SEED)
    i = 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 2000))
        live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
        i += k
    result = live.finish()
    motor = [n for n in batch.notes if "device's vibration" in n]
    assert motor
    assert [n for n in result.notes if "device's vibration" in n] == motor
    assert result.set_aside_rhythms == batch.set_aside_rhythms
    assert result.atypical_tremor == batch.atypical_tremor
    assert [c.id for c in result.session_causes] == [c.id for c in batch.session_causes]


def drifting_tremor_recording(seed: int, fs: float) -> tremor.Recording:
    """240 s seated, a 4-6 Hz rest tremor for 120 s whose frequency drifts up 1 Hz as its size doubles."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 240.0, rng, 0.01)
    f0 = rng.uniform(4.3, 5.6)
    lo = rng.uniform(0.02, 0.04)
    m = (b.t >= 60.0) & (b.t < 180.0)
    u = (b.t[m] - 60.0) / 120.0
    f = f0 - 0.5 + u + S._smooth_walk(rng, int(m.sum()), fs, 1.0, rng.uniform(0.1, 0.25))
    size = 2 * lo * 2**u * np.exp(S._smooth_walk(rng, int(m.sum()), fs, 2.0, 0.15))
    w = S._window(b.t, 60.0, 180.0, 1.0)[m]
    x = np.sqrt(2) * w * size * np.sin(2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 6.3))
    b.lin[m] += np.outer(x, S._unit(rng))
    return b.finish(description="drifting rest tremor").recording


@pytest.mark.fresh_rate(
    measured="0 of 18 draws (seeds 901-906 x 50/100/200 Hz) set aside (6 of 18 without the glide-rate bound)",
    env="TREMOR_GLIDE_SEED",
    param="seed",
)
@pytest.mark.parametrize("seed", [902, FRESH_SEED], ids=["seed902", "fresh"])
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_a_rest_tremor_drifting_over_minutes_is_no_motor(seed: int, fs: float) -> None:
    """A rest tremor whose frequency drifts 1 Hz over 2 min while its size doubles (power and rate rising together,
    as a motor's) drifts 0.008 Hz/s, a game's rumble 0.03 Hz/s or more: the rule takes none of it, the episode and the
    clinician note stay (seed 902 without :data:`tremor.core.motor_glide.GLIDE_MIN_HZ_PER_S`: set aside at each rate)."""
    print(f"seed {seed} fs {fs}")
    res = tremor.analyze(drifting_tremor_recording(seed, fs))
    print([(round(e.start_s), round(e.end_s), round(e.peak_hz, 1)) for e in res.atypical_tremor])
    assert not [e for e, why in res.set_aside_rhythms if why == "motor"]
    assert any(e.start_s < 180.0 and e.end_s > 60.0 for e in res.atypical_tremor)
    assert _clinician(res)
