"""The live display of two wrists at once: both sides' status and cards, and the left/right set cards.

:class:`PairDisplay` shows a :class:`~tremor.live.pair.PairSession`: a status line (plain) or panel
(rich) per side, as :mod:`tremor.live.display` draws one session, each side's set cards marked with
the side, and for every set seen on both sides a left/right card (:func:`format_pair_card`) with the
numbers :func:`tremor.core.pairing.compare_pair` gives and the muscle-imbalance judgement so far.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import IO, Any

from tremor.core.pairing import IMBALANCE_POWER_RATIO, PairResult, SetComparison
from tremor.live.display import (
    PLAIN_HZ,
    REFRESH_HZ,
    LiveDisplay,
    format_card,
    format_recovery,
    format_revised,
    render_view,
    status_line,
)
from tremor.live.pair import SIDES, PairCard, PairSession
from tremor.live.session_view import SessionState

__all__ = ["PairDisplay", "format_pair_card", "pair_status", "power_words"]

#: compare_pair's note about sets seen on one side only: live, the other side may just not have
#: confirmed its set yet, so the cards leave it out (the final summary keeps it).
_ONE_SIDE_NOTE = "set(s) seen by one sensor only"


def power_words(c: SetComparison) -> str:
    """The 6-12 Hz comparison of one set in words, with the numbers.

    Parameters
    ----------
    c : SetComparison
        One set seen by both sides.

    Returns
    -------
    str
        Both RMS values, the power ratio (the higher side over the other) and the threshold, or
        which side could not be assessed.
    """

    def rms(side: Any) -> str:
        return f"{side.rms_mps2:.3f}" if side.power is not None else "not assessable"

    text = f"6-12 Hz RMS left {rms(c.left)}, right {rms(c.right)} m/s^2"
    r = c.power_ratio
    if r is None:
        return text + "; power cannot be compared"
    hi, x = ("left", r) if r >= 1.0 else ("right", 1.0 / r)
    lo = "right" if hi == "left" else "left"
    verdict = (
        f"tremor markedly higher on the {hi}"
        if c.tremor_side
        else f"below the {IMBALANCE_POWER_RATIO:g}x threshold"
    )
    return f"{text}; power {hi}/{lo} {x:.1f}x ({verdict})"


def format_pair_card(card: PairCard) -> list[str]:
    """A left/right card as text lines (the first line is its title).

    Parameters
    ----------
    card : PairCard
        The comparison of a set seen on both sides.

    Returns
    -------
    list of str
        Title, the tremor and twitch comparison with numbers, and the muscle-imbalance judgement so far.
    """
    c = card.comparison
    higher = [
        f"{what} higher on the {side}"
        for what, side in (("tremor", c.tremor_side), ("twitching", c.twitch_side))
        if side
    ]
    lines = [
        f"== left set {c.left.index} / right set {c.right.index}, {c.start_s:.1f}-{c.end_s:.1f} s "
        f"(left timeline): {', '.join(higher) or 'no marked left/right difference'} ==",
        "  " + power_words(c),
    ]
    tw = (
        f"twitches in the set and its recovery so far: left {c.left.twitches}, right {c.right.twitches}"
        if c.twitch_ratio is not None
        else "twitches cannot be compared (not assessable on both sides)"
    )
    lines.append("  " + tw)
    lines.append(f"  labels: left {c.left.label}, right {c.right.label}")
    if card.imbalance is not None:
        cause = card.imbalance
        lines.append(
            f"  muscle imbalance ({cause.likelihood:.2f}, evidence {cause.evidence_grade}), "
            f"{card.sets_compared} set(s) compared so far: {cause.evidence}"
        )
        lines.append(f"    advice: {cause.advice}")
    else:
        why = [n for n in card.notes if not n.startswith(_ONE_SIDE_NOTE)]
        lines.append(
            f"  muscle imbalance not named so far ({card.sets_compared} set(s) compared)"
            + (f": {why[0]}" if why else "")
        )
    return lines


def pair_status(pair: PairResult | None) -> str:
    """One line on the comparison so far (the display's pair line).

    Parameters
    ----------
    pair : PairResult or None
        The latest comparison (None before both sides have data).

    Returns
    -------
    str
        Sets compared and the muscle-imbalance judgement so far, or why there is none yet.
    """
    if pair is None:
        return "left/right: waiting for both sides"
    if pair.alignment.offset_s is None:
        return f"left/right: timelines not aligned ({pair.alignment.detail})"
    if not pair.sets:
        return "left/right: no set seen on both sides yet; muscle imbalance cannot be judged yet"
    cause = next((c for c in pair.causes if c.id == "muscle_imbalance"), None)
    judged = f"muscle imbalance named ({cause.evidence})" if cause else "no muscle imbalance named"
    return f"left/right: {len(pair.sets)} set(s) compared; {judged}"


class PairDisplay(LiveDisplay):
    """Shows a :class:`~tremor.live.pair.PairSession`: pass :meth:`handle_pair_event` as its ``on_event``.

    Parameters are those of :class:`~tremor.live.display.LiveDisplay`.
    """

    def __init__(self, *, console: Any = None, plain: bool | None = None, out: IO[str] | None = None) -> None:
        super().__init__(console=console, plain=plain, out=out)
        self.pair_session: PairSession | None = None

    def handle_pair_event(self, side: str, kind: str, payload: Any) -> None:
        """Print a side's event marked with the side, or a left/right card.

        Parameters
        ----------
        side : str
            ``"left"``, ``"right"`` or ``"pair"``.
        kind : str
            The event's kind (see :class:`~tremor.live.pair.PairSession`).
        payload : Any
            The event's payload.
        """
        tag = side.upper()
        if side == "pair":
            if kind == "pair_card":
                self.print_lines(format_pair_card(payload), panel=True, style="cyan")
            elif kind == "message":
                self.print_lines([str(payload)])
            return
        if kind in ("card", "card_provisional"):
            lines = format_card(payload)
            lines[0] = f"== {tag} {lines[0].lstrip('= ')}"
            self.print_lines(lines, panel=True, style="yellow" if kind == "card_provisional" else "green")
        elif kind == "card_withdrawn":
            card, why = payload
            self.print_lines([f"{tag} set {card.index}: provisional card withdrawn ({why})"])
        elif kind == "card_revised":
            lines = format_revised(*payload)
            lines[0] = f"== {tag} {lines[0].lstrip('= ')}"
            self.print_lines(lines, panel=True, style="magenta")
        elif (kind == "recovery" and self.plain) or kind == "card_final":
            self.print_lines([f"{tag} {format_recovery(payload)}"])
        elif kind == "gap":
            a, b, reason = payload
            self.print_lines([f"{tag} link gap {a:.1f}-{b:.1f} s ({reason}); reconnected"])
        elif kind == "state" and payload is SessionState.RECONNECTING:
            self.print_lines([f"{tag} link lost: reconnecting..."])
        elif kind == "message":
            self.print_lines([f"{tag} {payload}"])

    def refresh(self) -> None:
        """Draw once (called by :meth:`run`)."""
        pair = self.pair_session
        assert pair is not None
        views = {side: pair.sessions[side].view() for side in SIDES}
        self.refreshes += 1
        if self.plain:
            now = time.monotonic()
            if (
                any(v.status is not None for v in views.values())
                and now - self._last_plain >= 1.0 / PLAIN_HZ - 1e-3
            ):
                self._last_plain = now
                for side in SIDES:
                    lost = f"LOST at {pair.lost_at_s[side]:.1f} s; " if side in pair.lost_at_s else ""
                    print(f"{side:<5} {lost}{status_line(views[side])}", file=self._out)
                print(pair_status(pair.pair), file=self._out, flush=True)
        elif self._live is not None:
            from rich.console import Group
            from rich.text import Text

            panels = []
            for side in SIDES:
                panel = render_view(views[side])
                lost = f"LOST at {pair.lost_at_s[side]:.1f} s - " if side in pair.lost_at_s else ""
                panel.title = f"{side.upper()} - {lost}{panel.title}"
                panels.append(panel)
            self._live.update(Group(*panels, Text(pair_status(pair.pair))), refresh=True)

    async def run_pair(self, pair: PairSession) -> None:
        """Refresh until both sides are closed (run it as a task beside ``pair.run()``).

        Parameters
        ----------
        pair : PairSession
            The session to show.
        """
        self.pair_session = pair
        period = 1.0 / REFRESH_HZ
        with self._live_context():
            while pair.state is not SessionState.CLOSED:
                self.refresh()
                await asyncio.sleep(period)
            self._last_plain = -math.inf  # the closing status always shows (plain lines are otherwise paced)
            self.refresh()
