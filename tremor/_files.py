"""Writing output files safely, and naming paths in messages: the one place tremor does either.

* :func:`write_atomic` writes a whole file or nothing: the data goes to a hidden temporary file
  beside the target, then ``os.replace`` puts it in place. A symbolic link is followed and its
  target written (the link stays a link); a target that is not a regular file (``/dev/stdout``, a
  FIFO) is written directly; ``-`` means standard output.
* :func:`write_all` writes several files as one set: every file is staged first, and only when
  all are staged are they moved into place, so a failure leaves none of them half-made.
* :func:`show` renders a path (or any text) for a message with control characters escaped, so a
  file name holding a newline or an escape sequence cannot forge or garble what is printed.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from tremor.errors import InputError

__all__ = ["STDOUT", "OutputError", "real_target", "show", "write_all", "write_atomic"]

#: The output name that means standard output.
STDOUT = "-"

Writer = Callable[[Path], object]


class OutputError(InputError):
    """An output cannot be written where asked (a missing or unwritable folder, a clash)."""


def show(value: object) -> str:
    """``value`` as text with control characters (and backslashes before them) escaped.

    Examples
    --------
    >>> show("a\\nb.csv")
    'a\\\\nb.csv'
    """
    text = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            escaped = repr(ch)[1:-1]
            out.append(escaped if escaped != ch else f"\\x{ord(ch):02x}")
    return "".join(out)


def real_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` lands in: symbolic links followed (also dangling ones)."""
    return Path(os.path.realpath(os.fspath(path)))


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _special(target: Path) -> bool:
    """True when ``target`` is written in place: not a regular file (a device, a FIFO), or a file
    reached through ``/dev`` or ``/proc`` (``/dev/stdout`` redirected to a file by the shell)."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    if not stat.S_ISREG(mode):
        return not stat.S_ISDIR(mode)
    return any(str(target).startswith(d) for d in ("/dev/", "/proc/"))


def _stage(target: Path, data: bytes | Writer, shown: str) -> Path:
    """Write ``data`` into a new hidden file beside ``target``; returns its path."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except FileNotFoundError:
        raise OutputError(f"cannot write {shown}: the folder {show(target.parent)} does not exist") from None
    except PermissionError:
        raise OutputError(
            f"cannot write {shown}: the folder {show(target.parent)} is not writable (permission denied)"
        ) from None
    except OSError as exc:
        raise OutputError(f"cannot write {shown}: {exc.strerror}") from None
    tmp = Path(tmp_name)
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600; keep the old file's mode or the umask's
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise OutputError(f"cannot write {shown}: {exc.strerror}") from None
        raise
    return tmp


def write_atomic(path: str | os.PathLike[str], data: bytes | Writer) -> Path | None:
    """Write ``data`` (bytes, or a function writing a given path) to ``path``, whole or not at all.

    Parameters
    ----------
    path : str or Path
        The file; ``"-"`` writes ``data`` (bytes only) to standard output. A symbolic link is
        followed and its target replaced; a target that is not a regular file is written directly.
    data : bytes or callable
        The content, or ``data(tmp_path)`` that writes it to the given path.

    Returns
    -------
    Path or None
        The file written (the link's target), None for standard output.

    Raises
    ------
    OutputError
        The folder does not exist or is not writable, or the disk is full (the message names
        ``path``, never the temporary file).
    """
    if os.fspath(path) == STDOUT:
        _to_stdout(data)
        return None
    write_all([(path, data)])
    return real_target(path)


def write_all(items: Sequence[tuple[str | os.PathLike[str], bytes | Writer]]) -> list[Path]:
    """Write several files as one set: all are staged before any is moved into place.

    Raises
    ------
    OutputError
        As :func:`write_atomic`, or a target is a folder; when raised, no target has been touched
        (unless moving a staged file into place fails, which the message then says).
    """
    staged: list[tuple[Path, Path, str]] = []
    direct: list[tuple[Path, bytes | Writer]] = []
    try:
        for path, data in items:
            if os.fspath(path) == STDOUT:
                raise OutputError("standard output ('-') is for one output only")
            if _special(Path(path)):  # stat follows /dev/stdout and /proc's fd links as the kernel does
                direct.append((Path(path), data))
            else:
                target = real_target(path)
                if target.is_dir():  # os.replace would fail only after the other outputs were put in place
                    raise OutputError(
                        f"cannot write {show(path)}: it is a folder; give another name or move the folder"
                    )
                staged.append((target, _stage(target, data, show(path)), show(path)))
    except BaseException:
        for _, tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for i, (target, tmp, shown) in enumerate(staged):
        try:
            os.replace(tmp, target)
        except OSError as exc:
            for _, rest, _ in staged[i:]:
                rest.unlink(missing_ok=True)
            done = ", ".join(s for _, _, s in staged[:i])
            raise OutputError(
                f"cannot write {shown}: {exc.strerror or exc}"
                + (f" (already written: {done})" if done else " (nothing was written)")
            ) from None
    for target, data in direct:
        fd = _fd_of(target)
        if callable(data):
            data(target)
        elif fd is not None:  # the open descriptor itself: keeps the shell's >> (append) and position
            with os.fdopen(os.dup(fd), "wb") as fh:
                fh.write(data)
        else:
            with open(target, "wb") as fh:
                fh.write(data)
    return [t for t, _, _ in staged] + [t for t, _ in direct]


def _to_stdout(data: bytes | Writer) -> None:
    if callable(data):
        raise OutputError("this output cannot go to standard output ('-')")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _fd_of(path: Path) -> int | None:
    """The descriptor number ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N`` name."""
    text = str(path)
    named = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
    if text in named:
        return named[text]
    for prefix in ("/dev/fd/", "/proc/self/fd/", f"/proc/{os.getpid()}/fd/"):
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            return int(text[len(prefix) :])
    return None


def written_by_tremor(path: str | os.PathLike[str]) -> bool:
    """True when the file at ``path`` is one tremor writes (recognised by its content).

    A JSON report (``"schema": "tremor.…"``), an HTML page whose generator is tremor, a PNG with
    tremor's ``Generator`` text chunk; also an empty file and a file reached through ``/dev`` or
    ``/proc`` (which tremor writes into, never replaces). Anything else, or an unreadable file, is not.
    """
    p = Path(path)
    if not p.is_file():  # never open a FIFO or device to look at it
        return False
    if _special(p) or p.stat().st_size == 0:  # /dev/stdout into a file; an empty file holds nothing to lose
        return True
    try:
        with open(p, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    if head.startswith(b"\x89PNG"):
        return b"Generator\x00tremor" in head
    text = head.decode("utf-8", "replace").lstrip()
    if text.startswith("{"):
        return '"schema": "tremor.' in text[:400] or '"schema":"tremor.' in text[:400]
    return '<meta name="generator" content="tremor ' in text
