"""The batch's inputs: which files a FILE argument names, and which of them cannot be read.

:func:`expand_inputs` turns files, folders and glob patterns into the sorted list of recordings
(files ending in :data:`RECORDING_SUFFIXES` and Sensor Logger export folders), leaving out the
files tremor wrote itself (listed in a folder's :data:`MANIFEST`); :func:`unreadable_reason` says
why an entry cannot be read (a dangling link, a FIFO) without opening it. Split out of
:mod:`tremor.batch.runner`, which re-exports :func:`expand_inputs` and :data:`RECORDING_SUFFIXES`.
"""

from __future__ import annotations

import errno
import glob
import json
import os
import stat
from pathlib import Path

from tremor._files import show
from tremor.errors import ParameterError
from tremor.io import is_export_folder

__all__ = [
    "MANIFEST",
    "RECORDING_SUFFIXES",
    "expand_inputs",
    "unreadable_reason",
    "path_key",
    "read_manifest",
    "report_names",
]

#: File name endings picked up inside a folder (files named explicitly are always taken).
RECORDING_SUFFIXES = (".csv", ".tsv", ".txt", ".tlog", ".zip")


# ------------------------------------------------------------------------------------ inputs
#: The file tremor writes into every --out folder: what it wrote there (so it knows its own files).
MANIFEST = ".tremor-out"


def expand_inputs(items: list[str], *, exclude: Path | None = None) -> list[Path]:
    """Files to analyse from the command line's FILE arguments: files, folders and glob patterns.

    A folder contributes the recordings directly inside it (:data:`RECORDING_SUFFIXES`) and its
    sub-folders that are Sensor Logger exports; a glob (``*``, ``?``, ``[``; ``**`` recurses)
    contributes what it matches. Files tremor wrote itself (listed in the :data:`MANIFEST` of their
    folder, e.g. a ``summary.csv``) are left out. Entries with a recording's name that cannot be
    read as files (a dangling or looping symbolic link, a FIFO, a device) are kept, so that the
    batch reports them (:func:`unreadable_reason`) instead of skipping them without a word.
    Order is sorted and duplicates are dropped.

    Parameters
    ----------
    items : list of str
        The FILE arguments: paths of files or folders, or glob patterns.
    exclude : Path or None
        A sub-folder to skip when a folder is scanned, given as its folder's real path plus its
        name (the batch passes its output folder, so earlier reports are not read as input).

    Returns
    -------
    list of Path
        The files and export folders to analyse, sorted, without duplicates.

    Raises
    ------
    ParameterError
        When an argument names nothing that exists, or nothing at all is found.
    """
    found: list[Path] = []
    for item in items:
        p = Path(item)
        if p.exists():
            found.extend(_from_folder(p, exclude) if p.is_dir() and not _is_export(p) else [p])
        elif os.path.lexists(p):  # a dangling or looping link named explicitly
            found.append(p)
        elif any(ch in item for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(item, recursive=True))]
            found.extend(
                m
                for m in matches
                if ((_is_recording_name(m) and not m.is_dir()) or _is_export(m)) and not _tool_output(m)
            )
        else:
            raise ParameterError(f"{show(item)}: no such file or folder")
    unique: dict[Path, Path] = {}
    for f in found:
        unique.setdefault(path_key(f), f)
    if not unique:
        raise ParameterError(
            f"no recordings found in {show(' '.join(items))} (looked for files ending in "
            f"{', '.join(RECORDING_SUFFIXES)} and Sensor Logger export folders)"
        )
    return sorted(unique.values(), key=lambda q: str(q))


def path_key(p: Path) -> Path:
    """Where ``p`` is, without following ``p`` itself: its folder's real path and its name.

    Two paths to the same entry (through a linked folder, ``..``, a relative path) get the same
    key; a symbolic link and its target do not.

    Parameters
    ----------
    p : Path
        A path.

    Returns
    -------
    Path
        The key.
    """
    return Path(os.path.realpath(p.parent if str(p.parent) else ".")) / p.name


def _is_recording_name(p: Path) -> bool:
    return p.suffix.lower() in RECORDING_SUFFIXES


def _is_export(p: Path) -> bool:
    try:
        return is_export_folder(p)
    except OSError:
        return False


def _from_folder(folder: Path, exclude: Path | None) -> list[Path]:
    out = []
    own = read_manifest(folder)
    for child in sorted(folder.iterdir()):
        if (
            child.name.startswith(".")
            or child.name in own
            or (exclude is not None and path_key(child) == exclude)
        ):
            continue
        if _is_recording_name(child) and not child.is_dir():
            out.append(child)  # also what cannot be read: reported, not skipped silently
        elif _is_export(child):
            out.append(child)
    return out


def read_manifest(folder: Path) -> set[str]:
    """The files tremor wrote into ``folder`` (as its :data:`MANIFEST` lists them).

    Parameters
    ----------
    folder : Path
        A folder (an --out folder, or any other).

    Returns
    -------
    set of str
        Paths relative to ``folder``; empty where there is no manifest or it cannot be read.
    """
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {str(n) for n in data.get("files", [])} if isinstance(data, dict) else set()
    except (OSError, ValueError):
        return set()


def _tool_output(p: Path) -> bool:
    """True for a file tremor wrote into a --out folder (listed in a manifest above it)."""
    for folder in p.parents:
        if (folder / MANIFEST).is_file():
            return str(p.relative_to(folder)) in read_manifest(folder)
    return False


def unreadable_reason(p: Path) -> str | None:
    """Why ``p`` cannot be read as a recording (never opening it), or None when it can be tried."""
    try:
        st = os.stat(p)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{show(p)}: a symbolic link that loops (points back to itself); nothing to read"
        if os.path.islink(p):
            return f"{show(p)}: a dangling symbolic link (its target {show(os.readlink(p))} does not exist)"
        return f"{show(p)}: {exc.strerror}"
    if stat.S_ISFIFO(st.st_mode):
        return f"{show(p)}: a FIFO (named pipe), not a file; not read (reading it could wait forever)"
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        return f"{show(p)}: not a regular file (a device or socket); not read"
    if not os.access(p, os.R_OK):
        return f"{show(p)}: permission denied"
    return None


def report_names(paths: list[Path]) -> list[str]:
    """One report name per input: its path below the inputs' common folder, plus ``.json``.

    Sub-folders are kept as sub-folders of --out, so two inputs can never share a report
    (``a/b.csv`` -> ``a/b.csv.json``, ``a__b.csv`` -> ``a__b.csv.json``).

    Parameters
    ----------
    paths : list of Path
        The inputs (at least one).

    Returns
    -------
    list of str
        One name per input, in order, with ``/`` between folders.
    """
    keys = [path_key(p) for p in paths]
    root = Path(os.path.commonpath([str(k.parent) for k in keys]))
    return [k.relative_to(root).as_posix() + ".json" for k in keys]
