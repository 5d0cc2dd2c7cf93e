"""The public API is curated: every name in ``__all__`` exists, and nothing public is left out."""

import importlib

import pytest

import tremor

MODULES = [
    "tremor",
    "tremor.core.analysis",
    "tremor.core.filters",
    "tremor.core.spectral",
    "tremor.core.features",
    "tremor.core.events",
    "tremor.core.quality",
    "tremor.core.sets",
    "tremor.core.classify",
    "tremor.core.causes",
    "tremor.core.stream",
    "tremor.report.json_report",
    "tremor.report.summary",
    "tremor.core.context",
    "tremor.errors",
    "tremor.core.recording",
    "tremor.io",
    "tremor.sim.session",
    "tremor.sim.validation",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    missing = [n for n in module.__all__ if not hasattr(module, n)]
    assert not missing


def test_top_level_exports_the_workflow():
    for n in ("analyze", "read_recording", "LiveAnalyzer", "simulate_session", "to_report", "TremorError"):
        assert n in tremor.__all__
    assert issubclass(tremor.FormatError, tremor.TremorError)


def test_root_all_is_exactly_the_public_names():
    """``tremor.__all__`` lists every public name of the package root, and nothing else (both ways)."""
    import types

    helpers = {"annotations", "importlib", "TYPE_CHECKING", "Any"}
    public = {
        n
        for n in dir(tremor)
        if not n.startswith("_") and n not in helpers and not isinstance(getattr(tremor, n), types.ModuleType)
    }
    assert public == set(tremor.__all__) - {"__version__"}
