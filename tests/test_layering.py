"""The package's layers import only downwards, and ``import tremor`` stays light.

Like MNE's import-nesting test: every import statement in ``tremor/`` (module level or inside a
function) is read with :mod:`ast` and checked against the layer table below; a fresh interpreter
checks what ``import tremor`` and ``import tremor.core`` actually load.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tremor"

#: layer -> the tremor layers and third-party packages it may import (the standard library is free).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "_files": {"errors"},  # atomic, symlink-safe writing of the tool's outputs
    "core": {"core", "errors", "numpy", "scipy"},
    "io": {"root", "core", "errors", "io", "numpy", "pandas", "pyarrow"},
    "sim": {"core", "errors", "sim", "numpy", "scipy"},
    "ble": {"ble", "errors", "numpy", "bleak", "bumble"},
    "report": {"_files", "root", "core", "errors", "report", "numpy", "matplotlib"},
    "batch": {
        "_files",
        "root",
        "core",
        "errors",
        "io",
        "report",
        "batch",
        "numpy",
        "scipy",
        "pandas",
        "pyarrow",
        "rich",
        "dask",
        "distributed",
    },
    "live": {"_files", "core", "errors", "io", "ble", "report", "sim", "live", "numpy", "rich"},
    "cli": {
        "_files",
        "root",
        "core",
        "errors",
        "io",
        "ble",
        "report",
        "sim",
        "batch",
        "live",
        "cli",
        "numpy",
    },
}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("").parts
    if len(rel) == 1:
        return {"__init__": "root", "__main__": "cli"}.get(rel[0], rel[0])
    return rel[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # resolve ``from ..x import y`` against the file's own package
                package = ["tremor", *path.relative_to(PACKAGE).parent.parts]
                base = package[: len(package) - (node.level - 1)]
                found.append((node.lineno, ".".join([*base, *([node.module] if node.module else [])])))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def _target(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "tremor":
        return "root" if len(parts) == 1 else parts[1]
    if parts[0] in sys.stdlib_module_names or parts[0] == "__future__":
        return None
    return parts[0]


MODULE_FILES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) != "root")


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_its_layer_and_below(path: Path) -> None:
    layer = _layer(path)
    assert layer in ALLOWED, f"{path}: layer {layer!r} is not in the layer table"
    bad = [
        f"line {line}: {module}"
        for line, module in _imports(path)
        if (target := _target(module)) is not None and target not in ALLOWED[layer]
    ]
    assert not bad, f"{path.relative_to(PACKAGE.parent)} ({layer}) imports outside its layer: {bad}"
    missing = [
        f"line {line}: {module}"
        for line, module in _imports(path)
        if module.startswith("tremor.") and not _exists(module)
    ]
    assert not missing, f"{path.relative_to(PACKAGE.parent)} imports modules that do not exist: {missing}"


def _exists(module: str) -> bool:
    """Whether ``module`` (or, for ``from pkg import name``, its package) is a file of the package."""
    parts = module.split(".")[1:]
    for n in (len(parts), len(parts) - 1):
        base = PACKAGE.joinpath(*parts[:n])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return True
    return False


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_import_tremor_loads_no_heavy_dependency() -> None:
    loaded = _loaded_after("import tremor")
    assert not loaded & {"pandas", "scipy", "bleak", "bumble", "rich", "pyarrow", "matplotlib"}


def test_core_loads_neither_pandas_nor_ble() -> None:
    loaded = _loaded_after("import tremor.core.analysis, tremor.core.stream")
    assert not loaded & {"pandas", "bleak", "bumble", "rich", "pyarrow", "matplotlib"}


def test_cli_help_and_version_import_no_third_party_package() -> None:
    """``tremor --help`` and ``tremor --version`` build the parser only: nothing heavy, not even asyncio."""
    heavy = {"numpy", "scipy", "pandas", "pyarrow", "matplotlib", "rich", "bleak", "bumble", "asyncio"}
    for flag in ("--help", "--version"):
        code = (
            f"import sys\nfrom tremor.cli.main import main\ntry:\n    main([{flag!r}])\nexcept SystemExit:\n"
            "    pass\nprint('MODULES', ' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        loaded = set(out.rsplit("MODULES", 1)[1].split())
        assert not loaded & heavy, f"{flag} imported {sorted(loaded & heavy)}"
