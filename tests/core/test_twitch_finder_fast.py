"""The twitch finder's fast paths (noise level, stacked axes) equal their definitions (seed printed)."""

from __future__ import annotations

import numpy as np

from tremor.core._rolling import nth_deviation, strided_median_mad
from tremor.core.twitch_noise import CLIP_FACTOR, CLIP_MIN_KEEP, noise_level


def _noise_level_definition(rows: np.ndarray, dilate: int, max_run: int) -> tuple[np.ndarray, np.ndarray]:
    """``noise_level`` as first written: ``np.median`` and a sort of the kept deviations."""
    med = np.median(rows, axis=1)
    mad = np.median(np.abs(rows - med[:, None]), axis=1)
    clip = rows > (med + CLIP_FACTOR * 1.4826 * mad)[:, None]
    if max_run > 0 and clip.any():
        starts = clip.copy()
        starts[:, 1:] &= ~clip[:, :-1]
        run_id = np.cumsum(starts.ravel()).reshape(clip.shape)
        length = np.bincount(run_id[clip])
        clip &= length[run_id] <= max_run
    out = clip.copy()
    for d in range(1, dilate + 1):
        out[:, d:] |= clip[:, :-d]
        out[:, :-d] |= clip[:, d:]
    for i in range(rows.shape[0]):
        kept = rows[i][~out[i]]
        if (
            kept.size >= max(CLIP_MIN_KEEP * rows.shape[1], 1)
            and np.isfinite(rows[i]).all()
            and clip[i].any()
        ):
            med[i] = np.median(kept)
            mad[i] = np.median(np.abs(kept - med[i]))
    return med, mad


def _envelope(rng: np.random.Generator, n: int) -> np.ndarray:
    x = np.abs(rng.standard_normal(n)) * np.exp(0.3 * rng.standard_normal(n))
    for _ in range(int(rng.integers(0, 12))):  # events: brief or long, small or large
        a = int(rng.integers(0, n))
        x[a : a + int(rng.integers(1, 60))] += rng.uniform(0.5, 20.0)
    if rng.random() < 0.2:
        x = np.round(x, 1)  # ties
    return x


def test_noise_level_equals_definition() -> None:
    """Windows every 50 of 500 samples (100 Hz) and of other sizes, batch (with the plain level from
    sorted halves) and one row at a time: the definition's values."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for trial in range(20):
        window, step = [(500, 50), (200, 20), (1000, 100), (37, 5)][trial % 4]
        count = int(rng.integers(1, 60))
        x = _envelope(rng, (count - 1) * step + window)
        rows = np.lib.stride_tricks.sliding_window_view(x, window)[::step][:count]
        dilate, max_run = int(rng.integers(0, 8)), int(rng.integers(0, 50))
        want = _noise_level_definition(rows, dilate, max_run)
        got = noise_level(rows, dilate, max_run, plain=strided_median_mad(x, window, step, count))
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])
        one = noise_level(rows[:1], dilate, max_run)
        assert one[0][0] == want[0][0] and one[1][0] == want[1][0]


def test_nth_deviation_equals_sorted_deviations() -> None:
    """Sorted rows padded with inf, a different count and rank per row: the sorted deviations' value."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for _ in range(50):
        m, n = int(rng.integers(1, 30)), int(rng.integers(1, 80))
        values = rng.standard_normal((m, n)) * 10.0 ** rng.integers(-5, 5)
        if rng.random() < 0.3:
            values = np.round(values, 1)
        k = rng.integers(1, n + 1, m)
        s = np.sort(np.where(np.arange(n) < k[:, None], values, np.inf), axis=1)
        med = np.array([np.median(s[i, : k[i]]) for i in range(m)])
        length = np.array([rng.integers(1, k[i] + 1) for i in range(m)])
        want = [np.sort(np.abs(s[i, : k[i]] - med[i]))[length[i] - 1] for i in range(m)]
        np.testing.assert_array_equal(nth_deviation(s, med, length), want)


