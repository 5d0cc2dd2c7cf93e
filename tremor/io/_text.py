"""Loading a file (or a zip member) as text, and small helpers on its lines.

Every reader works on a :class:`TextSource`, so the same code reads a plain file, a member of a
zip archive, or a string built in a test. Error messages name :attr:`TextSource.display`.
"""

from __future__ import annotations

import csv
import itertools
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, overload

from ..errors import FormatError

__all__ = [
    "Lines",
    "TextSource",
    "first_content_line",
    "guess_separator",
    "load_text",
    "load_zip_member",
    "split_fields",
    "header_line_index",
    "check_text_bytes",
    "copy_zip_member",
    "decode_text",
]


#: Lines kept split at the head of a text, at most (further lines split the whole text).
_HEAD_MAX = 4096


class Lines(Sequence[str]):
    """The physical lines of a text, without their ``\\n``/``\\r\\n`` ends, split lazily.

    Equal, item for item, to ``text.replace("\\r\\n", "\\n").split("\\n")`` without a final empty
    string and with one ``\\r`` removed from the end of an unterminated last line: each line is the
    text between two ``\\n`` with one trailing ``\\r`` removed. Readers look at the header, the first
    lines and the last one; those are found with block-level string searches (the length by counting
    ``\\n``), and the whole text is split only when another line is asked for (an error's line, a
    scan of every row).

    Parameters
    ----------
    text : str
        The whole text.
    utf8 : bytes, optional
        ``text`` encoded as UTF-8, where at hand: its line ends are counted there (faster).
    """

    def __init__(self, text: str, utf8: bytes | None = None) -> None:
        self._text = text
        self._utf8 = utf8
        self._all: list[str] | None = None
        self._head: list[str] = []
        self._head_end = 0  # offset just past the newline ending the last line in _head
        self._len: int | None = None

    def __len__(self) -> int:
        if self._all is not None:
            return len(self._all)
        if self._len is None:
            text = self._text
            if self._utf8 is not None and len(self._utf8) >= 1 << 16:
                import numpy as np  # lazily, as every reader needs it anyway

                # a UTF-8 byte 0x0A is a line feed and nothing else; numpy counts 4x faster than str
                ends = int(np.count_nonzero(np.frombuffer(self._utf8, dtype=np.uint8) == 10))
            else:
                ends = text.count("\n")
            self._len = ends + (0 if not text or text.endswith("\n") else 1)
        return self._len

    def _whole(self) -> list[str]:
        if self._all is None:
            # block-level (no Python work per line): one ``\r`` before each ``\n`` goes with it
            text = self._text
            if "\r" in text:
                text = text.replace("\r\n", "\n")
            parts = text.split("\n")
            if parts[-1] == "":
                parts.pop()
            else:  # an unterminated last line may end in \r
                parts[-1] = parts[-1].removesuffix("\r")
            self._all = parts
        return self._all

    def _extend_head(self, count: int) -> bool:
        """Split the head up to ``count`` lines; False if that reaches the text's end (split it all)."""
        text, pos = self._text, self._head_end
        new: list[str] = []
        while len(self._head) + len(new) < count:
            nl = text.find("\n", pos)
            if nl < 0:
                return False
            new.append(text[pos:nl].removesuffix("\r"))
            pos = nl + 1
        self._head.extend(new)
        self._head_end = pos
        return True

    def _line(self, i: int) -> str:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("line index out of range")
        if self._all is None:
            if i < len(self._head):
                return self._head[i]
            if i < _HEAD_MAX and self._extend_head(min(max(2 * (i + 1), 64), _HEAD_MAX)):
                return self._head[i]
            if i == n - 1 and n > 1:
                text = self._text
                end = len(text) - 1 if text.endswith("\n") else len(text)
                return text[text.rfind("\n", 0, end) + 1 : end].removesuffix("\r")
        return self._whole()[i]

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if (
                self._all is None
                and step == 1
                and stop <= _HEAD_MAX
                and (stop <= len(self._head) or self._extend_head(min(max(2 * stop, 64), _HEAD_MAX)))
            ):
                return self._head[start:stop] if start < stop else []
            return self._whole()[index]
        return self._line(index)

    def __iter__(self) -> Iterator[str]:
        i = 0
        while self._all is None and i < _HEAD_MAX:  # a scan of the head stops early, mostly
            if i >= len(self._head) and not self._extend_head(min(max(2 * (i + 1), 64), _HEAD_MAX)):
                break
            yield self._head[i]
            i += 1
        yield from itertools.islice(self._whole(), i, None)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines):
            return self._whole() == other._whole()
        return isinstance(other, list) and self._whole() == other

    __hash__ = None  # type: ignore[assignment]  # compares by its lines, like a list

    def __repr__(self) -> str:
        return f"Lines({len(self)} lines)"


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
    notes: dict[str, Any] = field(default_factory=dict)
    #: The file's own bytes where they are ``text`` encoded as UTF-8 (read as UTF-8, without a BOM):
    #: :attr:`utf8` then needs no second encoding.
    raw_utf8: bytes | None = field(default=None, repr=False, compare=False)

    @cached_property
    def lines(self) -> Lines:
        """Physical lines without their ``\\n``/``\\r\\n`` ends (a final newline adds no empty line).

        A read-only sequence that splits the text only as far as it is asked: the header, the first
        lines and the last one cost no split of a whole large file (see :class:`Lines`).
        """
        return Lines(self.text, self.raw_utf8)

    @cached_property
    def utf8(self) -> bytes:
        """The text encoded as UTF-8 (what the C parsers read), encoded once."""
        return self.raw_utf8 if self.raw_utf8 is not None else self.text.encode("utf-8")

    @property
    def ends_with_newline(self) -> bool:
        """True when the last line is terminated."""
        return self.text.endswith("\n")


