"""The plain display's closing status line is always printed (a load-dependent miss in test_live_pair).

Plain status lines are paced (``PLAIN_HZ``); the refresh after a session closes came within that pace of the last
line now and then on a loaded machine, and the closing status (for a pair: ``left/right: 2 set(s) compared``) was
never printed: the last thing a user reading the plain output sees was a stale line."""

from __future__ import annotations

import asyncio
import io
import time
from types import SimpleNamespace

import pytest

from tremor.live import display as display_mod
from tremor.live import pair_display as pair_display_mod
from tremor.live.display import LiveDisplay
from tremor.live.pair_display import PairDisplay
from tremor.live.session_view import SessionState


def _closed_session() -> SimpleNamespace:
    return SimpleNamespace(state=SessionState.CLOSED, view=lambda: SimpleNamespace(status=object()))


def test_a_single_sessions_closing_status_is_printed_right_after_a_paced_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(display_mod, "status_line", lambda view: "closing status")
    out = io.StringIO()
    shown = LiveDisplay(plain=True, out=out)
    shown._last_plain = time.monotonic()  # a paced line was printed just now
    asyncio.run(shown.run(_closed_session()))  # type: ignore[arg-type]
    assert "closing status" in out.getvalue()


def test_a_pairs_closing_status_is_printed_right_after_a_paced_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pair_display_mod, "status_line", lambda view: "side status")
    pair = SimpleNamespace(
        state=SessionState.CLOSED,
        sessions={"left": _closed_session(), "right": _closed_session()},
        lost_at_s={},
        pair=None,
    )
    out = io.StringIO()
    shown = PairDisplay(plain=True, out=out)
    shown._last_plain = time.monotonic()
    asyncio.run(shown.run_pair(pair))  # type: ignore[arg-type]
    text = out.getvalue()
    assert text.count("side status") == 2 and "left/right: waiting for both sides" in text
