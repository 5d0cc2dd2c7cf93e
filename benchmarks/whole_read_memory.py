"""Peak memory of the whole-file path (read whole, then analyse) per byte of input, by format.

``python benchmarks/whole_read_memory.py [--mb 16,64,160] [--only phyphox,metawear]`` writes a
100 Hz recording of about each size in every format the whole-file reader takes (noise around
gravity, written by numpy, no simulator: memory depends on the number of rows, not their
content), then reads and analyses it in a fresh process (``read_recording`` + ``analyze``, what
:func:`tremor.batch.chunked.analyze_file` does when the block reader hands a file over) and
prints the peak RSS above the process's RSS after its imports, divided by the file's size. The
files are written to a temporary folder and deleted. The budget
:data:`tremor.batch.chunked.WHOLE_READ_MAX_BYTES` is set from the largest ratio seen.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

FS = 100.0
G = 9.80665
FORMATS = ("phyphox", "generic_csv", "sensor_logger", "polar_sensor_logger", "metawear", "firmware_log")
NAMES = {
    "phyphox": "Raw Data.csv",
    "generic_csv": "logger.csv",
    "sensor_logger": "TotalAcceleration.csv",
    "polar_sensor_logger": "Polar_H10_ABC123_20220425_113936_ACC.txt",
    "metawear": "mw_MetaWear_2019-01-11T16.10.08.270_C3D5C3E7B4E0_Accelerometer_100.000Hz_1.4.4.csv",
    "firmware_log": "band.tlog",
}
# approximate bytes per row, to size the files
ROW_BYTES = {
    "phyphox": 64,
    "generic_csv": 36,
    "sensor_logger": 62,
    "polar_sensor_logger": 53,
    "metawear": 72,
    "firmware_log": 40,
}
BLOCK = 200_000

CHILD = r"""
import json, resource, sys, time
from tremor.core.analysis import analyze
from tremor.io import read_recording
import tremor.report.json_report
def rss_mb():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("VmRSS")) / 1024
base = rss_mb()
cpu = time.process_time()
rec = read_recording(sys.argv[1], format=sys.argv[2])
after_read = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
res = analyze(rec)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"base": base, "read": after_read, "peak": peak, "n": int(rec.time_s.size),
                  "cpu": time.process_time() - cpu}))
"""


def _acc(rng: np.random.Generator, n: int) -> np.ndarray:
    a = rng.normal(0.0, 0.05, (n, 3))
    a[:, 2] += G
    return a


def write(fmt: str, path: Path, n: int, seed: int = 0) -> None:
    """Write ``n`` samples at 100 Hz in ``fmt`` to ``path``, block by block."""
    rng = np.random.default_rng(seed)
    if fmt == "firmware_log":
        from tremor.io import LogWriter

        scale = 8 * G / 32768
        with LogWriter(path, fsync=False) as log:
            log.write_header(
                device={"name": "Band", "address": "00:00:00:00:00:01", "model": "DIY"},
                profile="diy",
                settings={
                    "sample_rate_hz": 100,
                    "range_g": 8,
                    "resolution_bits": 16,
                    "factor": 1.0,
                    "scale_mps2_per_count": scale,
                },
                device_time_unix_offset_ns=1_700_000_000_000_000_000,
            )
            for a in range(0, n, BLOCK):
                i = np.arange(a, min(a + BLOCK, n))
                log.write_samples(5_000_000_000 + i * 10_000_000, _acc(rng, i.size))
        return
    header = {
        "phyphox": '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"\n',
        "generic_csv": "# Sample Rate: 100 Hz\ntime,ax (g),ay (g),az (g)\n",
        "sensor_logger": "time,seconds_elapsed,z,y,x\n",
        "polar_sensor_logger": "Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]\n",
        "metawear": "epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n",
    }[fmt]
    with open(path, "w", newline="\n") as fh:
        fh.write(header)
        for a in range(0, n, BLOCK):
            i = np.arange(a, min(a + BLOCK, n))
            t = i / FS
            acc = _acc(rng, i.size)
            if fmt == "phyphox":
                cols = [t, *acc.T]
                np.savetxt(fh, np.column_stack(cols), delimiter=",", fmt="%.9e")
                continue
            if fmt == "generic_csv":
                rows = zip((i * 10).tolist(), *(acc / G).T.tolist())
                fh.writelines("{},{:.6f},{:.6f},{:.6f}\n".format(*r) for r in rows)
            elif fmt == "sensor_logger":
                ns = 1_700_000_000_123_456_789 + i * 10_000_000
                rows = zip(ns.tolist(), t.tolist(), *acc[:, ::-1].T.tolist())
                fh.writelines("{},{:.6f},{:.7g},{:.7g},{:.7g}\n".format(*r) for r in rows)
            elif fmt == "polar_sensor_logger":
                ns = 704_201_974_831_254_116 + i * 10_000_000
                phone = np.datetime64("2022-04-25T11:39:36.100") + (i * 10).astype("timedelta64[ms]")
                mg = np.round(acc / G * 1000).astype(int)
                rows = zip(np.datetime_as_string(phone, unit="ms").tolist(), ns.tolist(), *mg.T.tolist())
                fh.writelines("{};{};{};{};{}\n".format(*r) for r in rows)
            else:  # metawear
                ms = 1_547_219_408_431 + i * 10
                local = np.datetime64("2019-01-11T16:10:08.431") + (i * 10).astype("timedelta64[ms]")
                rows = zip(
                    ms.tolist(),
                    np.datetime_as_string(local, unit="ms").tolist(),
                    t.tolist(),
                    *(acc / G).T.tolist(),
                )
                fh.writelines("{},{},{:.3f},{:.3f},{:.3f},{:.3f}\n".format(*r) for r in rows)


def measure(path: Path, fmt: str) -> dict[str, float]:
    """Read and analyse ``path`` whole in a fresh process; its RSS figures in MB."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), fmt], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    """Print, per format and size, the whole-file path's peak RSS per byte of input."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", default="16,64,160", help="file sizes in MB, comma-separated")
    ap.add_argument("--only", default=",".join(FORMATS), help="formats, comma-separated")
    args = ap.parse_args(argv)
    sizes = [float(s) for s in args.mb.split(",")]
    print(
        "format              | file MB | hours | base MB | after read MB | peak MB | (peak-base)/size | CPU s"
    )
    worst: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="tremor-wholemem-") as tmp:
        for fmt in args.only.split(","):
            for mb in sizes:
                n = int(mb * 1e6 / ROW_BYTES[fmt])
                path = Path(tmp) / NAMES[fmt]
                t = time.perf_counter()
                write(fmt, path, n)
                size = path.stat().st_size
                r = measure(path, fmt)
                path.unlink()
                ratio = (r["peak"] - r["base"]) * 2**20 / size
                worst[fmt] = max(worst.get(fmt, 0.0), ratio)
                print(
                    f"{fmt:19s} | {size / 1e6:7.1f} | {r['n'] / FS / 3600:5.2f} | {r['base']:7.0f} | "
                    f"{r['read']:13.0f} | {r['peak']:7.0f} | {ratio:16.2f} | {r['cpu']:5.1f}"
                    f"   (written and measured in {time.perf_counter() - t:.0f} s)",
                    flush=True,
                )
    print("largest ratio by format: " + ", ".join(f"{k} {v:.1f}" for k, v in worst.items()))


if __name__ == "__main__":
    main()
