"""A candidate inside an oscillation that holds its level is not a twitch (issue 9, red team R3-7, R3-7b).

Both sides of :func:`tremor.core.twitch_hold.classify_holds`: shivering bursts (an 8-12 Hz
narrow-band oscillation in 3-6 s bursts) and a phone's buzzes folded into the file by a sensor
without an anti-alias filter give (almost) no twitches; twitches at rest (0.1-0.3 m/s^2, isolated,
in pairs and triplets 0.3-0.6 s apart, 100 and 200 Hz) are all kept; where the rule rejects a
candidate, the detection limit stated there is raised so that no twitch over it was rejected by the
rule; live (chunked) equals batch. The signals are written here from the physics (not the red
team's generator); fixed seeds and a fresh one (printed; replay with ``TREMOR_PHYS_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from scipy import signal

import tremor.core.twitch_hold as hold_rule
from tests.run_entropy import fresh_entropy
from tremor.core.events import Transient, TwitchDetector
from tremor.core.twitch_hold import HOLD_LOBES, HOLD_MS, HoldEvidence
from tremor.core.twitch_signal import BLOCK_S, REFERENCE_SIGMA_S

FRESH_SEED = int(os.environ.get("TREMOR_PHYS_SEED", fresh_entropy(__name__) % 2**31))
SEEDS = [pytest.param(11, id="fixed"), pytest.param(FRESH_SEED, id="fresh")]
FS = (100.0, 200.0)
#: Twitches left within 1 s of a buzz in a draw's two files (67 draws: at most 3).
BUZZ_BOUND = 5
#: A twitch's waveform (:func:`_twitch_wave`) lasts this long from its start (s).
TWITCH_SPAN_S = 0.3


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _rest(rng: np.random.Generator, fs: float, seconds: float) -> np.ndarray:
    """A resting wrist: gravity in a random direction, 0.008 m/s^2 sensor noise per axis and a
    physiological tremor (7.5-11.5 Hz, about 0.005 m/s^2)."""
    n = int(seconds * fs)
    acc = 9.81 * _unit(rng) + rng.normal(0, 0.008, (n, 3))
    b, a = signal.butter(2, [7.5 / (fs / 2), 11.5 / (fs / 2)], "band")
    return acc + signal.lfilter(b, a, rng.normal(size=(n, 3)), axis=0) * 0.004 / 0.16


def _shiver(rng: np.random.Generator, fs: float, n: int) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Shivering: bursts of 3-6 s, 4-8 a minute, of an 8-12 Hz oscillation 1-2.5 Hz wide (a resonator
    driven by noise) with a sin^2 envelope, 0.05-0.3 m/s^2 RMS at the burst's height, mostly along one
    direction (a second, 0.2-0.5 as strong)."""
    t = np.arange(n) / fs
    out, bursts = np.zeros((n, 3)), []
    f0, width = rng.uniform(8, 12), rng.uniform(1.0, 2.5)
    b, a = signal.iirpeak(f0 / (fs / 2), f0 / width)
    d1, d2 = _unit(rng), _unit(rng)
    x = rng.uniform(1, 6)
    while x < t[-1] - 7:
        length = rng.uniform(3.0, 6.0)
        m = (t >= x) & (t < x + length)
        w = np.sin(np.pi * (t[m] - x) / length) ** 2
        z = signal.lfilter(b, a, rng.normal(size=(m.sum() + int(2 * fs), 2)), axis=0)[-m.sum() :]
        z /= z.std(axis=0).mean()
        mix = rng.uniform(0.2, 0.5)
        level = rng.uniform(0.05, 0.3) * np.sqrt(2) / np.sqrt(1 + mix**2)
        out[m] += level * w[:, None] * (np.outer(z[:, 0], d1) + mix * np.outer(z[:, 1], d2))
        bursts.append((float(x), float(x + length)))
        x += length + 60 / rng.uniform(4, 8) - length / 2
    return out, bursts


