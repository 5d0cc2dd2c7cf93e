"""No module of ``tremor`` over 500 lines without a reason written at its top (issue 8).

A module longer than :data:`LIMIT` lines must say why it stays whole in its module docstring, in a
paragraph starting ``Size (issue 8):``; a module that grows past the limit without one fails here,
so it is split by job (or its reason written) when it grows, not later.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tremor"
LIMIT = 500
MARK = "Size (issue 8):"


def oversized_without_reason(package: Path = PACKAGE, limit: int = LIMIT) -> list[str]:
    """``path (lines)`` of each module over ``limit`` lines whose docstring has no ``Size (issue 8):``.

    Parameters
    ----------
    package : Path
        The package folder to walk.
    limit : int
        Lines a module may have without a written reason.

    Returns
    -------
    list of str
        One entry per offending module.
    """
    bad = []
    for path in sorted(package.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        n = text.count("\n")
        if n > limit and MARK not in (ast.get_docstring(ast.parse(text)) or ""):
            bad.append(f"{path.relative_to(package.parent)} ({n})")
    return bad


def test_every_long_module_says_why_it_stays_whole() -> None:
    assert not oversized_without_reason(), oversized_without_reason()


def test_the_check_finds_a_long_module_without_a_reason(tmp_path: Path) -> None:
    """The check can fail: a long module without the paragraph is named, one with it is not."""
    body = "x = 1\n" * (LIMIT + 1)
    (tmp_path / "long.py").write_text('"""A long module."""\n' + body, encoding="utf-8")
    (tmp_path / "ok.py").write_text(f'"""A long module.\n\n{MARK} one job."""\n' + body, encoding="utf-8")
    (tmp_path / "short.py").write_text('"""Short."""\nx = 1\n', encoding="utf-8")
    assert oversized_without_reason(tmp_path) == [f"{tmp_path.name}/long.py ({LIMIT + 2})"]
