"""The live terminal display: a rich panel refreshed :data:`REFRESH_HZ` times a second, or plain text.

The panel shows the 6-12 Hz (physiological band) RMS against the rest baseline as a bar, the
peak frequency, twitches in the last minute, the set state and its elapsed time, and the link
(measured rate, frames lost and skipped). Set cards are printed above it when a set ends; the last
card's recovery line is part of the panel and updates until the next set starts.

Without rich, or when stdout is not a terminal, :class:`LiveDisplay` prints one status line per
second and the cards as text. Keys (:class:`KeyReader`, only when stdin is a terminal): space or
Enter starts/ends a set, ``q`` quits.

Everything runs on the event loop: the rich ``Live`` is refreshed by an asyncio task (no refresh
thread), so the analysis state is never read from another thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import sys
import time
from typing import IO, Any

from tremor.core.set_labels import NOT_ASSESSABLE_WORDS
from tremor.core.stream import LiveStatus
from tremor.live.card_revision import revision_text
from tremor.live.session import LiveSession
from tremor.live.session_view import LiveView, SessionState
from tremor.live.set_decisions import NOT_REPORTED, SetCard
from tremor.report.resolution_words import vs_rest_text
from tremor.report.summary import band_withheld, cause_words
from tremor.report.twitch_counts import twitch_count_text

__all__ = [
    "LiveDisplay",
    "KeyReader",
    "format_card",
    "format_recovery",
    "format_revised",
    "status_line",
    "render_view",
    "REFRESH_HZ",
    "have_rich",
]

#: Panel refreshes per second (the issue asks for at least 4).
REFRESH_HZ = 5.0
#: Plain mode: status lines per second.
PLAIN_HZ = 1.0
#: The bar's full scale: this many times the rest baseline.
BAR_FULL_X_REST = 5.0


def have_rich() -> bool:
    """True when rich can be imported."""
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


def _f(x: float | None, spec: str, none: str = "-") -> str:
    return none if x is None else format(x, spec)


# ---------------------------------------------------------------------------------- plain text
def format_card(card: SetCard) -> list[str]:
    """A set card as text lines: label, metrics and likely causes, as in the batch report."""
    rep = card.report
    tr = rep.get("tremor", {})
    fa = rep.get("fasciculations", {})
    kind = rep.get("kind", "?")
    tag = " (provisional)" if card.provisional else " (revised)" if card.revisions else ""
    tag = tag or (" (confirmed)" if card.replaces is not None else "")
    lines = [
        f"== set {card.index} ({card.source}, {kind}) {card.start_s:.1f}-{card.end_s:.1f} s "
        f"({card.end_s - card.start_s:.0f} s): {card.label}{tag} =="
    ]
    if card.provisional:
        lines.append(
            "  provisional: the movement has stopped; the set is confirmed (or withdrawn) once the "
            "rest lasts a few seconds"
        )
    if (
        "not_reported" in rep
    ):  # an automatic set inside external vibration: the report leaves it out, as batch does
        return lines + [f"  not reported: {rep['not_reported']}"]
    elif card.replaces is not None and not card.revisions:
        old = card.replaces
        changes = []
        if abs(old.end_s - card.end_s) >= 0.05 or abs(old.start_s - card.start_s) >= 0.05:
            changes.append(f"span was {old.start_s:.1f}-{old.end_s:.1f} s")
        if old.label != card.label:
            changes.append(f"label was {old.label}")
        lines.append(
            "  replaces the provisional card" + (f" ({', '.join(changes)})" if changes else " (unchanged)")
        )
    if tr and band_withheld(tr):
        # as the batch summary: the band's figures were withheld, its power being the oscillation's skirt
        lines.append(
            "  tremor 6-12 Hz: not given: the skirt and harmonics of the out-of-band oscillation fill the band, "
            "so it measures that oscillation, not tremor"
        )
    elif tr and not tr.get("assessable", True):
        why = tr.get("not_assessable_reason")
        lines.append(
            f"  tremor 6-12 Hz: not assessable ({NOT_ASSESSABLE_WORDS.get(why, why) if why else 'see the notes'})"
        )
    elif tr:
        lines.append(
            f"  tremor 6-12 Hz: peak {_f(tr.get('peak_hz'), '.1f')} Hz "
            f"({_f(tr.get('start_peak_hz'), '.1f')} -> {_f(tr.get('end_peak_hz'), '.1f')}), "
            f"RMS {_f(tr.get('rms_mps2'), '.3f')} m/s^2, {vs_rest_text(tr, 'power_vs_rest', '{:.1f}x'.format)[0] or '-'} rest power, "
            f"end/start {_f(tr.get('end_to_start_ratio'), '.1f')}x"
        )
    if tr:
        oob = tr.get("out_of_band")
        # batch's rule: only a peak that made the set atypical_tremor (prominent and stronger than the 6-12 Hz
        # peak) is tremor; any other out-of-band maximum is noise and goes unmentioned
        if oob and card.label == "atypical_tremor":
            lines.append(
                f"  out-of-band tremor: {oob['band']} at {_f(oob.get('peak_hz'), '.1f')} Hz "
                f"(prominence {_f(oob.get('prominence'), '.0f')}x, "
                f"{_f(oob.get('power_vs_physiological'), '.1f')}x the 6-12 Hz peak)"
            )
    if fa and not fa.get("assessable", True):
        lines.append("  twitches: not assessable (needs 100 Hz)")
    elif fa:
        n = twitch_count_text(fa, "in_set", "")
        lines.append(
            f"  twitches: {n} in the set"
            if n
            else "  twitches: none could be seen in the set (never still, or the detection limit too high)"
        )
    if not card.provisional:
        lines.append("  " + format_recovery(card))
    causes = rep.get("causes", [])
    if causes:
        lines.append("  likely causes:")
        for c in causes[:3]:
            lines.append(f"    {cause_words(c)}: {c['evidence']}")
    else:
        lines.append("  likely causes: none stand out")
    return lines


def format_revised(card: SetCard, reason: str) -> list[str]:
    """A revised final card (:mod:`tremor.live.card_revision`): the card as it reads now, under a line saying what it
    said before and why it changed."""
    lines = format_card(card)
    return [lines[0], f"  {revision_text(card, reason)}", *lines[1:]]


def format_recovery(card: SetCard) -> str:
    """The recovery line of a card (updated until the next set starts).

    A final card says what ended the recovery: the next set's start (batch's ``recovery_end_s``), a stay that
    one wrist sensor cannot call a light hold or a change of posture, or the session's end. A set the report does not give (:data:`~tremor.live.set_decisions.NOT_REPORTED`) has no
    recovery counted.
    """
    if card.label == NOT_REPORTED:
        return f"set {card.index}: not reported (it lay mostly inside external vibration), so no recovery is counted"
    rate = f", {card.recovery_rate_per_min:.1f}/min" if card.recovery_rate_per_min is not None else ""
    state = "so far"
    if card.final:
        ended = (
            f"ended at {card.recovery_end_s:.1f} s, where the wrist took a new pose (a light hold or a change "
            "of posture)"
            if card.ended_by_stay_s is not None
            else f"ended by set {card.ended_by} at {card.recovery_end_s:.1f} s"
            if card.ended_by is not None
            else f"ended with the session at {card.recovery_end_s:.1f} s"
        )
        state = f"final, {ended}"
    label = f"; label now {card.label}" if card.first_label and card.label != card.first_label else ""
    fa = (card.report or {}).get("fasciculations")
    if fa and not fa.get("assessable", True):
        return f"recovery of set {card.index}: twitches not assessable (needs 100 Hz) ({state}{label})"
    if fa and not twitch_count_text({**fa, "in_recovery": card.recovery_twitches}, "in_recovery", ""):
        return (
            f"recovery of set {card.index}: no twitch could be seen in {card.recovery_s:.0f} s (never still, or "
            f"the detection limit too high) ({state}{label})"
        )
    return (
        f"recovery of set {card.index}: {card.recovery_twitches} twitch(es) in {card.recovery_s:.0f} s{rate} "
        f"({state}{label})"
    )


def _set_text(view: LiveView) -> str:
    if view.set_state == "set":
        how = "key" if view.set_source == "key" else "detected"
        return f"IN SET {view.n_sets + 1} ({how}) {_f(view.set_elapsed_s, '.0f')} s"
    if view.set_state == "rest":
        return f"rest {_f(view.rest_elapsed_s, '.0f')} s ({view.n_sets} set(s) done)"
    if view.set_state == "unclear":
        return (
            f"sets not told yet ({view.n_sets} set(s) done): the session did not start at rest, so which still pose "
            "is the rest is not clear yet; sets and cards come once it is, or at the session's end"
        )
    return "waiting for data"


def _link_text(view: LiveView) -> str:
    q = view.link
    stamps = (
        f" ({q.frames_time_rejected} bad time stamp(s), {q.resyncs} resync(s))"
        if q.frames_time_rejected or q.resyncs
        else ""
    )
    text = (
        f"{_f(q.rate_hz, '.1f')} Hz, {q.frames} frames, lost {q.frames_lost}, skipped {q.frames_bad}{stamps}, "
        f"reconnects {q.reconnects}"
    )
    if q.frames_overflow:
        text += f", overflow {q.frames_overflow}"
    if q.samples_dropped:
        text += f", dropped {q.samples_dropped} behind the log"
    if q.catching_up:
        text += " - BAND CLOCK BEHIND THE LOG (restarted?): dropping until it catches up"
    if view.state is SessionState.RECONNECTING:
        text += " - RECONNECTING"
    return text


def _tremor_numbers(view: LiveView) -> tuple[str, float | None]:
    st = view.status
    if st is None or st.phys_rms_mps2 is None:
        return "-", None
    if st.rest_ceiling_mps2:  # no ratio to a rest under the sensor's resolution is a number (rest_resolution)
        bound = st.phys_rms_mps2 / st.rest_ceiling_mps2
        at_least = f"at least {bound:.1f}x its ceiling" if bound >= 1.0 else "no ratio to it"
        return f"{st.phys_rms_mps2:.3f} m/s^2 (rest under the sensor's resolution, {at_least})", None
    ratio = st.phys_rms_mps2 / st.rest_rms_mps2 if st.rest_rms_mps2 else None
    rest = (
        f" = {ratio:.1f}x rest {st.rest_rms_mps2:.3f}"
        if ratio is not None and st.rest_rms_mps2
        else " (rest baseline not yet known)"
    )
    return f"{st.phys_rms_mps2:.3f} m/s^2{rest}", ratio


def _twitch_rate_text(st: LiveStatus | None) -> str:
    """Twitches in the last minute; those the session's rules have not judged yet are said to be provisional."""
    if st is None:
        return "0"
    if st.twitches_provisional:
        return f"{st.twitches_last_min} ({st.twitches_provisional} provisional)"
    return str(st.twitches_last_min)


