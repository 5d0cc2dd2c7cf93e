"""Loading a file (or a zip member) as text, and small helpers on its lines.

Every reader works on a :class:`TextSource`, so the same code reads a plain file, a member of a
zip archive, or a string built in a test. Error messages name :attr:`TextSource.display`.
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import FormatError

__all__ = [
    "TextSource",
    "load_text",
    "load_zip_member",
    "split_fields",
    "first_content_line",
    "guess_separator",
]


@dataclass(frozen=True)
class TextSource:
    """The decoded text of one input file.

    Attributes
    ----------
    display : str
        How the file is named in messages (a path, or ``archive.zip!member.csv``).
    name : str
        The file's base name, used for name-based hints (``Linear``, ``_12.500Hz_``, ...).
    text : str
        The whole decoded text (line ends untouched).
    path : Path or None
        The file on disk, where there is one (a zip member has the archive's folder as ``parent``).
    notes : dict
        Decoding notes (e.g. ``{"encoding": "latin-1"}``) for ``SourceInfo.details``.
    """

    display: str
    name: str
    text: str
    path: Path | None = None
    notes: dict[str, str] = field(default_factory=dict)

    @cached_property
    def lines(self) -> list[str]:
        """Physical lines without their ``\\n``/``\\r\\n`` ends (a final newline adds no empty line)."""
        # Block-level (no Python work per line): one ``\r`` before each ``\n`` goes with it.
        text = self.text
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        parts = text.split("\n")
        if parts[-1] == "":
            parts.pop()
        else:  # an unterminated last line may end in \r
            parts[-1] = parts[-1].removesuffix("\r")
        return parts

    @property
    def ends_with_newline(self) -> bool:
        """True when the last line is terminated."""
        return self.text.endswith("\n")


def _decode(data: bytes, display: str) -> tuple[str, dict[str, str]]:
    if not data.strip():
        raise FormatError("file is empty", path=display, expected="a header line and data rows",
                          found="0 bytes" if not data else "only white space")
    try:
        return data.decode("utf-8-sig"), {}
    except UnicodeDecodeError:
        # Spreadsheet exports on Windows write cp1252/latin-1 ("m/s²" as a single byte).
        return data.decode("latin-1"), {"encoding": "latin-1 (file is not valid UTF-8)"}


def load_text(path: str | Path) -> TextSource:
    """Read a file as text.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    TextSource

    Raises
    ------
    FormatError
        If the file is empty.
    """
    p = Path(path)
    data = p.read_bytes()
    text, notes = _decode(data, str(p))
    return TextSource(display=str(p), name=p.name, text=text, path=p, notes=notes)


def load_zip_member(archive: zipfile.ZipFile, member: str, archive_path: Path) -> TextSource:
    """Read one member of an open zip archive as text (named ``archive!member`` in messages)."""
    display = f"{archive_path}!{member}"
    text, notes = _decode(archive.read(member), display)
    return TextSource(display=display, name=Path(member).name, text=text, path=None, notes=notes)


def split_fields(line: str, sep: str) -> list[str]:
    """Split one line into fields, honouring double quotes; fields are stripped of quotes/space."""
    if '"' in line:
        fields = next(csv.reader([line], delimiter=sep, quotechar='"'), [])
    else:
        fields = line.split(sep)
    return [f.strip().strip('"').strip() for f in fields]


def first_content_line(lines: list[str], comment: str = "#") -> int:
    """Index of the first line that is neither blank nor a ``comment`` line (``len(lines)`` if none)."""
    for i, line in enumerate(lines):
        s = line.strip()
        if s and not s.startswith(comment):
            return i
    return len(lines)


def guess_separator(header: str) -> str:
    """The field separator of a header line: tab, ``;`` or ``,`` (outside quotes)."""
    outside = []
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    s = "".join(outside)
    counts = {sep: s.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ","
