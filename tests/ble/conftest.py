"""BLE test fixtures: a virtual radio, a Bumble-backed bleak central, sine sources,
and the opt-in ``--hardware`` flag for tests against a real adapter."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from ble_helpers import sine_chunks


def pytest_addoption(parser: pytest.Parser) -> None:
    try:
        parser.addoption(
            "--hardware",
            action="store_true",
            default=False,
            help="run BLE tests that need a real Bluetooth adapter and band (also TREMOR_HARDWARE=1)",
        )
    except ValueError:  # already declared by another conftest
        pass


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    try:
        enabled = bool(config.getoption("--hardware"))
    except ValueError:
        enabled = False
    enabled = enabled or os.environ.get("TREMOR_HARDWARE") == "1"
    if enabled:
        return
    skip = pytest.mark.skip(
        reason="needs a real BLE adapter and band; opt in with --hardware or TREMOR_HARDWARE=1"
    )
    for item in items:
        if "hardware" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def sine_factory() -> Callable[[float], Iterator[tuple[int, np.ndarray]]]:
    return lambda fs: sine_chunks(fs)
