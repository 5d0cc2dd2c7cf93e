"""User-supplied context (sleep, caffeine, temperature, ...): parsing and validation.

Given on the command line as ``key=value`` pairs (``--context sleep_h=5 caffeine_mg=200``) or in a
file of such lines (``#`` starts a comment) or a JSON object. Every key is checked against
:data:`CONTEXT_KEYS`, and every value against its type.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from tremor.errors import FormatError, ParameterError

__all__ = ["CONTEXT_KEYS", "parse_context", "read_context_file"]

#: key -> (type, meaning)
CONTEXT_KEYS: dict[str, tuple[type, str]] = {
    "sleep_h": (float, "hours slept last night"),
    "caffeine_mg": (float, "caffeine taken in the hours before training, mg"),
    "stress": (float, "stress level 0-10"),
    "fasted": (bool, "trained without eating first"),
    "low_carb": (bool, "on a low-carbohydrate diet"),
    "fluid_l": (float, "litres drunk during the session"),
    "temp_c": (float, "ambient temperature, degrees C"),
    "warm_up": (bool, "a warm-up was done"),
    "statins": (bool, "taking statins"),
    "days_since_hard": (float, "days since the last hard session"),
    "soreness": (bool, "sore muscles (DOMS)"),
    "new_exercise": (bool, "the exercise is new to the person"),
    "beginner": (bool, "new to strength training"),
    "exercise": (str, "kind of exercise: hold, overhead, unilateral, or a name"),
}

_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off"}


def _convert(key: str, raw: Any, where: str) -> Any:
    if key not in CONTEXT_KEYS:
        raise ParameterError(f"{where}unknown context key {key!r}; allowed keys: {', '.join(CONTEXT_KEYS)}")
    kind, meaning = CONTEXT_KEYS[key]
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ParameterError(f"{where}context {key} ({meaning}) must be yes or no, got {raw!r}")
    if kind is float:
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ParameterError(f"{where}context {key} ({meaning}) must be a number, got {raw!r}") from None
        if not math.isfinite(value) or (key != "temp_c" and value < 0):
            raise ParameterError(
                f"{where}context {key} ({meaning}) must be a non-negative number, got {raw!r}"
            )
        return value
    return str(raw).strip()


def parse_context(items: list[str] | dict[str, Any] | None, *, where: str = "") -> dict[str, Any]:
    """Parse ``["sleep_h=5", "fasted=yes"]`` (or a dict) into typed context values.

    Every key must be one of :data:`CONTEXT_KEYS`. Numbers must be finite and (except ``temp_c``)
    non-negative; yes/no values accept yes/no, y/n, true/false, 1/0 and on/off in any case; text
    values are stripped of surrounding blanks.

    Parameters
    ----------
    items : list of str, dict or None
        ``key=value`` strings, or a mapping of key to raw value (e.g. a parsed JSON object).
        None or empty gives an empty dict.
    where : str
        Prefix for error messages naming where the items came from (e.g. ``"ctx.txt:3: "``).

    Returns
    -------
    dict
        Key to typed value (float, bool or str). A key given twice keeps the last value.

    Raises
    ------
    ParameterError
        For an item without ``=``, an unknown key, or a value of the wrong type.

    Examples
    --------
    >>> parse_context(["sleep_h=5", "fasted=yes", "exercise= hold"])
    {'sleep_h': 5.0, 'fasted': True, 'exercise': 'hold'}
    >>> parse_context({"temp_c": -3, "warm_up": "no"})
    {'temp_c': -3.0, 'warm_up': False}
    >>> parse_context(["caffeine_mg=-1"])
    Traceback (most recent call last):
    ...
    tremor.errors.ParameterError: context caffeine_mg (caffeine taken in the hours before training, mg) must be a non-negative number, got '-1'
    """
    if not items:
        return {}
    if isinstance(items, dict):
        return {k: _convert(k, v, where) for k, v in items.items()}
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            hint = " (the recording goes before --context)" if Path(item).exists() else ""
            raise ParameterError(
                f"{where}context must be key=value, got {item!r} (for example sleep_h=6){hint}"
            )
        key, value = item.split("=", 1)
        out[key.strip()] = _convert(key.strip(), value, where)
    return out


def read_context_file(path: str | Path) -> dict[str, Any]:
    """Read context from a JSON object or ``key=value`` lines.

    A file whose text starts with ``{`` is read as one flat JSON object; otherwise each line is a
    ``key=value`` pair, ``#`` starts a comment and blank lines are skipped. Values are checked as
    by :func:`parse_context`, with errors naming the file and line.

    Parameters
    ----------
    path : str or Path
        The context file (UTF-8, a byte-order mark is accepted).

    Returns
    -------
    dict
        Key to typed value (float, bool or str).

    Raises
    ------
    FormatError
        Where the file cannot be read, is not UTF-8, or is malformed JSON or not one JSON object.
    ParameterError
        For an unknown key or a value of the wrong type.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read the context file: {exc.strerror}", path=str(p)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        encoding = " (UTF-16 text?)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise FormatError(
            f"the context file is not UTF-8 text{encoding}: byte {raw[exc.start]:#04x} at "
            f"column {column} cannot be decoded",
            path=str(p),
            line=bad_line,
            expected="UTF-8 text (key=value lines or a JSON object)",
            found=raw[max(0, exc.start - 10) : exc.start + 10].decode("utf-8", "replace"),
        ) from None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FormatError(
                "the context file is not valid JSON",
                path=str(p),
                line=exc.lineno,
                expected="a JSON object",
                found=exc.msg,
            ) from None
        except RecursionError:
            raise FormatError(
                "the context file nests JSON too deeply",
                path=str(p),
                expected="one flat JSON object of key: value",
                found="deep nesting",
            ) from None
        if not isinstance(data, dict):
            raise FormatError(
                "the context file must hold one JSON object",
                path=str(p),
                expected="{...}",
                found=type(data).__name__,
            )
        return parse_context(data, where=f"{p}: ")
    out: dict[str, Any] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        out.update(parse_context([line], where=f"{p}:{lineno}: "))
    return out