def _buzz(
    rng: np.random.Generator, fs: float, n: int, f_lra: float
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """A phone's buzzes through a sensor without an anti-alias filter: 12 notifications of one or two
    0.15-0.4 s buzzes (15 ms raised-cosine ramps) of an ``f_lra`` Hz actuator, 0.3-1.5 m/s^2, sampled
    at ``fs`` as it is (the sine is read at the sample times, so it folds)."""
    t = np.arange(n) / fs
    out, spans = np.zeros((n, 3)), []
    for tk in np.sort(rng.uniform(6, t[-1] - 6, 12)):
        for j in range(int(rng.integers(1, 3))):
            t0, length = tk + j * rng.uniform(0.45, 0.8), rng.uniform(0.15, 0.4)
            m = (t >= t0) & (t < t0 + length)
            tt = t[m] - t0
            env = 0.5 - 0.5 * np.cos(np.pi * np.clip(np.minimum(tt, length - tt) / 0.015, 0, 1))
            wave = rng.uniform(0.3, 1.5) * env * np.sin(2 * np.pi * f_lra * tt + rng.uniform(0, 6.3))
            out[m] += np.outer(wave, _unit(rng))
            spans.append((float(t0), float(t0 + length)))
    return out, spans


def _twitch_wave(rng: np.random.Generator, fs: float, peak: float) -> np.ndarray:
    """One motor unit's twitch: a biphasic pulse of 20-50 ms (one sine cycle), then a ring at 15-30 Hz
    of 0.2-0.5 its size decaying with a 10-30 ms time constant; scaled to ``peak``."""
    t = np.arange(int(TWITCH_SPAN_S * fs)) / fs
    d, ring, f_ring, tau = (
        rng.uniform(0.02, 0.05),
        rng.uniform(0.2, 0.5),
        rng.uniform(15, 30),
        rng.uniform(0.01, 0.03),
    )
    x = np.where(
        t < d, np.sin(2 * np.pi * t / d), ring * np.sin(2 * np.pi * f_ring * (t - d)) * np.exp(-(t - d) / tau)
    )
    return peak * x / np.abs(x).max()


def _add_twitches(
    rng: np.random.Generator, acc: np.ndarray, fs: float, pulses: list[np.ndarray] | None = None
) -> list[tuple[float, float]]:
    """0.1-0.3 m/s^2 twitches at random axes, 1.5-6 s apart, a third in pairs or triplets 0.3-0.6 s apart
    (each one's waveform appended to ``pulses`` where given)."""
    truth, x, end = [], rng.uniform(3.5, 5.0), acc.shape[0] / fs - 5
    while x < end:
        group = [x]
        if rng.random() < 1 / 3:
            for _ in range(int(rng.integers(1, 3))):
                group.append(group[-1] + rng.uniform(0.3, 0.6))
        for s in group:
            peak = rng.uniform(0.1, 0.3)
            pulse, i0 = _twitch_wave(rng, fs, peak), round(s * fs)
            acc[i0 : i0 + pulse.size] += np.outer(pulse, _unit(rng))
            truth.append((float(s), peak))
            if pulses is not None:
                pulses.append(pulse)
        x = group[-1] + rng.uniform(1.5, 6.0)
    return truth


def _detect(acc: np.ndarray, fs: float, rule: bool = True) -> tuple[list[Transient], np.ndarray]:
    """All transients and the (time, limit) blocks, with the hold rule or without it."""
    saved = hold_rule.HOLD_MS, hold_rule.LINE_BURST_RATIO
    if not rule:
        hold_rule.HOLD_MS, hold_rule.LINE_BURST_RATIO = float("inf"), 0.0
    try:
        det = TwitchDetector(fs)
        return det.update(acc, final=True), np.array(det.limits)
    finally:
        hold_rule.HOLD_MS, hold_rule.LINE_BURST_RATIO = saved


def _found(truth: list[tuple[float, float]], twitches: list[Transient]) -> np.ndarray:
    """Whether each true twitch (start time) has a twitch within -0.05..+0.15 s."""
    times = np.array([c.t_s for c in twitches])
    return np.array([bool(np.any((times >= s - 0.05) & (times <= s + 0.15))) for s, _ in truth], dtype=bool)


def test_the_hold_measure_tells_a_twitch_from_a_buzz() -> None:
    """Hold and lobes at the threshold's two sides: a twitch (and a slow 80 ms biphasic pulse, the
    Gaussian derivative of sigma 40 ms the other tests use) holds under HOLD_MS or with fewer than
    HOLD_LOBES lobes; a 0.15 s buzz folded to 44 Hz or 12 Hz holds 0.13 s or more through 3 lobes or more."""
    rng = np.random.default_rng(5)
    for fs in FS:
        n = int(6 * fs)
        t = np.arange(n) / fs
        for f_lra, length in ((156.2, 0.15), (187.6, 0.15), (156.2, 0.3)):
            acc = _rest(rng, fs, 6.0)
            m = (t >= 3.0) & (t < 3.0 + length)
            acc[m] += np.outer(0.5 * np.sin(2 * np.pi * f_lra * (t[m] - 3.0)), _unit(rng))
            ev = HoldEvidence(fs, 0.0)
            ev.append(acc)
            h = ev.hold(3.0 + length / 2)
            assert h is not None and h.hold_ms >= 0.85 * length * 1e3 and h.lobes >= HOLD_LOBES, (
                fs,
                f_lra,
                h,
            )
        for sigma in (0.025, 0.04):
            acc = _rest(rng, fs, 6.0)
            x = (t - 3.0) / sigma
            acc[:, 0] += 0.2 * -x * np.exp(-(x**2) / 2) / np.exp(-0.5)
            ev = HoldEvidence(fs, 0.0)
            ev.append(acc)
            h = ev.hold(3.0)
            assert h is not None and (h.hold_ms < HOLD_MS or h.lobes < HOLD_LOBES), (fs, sigma, h)
        for _ in range(5):
            acc = _rest(rng, fs, 6.0)
            pulse = _twitch_wave(rng, fs, rng.uniform(0.1, 0.3))
            acc[round(3 * fs) : round(3 * fs) + pulse.size] += np.outer(pulse, _unit(rng))
            ev = HoldEvidence(fs, 0.0)
            ev.append(acc)
            h = ev.hold(3.02)
            assert h is not None and h.hold_ms < HOLD_MS, (fs, h)


def _band_peak(fs: float, pulse: np.ndarray) -> float:
    """The detector's band-passed envelope peak (m/s^2) of ``pulse`` alone, on one axis, without noise."""
    acc = np.zeros((int(2 * fs) + pulse.size, 3))
    acc[int(fs) : int(fs) + pulse.size, 0] = pulse
    det = TwitchDetector(fs)
    return float(np.max(det._env_amp.update(det._filter.update(acc, final=True))))


def _reference_size(fs: float, pulse: np.ndarray) -> float:
    """``pulse``'s size as the detection limit counts it: the peak of the reference twitch (a Gaussian
    derivative of sigma ``REFERENCE_SIGMA_S``) whose band-passed envelope peaks as high as ``pulse``'s."""
    sigma = REFERENCE_SIGMA_S
    t = np.arange(-5 * sigma, 5 * sigma + 0.5 / fs, 1.0 / fs)
    ref = -t / sigma * np.exp(-((t / sigma) ** 2) / 2) / np.exp(-0.5)
    return _band_peak(fs, pulse) / _band_peak(fs, ref)


def _nearest_limit(limits: np.ndarray, t_s: float) -> float:
    return float(limits[np.argmin(np.abs(limits[:, 0] - t_s)), 1])


@pytest.mark.parametrize("seed", SEEDS)
def test_shivering_at_rest_gives_few_twitches(seed: int) -> None:
    """2 min of shivering at rest at 100 and 200 Hz: at most 7 twitches in the two files, none the
    detector would not report without the rules, and every candidate the rules reject lies within 1 s
    of a burst. Measured over 32 draws (seeds 20000-20031): 321 twitches without the rules, 48 with
    them, at most 5 in a draw (and over 35 draws, seeds 100-134, of an earlier version: 352 -> 53, at
    most 5)."""
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    before = after = 0
    for fs in FS:
        acc = _rest(rng, fs, 120.0)
        sh, bursts = _shiver(rng, fs, acc.shape[0])
        found, _ = _detect(acc + sh, fs)
        plain, _ = _detect(acc + sh, fs, rule=False)
        with_rule = {c.t_s for c in found if c.kind == "twitch"}
        without = {c.t_s for c in plain if c.kind == "twitch"}
        assert with_rule <= without
        for t in without - with_rule:
            assert any(a - 1.0 <= t <= b + 1.0 for a, b in bursts), t
        before, after = before + len(without), after + len(with_rule)
    print(f"twitches without / with the rules: {before} / {after}")
    assert after <= 7


@pytest.mark.parametrize("seed", SEEDS)
def test_aliased_buzzes_give_no_twitches(seed: int) -> None:
    """A phone buzzing in the hand (150-235 Hz actuator, folded by the sampling to 6-50 Hz; a fold
    under 6 Hz is one or two slow swings, shaped like a slow twitch, and is left out here) at 100 and
    200 Hz, about 18 buzzes a file: at most BUZZ_BOUND twitches within 1 s of a buzz in the two files,
    none the detector would not report without the rules. Measured over 32 draws (seeds 20000-20031):
    514 without the rules, 2 with them (at most 1 in a draw; over 35 draws, seeds 100-134, of an
    earlier version: 548 -> 9, at most 3)."""
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    before = after = 0
    for fs in FS:
        f_lra = rng.uniform(150.0, 235.0)
        while abs(((f_lra + fs / 2) % fs) - fs / 2) < 6.0:
            f_lra = rng.uniform(150.0, 235.0)
        acc = _rest(rng, fs, 120.0)
        bz, spans = _buzz(rng, fs, acc.shape[0], f_lra)
        found, _ = _detect(acc + bz, fs)
        plain, _ = _detect(acc + bz, fs, rule=False)
        with_rule = {c.t_s for c in found if c.kind == "twitch"}
        without = {c.t_s for c in plain if c.kind == "twitch"}
        assert with_rule <= without
        near = [t for t in with_rule if any(a - 1.0 <= t <= b + 1.0 for a, b in spans)]
        before += sum(any(a - 1.0 <= t <= b + 1.0 for a, b in spans) for t in without)
        after += len(near)
    print(f"twitches within 1 s of a buzz without / with the rules: {before} / {after}")
    assert after <= BUZZ_BOUND


@pytest.mark.parametrize(
    "seed",
    [
        *SEEDS,
        pytest.param(663964056, id="whitener-neighbours"),
        pytest.param(105088079, id="tremor-surge"),
    ],
)
def test_twitches_at_rest_are_all_kept(seed: int) -> None:
    """0.1-0.3 m/s^2 twitches at rest, isolated and in pairs and triplets 0.3-0.6 s apart, 100 and
    200 Hz: the rule changes no verdict on a candidate where a twitch is (the same twitches with and
    without it), and the limits are the finder's except over the stretch of a candidate the rule
    re-marked; at least 95 % of the twitches are found at each rate.

    Seed 663964056 (a fresh draw that failed CI, h-flaky4): at 200 Hz 25 of 27 were found. A 0.25
    m/s^2 twitch at 76.96 s left its tail in the whitener's next fit block (1.3x the median energy,
    under the 4x cut), the fit rang with it, the whitened noise rose and the noise model took the
    robust rule for 5 s: threshold and stated limit about 3x (0.04 -> 0.12-0.15 m/s^2), and the
    twitches at 80.09 s (0.145 m/s^2) and 80.48 s (0.113) were lost. The whitener now leaves out
    the neighbours of a left-out block (``twitch_signal.WHITEN_SKIP_NEIGHBOURS``). Over 120 fresh
    draws (7576 twitches): before, 7 missed and 1 draw under 95 % (27 of 30, seed 1456183259, the
    same cause); after, none missed.

    Seed 105088079 (a fresh draw that failed CI, h-flaky5): at 100 Hz the rule re-marked a candidate
    at 33.08 s 'sustained'. No twitch is there: the nearest starts at 32.50 s and a twitch's waveform
    is 0.3 s long (the twitches' signal is exactly zero over 32.9-33.3 s). It was the resting wrist's
    own signal, a surge of the 8 Hz physiological tremor on the sensor noise (0.040 m/s^2 against a
    threshold of 0.038) that held 150 ms through 3 lobes: a held oscillation, which the rule is for,
    and the limit there was raised 0.038 -> 0.040 as the rule states. The test asked that no verdict
    change at all; it now asks that none change within a twitch's waveform (:data:`TWITCH_SPAN_S`),
    and that a candidate re-marked away from the twitches was a twitch without the rule. Over 70
    fresh draws (140 files) none was re-marked; the rule is unchanged (HOLD_MS 20 and HOLD_LOBES 1,
    an over-eager rule, fail at seed 11 on a true twitch)."""
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    for fs in FS:
        acc = _rest(rng, fs, 90.0)
        truth = _add_twitches(rng, acc, fs)
        found, limits = _detect(acc, fs)
        plain, plain_limits = _detect(acc, fs, rule=False)
        assert [c.t_s for c in found] == [c.t_s for c in plain]
        starts = np.array([s for s, _ in truth])
        remarked = []
        for c, c0 in zip(found, plain):
            if c.kind == c0.kind:
                continue
            on_twitch = np.any((c.t_s >= starts - 0.05) & (c.t_s <= starts + TWITCH_SPAN_S))
            assert not on_twitch and c0.kind == "twitch", (fs, c, c0)
            remarked.append(c.t_s)
        print(f"{fs:g} Hz: candidates away from the twitches re-marked by the rule: {remarked}")
        # the limits differ only over a re-marked candidate's stretch (a block's window either side)
        differ = limits[np.any(limits != plain_limits, axis=1)]
        reach = max(hold_rule.HOLD_WINDOW_S, hold_rule.LINE_BURST_WINDOW_S) + BLOCK_S
        for t, limit in differ:
            assert any(abs(t - r) <= reach for r in remarked), (fs, t, limit)
        assert np.all(limits[:, 1] >= plain_limits[:, 1])
        hit = _found(truth, [c for c in found if c.kind == "twitch"])
        print(f"{fs:g} Hz: {hit.sum()} of {hit.size} twitches found")
        assert hit.mean() >= 0.95


@pytest.mark.parametrize("seed", [*SEEDS, pytest.param(638043025, id="fast-twitch")])
def test_no_twitch_over_the_stated_limit_is_rejected_by_the_rule(seed: int) -> None:
    """Twitches (0.1-0.3 m/s^2) at rest with shivering bursts between and over them: every twitch the
    rules reject (found without them, not with them) is under 1.25 x the detection limit stated at
    its time, its size taken as the limit takes it (:func:`_reference_size`: the reference twitch's peak
    whose band-passed envelope matches the twitch's; the limit is where that reference is found half
    the time, and the whitened envelope the threshold reads differs from the band-passed one by shape).
    Recall inside and outside the bursts, with and without the rules, is printed.

    It compared each twitch's own peak with 1.5 x the limit, taking the twitches' envelopes to differ
    from the reference's by up to about 20 %; they differ far more: a one-cycle twitch of 20-50 ms has
    most of its power at 20-50 Hz, over the 3-40 Hz band, and its band-passed envelope is 0.33-0.95
    of the reference's per m/s^2 of peak (median 0.80, 300 shapes at 200 Hz). Fresh seed 638043025
    (h-flaky4, 1 failure in 40 fresh draws) rejected, as rhythmic inside a burst, a 0.206 m/s^2 twitch
    of 20.5 ms (1.66 x the limit of 0.124 by its peak; 0.35 of the reference by its band-passed
    envelope, 0.073 m/s^2 by its size here: under the limit). By their size here the rejected
    twitches reached at most 0.91 x the limit over 32 draws (seeds 20000-20031), 0.81 x over 30
    fresh draws, 0.93 x at seed 11 (printed: the largest of a draw).
    """
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    counts = np.zeros((2, 2, 2), dtype=int)  # [inside burst][with rule][found, all]
    worst = 0.0
    for fs in FS:
        acc = _rest(rng, fs, 120.0)
        pulses: list[np.ndarray] = []
        truth = _add_twitches(rng, acc, fs, pulses)
        sh, bursts = _shiver(rng, fs, acc.shape[0])
        found, limits = _detect(acc + sh, fs)
        plain, _ = _detect(acc + sh, fs, rule=False)
        hit = _found(truth, [c for c in found if c.kind == "twitch"])
        hit0 = _found(truth, [c for c in plain if c.kind == "twitch"])
        inside = np.array([any(a <= s <= b for a, b in bursts) for s, _ in truth], dtype=bool)
        for k, (s, peak) in enumerate(truth):
            if hit0[k] and not hit[k]:
                size, limit = _reference_size(fs, pulses[k]), _nearest_limit(limits, s)
                worst = max(worst, size / limit)
                assert size < 1.25 * limit, (fs, s, peak, size, limit)
            for rule, h in ((0, hit0), (1, hit)):
                counts[int(inside[k]), rule] += (int(h[k]), 1)
    print(f"largest rejected twitch: {worst:.2f} x the stated limit (by its size as the limit counts it)")
    for where, name in ((1, "inside bursts"), (0, "outside")):
        (f0, n0), (f1, n1) = counts[where]
        print(f"{name}: found {f0}/{n0} without the rule, {f1}/{n1} with it")


def test_live_equals_batch_with_shivering_and_buzzes() -> None:
    """Shivering, aliased buzzes and twitches fed in chunks of 1-700 samples give the same transients
    and the same limits as the whole at once (100 and 200 Hz)."""
    rng = np.random.default_rng(23)
    for fs in FS:
        acc = _rest(rng, fs, 60.0)
        _add_twitches(rng, acc, fs)
        acc += _shiver(rng, fs, acc.shape[0])[0] + _buzz(rng, fs, acc.shape[0], 161.0)[0]
        batch = TwitchDetector(fs)
        whole = batch.update(acc, final=True)
        live = TwitchDetector(fs)
        got: list[Transient] = []
        i = 0
        while i < acc.shape[0]:
            j = min(i + int(rng.integers(1, 700)), acc.shape[0])
            got += live.update(acc[i:j], final=j == acc.shape[0])
            i = j
        assert got == whole
        assert live.limits == batch.limits
        assert any(c.kind == "sustained" for c in whole)
        # a long file's blocks (tremor.batch.chunked: 4096 samples): the bursts of blocks a large chunk completes
        # are sought before its old samples are dropped (they were not, and the limits there were not raised)
        big = TwitchDetector(fs)
        got = []
        for i in range(0, acc.shape[0], 4096):
            got += big.update(acc[i : i + 4096], final=i + 4096 >= acc.shape[0])
        assert got == whole
        assert big.limits == batch.limits
