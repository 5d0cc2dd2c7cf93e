"""Shared fixtures: synthetic signals with known answers, and the location of the real recordings."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests import run_entropy
from tests.fresh_rate import REDRAWN_PROPERTY, run_with_redraws
from tremor.core.recording import Recording, SourceInfo

REPO = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--hardware``: run the tests that need a real BLE adapter and band (also TREMOR_HARDWARE=1)."""
    parser.addoption(
        "--hardware",
        action="store_true",
        default=False,
        help="run BLE tests that need a real Bluetooth adapter and band (also TREMOR_HARDWARE=1)",
    )


def realdata_dir() -> Path:
    """``../shared/realdata`` beside the repository (override with TREMOR_REALDATA)."""
    env = os.environ.get("TREMOR_REALDATA")
    return Path(env) if env else REPO.parent / "shared" / "realdata"


@pytest.fixture
def realdata() -> Path:
    path = realdata_dir()
    if not path.is_dir():
        pytest.skip(f"real recordings not found at {path} (set TREMOR_REALDATA to their folder)")
    return path


def sine_recording(
    *,
    fs: float,
    seconds: float,
    freq_hz: float,
    rms_mps2: float,
    noise_mps2: float = 0.005,
    seed: int = 0,
    gravity: bool = True,
) -> Recording:
    """A wrist at rest with a pure tremor sine of known frequency and RMS on the x axis, plus seeded noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(round(seconds * fs))) / fs
    acc = noise_mps2 * rng.normal(size=(t.size, 3))
    acc[:, 0] += rms_mps2 * np.sqrt(2) * np.sin(2 * np.pi * freq_hz * t)
    if gravity:
        acc[:, 2] += 9.81
    return Recording(t, acc, gravity, SourceInfo("<sine>", "simulated", "m/s^2"))


def add_twitch(
    rec: Recording, t_s: float, peak_mps2: float, sigma_s: float = 0.025, axis: int = 1
) -> Recording:
    """A biphasic (derivative-of-Gaussian) twitch of known peak at a known time."""
    x = (rec.time_s - t_s) / sigma_s
    pulse = -x * np.exp(-(x**2) / 2) / np.exp(-0.5)  # peak |pulse| = 1 at x = +-1
    acc = rec.acc_mps2.copy()
    acc[:, axis] += peak_mps2 * pulse
    return Recording(rec.time_s, acc, rec.gravity_included, rec.source)


#: The name under which an accuracy line travels on the test's report (``user_properties``).
ACCURACY_PROPERTY = "accuracy_line"
#: What the run's summary prints, gathered from the tests' reports: in the process that prints the summary,
#: whether the tests ran in it or in worker processes (``pytest -n``, pytest-xdist).
SUMMARY_LINES: dict[str, list[str]] = {ACCURACY_PROPERTY: [], REDRAWN_PROPERTY: []}


@pytest.fixture
def accuracy_log(request: pytest.FixtureRequest):
    """Append a line here to have it printed in the test run's summary."""
    lines: list[str] = []
    yield lines
    request.node.user_properties.extend((ACCURACY_PROPERTY, line) for line in lines)


def pytest_configure(config: pytest.Config) -> None:
    # drawn here, before pytest-xdist starts its workers, so that they inherit it (tests/run_entropy.py)
    run_entropy.run_entropy()
    # one BLAS thread a test process: with a worker a core (`pytest -n 2`), OpenBLAS's own threads spin against
    # the other worker's (a test's LAPACK solve of a 100 kHz segment's predictor ran 19 s alone, 937 s so)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    config.addinivalue_line(
        "markers",
        "fresh_rate(measured, env=None, param=None): a fresh draw of a rule with a measured failure rate is a "
        "rate test (tests/fresh_rate.py)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``fresh_rate`` tests as rate tests (tests/fresh_rate.py); leave the others to pytest."""
    return run_with_redraws(pyfuncitem)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "teardown":
        for name, value in report.user_properties:
            if name in SUMMARY_LINES:
                SUMMARY_LINES[name].append(str(value))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    titles = {
        ACCURACY_PROPERTY: "accuracy figures (measured in this run)",
        REDRAWN_PROPERTY: "fresh draws that failed and were drawn again (tests/fresh_rate.py)",
    }
    terminalreporter.write_line(
        f"fresh seeds of the tests' collection drawn from {run_entropy.ENV}={run_entropy.run_entropy()} "
        "(set it to collect them again; tests/run_entropy.py)"
    )
    for name, title in titles.items():
        if SUMMARY_LINES[name]:
            terminalreporter.section(title)
            for line in SUMMARY_LINES[name]:
                terminalreporter.write_line(line)


def metrics_with(**kw):
    """SetMetrics of a calm, assessable set (9 Hz peak, 0.03 m/s^2, ratios 1), with ``kw`` changed."""
    from tremor.core.classify import SetMetrics

    base = {
        "peak_hz": 9.0,
        "start_peak_hz": 9.0,
        "end_peak_hz": 9.0,
        "rms_mps2": 0.03,
        "power_vs_rest": 1.0,
        "end_to_start_ratio": 1.0,
        "last_third_vs_rest": 1.0,
        "oob_band": None,
        "oob_peak_hz": None,
        "oob_vs_phys": None,
        "oob_prominence": None,
        "movement_rms_mps2": 1.0,
        "twitches_in_set": 0,
        "twitches_in_recovery": 0,
        "recovery_rate_per_min": 0.0,
        "assessable": True,
    }
    base.update(kw)
    return SetMetrics(**base)