#: A byte that ``bytes.strip`` keeps (anything but ASCII white space).
_NON_WHITE_BYTE = re.compile(rb"[^ \t\n\r\x0b\x0c]")
_EXPECTED_TEXT = "UTF-8 (or latin-1) text with LF or CRLF line ends"
_BINARY_MAGIC = (
    (b"\x1f\x8b", "a gzip-compressed file (decompress it first, e.g. gunzip)"),
    (b"BZh", "a bzip2-compressed file (decompress it first)"),
    (b"\xfd7zXZ\x00", "an xz-compressed file (decompress it first)"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive (unpack it first)"),
    (b"PK\x03\x04", "a zip archive that cannot be opened (damaged or cut short?)"),
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def check_text_bytes(data: bytes, display: str, *, complete: bool = True) -> None:
    """Refuse bytes that are not a text recording, naming what they are.

    Empty files, compressed or binary files, UTF-16/UTF-32 text and files whose only line ends
    are carriage returns (classic Mac OS) are refused with a :class:`FormatError` that says so.
    ``complete`` is False when ``data`` is only the head of a longer file.
    """
    if _NON_WHITE_BYTE.search(data) is None:  # as ``not data.strip()``, without copying the data
        raise FormatError(
            "file is empty",
            path=display,
            expected="a header line and data rows",
            found="0 bytes" if not data else "only white space",
        )
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise FormatError(
                f"this is {what}, not a text recording",
                path=display,
                line=1,
                expected=_EXPECTED_TEXT,
                found=f"bytes {data[: len(magic) + 2].hex(' ')}",
            )
    head = data[:4096]
    boms = (
        (b"\xff\xfe\x00\x00", "UTF-32 LE"),
        (b"\x00\x00\xfe\xff", "UTF-32 BE"),
        (b"\xff\xfe", "UTF-16 LE"),
        (b"\xfe\xff", "UTF-16 BE"),
    )
    name = next((enc for bom, enc in boms if head.startswith(bom)), "")
    if not name and len(head) >= 8:
        # ASCII text in UTF-16 without a byte-order mark: every other byte is zero
        even, odd = head[0::2].count(0) / len(head[0::2]), head[1::2].count(0) / len(head[1::2])
        if min(even, odd) < 0.1 and max(even, odd) > 0.9:
            name = "UTF-16 LE" if odd > even else "UTF-16 BE"
    if name:
        raise FormatError(
            f"the file is {name} encoded text; re-save it as UTF-8",
            path=display,
            line=1,
            expected=_EXPECTED_TEXT,
            found=f"{name} (bytes {head[:6].hex(' ')})",
        )
    nul = head.find(b"\x00")
    if nul >= 0:
        raise FormatError(
            "binary data: the file holds NUL bytes, so it is not a text recording",
            path=display,
            line=1 + head[:nul].count(b"\n"),
            expected=_EXPECTED_TEXT,
            found=f"a NUL byte at offset {nul}",
        )
    if b"\n" not in data and b"\r" in data.rstrip(b"\r"):
        n_cr = data.count(b"\r")
        extent = "in its first" if not complete else "in all its"
        raise FormatError(
            "the file's line ends are carriage returns only (classic Mac OS line ends)",
            path=display,
            line=1,
            expected="LF or CRLF line ends (convert with e.g. \"tr '\\r' '\\n'\")",
            found=f"{n_cr} CR and no LF {extent} {len(data)} bytes",
        )


def decode_text(data: bytes, display: str, *, complete: bool = True) -> tuple[str, dict[str, str]]:
    """A text file's bytes as text: UTF-8 (a BOM dropped), else latin-1, which is noted.

    The bytes are checked first (:func:`check_text_bytes`).

    Parameters
    ----------
    data : bytes
        The file's bytes, or its head.
    display : str
        The file as named in errors.
    complete : bool
        False for a head: a multi-byte character cut at its end is dropped, not taken as latin-1.

    Returns
    -------
    text : str
        The decoded text.
    notes : dict of str to str
        ``{"encoding": ...}`` where the file was read as latin-1; empty otherwise.
    """
    check_text_bytes(data, display, complete=complete)
    try:
        return data.decode("utf-8-sig"), {}
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            # the head was cut inside a multi-byte character
            return data[: exc.start].decode("utf-8-sig"), {}
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
    text, notes = decode_text(data, str(p))
    # decoded as UTF-8 (no note): the bytes after a BOM are the text's UTF-8 encoding, exactly
    raw = None if notes else (data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
    return TextSource(display=str(p), name=p.name, text=text, path=p, notes=notes, raw_utf8=raw)


#: Largest zip member read (uncompressed bytes), and largest uncompressed/compressed ratio accepted.
ZIP_MAX_MEMBER_BYTES = 512 << 20
ZIP_MAX_RATIO = 50.0


def check_zip_member(info: zipfile.ZipInfo, archive_path: Path) -> None:
    """Refuse a member whose declared size or compression ratio is beyond any real recording's.

    Raises
    ------
    FormatError
        Above :data:`ZIP_MAX_MEMBER_BYTES` or :data:`ZIP_MAX_RATIO` (a "zip bomb").
    """
    display = f"{archive_path}!{info.filename}"
    if info.file_size > ZIP_MAX_MEMBER_BYTES:
        raise FormatError(
            "zip member too large to read",
            path=display,
            expected=f"at most {ZIP_MAX_MEMBER_BYTES >> 20} MiB uncompressed (unzip it and read "
            "the CSV itself, which is read in bounded memory)",
            found=f"{info.file_size / 2**20:.0f} MiB",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > (1 << 20) and ratio > ZIP_MAX_RATIO:
        raise FormatError(
            "zip member compressed beyond any recording (a zip bomb?)",
            path=display,
            expected=f"a compression ratio of at most {ZIP_MAX_RATIO:.0f}",
            found=f"{ratio:.0f} ({info.compress_size} bytes unpacking to {info.file_size})",
        )


def _member_blocks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str) -> Iterator[bytes]:
    """A member's bytes in 1 MiB blocks, refused as soon as they pass its declared size."""
    n = 0
    with archive.open(info) as fh:
        while block := fh.read(1 << 20):
            n += len(block)
            if n > info.file_size:
                raise FormatError(
                    "zip member larger than its archive entry declares",
                    path=display,
                    expected=f"{info.file_size} bytes",
                    found=f"more than {n}",
                )
            yield block


def copy_zip_member(archive: zipfile.ZipFile, member: str, archive_path: Path, dest: Path) -> None:
    """Unpack one member of an open zip archive to ``dest``, in bounded memory.

    The member is checked as :func:`load_zip_member` checks it (declared size, compression ratio,
    no more bytes than declared), so a large member can be read block by block from ``dest``.

    Parameters
    ----------
    archive : zipfile.ZipFile
        The open archive.
    member : str
        The member's name.
    archive_path : Path
        The archive (for messages).
    dest : Path
        A new file.
    """
    info = archive.getinfo(member)
    check_zip_member(info, archive_path)
    with open(dest, "xb") as out:
        for block in _member_blocks(archive, info, f"{archive_path}!{member}"):
            out.write(block)


def load_zip_member(archive: zipfile.ZipFile, member: str, archive_path: Path) -> TextSource:
    """Read one member of an open zip archive as text (named ``archive!member`` in messages).

    The member is checked (:func:`check_zip_member`) and streamed in blocks, stopping at its
    declared size: an archive that lies about its sizes cannot make it read more.
    """
    display = f"{archive_path}!{member}"
    info = archive.getinfo(member)
    check_zip_member(info, archive_path)
    data = bytearray()
    for block in _member_blocks(archive, info, display):
        data += block
    text, notes = decode_text(bytes(data), display)
    return TextSource(display=display, name=Path(member).name, text=text, path=None, notes=notes)


def split_fields(line: str, sep: str) -> list[str]:
    """Split one line into fields, honouring double quotes; fields are stripped of quotes/space."""
    if '"' in line:
        try:
            fields = next(csv.reader([line], delimiter=sep, quotechar='"'), [])
        except csv.Error:
            # e.g. a lone carriage return inside the line: split plainly, so that the caller
            # reports the field (with its line and column) instead of the csv module's error
            fields = line.split(sep)
    else:
        fields = line.split(sep)
    return [f.strip().strip('"').strip() for f in fields]


def first_content_line(lines: Sequence[str], comment: str = "#") -> int:
    """Index of the first line that is neither blank nor a ``comment`` line (``len(lines)`` if none)."""
    for i, line in enumerate(lines):
        s = line.strip()
        if s and not s.startswith(comment):
            return i
    return len(lines)


def header_line_index(src: TextSource, expected: str) -> int:
    """Index of the header (first content line); a file of only comments or blank lines is refused."""
    idx = first_content_line(src.lines)
    if idx >= len(src.lines):
        raise FormatError(
            "file holds only comments or blank lines",
            path=src.display,
            line=len(src.lines) or None,
            expected=expected,
            found=src.lines[-1] if src.lines else "end of file",
        )
    return idx


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