def test_transient_axes_equal_one_eigh_per_transient() -> None:
    """The axes from one stacked eigh call equal those of one call per transient (bit for bit), on
    random, rank-deficient and zero Gram matrices, with transients that have no axis in between."""
    from dataclasses import replace

    from tremor.core.twitch_finder import Transient, _gram, _with_axes

    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    found, want = [], []
    for i in range(400):
        n = int(rng.integers(0, 40))
        v = rng.standard_normal((n, 3)) * 10.0 ** rng.uniform(-4, 2)
        if i % 5 == 0:
            v = np.outer(rng.standard_normal(n), rng.standard_normal(3))  # one direction
        if i % 11 == 0:
            v = np.zeros((n, 3))
        if i % 13 == 0 and n:
            v[0, 1] = np.nan  # no axis
        t = Transient(float(i), 1.0, 20.0, 0.1, "twitch", None, float(i))
        g = _gram(v)
        found.append((t, g))
        if g is None:
            want.append(t)
            continue
        _, u = np.linalg.eigh(v.T @ v)
        x = u[:, -1]
        x = x if x[int(np.argmax(np.abs(x)))] > 0 else -x
        want.append(replace(t, axis=(float(x[0]), float(x[1]), float(x[2]))))
    assert _with_axes(found) == want


def _tremor_then_still(rng: np.random.Generator, fs: float, seconds: float = 80.0) -> np.ndarray:
    """Noise with a narrow tremor line from 10 to 50 s (its backgrounds' rhythm share above
    RHYTHM_RISE_FROM, about half of them) and eight biphasic twitches of 0.3 m/s^2 anywhere."""
    n = round(seconds * fs)
    t = np.arange(n) / fs
    acc = np.tile([0.0, 0.0, 9.81], (n, 1)) + rng.normal(size=(n, 3)) * 0.003
    amp = rng.uniform(0.1, 0.5) * (1 + 0.3 * np.sin(2 * np.pi * 0.1 * t)) * ((t > 10) & (t < 50))
    acc += (amp * np.sin(2 * np.pi * rng.uniform(6.0, 11.0) * t + rng.uniform(0, 6)))[:, None] * rng.normal(
        size=3
    )
    for k in (rng.uniform(5, seconds - 5, 8) * fs).astype(int):
        w = max(2, round(0.01 * fs))
        acc[k : k + w] += 0.3 * rng.normal(size=3)
        acc[k + w : k + 2 * w] -= 0.3 * rng.normal(size=3)
    return acc


def test_batch_limits_equal_block_by_block_where_the_surge_rule_reads_the_mad() -> None:
    """Batch takes the band-passed envelope's MAD only where the rise rule's surge term reads it
    (rhythm share above RHYTHM_RISE_FROM); the limits and transients equal those of half-second
    chunks, where every block computes its own MAD (seed printed), with backgrounds on both sides,
    at 100 Hz (5 s backgrounds from sorted halves) and 200 Hz (whole rows)."""
    import tremor.core.twitch_finder as tf
    from tremor.core.events import TwitchDetector

    seed = int(np.random.SeedSequence().entropy % (2**31))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    rhythms: list[np.ndarray] = []
    rise = tf.rise_level

    def spy(rhythm: np.ndarray, amp_med: np.ndarray, amp_mad: np.ndarray) -> np.ndarray:
        rhythms.append(np.asarray(rhythm, dtype=float).ravel())
        return rise(rhythm, amp_med, amp_mad)

    for fs in (100.0, 200.0):
        acc = _tremor_then_still(rng, fs)
        rhythms.clear()
        tf.rise_level = spy
        try:
            batch = TwitchDetector(fs)
            found = batch.update(acc, final=True)
        finally:
            tf.rise_level = rise
        shares = np.concatenate(rhythms)
        read = np.mean(np.where(np.isfinite(shares), shares, 0.0) > tf.RHYTHM_RISE_FROM)
        assert 0.2 < read < 0.8, f"seed {seed}: surge term read in {read:.2f} of the backgrounds"
        live = TwitchDetector(fs)
        step = round(0.5 * fs)
        chunks = [live.update(acc[i : i + step]) for i in range(0, len(acc) - step, step)]
        chunks.append(live.update(acc[len(chunks) * step :], final=True))
        assert [t for c in chunks for t in c] == found, f"seed {seed}"
        assert live.limits == batch.limits, f"seed {seed}"
