"""A strong rest tremor is not its own wrist movement (tremor.core.episode_movement.skirt_power; issue 9).

Written from the physics. A rest tremor's line is not a pure tone: its amplitude and phase wander, a Lorentzian 0.3-0.6
Hz wide (FWHM) whose tails fall as the inverse square of the distance from the line. At 0.8-2.5 m/s^2 and 4-6.25 Hz
(with its 2nd harmonic at 0-30 %, 0.8 Hz wide), as a forearm rotation with the hand thumb up (the tangential
acceleration 3 cm off the axis along gravity, the gravity vector turning), a translation along gravity, or along any
direction, steady or waxing and waning over 20-60 s, for 3.7 minutes with the hand in the lap, still or fidgeting
under the moving level (0.05-0.1 m/s^2 at 0.5-1.2 Hz), its tails put 0.1-0.4 m/s^2 into the 0.25-3 Hz movement band,
peaking at 3.3-3.75 Hz in the frames. Before the skirt was taken out, 17 of 60 fresh draws (5.2-6.1 Hz) lost their
clinician note to "the wrist kept moving outside any set", and 7 of the 30 thumb-up sessions of
tests/core/test_leg_rhythm.py's ``rest_tremor_session`` (seeds 7000-7029, 4.5-5.5 Hz, 0.8-2.5 m/s^2); after it none.

On the other side the same tremor at 5.4-6 Hz with the wrist moving 0.3-0.45 m/s^2 at 0.5-1.8 Hz along a random
direction all along must still be reported as moving, with no clinician note. Nearer the moving level the two
overlap: 0.25-0.28 m/s^2 at 0.6-0.95 Hz (a 2 s window keeps only part of it) under 2-2.4 m/s^2 was missed in 4 of 120
fresh draws (none before), where the skirt taken 1.3 times over hides it; taken once, 1 of 60 rest tremors with
0.1 m/s^2 of fidgeting read as moving instead. Under about 5.4 Hz the frames' movement
peak is read at the band's top (3.75 Hz, the skirt), not under 0.7 times the line, so such movement is missed there,
before as after (14 of 60 fresh draws at 4.0-6.25 Hz, all at 4.1-4.7 Hz, the same draws before and after; 3 of 40 at
4.76-4.83 Hz): a limit left open.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.stress import scenarios as S
from tremor.core.episode_movement import MOVING_MPS2


def _up(b: S.SessionBuilder) -> np.ndarray:
    """The unit gravity vector the sensor measures at rest (as ``SessionBuilder.finish`` adds it)."""
    p, r = b.pitch, b.roll
    return np.column_stack([-np.sin(p), np.sin(r) * np.cos(p), np.cos(r) * np.cos(p)])


def strong_rest_tremor(
    seed: int, fs: float, *, hz: float, rms: float, mode: str, move: float, move_hz: float
) -> tremor.AnalysisResult:
    """300 s seated, a rest tremor of ``rms`` m/s^2 at ``hz`` from 40 to 260 s (``mode``: rotation thumb up,
    vertical, any direction), ``move`` m/s^2 of wrist movement at ``move_hz`` all along (see the module)."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 300.0, rng, 0.01)
    t = b.t
    b.pitch += np.deg2rad(rng.uniform(-10.0, 10.0))
    b.roll += np.deg2rad(90.0 if mode != "any" else rng.uniform(-40.0, 90.0))
    m = (t >= 40.0) & (t < 260.0)
    tt = t[m] - 40.0
    env = np.clip(np.minimum(tt, 220.0 - tt) / 2.0, 0.0, 1.0)
    if rng.integers(2):  # waxing and waning over 20-60 s
        env *= 0.65 + 0.35 * np.tanh(S.narrowband(rng, tt, fs, 0.0, 1.0 / rng.uniform(20.0, 60.0)))
    h2 = rng.uniform(0.0, 0.3)
    line = S.narrowband(rng, tt, fs, hz, rng.uniform(0.3, 0.6))
    x = (line + h2 * S.narrowband(rng, tt, fs, 2 * hz, 0.8)) * env
    x *= rms / np.sqrt(np.mean(x**2))
    if mode == "rotation":  # pronation-supination, the wrist 3 cm off the axis: the angle is x / (w^2 r)
        b.roll[m] += x / ((2 * np.pi * hz) ** 2 * 0.03)
        b.lin[m, 1] += x
    elif mode == "vertical":
        b.lin[m] += x[:, None] * _up(b)[m]
    else:
        b.lin[m] += np.outer(x, S._unit(rng))
    if move:
        b.lin += np.outer(move * S.narrowband(rng, t, fs, move_hz, rng.uniform(0.2, 0.6)), S._unit(rng))
    return tremor.analyze(b.finish(description="strong rest tremor").recording)


