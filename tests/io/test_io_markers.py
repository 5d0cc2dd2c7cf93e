"""Set markers from a sidecar CSV and from the --sets option."""

from __future__ import annotations

import pytest

from tremor.core.recording import SetMarker
from tremor.errors import FormatError, ParameterError
from tremor.io import parse_sets_option, read_set_markers


def test_sidecar_with_and_without_header(write):
    p = write("sets.csv", "start_s,end_s,label\n12,45,curl\n90,130.5,\n")
    assert read_set_markers(p) == (SetMarker(12.0, 45.0, "curl"), SetMarker(90.0, 130.5, None))
    p = write("sets2.csv", "# my sets\r\n12;45\r\n\r\n90;130.5;press, heavy\r\n")
    assert read_set_markers(p) == (SetMarker(12.0, 45.0), SetMarker(90.0, 130.5, "press, heavy"))


@pytest.mark.parametrize(
    ("text", "line", "column", "match"),
    [
        ("start_s,end_s\n12,abc\n", 2, "end_s", "not a non-negative number"),
        ("12,45\n50,40\n", 2, "end_s", "ends before it starts"),
        ("12,45\n-3,40\n", 2, "start_s", "non-negative"),
        ("12,45\n50\n", 2, None, "start and an end"),
    ],
)
def test_sidecar_errors(write, text, line, column, match):
    p = write("sets.csv", text)
    with pytest.raises(FormatError, match=match) as e:
        read_set_markers(p)
    assert e.value.line == line and e.value.column == column and e.value.path == str(p)


def test_sidecar_empty(write):
    with pytest.raises(FormatError, match="empty"):
        read_set_markers(write("sets.csv", ""))
    with pytest.raises(FormatError, match="no sets"):
        read_set_markers(write("sets2.csv", "start_s,end_s\n"))


def test_sets_option():
    assert parse_sets_option("12-45,90-130.5") == (SetMarker(12.0, 45.0), SetMarker(90.0, 130.5))
    assert parse_sets_option(" 0 - 1.5 ") == (SetMarker(0.0, 1.5),)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "ranges"),
        ("12-45,abc", "item 2"),
        ("45-12", "ends before"),
        ("12-45,", "item 2"),
        ("-5-10", "item 1"),
    ],
)
def test_sets_option_errors(text, match):
    with pytest.raises(ParameterError, match=match):
        parse_sets_option(text)