def status_line(view: LiveView) -> str:
    """One line of status (the plain display prints one per second)."""
    st = view.status
    tremor, _ = _tremor_numbers(view)
    peak = f"{st.peak_hz:.1f} Hz" if st and st.peak_hz else "none"
    tw = _twitch_rate_text(st)
    return (
        f"[{view.time_s:7.1f} s] tremor {tremor} | peak {peak} | twitches/min {tw} | "
        f"{_set_text(view)} | link {_link_text(view)}"
    )


# ---------------------------------------------------------------------------------- rich
def _bar(ratio: float | None, width: int = 30) -> Any:
    from rich.text import Text

    if ratio is None:
        return Text("·" * width, style="dim")
    filled = int(round(min(ratio, BAR_FULL_X_REST) / BAR_FULL_X_REST * width))
    rest_mark = int(round(width / BAR_FULL_X_REST))
    style = "green" if ratio < 1.5 else "yellow" if ratio < 3.0 else "red"
    text = Text()
    for i in range(width):
        if i < filled:
            text.append("█", style=style)
        else:
            text.append("|" if i == rest_mark else "·", style="dim")
    return text


def render_view(view: LiveView) -> Any:
    """The rich panel of a view."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    st = view.status
    tremor, ratio = _tremor_numbers(view)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    bar = _bar(ratio)
    bar.append(f"  {tremor}")
    table.add_row("Tremor 6-12 Hz", bar)
    table.add_row("Peak frequency (last 20 s)", f"{st.peak_hz:.1f} Hz" if st and st.peak_hz else "no peak")
    table.add_row("Twitches, last min", _twitch_rate_text(st))
    set_style = "bold magenta" if view.set_state == "set" else ""
    table.add_row("Set", Text(_set_text(view), style=set_style))
    table.add_row("Link", _link_text(view))
    if view.card is not None:
        if view.card.provisional:
            table.add_row(
                "Last set", f"{view.card.label} (provisional: waiting for the rest to confirm the set)"
            )
        else:
            table.add_row("Last set", f"{view.card.label} - {format_recovery(view.card)}")
    keys = "space/Enter: start or end a set   q: quit   " if view.keys else ""
    auto = "sets also detected automatically" if view.auto_sets else "sets by key only"
    subtitle = f"{keys}Ctrl-C: stop ({auto})"
    return Panel(
        table,
        title=f"tremor live - {view.device} - {view.time_s:.0f} s",
        subtitle=subtitle,
        border_style="red" if view.state is SessionState.RECONNECTING else "blue",
    )


# ---------------------------------------------------------------------------------- display
class LiveDisplay:
    """Shows a :class:`~tremor.live.session.LiveSession`: pass :meth:`handle_event` as its ``on_event``.

    Parameters
    ----------
    console : rich.console.Console, optional
        Where the rich display goes (one on stdout by default).
    plain : bool, optional
        Force plain text (True) or rich (False); by default rich when it is installed and
        stdout is a terminal.
    out : file, optional
        Plain text output (stdout by default).
    """

    def __init__(self, *, console: Any = None, plain: bool | None = None, out: IO[str] | None = None) -> None:
        self._out = out or sys.stdout
        if plain is None:
            plain = not (have_rich() and (console is not None or self._out.isatty()))
        self.plain = plain
        self.session: LiveSession | None = None
        self._console = console
        self._live: Any = None
        self.refreshes = 0
        self._last_plain = 0.0

    # events from the session ----------------------------------------------------------------
    def handle_event(self, kind: str, payload: Any) -> None:
        if kind == "card":
            self.print_lines(format_card(payload), panel=True)
        elif kind == "card_provisional":
            self.print_lines(format_card(payload), panel=True, style="yellow")
        elif kind == "card_withdrawn":
            card, why = payload
            self.print_lines([f"set {card.index}: provisional card withdrawn ({why})"])
        elif kind == "card_revised":
            self.print_lines(format_revised(*payload), panel=True, style="magenta")
        elif (kind == "recovery" and self.plain) or kind == "card_final":
            self.print_lines([format_recovery(payload)])
        elif kind == "gap":
            a, b, reason = payload
            self.print_lines([f"link gap {a:.1f}-{b:.1f} s ({reason}); reconnected"])
        elif kind == "state" and payload is SessionState.RECONNECTING:
            self.print_lines(["link lost: reconnecting..."])
        elif kind == "message":
            self.print_lines([str(payload)])

    def print_lines(self, lines: list[str], *, panel: bool = False, style: str = "green") -> None:
        """Print above the live panel (rich) or as plain lines."""
        if self.plain:
            for line in lines:
                print(line, file=self._out, flush=True)
            return
        console = self._live.console if self._live is not None else self._rich_console()
        if panel:
            from rich.panel import Panel
            from rich.text import Text

            console.print(Panel(Text("\n".join(lines[1:])), title=lines[0].strip("= "), border_style=style))
        else:
            for line in lines:
                console.print(line, markup=False, highlight=False)

    def _rich_console(self) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self._out)
        return self._console

    # refreshing -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Draw once (called by :meth:`run`)."""
        assert self.session is not None
        view = self.session.view()
        self.refreshes += 1
        if self.plain:
            now = time.monotonic()
            if view.status is not None and now - self._last_plain >= 1.0 / PLAIN_HZ - 1e-3:
                self._last_plain = now
                print(status_line(view), file=self._out, flush=True)
        elif self._live is not None:
            self._live.update(render_view(view), refresh=True)

    async def run(self, session: LiveSession) -> None:
        """Refresh until the session is closed (run it as a task beside ``session.run()``)."""
        self.session = session
        period = 1.0 / REFRESH_HZ
        with self._live_context():
            while session.state is not SessionState.CLOSED:
                self.refresh()
                await asyncio.sleep(period)
            self._last_plain = -math.inf  # the closing status always shows (plain lines are otherwise paced)
            self.refresh()

    @contextlib.contextmanager
    def _live_context(self) -> Any:
        if self.plain:
            yield
            return
        from rich.live import Live
        from rich.text import Text

        with Live(
            Text("connecting..."),
            console=self._rich_console(),
            auto_refresh=False,
            transient=False,
            redirect_stdout=False,
            redirect_stderr=False,
        ) as live:
            self._live = live
            try:
                yield
            finally:
                self._live = None


