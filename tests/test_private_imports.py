"""No module of ``tremor`` uses another module's private (``_name``) names (issue 8).

A name that another module needs is that module's public name; a private name is free to change
without looking anywhere else. Every ``from tremor.x import _name`` (module level or inside a
function, absolute or relative) and every ``x._name`` where ``x`` is a name bound to an imported
tremor module (``import tremor.x as x``, ``from tremor import x``) is read with :mod:`ast`.
A private *module* (``tremor/io/_text.py``) may have public names: importing those is fine.
Dunder names (``__version__``) are not private.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tremor"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module an ``ImportFrom`` reads from."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _is_module(name: str) -> bool:
    """Whether ``name`` (``tremor.x.y``) is a module or package of the package (read from the tree)."""
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def private_uses(path: Path, module: str | None = None) -> list[str]:
    """``file:line: what`` for each use of another tremor module's private name in ``path``.

    Parameters
    ----------
    path : Path
        A module of the package.
    module : str, optional
        Its dotted name, where ``path`` is not in the package (the test's probe).

    Returns
    -------
    list of str
        One entry per offending import or attribute access.
    """
    is_package = path.name == "__init__.py"
    if module is None:
        module = _module_name(path)
        where: Path | str = path.relative_to(PACKAGE.parent)
    else:
        where = module.replace(".", "/") + ".py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    modules: dict[str, str] = {}  # local name -> the tremor module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(node, module, is_package)
            if source.split(".")[0] != "tremor":
                continue
            for alias in node.names:
                if source != module and _private(alias.name) and not _is_module(f"{source}.{alias.name}"):
                    found.append(f"{where}:{node.lineno}: from {source} import {alias.name}")
                elif _is_module(f"{source}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "tremor" and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and modules[node.value.id] != module
            and _private(node.attr)
        ):
            found.append(f"{where}:{node.lineno}: {node.value.id}.{node.attr} ({modules[node.value.id]})")
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 50  # the walk finds the package
    found = [use for path in files for use in private_uses(path)]
    assert not found, (
        "private names used across modules (make them public, or move the code to its user):\n"
        + "\n".join(found)
    )


def test_the_scan_finds_a_private_import(tmp_path: Path) -> None:
    """The check can fail: a module that imports a private name, in each form, is caught."""
    bad = tmp_path / "probe.py"
    bad.write_text(
        "from tremor.core.sets import _something\n"
        "from .peak import _other\n"
        "import tremor.core.filters as filters\n"
        "from tremor.core import spectral\n"
        "x = filters._design\n"
        "y = spectral._window\n"
        "from tremor.io import _text\n"  # a private module: fine
        "from tremor.errors import __doc__\n",  # a dunder: fine
        encoding="utf-8",
    )
    found = private_uses(bad, module="tremor.core._private_import_probe")
    assert [f.split(": ", 1)[1] for f in found] == [
        "from tremor.core.sets import _something",
        "from tremor.core.peak import _other",
        "filters._design (tremor.core.filters)",
        "spectral._window (tremor.core.spectral)",
    ]
    assert all(f.startswith("tremor/core/_private_import_probe.py:") for f in found)
