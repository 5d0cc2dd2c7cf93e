"""Command-line interface (placeholder entry point replaced as subcommands land)."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the ``tremor`` command."""
    print("tremor: no subcommands yet", file=sys.stderr)
    return 2
