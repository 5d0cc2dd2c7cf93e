"""What the commands share about their command line: exit codes, usage errors, context items.

:mod:`tremor.cli.main` builds the parser and dispatches to the commands (:mod:`tremor.cli.analyze`,
:mod:`tremor.cli.live`); the commands raise :func:`usage_error` for a command line they cannot
run, and ``analyze`` and ``live`` read ``--context`` items with :func:`context_items`.
"""

from __future__ import annotations

import re
from pathlib import Path

from tremor.errors import TremorError

__all__ = ["EXIT_OK", "EXIT_USAGE", "usage_error", "context_items", "split_context_args"]

#: Exit code of a command that did what it was asked.
EXIT_OK = 0
#: Exit code of a command line or input the command cannot use (a one-line message on stderr).
EXIT_USAGE = 2


class _UsageError(TremorError):
    pass


def usage_error(message: str) -> TremorError:
    """The error for a command line that asks for something it cannot have (exit code 2).

    Parameters
    ----------
    message : str
        What is wrong and what to give instead.

    Returns
    -------
    TremorError
        To raise; :func:`tremor.cli.main.main` prints it as one line and exits with :data:`EXIT_USAGE`.
    """
    return _UsageError(message)


_CONTEXT_ITEM = re.compile(r"[A-Za-z_]\w*=")


def context_items(values: list[str]) -> list[str]:
    """``--context`` values split into ``KEY=VALUE`` items at each comma that starts a new ``KEY=``.

    Parameters
    ----------
    values : list of str
        The ``--context`` values as given.

    Returns
    -------
    list of str
        The items, stripped, in order (empty items left out).
    """
    items: list[str] = []
    for value in values:
        items += [part.strip() for part in re.split(r",(?=\s*[A-Za-z_]\w*=)", value) if part.strip()]
    return items


def split_context_args(files: list[str], context: list[str]) -> tuple[list[str], list[str]]:
    """The recordings and the ``KEY=VALUE`` context items of an ``analyze`` command line.

    Each ``--context`` value may hold several comma-separated items (a comma starts a new item only
    before ``KEY=``, so a value may hold commas). With ``--context`` given, a positional
    ``KEY=VALUE`` that is not a file is a context item too, so ``--context a=1 b=2 FILE`` and
    ``FILE --context a=1 b=2`` both work. A recording given where a context item belongs is named
    in the error.

    Parameters
    ----------
    files : list of str
        The positional arguments.
    context : list of str
        The ``--context`` values.

    Returns
    -------
    recordings : list of str
        The recordings, in order.
    items : list of str
        The context items, ``--context`` values first.

    Raises
    ------
    TremorError
        A ``--context`` value that is a recording, or no recording left.
    """
    items = context_items(context)
    recordings = []
    for f in files:
        if context and _CONTEXT_ITEM.match(f) and not Path(f).exists():
            items.append(f)
        else:
            recordings.append(f)
    for item in items:
        if "=" not in item and (Path(item).exists() or any(ch in item for ch in "*?[")):
            raise usage_error(
                f"--context {item}: that is a recording, not KEY=VALUE; put the recording before "
                f"--context or give each item as KEY=VALUE (e.g. tremor analyze {item} "
                "--context sleep_h=5,caffeine_mg=200)"
            )
    if not recordings:
        raise usage_error(
            "give the recording to analyse (e.g. tremor analyze session.csv --context sleep_h=5)"
        )
    return recordings, items