def _draw(seed: int, moving: bool) -> dict[str, float | str]:
    r = np.random.default_rng(seed)
    return {
        "hz": float(r.uniform(5.4, 6.0) if moving else r.uniform(4.0, 6.25)),
        "rms": float(r.uniform(0.8, 2.5)),
        "mode": str(r.choice(["rotation", "vertical", "any"])),
        "move": float(r.uniform(0.3, 0.45) if moving else r.choice([0.0, 0.05, 0.1])),
        "move_hz": float(r.uniform(0.5, 1.8) if moving else r.uniform(0.5, 1.2)),
    }


def _clinician(result: tremor.AnalysisResult) -> bool:
    return any(c.id == "see_a_clinician" for c in result.session_causes)


def _show(result: tremor.AnalysisResult) -> None:
    print([(e.start_s, e.end_s, e.peak_hz, round(e.rms_mps2, 2)) for e in result.atypical_tremor])
    print([n[:160] for n in result.notes if "kept moving" in n])


@pytest.mark.parametrize(
    ("seed", "fs", "hz", "rms", "mode", "move"),
    [
        (
            1870292918,
            50.0,
            5.51,
            1.88,
            "vertical",
            0.0,
        ),  # these six read "kept moving" before the skirt was out
        (3022876228, 200.0, 5.66, 1.74, "rotation", 0.0),
        (922534897, 100.0, 5.69, 1.48, "rotation", 0.1),
        (1262768171, 200.0, 5.42, 2.11, "any", 0.05),
        (1773064787, 50.0, 6.10, 1.87, "vertical", 0.0),
        (1802361573, 100.0, 5.33, 1.92, "any", 0.0),
    ],
)
def test_a_strong_rest_tremor_keeps_its_note(
    seed: int, fs: float, hz: float, rms: float, mode: str, move: float
) -> None:
    """Its skirt in the movement band is not movement: a rest episode, a clinician note, no "kept moving"."""
    result = strong_rest_tremor(seed, fs, hz=hz, rms=rms, mode=mode, move=move, move_hz=0.9)
    _show(result)
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    assert rest and any(abs(e.peak_hz - hz) <= 0.5 for e in rest)
    assert _clinician(result)
    assert not [n for n in result.notes if "kept moving" in n]
    assert move < MOVING_MPS2


@pytest.mark.parametrize(("seed", "fs"), [(101, 50.0), (102, 100.0), (103, 200.0), (104, 100.0)])
def test_a_wrist_moving_under_a_strong_rest_tremor_is_still_moving(seed: int, fs: float) -> None:
    """0.3-0.45 m/s^2 of movement at 0.5-1.8 Hz under a 0.8-2.5 m/s^2 rest tremor at 5.4-6 Hz: no clinician note."""
    p = _draw(seed, moving=True)
    print(p)
    result = strong_rest_tremor(seed, fs, **p)  # type: ignore[arg-type]
    _show(result)
    assert not _clinician(result)


@pytest.mark.fresh_rate(
    env="TREMOR_SKIRT_SEED",
    measured="0 of 180 fresh draws in a loop (tenth session); the moving side failed in 2 of about 30 runs of the "
    "fresh-seed files (seeds 570667884, 799473916: 0.31 m/s^2 at 0.55 Hz under a 1.8 m/s^2 tremor, the overlap the "
    "module states)",
)
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("moving", [False, True])
def test_fresh_draws(fs: float, moving: bool) -> None:
    """A fresh draw either side: a strong rest tremor keeps its note; with the wrist moving it gets none."""
    base = int(os.environ.get("TREMOR_SKIRT_SEED", np.random.SeedSequence().entropy % 2**31))  # type: ignore[operator]
    seed = (base + int(fs) + 7 * moving) % 2**31
    p = _draw(seed, moving)
    print(f"seed {seed} fs {fs} {p} (replay with TREMOR_SKIRT_SEED={base})")
    result = strong_rest_tremor(seed, fs, **p)  # type: ignore[arg-type]
    _show(result)
    assert _clinician(result) != moving


def test_a_strong_rest_tremor_across_sets_keeps_its_clinician_note() -> None:
    """A fresh draw the sixteenth session's CI met (base seed 1998353046, 50 Hz): a 4.0 Hz, 1.9 m/s^2 rest tremor
    (3 mm RMS) whose episode runs through the rests and across the sets it makes. h-rhythm's large-rhythm rule judged
    the whole episode as movement-sized and set it aside (only the conditional advice left); a rhythm lying mostly at
    rest is now left to the rest rules (tremor.core.rhythm_size.IN_SETS_MIN)."""
    seed = 1998353096
    result = strong_rest_tremor(seed, 50.0, **_draw(seed, False))  # type: ignore[arg-type]
    _show(result)
    assert _clinician(result)
    assert [e for e in result.atypical_tremor if e.set_index is None]
