"""The public API carries numpydoc docstrings that match the signatures (issue 8).

Every name in ``__all__`` of the package root and of each public module is checked with
:func:`numpydoc.validate.validate`: functions, and the public methods of classes. A check fails on

- GL08: no docstring;
- PR01: a parameter that the docstring does not document;
- PR02: a documented parameter that the signature does not have;
- RT01: no ``Returns`` section on a function that returns something.

Other numpydoc style rules (summary punctuation, section order, ...) are not enforced here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator

import pytest

validate = pytest.importorskip("numpydoc.validate").validate

import tremor.core  # noqa: E402

# The public modules whose ``__all__`` is the public API. Every module of tremor.core is public.
PUBLIC_MODULES = [
    "tremor",
    *sorted(
        f"tremor.core.{m.name}"
        for m in pkgutil.iter_modules(tremor.core.__path__)
        if not m.name.startswith("_")
    ),
    "tremor.io",
    "tremor.ble",
    "tremor.report.json_report",
    "tremor.report.summary",
    "tremor.report.html_report",
    "tremor.report.html_parts",
    "tremor.report.plot_style",
    "tremor.report.history",
    "tremor.batch.runner",
    "tremor.batch.chunked",
    "tremor.live.session",
    "tremor.live.session_log",
    "tremor.live.session_view",
    "tremor.live.set_decisions",
    "tremor.live.stillness",
    "tremor.sim.session",
    "tremor.errors",
]

CODES = {"PR01", "PR02", "RT01", "GL08"}


def _targets() -> Iterator[tuple[str, Callable[..., object]]]:
    """Yield (qualified name, function) for every public function and public method, once each."""
    seen: set[str] = set()
    for modname in PUBLIC_MODULES:
        mod = importlib.import_module(modname)
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            found: list[tuple[str, Callable[..., object]]] = []
            if inspect.isfunction(obj):
                found.append((f"{obj.__module__}.{obj.__qualname__}", obj))
            elif inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(value, (staticmethod, classmethod)):
                        value = value.__func__
                    if inspect.isfunction(value):
                        found.append((f"{obj.__module__}.{obj.__qualname__}.{attr}", value))
            for qualname, func in found:
                if qualname not in seen:
                    seen.add(qualname)
                    yield qualname, func


def _offences(qualname: str, func: Callable[..., object]) -> list[str]:
    params = [p for p in inspect.signature(func).parameters if p not in ("self", "cls")]
    errors = [(code, msg) for code, msg in validate(qualname)["errors"] if code in CODES]
    if not params:  # numpydoc asks for a Parameters section even when there is nothing to list
        errors = [e for e in errors if e[0] != "PR01"]
    return [f"{code}: {msg}" for code, msg in errors]


def test_public_api_is_listed() -> None:
    """The walk finds the public API (guards against the check silently checking nothing)."""
    names = [q for q, _ in _targets()]
    assert len(names) > 80, names
    assert "tremor.core.filters.design_bandpass" in names


def test_public_docstrings_document_parameters_and_returns() -> None:
    bad = {}
    for qualname, func in _targets():
        offences = _offences(qualname, func)
        if offences:
            bad[qualname] = offences
    report = "\n".join(f"{q}\n    " + "\n    ".join(v) for q, v in sorted(bad.items()))
    assert not bad, f"{len(bad)} public functions/methods with docstring errors:\n{report}"
