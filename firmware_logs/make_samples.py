"""Regenerate the sample wristband logs in this folder (deterministic; numpy + tremor.io only).

    python firmware_logs/make_samples.py

``sample_session_100hz.tlog`` is a whole simulated training session from :mod:`tremor.sim.session`
(seed 7: a rest, then a calm set, a fatiguing set and a fatiguing set followed by twitching, with
automatic set detection: no markers). The three short logs are a simpler synthetic signal: 15 s rest with
physiological tremor near 10 Hz (0.03 m/s^2 RMS) and sensor noise, a 30 s set of slow repetitions
(0.25 Hz arm swing, tremor growing to 0.15 m/s^2 RMS), then 15 s rest with three short twitches.

The tremor is a band, as a wrist makes it, not a sine: white noise through a two-pole resonator
(:func:`tremor_process`) about 2 Hz wide (-3 dB), whose centre frequency wanders slowly between about
9 and 11 Hz, with its amplitude waxing and waning by about 25 % over a second or two. (The first
version used a 10 Hz sine with a little phase noise; the analyser rightly reported it as a steady
machine line, not tremor.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tremor.io import LogWriter

G = 9.80665
HERE = Path(__file__).resolve().parent
START_UNIX_NS = 1_735_725_600_000_000_000  # 2025-01-01T10:00:00Z, fixed for reproducibility


def _smooth_noise(n: int, fs: float, tau_s: float, rng: np.random.Generator) -> np.ndarray:
    """Unit-variance noise with correlation time ``tau_s`` (a first-order low-pass of white noise)."""
    a = np.exp(-1.0 / (tau_s * fs))
    x = np.empty(n)
    acc = 0.0
    for i, e in enumerate(rng.normal(0.0, np.sqrt(1.0 - a * a), n)):
        acc = a * acc + e
        x[i] = acc
    return x


def tremor_process(
    n: int, fs: float, rng: np.random.Generator, *, centre_hz: float = 10.0, width_hz: float = 2.0
) -> np.ndarray:
    """Unit-RMS physiological tremor: white noise through a resonator with a wandering centre.

    A two-pole resonator (an AR(2) process) with poles at radius ``r`` has a -3 dB width of about
    ``(1 - r) fs / pi`` Hz; its centre follows ``centre_hz`` plus slow noise (SD 0.6 Hz, correlation
    time 3 s, kept within 8-12 Hz here), and its output is multiplied by a slow envelope (SD 0.25,
    correlation time 1.5 s), so the amplitude waxes and wanes. Over tens of seconds the spectrum is
    a band 2-3 Hz wide, never a line.
    """
    r = 1.0 - np.pi * width_hz / fs
    centre = np.clip(centre_hz + 0.6 * _smooth_noise(n, fs, 3.0, rng), centre_hz - 2.0, centre_hz + 2.0)
    a1 = 2.0 * r * np.cos(2.0 * np.pi * centre / fs)
    a2 = -r * r
    e = rng.normal(0.0, 1.0, n)
    y = np.zeros(n)
    y1 = y2 = 0.0
    for i in range(n):
        y0 = a1[i] * y1 + a2 * y2 + e[i]
        y[i] = y0
        y2, y1 = y1, y0
    y *= np.clip(1.0 + 0.25 * _smooth_noise(n, fs, 1.5, rng), 0.3, None)
    return y / np.sqrt(np.mean(y * y))


def synth(fs: float, seed: int) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """Return (t_s, acc_mps2 (n, 3), (set_start_s, set_end_s))."""
    rng = np.random.default_rng(seed)
    rest1, set_len, rest2 = 15.0, 30.0, 15.0
    n = int(round((rest1 + set_len + rest2) * fs))
    t = np.arange(n) / fs
    in_set = (t >= rest1) & (t < rest1 + set_len)
    # Slow reps: the forearm tilts by up to 60 degrees, rotating gravity between y and z.
    tilt = np.where(in_set, np.deg2rad(60) * 0.5 * (1 - np.cos(2 * np.pi * 0.25 * (t - rest1))), 0.0)
    grav = np.column_stack([np.zeros(n), G * np.sin(tilt), G * np.cos(tilt)])
    # Tremor near 10 Hz, RMS 0.03 m/s^2 at rest, growing linearly to 0.15 m/s^2 by the end of the set.
    rms = np.full(n, 0.03)
    rms[in_set] = 0.03 + 0.12 * (t[in_set] - rest1) / set_len
    direction = np.array([0.6, 0.64, 0.48])
    tremor = (rms * tremor_process(n, fs, rng))[:, None] * direction
    acc = grav + tremor + rng.normal(0, 0.01, (n, 3))
    # Twitches: 60 ms damped 25 Hz bursts of 0.6 m/s^2 in the final rest.
    for t_tw in (rest1 + set_len + 4.0, rest1 + set_len + 8.5, rest1 + set_len + 12.2):
        k = (t >= t_tw) & (t < t_tw + 0.06)
        tau = t[k] - t_tw
        acc[k, 0] += 0.6 * np.exp(-tau / 0.02) * np.sin(2 * np.pi * 25 * tau)
    return t, acc, (rest1, rest1 + set_len)


def write_log(path: Path, *, fs: float, seed: int, device: dict, gap: tuple[float, float] | None,
              marker_source: str, truncate_at_s: float | None = None) -> None:
    t, acc, (s0, s1) = synth(fs, seed)
    range_g, bits = 8, 16
    scale = range_g * G / 2 ** (bits - 1)
    t0_ns = 12_000_000_000  # device clock (uptime) at the first sample
    t_ns = t0_ns + np.round(t * 1e9).astype(np.int64)
    counts = np.rint(acc / scale).astype(np.int64)
    keep = np.ones(t.size, bool)
    if gap is not None:
        keep &= ~((t >= gap[0]) & (t < gap[1]))
    if truncate_at_s is not None:
        keep &= t < truncate_at_s
    path.unlink(missing_ok=True)
    with LogWriter(path, fsync=False) as log:
        log.write_header(
            device=device, profile="polar_pmd", start_unix_ns=START_UNIX_NS,
            settings={"sample_rate_hz": fs, "range_g": range_g, "resolution_bits": bits,
                      "factor": scale / G * 1000, "scale_mps2_per_count": scale},
            device_time_unix_offset_ns=START_UNIX_NS - t0_ns, synthetic=True,
        )
        idx = np.flatnonzero(keep)
        chunks = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
        marks = [(s0, "start"), (s1, "end")]
        for chunk in chunks:
            for lo in range(0, chunk.size, 36):  # one "notification" of 36 samples at a time
                sel = chunk[lo:lo + 36]
                while marks and marks[0][0] <= t[sel[0]]:
                    ts, kind = marks.pop(0)
                    log.write_marker(int(t0_ns + ts * 1e9), kind, marker_source,
                                     "set 1" if kind == "start" else None)
                if lo == 0 and chunk is chunks[0] and sel.size:
                    log.write_raw(START_UNIX_NS + 35_000_000, bytes.fromhex("02") + bytes(range(12)))
                log.write_samples(t_ns[sel], counts[sel])
            if gap is not None and chunk is chunks[0] and len(chunks) > 1:
                log.write_gap(int(t_ns[chunk[-1]]) + 1, int(t_ns[chunks[1][0]]) - 1, "link lost")
        log.close(closed_unix_ns=START_UNIX_NS + int(t[-1] * 1e9) + 10**9)
    if truncate_at_s is not None:  # simulate a crash: no end record, last line cut mid-way
        data = path.read_bytes()
        cut = data.rstrip(b"\n").rfind(b"\n")  # drop the E record ...
        data = data[: cut + 1]
        cut = data.rstrip(b"\n").rfind(b"\n")
        path.write_bytes(data[: cut + 1 + 17])  # ... and cut the last sample line mid-way


def write_simulated_session(path: Path, *, seed: int = 7, fs: float = 100.0) -> None:
    """A simulated session (``tremor.sim.session``) as the band would log it: 16-bit counts at +-16 g."""
    from tremor.sim.session import simulate_session

    sim = simulate_session(seed=seed, fs_hz=fs, labels=["calm", "fatigue_tremor", "mixed"], range_g=16.0)
    rec = sim.recording
    range_g, bits = 16, 16
    scale = range_g * G / 2 ** (bits - 1)
    t0_ns = 5_000_000_000
    t_ns = t0_ns + np.round(rec.time_s * 1e9).astype(np.int64)
    counts = np.rint(rec.acc_mps2 / scale).astype(np.int64)
    path.unlink(missing_ok=True)
    with LogWriter(path, fsync=False) as log:
        log.write_header(
            device={"name": "Polar Sense EMU", "address": "00:00:00:00:00:07", "model": "simulated"},
            profile="polar_pmd", start_unix_ns=START_UNIX_NS,
            settings={"sample_rate_hz": fs, "range_g": range_g, "resolution_bits": bits,
                      "factor": scale / G * 1000, "scale_mps2_per_count": scale},
            device_time_unix_offset_ns=START_UNIX_NS - t0_ns, synthetic=True, simulator_seed=seed,
        )
        for lo in range(0, rec.n_samples, 36):
            log.write_samples(t_ns[lo:lo + 36], counts[lo:lo + 36])
        log.close(closed_unix_ns=START_UNIX_NS + int(rec.time_s[-1] * 1e9) + 10**9)


def main() -> None:
    write_simulated_session(HERE / "sample_session_100hz.tlog")
    write_log(HERE / "sample_rest_set_rest_100hz.tlog", fs=100.0, seed=1,
              device={"name": "Polar Sense A1B2C3D4", "address": "A0:9E:1A:A1:B2:C3",
                      "model": "Polar Verity Sense"}, gap=None, marker_source="key")
    write_log(HERE / "sample_link_lost_100hz.tlog", fs=100.0, seed=2,
              device={"name": "Polar Sense A1B2C3D4", "address": "A0:9E:1A:A1:B2:C3",
                      "model": "Polar Verity Sense"}, gap=(8.0, 9.5), marker_source="auto")
    write_log(HERE / "sample_crash_truncated_100hz.tlog", fs=100.0, seed=3,
              device={"name": "Polar Sense A1B2C3D4", "address": "A0:9E:1A:A1:B2:C3",
                      "model": "Polar Verity Sense"}, gap=None, marker_source="key",
              truncate_at_s=20.0)


if __name__ == "__main__":
    main()