class KeyReader:
    """Read single key presses from a terminal stdin without blocking the loop.

    Space or Enter calls ``on_toggle()``, ``q`` calls ``on_quit()``. Does nothing when stdin is not
    a terminal (or on platforms without ``termios``); :attr:`active` tells which.
    """

    def __init__(self, on_toggle: Any, on_quit: Any, *, stdin: IO[str] | None = None) -> None:
        self._in = stdin or sys.stdin
        self._on_toggle = on_toggle
        self._on_quit = on_quit
        self._saved: Any = None
        self._fd: int | None = None
        self.active = False

    def __enter__(self) -> KeyReader:
        try:
            import termios
            import tty

            if not self._in.isatty():
                return self
            fd = self._in.fileno()
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)
            asyncio.get_running_loop().add_reader(fd, self._on_readable)
            self._fd = fd
            self.active = True
        except (ImportError, OSError, ValueError, NotImplementedError, RuntimeError):
            self.active = False
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is None:
            return
        import termios

        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(self._fd)
        with contextlib.suppress(Exception):
            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)
        self._fd = None
        self.active = False

    def _on_readable(self) -> None:
        import os

        assert self._fd is not None
        try:
            data = os.read(self._fd, 64).decode(errors="ignore")
        except OSError:
            return
        self.feed(data)

    def feed(self, data: str) -> None:
        """Handle typed characters (also used by tests)."""
        for ch in data:
            if ch in (" ", "\n", "\r"):
                self._on_toggle()
            elif ch in ("q", "Q"):
                self._on_quit()
