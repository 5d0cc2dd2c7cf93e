"""Shared fixtures: synthetic signals with known answers, and the location of the real recordings."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.fresh_rate import REDRAWN, run_with_redraws
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


#: Accuracy figures collected by the accuracy tests, printed at the end of the run.
ACCURACY_LINES: list[str] = []


@pytest.fixture
def accuracy_log() -> list[str]:
    """Append a line here to have it printed in the test run's summary."""
    return ACCURACY_LINES


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fresh_rate(measured, env=None, param=None): a fresh draw of a rule with a measured failure rate is a "
        "rate test (tests/fresh_rate.py)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``fresh_rate`` tests as rate tests (tests/fresh_rate.py); leave the others to pytest."""
    return run_with_redraws(pyfuncitem)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if ACCURACY_LINES:
        terminalreporter.section("accuracy figures (measured in this run)")
        for line in ACCURACY_LINES:
            terminalreporter.write_line(line)
    if REDRAWN:
        terminalreporter.section("fresh draws that failed and were drawn again (tests/fresh_rate.py)")
        for line in REDRAWN:
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
