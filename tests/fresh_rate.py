"""Fresh draws of a rule whose per-draw failure rate has been measured: a rate test, not a coin toss.

A fixed seed pins a known case, and must pass every run. A fresh seed (drawn each run, printed) samples
the physics anew, so over many runs it explores cases nobody wrote down. Where a rule is exact, one
fresh draw asserts it. Where a rule has a measured failure rate ``p`` per draw (a resolution limit, a
chance alignment of noise with a threshold, each measured and stated in the test's docstring), one
draw asserted strictly fails ``p`` of the runs with nothing changed, and with sixty such files most runs
fail: the red CI then says nothing about the change under test.

A test marked ``@pytest.mark.fresh_rate(measured="...", env="...", param="seed")`` is therefore run as a
small sequential rate test: when its fresh draw fails, the failure (its test id, its first output line
naming the seed, the assertion's first line) is kept for the run's summary, and :data:`REDRAWS` further
fresh draws must all pass. At a measured rate ``p`` the test fails about ``REDRAWS * p**2`` of the runs
(``p`` = 2 %: 0.08 %); a rule that regressed to fail a third of the draws fails 15 % of the runs, and
every first failure is listed in the summary, so a rising count is seen before it turns the test red.

What is not re-drawn:

- a fixed seed: with ``param`` given, only the item whose ``param`` value is the module's fresh seed
  (its id holds ``fresh``) is re-drawn, every other item runs once, strictly;
- a replay: with the ``env`` variable set (``TREMOR_..._SEED=<seed>``), the draw is the named one, and
  runs once, strictly;
- anything but an ``AssertionError`` (a crash is a defect at any rate).

Without ``param`` the test draws its own seed inside its body (``SeedSequence().entropy``), so running it
again draws anew.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

__all__ = ["REDRAWN", "REDRAWN_PROPERTY", "REDRAWS", "run_with_redraws"]

#: Fresh draws that must all pass after a fresh draw failed.
REDRAWS = 2
#: The first failures of this run, for its summary.
REDRAWN: list[str] = []
#: The name under which a first failure travels on the test's report (``user_properties``).
REDRAWN_PROPERTY = "fresh_draw_redrawn"


def _fresh_seed() -> int:
    return int(np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]


def _first_line(text: str, word: str) -> str:
    return next((line.strip() for line in text.splitlines() if word in line.lower()), "")


def run_with_redraws(item: pytest.Function) -> bool | None:
    """Run a ``fresh_rate`` test as a rate test (see the module); None for an unmarked test.

    Parameters
    ----------
    item : pytest.Function
        The test item.

    Returns
    -------
    bool or None
        True when the test ran here (it passed: a failure raises), None to leave it to pytest.
    """
    mark = item.get_closest_marker("fresh_rate")
    if mark is None:
        return None
    param: str | None = mark.kwargs.get("param")
    env: str | None = mark.kwargs.get("env")
    if env is not None and os.environ.get(env):
        return None
    if param is not None and "fresh" not in item.name:
        return None
    func: Callable[..., Any] = item.obj
    args = {name: item.funcargs[name] for name in inspect.signature(func).parameters if name in item.funcargs}
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            func(**args)
        print(out.getvalue(), end="")
        return True
    except AssertionError as exc:
        print(out.getvalue(), end="")
        seed = f"{param}={args[param]}" if param is not None else _first_line(out.getvalue(), "seed")
        why = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else "assertion failed"
        line = f"{item.nodeid}: {seed}: {why} (measured: {mark.kwargs.get('measured', '?')})"
        REDRAWN.append(line)
        # carried on the test's report, so the run's summary lists it when a worker process ran the test (xdist)
        item.user_properties.append((REDRAWN_PROPERTY, line))
        print(f"fresh draw failed ({why}); {REDRAWS} fresh draws must pass")
    for k in range(REDRAWS):
        if param is not None:
            args[param] = _fresh_seed()
            replay = f" (replay with {env}={args[param]})" if env else ""
            print(f"redraw {k + 1}: {param}={args[param]}{replay}")
        else:
            print(f"redraw {k + 1}")
        func(**args)
    return True
