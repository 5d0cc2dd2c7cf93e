"""The twitch detection limit holds the movement rule: a swaying forearm raises it, a still or drifting one does not.

The twitch finder takes a candidate whose 0-3 Hz excursion within 0.3 s exceeds its band-passed peak for a
movement's edge. A seated forearm swinging 2-3 deg at 0.5-1 Hz bends its 0-3 Hz part by 0.02-0.2 m/s^2 within
0.3 s; true twitches of 0.05-0.3 m/s^2 were taken for movement while the stated limit (the threshold and the rise
only) did not rise (FINDINGS.md, h-rev4 and h-swaylimit). The limit now holds the rule
(:mod:`tremor.core.movement_limit`). Both sides, written from the physics:

* a swaying rest: its limit rises to the movement rule's bound, and reference twitches (20 ms Gaussian
  derivatives, random axes) 1.3x the block's stated limit are found;
* a still rest and a slow drift (the arm sinking 0.3-0.6 deg a second): the movement rule's bound lies far under
  the stated limit on every block, and the drift leaves the limit as the still rest's;
* live, the swaying rest in random chunks gives batch's limits.

Fresh seeds each run (printed; replay with ``TREMOR_SWAYLIM_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.core.vehicle_physics import band_noise
from tremor.core.events import BACKGROUND_S, SLOW_WINDOW_S, TwitchDetector
from tremor.core.movement_limit import grid_excursions, movement_limit, twitch_slow_excursion
from tremor.core.notes import HIGH_TWITCH_LIMIT_MPS2
from tremor.core.twitch_signal import SMOOTH_S, reference_twitch, slow_fir, twitch_fir

FRESH_SEED = int(os.environ.get("TREMOR_SWAYLIM_SEED", np.random.SeedSequence().entropy % 2**31))  # type: ignore[operator]
FS = (100.0, 200.0)
G = 9.80665
SECONDS = 40.0


def _rest(seed: int, fs: float, kind: str) -> np.ndarray:
    """A seated forearm at rest (gravity pitched and rolled up to 20 deg), sensor noise 0.004-0.01 m/s^2 an axis, a
    0.003-0.015 m/s^2 rest tremor at 6-9 or 8-12 Hz; ``kind``: ``still``, ``sway`` (pitch swinging 2-3 deg at
    0.5-0.9 Hz, roll 0.7x that, Gaussian about the same frequency, with the wrist's tangential acceleration 0.3 m from the elbow) or ``drift`` (pitch sinking 0.3-0.6
    deg a second). The draws of one seed share everything but the movement."""
    rng = np.random.default_rng(seed)
    n = int(SECONDS * fs)
    t = np.arange(n) / fs
    pitch0, roll0 = np.deg2rad(rng.uniform(-20.0, 20.0, 2))
    amp, fc, rate = np.deg2rad(rng.uniform(2.0, 3.0)), rng.uniform(0.5, 0.9), rng.uniform(0.3, 0.6)
    phase, sway_r = rng.uniform(0.0, 2 * np.pi, 2), band_noise(rng, n, fs, fc / 1.3, fc * 1.3)
    noise = rng.normal(0.0, rng.uniform(0.004, 0.01), (n, 3))
    lo, hi = ((8.0, 12.0), (6.0, 9.0))[int(rng.integers(2))]
    axis = rng.normal(size=3)
    tremor = np.outer(rng.uniform(0.003, 0.015) * band_noise(rng, n, fs, lo, hi), axis / np.linalg.norm(axis))
    dp = dr = np.zeros(n)
    if kind == "sway":
        # pitch: a swing of 0.6-1x the amplitude (its envelope wandering at 0.05 Hz); roll: Gaussian, RMS 1 / 2.5
        # of 0.7x the amplitude (its peaks about 0.7x)
        swing = (
            amp
            * (0.8 + 0.2 * np.sin(2 * np.pi * 0.05 * t + phase[0]))
            * np.sin(2 * np.pi * fc * t + phase[1])
        )
        dp, dr = swing, 0.7 * amp / 2.5 * sway_r
    elif kind == "drift":
        dp = -np.deg2rad(rate) * t
    p, r = pitch0 + dp, roll0 + dr
    acc = G * np.stack([np.sin(p), np.cos(p) * np.sin(r), np.cos(p) * np.cos(r)], axis=1)
    acc[:, 0] += 0.3 * np.gradient(np.gradient(dp, 1 / fs), 1 / fs)
    acc[:, 1] += 0.3 * np.gradient(np.gradient(dr, 1 / fs), 1 / fs)
    return acc + noise + tremor


def _limits(acc: np.ndarray, fs: float) -> np.ndarray:
    """(time, limit) of each block whose limit is finite."""
    det = TwitchDetector(fs)
    det.update(acc, final=True)
    lim = np.array(det.limits)
    return lim[np.isfinite(lim[:, 1])]


def _movement_bound(acc: np.ndarray, fs: float, times: np.ndarray) -> np.ndarray:
    """The movement rule's bound on each block (at ``times``, the blocks' centres), from the physics' side: the
    0-3 Hz part filtered anew, every window of SLOW_WINDOW_S either side of each of the block's samples."""
    taps = slow_fir(fs)
    held = np.pad(acc, (((taps.size - 1) // 2,) * 2, (0, 0)), mode="edge")  # the first and last samples held
    slow = np.stack([np.convolve(held[:, k], taps, "valid") for k in range(3)], axis=1)
    reach = round(SLOW_WINDOW_S * fs)
    exc = grid_excursions(slow, reach)  # window centred on samples reach .. n - reach - 1
    ref = reference_twitch(fs, twitch_fir(fs))  # its band-passed envelope's peak per m/s^2 (a SMOOTH_S RMS)
    width = max(round(SMOOTH_S * fs), 1)
    gain = float(np.sqrt(np.convolve(ref * ref, np.full(width, 1.0 / width)).max()))
    out = np.zeros(times.size)
    block, delay = (
        round(0.5 * fs),
        (width - 1) / 2.0,
    )  # a block's time is its middle less the envelope's delay
    for i, t in enumerate(times.tolist()):
        b0 = round(
            t * fs + delay - block / 2.0
        )  # the block's first sample; exc[j] is centred on sample j + reach
        a, b = max(b0 - reach, 0), min(b0 + block - reach, exc.size)
        out[i] = exc[a:b].max() if b > a else 0.0
    return movement_limit(out, gain, twitch_slow_excursion(fs, reach), 1.0)


def _reference(fs: float) -> np.ndarray:
    s = 0.02
    t = np.arange(-4 * s, 4 * s + 0.5 / fs, 1 / fs)
    return -t / s * np.exp(-((t / s) ** 2) / 2) / np.exp(-0.5)


def test_the_limit_is_the_reference_twitch_the_rule_lets_through() -> None:
    """The bound's constants: the reference twitch's own slow excursion is about a tenth of its band-passed peak,
    and the bound is linear in the background's excursion (a twice larger sway, a twice larger limit)."""
    for fs in FS:
        reach = round(SLOW_WINDOW_S * fs)
        e = twitch_slow_excursion(fs, reach)
        assert 0.06 < e < 0.1, e
        lim = movement_limit(np.array([0.0, 0.02, 0.04]), 0.81, e, 1.0)
        assert lim[0] == 0.0 and lim[2] == pytest.approx(2 * lim[1])
        assert np.isinf(movement_limit(np.array([0.01]), 0.05, 0.08, 1.0)[0])


def _drawn_seed() -> int:
    """The replayed seed, or a fresh one at every call (a ``fresh_rate`` test's redraws draw anew)."""
    if "TREMOR_SWAYLIM_SEED" in os.environ:
        return FRESH_SEED
    return int(np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]


@pytest.mark.fresh_rate(
    env="TREMOR_SWAYLIM_SEED",
    measured="0 of 150 (100 Hz) and 0 of 100 (200 Hz) fresh draws; seed 2077518593 at 100 Hz (a 2.1 deg sway at "
    "0.85 Hz over the highest noise, 0.0095 m/s^2 an axis): the sway never lifts the bound over 1.2x the still "
    "limit (at most 1.12x), so the draw does not test the rule",
)
@pytest.mark.parametrize("fs", FS)
def test_a_swaying_rest_raises_the_limit_and_twitches_above_it_are_found(fs: float) -> None:
    """A swing of 2-3 deg at 0.5-0.9 Hz: the movement bound (computed here anew at every sample) above 1.2x the same
    rest's still limit on at least 2 % of the blocks (the rule bites: the limit must rise), every block's stated
    limit at least 0.9x the bound, and reference twitches at 1.3x their block's stated limit (random axes, 3.5 s
    apart, where the limit is under HIGH_TWITCH_LIMIT_MPS2 / 1.3) found, all but 2 at most. Measured (2 x 110
    consecutive fresh draws a rate, 100 / 200 Hz, the second run on 13c801f): the bound over 1.2x the still limit
    on 9-100 % / 19-100 % of the blocks, the limit 0.987-1.0x / 0.971-1.0x the bound at its lowest (the data's
    last block, left out, 0.87), found 2198 / 2193 of 2200 (never 2 missed in a draw), the median limit
    0.99-5.2x / 1.03-5.3x the still rest's. Before the change (the limit of 642828d, 20 draws at 100 Hz):
    0.22-0.65x the bound, 1-10 of 10 found (19 of the 20 draws fail). The smallest sway over the noisiest sensor
    may not lift the bound (seed 2077518593 at 100 Hz: 1.12x at most; 0 of 250 more fresh draws): a rate test."""
    seed = _drawn_seed()
    print(f"seed {seed} (TREMOR_SWAYLIM_SEED)")
    sway = _rest(seed, fs, "sway")
    lim = _limits(sway, fs)
    still = _limits(_rest(seed, fs, "still"), fs)
    bound = _movement_bound(sway, fs, lim[:, 0])
    assert lim.shape == still.shape
    # the sway is one the rule bites on: the limit must rise
    assert np.mean(bound > 1.2 * still[:, 1]) >= 0.02
    # the limit reads the 0-3 Hz part on a grid (movement_limit.GRID_HZ); at the data's end its windows miss up
    # to a grid step of the last samples, where the held last sample bends the slow part (the last block: 0.87)
    ratio = lim[:-1, 1] / np.maximum(bound[:-1], 1e-12)
    assert np.all(ratio >= 0.9), float(ratio.min())
    rng = np.random.default_rng(seed + 1)
    w = _reference(fs)
    # where the stated limit lets twitches be seen at all (under HIGH_TWITCH_LIMIT_MPS2; above it the report says
    # twitches could not be seen, and the impact ceiling takes the largest)
    times = [t for t in (3.0 + 3.5 * np.arange(10)).tolist() if _at(lim, t) < HIGH_TWITCH_LIMIT_MPS2 / 1.3]
    acc = sway.copy()
    for t in times:
        size = 1.3 * _at(lim, t)
        u = rng.normal(size=3)
        i0 = round(t * fs) - w.size // 2
        acc[i0 : i0 + w.size] += size * np.outer(w, u / np.linalg.norm(u))
    det = TwitchDetector(fs)
    found = det.update(acc, final=True)
    hits = sum(any(c.kind == "twitch" and abs(c.t_s - t) < 0.1 for c in found) for t in times)
    assert hits >= len(times) - 2, (hits, len(times))


def _at(lim: np.ndarray, t: float) -> float:
    """The stated limit of the block nearest ``t``."""
    return float(lim[int(np.argmin(np.abs(lim[:, 0] - t))), 1])


@pytest.mark.parametrize("fs", FS)
def test_a_still_or_drifting_rest_keeps_its_limit(fs: float) -> None:
    """A still rest and the same rest sinking 0.3-0.6 deg a second: the movement bound under 0.7x the stated limit
    on every block (the rule sets no block's limit), and from a whole background after the start on the drift's
    limits within 5 % of the still rest's. Measured (2 x 110 consecutive fresh draws a rate, 100 / 200 Hz): the
    bound at most 0.40 / 0.44 of the limit still, 0.41 / 0.45 drifting (the sensor noise's 0-3 Hz part); the
    drift's limits 0.990-1.007 / 0.975-1.013 of the still rest's."""
    print(f"seed {FRESH_SEED} (TREMOR_SWAYLIM_SEED)")
    still_acc, drift_acc = _rest(FRESH_SEED, fs, "still"), _rest(FRESH_SEED, fs, "drift")
    still, drift = _limits(still_acc, fs), _limits(drift_acc, fs)
    for acc, lim in ((still_acc, still), (drift_acc, drift)):
        bound = _movement_bound(acc, fs, lim[:, 0])
        assert np.all(bound < 0.7 * lim[:, 1]), float(np.max(bound / lim[:, 1]))
    assert still.shape == drift.shape
    # from a whole background after the start on: at the start the band-pass holds the first sample, and a drift's
    # kink there leaks into the first blocks' backgrounds (a few % either way, as without the rule)
    late = still[:, 0] >= BACKGROUND_S + 2.0
    ratio = drift[late, 1] / still[late, 1]
    assert np.all(np.abs(ratio - 1.0) < 0.05), (float(ratio.min()), float(ratio.max()))


def test_live_chunks_give_batch_limits_on_a_swaying_rest() -> None:
    """The swaying rest fed in random chunks of 1-700 samples gives the same limits, bit for bit, as fed at once
    (100 consecutive fresh draws: all equal)."""
    print(f"seed {FRESH_SEED} (TREMOR_SWAYLIM_SEED)")
    fs = 100.0
    acc = _rest(FRESH_SEED, fs, "sway")
    batch = TwitchDetector(fs)
    batch.update(acc, final=True)
    live = TwitchDetector(fs)
    rng = np.random.default_rng(FRESH_SEED)
    i = 0
    while i < acc.shape[0]:
        j = min(i + int(rng.integers(1, 700)), acc.shape[0])
        live.update(acc[i:j], final=j == acc.shape[0])
        i = j
    assert live.limits == batch.limits
