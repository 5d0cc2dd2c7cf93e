"""The fresh-draw rate test (tests/fresh_rate.py): who is re-drawn, how often, and what fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests import fresh_rate
from tests.fresh_rate import REDRAWS, run_with_redraws


class _Item:
    """The parts of a pytest item the rate test reads."""

    def __init__(
        self, func: Callable[..., Any], name: str, mark: pytest.Mark | None, **funcargs: Any
    ) -> None:
        self.obj, self.name, self.nodeid, self.funcargs, self._mark = (
            func,
            name,
            f"t.py::{name}",
            funcargs,
            mark,
        )
        self.user_properties: list[tuple[str, object]] = []

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return self._mark if name == "fresh_rate" else None


def _mark(**kw: Any) -> pytest.Mark:
    return pytest.mark.fresh_rate(measured="1 of 100", **kw).mark


def _recording(
    fail_first: int, error: type[BaseException] = AssertionError
) -> tuple[Callable[..., None], list[int]]:
    """A test body that fails its first ``fail_first`` calls, and the seeds it was called with."""
    seeds: list[int] = []

    def body(seed: int = -1) -> None:
        seeds.append(seed)
        print(f"physics seed: {seed}")
        if len(seeds) <= fail_first:
            raise error(f"draw {len(seeds)} failed")

    return body, seeds


@pytest.fixture(autouse=True)
def _fresh_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fresh_rate, "REDRAWN", [])


def test_unmarked_tests_are_left_to_pytest() -> None:
    body, seeds = _recording(0)
    assert run_with_redraws(_Item(body, "test_x", None)) is None  # type: ignore[arg-type]
    assert seeds == []


def test_a_passing_draw_runs_once() -> None:
    body, seeds = _recording(0)
    assert run_with_redraws(_Item(body, "test_x[fresh]", _mark(param="seed"), seed=7)) is True  # type: ignore[arg-type]
    assert seeds == [7]
    assert fresh_rate.REDRAWN == []


def test_a_failed_fresh_draw_is_logged_and_redrawn_with_new_seeds() -> None:
    body, seeds = _recording(1)
    item = _Item(body, "test_x[fresh]", _mark(param="seed"), seed=7)
    assert run_with_redraws(item) is True  # type: ignore[arg-type]
    assert len(seeds) == 1 + REDRAWS and seeds[0] == 7 and 7 not in seeds[1:]
    assert len(fresh_rate.REDRAWN) == 1
    assert "seed=7" in fresh_rate.REDRAWN[0] and "draw 1 failed" in fresh_rate.REDRAWN[0]
    # the same line travels on the test's report, for the summary of a run in worker processes
    assert item.user_properties == [(fresh_rate.REDRAWN_PROPERTY, fresh_rate.REDRAWN[0])]


def test_a_failed_redraw_fails_the_test() -> None:
    body, seeds = _recording(2)
    with pytest.raises(AssertionError, match="draw 2 failed"):
        run_with_redraws(_Item(body, "test_x[fresh]", _mark(param="seed"), seed=7))  # type: ignore[arg-type]
    assert len(seeds) == 2


def test_a_body_drawing_its_own_seed_is_run_again_and_its_printed_seed_kept() -> None:
    body, seeds = _recording(1)
    assert run_with_redraws(_Item(body, "test_y[100]", _mark())) is True  # type: ignore[arg-type]
    assert len(seeds) == 1 + REDRAWS
    assert "physics seed: -1" in fresh_rate.REDRAWN[0]


def test_fixed_seeds_replays_and_crashes_are_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    body, seeds = _recording(1)
    # a fixed seed's item is pytest's: it runs once, strictly
    assert run_with_redraws(_Item(body, "test_x[fixed]", _mark(param="seed"), seed=3)) is None  # type: ignore[arg-type]
    # a replay of a named seed
    monkeypatch.setenv("TREMOR_X_SEED", "11")
    item = _Item(body, "test_x[fresh]", _mark(param="seed", env="TREMOR_X_SEED"), seed=11)
    assert run_with_redraws(item) is None  # type: ignore[arg-type]
    monkeypatch.delenv("TREMOR_X_SEED")
    # a crash is not a draw's bad luck
    crash, calls = _recording(1, ValueError)
    with pytest.raises(ValueError):
        run_with_redraws(_Item(crash, "test_x[fresh]", _mark(param="seed"), seed=5))  # type: ignore[arg-type]
    assert calls == [5]
    assert seeds == [] and fresh_rate.REDRAWN == []
