"""Fixtures for the report tests: analysed sessions with known content (simulated and synthetic)."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.recording import Recording, SourceInfo
from tremor.sim.session import simulate_session


@pytest.fixture(scope="session")
def sim_result() -> AnalysisResult:
    """A simulated 100 Hz session (seed 1): four sets labelled atypical_tremor, fasciculations, calm, mixed."""
    return analyze(simulate_session(seed=1, fs_hz=100).recording)


def quiet_recording(*, fs: float, seconds: float, path: str = "<quiet>", seed: int = 0) -> Recording:
    """A wrist at rest: 10 Hz tremor of 0.02 m/s^2 RMS plus seeded noise, gravity on z; no sets."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(seconds * fs)) / fs
    acc = 0.004 * rng.normal(size=(t.size, 3))
    acc[:, 0] += 0.02 * np.sqrt(2) * np.sin(2 * np.pi * 10.0 * t)
    # a worn wrist turns slowly by a degree or so (a device lying still would be "not worn", tremor.core.still)
    tilt = np.radians(1.5) * np.sin(2 * np.pi * 0.03 * t)
    acc[:, 1] += 9.81 * np.sin(tilt)
    acc[:, 2] += 9.81 * np.cos(tilt)
    return Recording(t, acc, True, SourceInfo(path, "generic_csv", "m/s^2"))
