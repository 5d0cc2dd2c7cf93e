"""Run the tests that draw a fresh random seed across many draws, and replay any one draw (issue 9, CI reliability).

Tests draw a fresh seed on every run (``np.random.SeedSequence().entropy``, ``np.random.default_rng()``,
``secrets.randbelow``, or ``TREMOR_*_SEED`` where set) and print it. This runs them in one process, once per
draw, with every such fresh draw of a run taken from the one number ``draw`` (``SeedSequence()`` gets entropy
``draw``, ``default_rng()`` is ``default_rng(draw)``, ``randbelow(n)`` is ``draw % n``), so a test that prints
``seed S`` with ``S = entropy % m`` printed ``draw % m``, and ``--draw D`` replays a run exactly. Only fresh
cases run: a test whose body draws, or a parametrized case whose id changes with the draw or says ``fresh``
(fixed seeds give the same answer every run). The ``TREMOR_*_SEED`` replay variables are cleared so the draw
decides.

Usage::

    PYTHONPATH=. python benchmarks/seed_sweep.py --draws 30 [--master 1] [--json OUT] tests/core/test_sets.py
    PYTHONPATH=. python benchmarks/seed_sweep.py --draw 4058335883 tests/core/test_sets.py  # replay one draw

Extra pytest arguments go after the files (e.g. ``-k "not slow_one"``). Run it under ``nice`` on a shared
machine: all fresh cases of tests/ cost about 20 s CPU per draw.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import secrets
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
_SEED_SEQUENCE = np.random.SeedSequence
_DEFAULT_RNG = np.random.default_rng
_RANDBELOW = secrets.randbelow
STATE: dict[str, Any] = {"draw": None, "collect": False, "baseline": set(), "reports": []}

#: A test body that draws fresh randomness (or reads a fresh module-level draw) when it runs.
_FRESH_BODY = re.compile(
    r"SeedSequence\(\)|randbelow|default_rng\(\)|FRESH|_fresh\b|TREMOR_\w*SEED|_oob_seeds"
)


def _seed_sequence(entropy: Any = None, *args: Any, **kwargs: Any) -> np.random.SeedSequence:
    if entropy is None and STATE["draw"] is not None:
        entropy = STATE["draw"]
    return _SEED_SEQUENCE(entropy, *args, **kwargs)


def _default_rng(seed: Any = None) -> np.random.Generator:
    return _DEFAULT_RNG(STATE["draw"] if seed is None and STATE["draw"] is not None else seed)


def _randbelow(n: int) -> int:
    return int(STATE["draw"]) % n if STATE["draw"] is not None else _RANDBELOW(n)


def _body_draws(fn: Any) -> bool:
    try:
        lines = inspect.getsource(fn).splitlines()
    except (OSError, TypeError):
        return False
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("def ")), 0)
    return bool(_FRESH_BODY.search("\n".join(lines[start:])))


class FreshOnly:
    """Pytest plugin: keep only the fresh cases and record every outcome."""

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        if STATE["collect"]:
            STATE["baseline"] = {it.nodeid for it in items}
            items[:] = []
            return
        keep = []
        for it in items:
            fn = getattr(it, "function", None)
            if fn is None:
                continue
            if _body_draws(fn) or (
                hasattr(it, "callspec") and (it.nodeid not in STATE["baseline"] or "fresh" in it.name)
            ):
                keep.append(it)
        items[:] = keep

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or report.outcome != "passed":
            STATE["reports"].append(
                {
                    "nodeid": report.nodeid,
                    "outcome": "xfailed"
                    if report.outcome == "skipped" and hasattr(report, "wasxfail")
                    else report.outcome,
                    "stdout": report.capstdout,
                    "error": report.longreprtext[-1200:] if report.failed else "",
                }
            )


def _purge_test_modules() -> None:
    """Forget the imported test modules so their module-level draws are made again."""
    tests = str(ROOT / "tests")
    for name, mod in list(sys.modules.items()):
        if (getattr(mod, "__file__", None) or "").startswith(tests):
            del sys.modules[name]


def _test_name(nodeid: str) -> str:
    return nodeid.split("[")[0]


def main() -> None:
    """Sweep or replay the fresh-seed tests named on the command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=30, help="how many draws (default 30)")
    ap.add_argument("--master", type=int, default=1, help="seed of the draws themselves (default 1)")
    ap.add_argument(
        "--draw", type=int, action="append", help="replay this draw (repeatable); overrides --draws"
    )
    ap.add_argument("--json", type=Path, help="write every outcome here")
    args, pytest_args = ap.parse_known_args()
    for key in [k for k in os.environ if re.fullmatch(r"TREMOR_\w*SEED", k)]:
        del os.environ[key]
    np.random.SeedSequence = _seed_sequence  # type: ignore[misc]
    np.random.default_rng = _default_rng
    secrets.randbelow = _randbelow
    draws = args.draw or [int(d) for d in _DEFAULT_RNG(args.master).integers(0, 2**32, size=args.draws)]
    common = ["-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts=", "--rootdir", str(ROOT)]
    plugin = FreshOnly()
    STATE["collect"], STATE["draw"] = True, 123456789
    _purge_test_modules()
    pytest.main([*common, "--collect-only", *pytest_args], plugins=[plugin])
    STATE["collect"] = False
    runs: list[dict[str, Any]] = []
    cpu0 = time.process_time()
    for i, draw in enumerate(draws):
        STATE["draw"], STATE["reports"] = draw, []
        _purge_test_modules()
        pytest.main([*common, *pytest_args], plugins=[plugin])
        runs.append({"draw": draw, "reports": STATE["reports"]})
        failed = [r["nodeid"] for r in STATE["reports"] if r["outcome"] == "failed"]
        print(f"draw {i + 1}/{len(draws)} {draw}: failed {failed}", file=sys.stderr, flush=True)
        if args.json:
            args.json.write_text(json.dumps({"pytest_args": pytest_args, "runs": runs}))
    table: dict[str, dict[str, Any]] = defaultdict(lambda: {"draws": set(), "failed": []})
    for run in runs:
        for rep in run["reports"]:
            row = table[_test_name(rep["nodeid"])]
            row["draws"].add(run["draw"])
            if rep["outcome"] == "failed":
                printed = rep["stdout"].strip().splitlines()[:1]
                row["failed"].append(f"draw {run['draw']} ({printed[0] if printed else 'no seed printed'})")
    print(f"\n{len(draws)} draws, {time.process_time() - cpu0:.0f} s CPU in this process")
    print("| test | draws | failed cases | failing draws (first line printed) |\n|---|---|---|---|")
    for name, row in sorted(table.items()):
        print(f"| {name} | {len(row['draws'])} | {len(row['failed'])} | {'; '.join(row['failed'])} |")


if __name__ == "__main__":
    main()
