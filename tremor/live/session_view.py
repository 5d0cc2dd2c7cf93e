"""What a live session shows: its lifecycle state, its link, and the snapshot the display draws.

Value types only, no session state: :class:`SessionState` (the lifecycle of
:class:`~tremor.live.session.LiveSession`), :class:`LinkQuality` (the link as the display shows
it) and :class:`LiveView` (everything the display draws at one refresh, from
:meth:`LiveSession.view <tremor.live.session.LiveSession.view>`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from tremor.core.stream import LiveStatus
from tremor.errors import TremorError
from tremor.live.set_decisions import SetCard

__all__ = ["SessionState", "SessionStateError", "LinkQuality", "LiveView", "link_quality"]


class SessionState(enum.Enum):
    """Lifecycle of a :class:`~tremor.live.session.LiveSession`."""

    UNOPENED = "unopened"
    CONNECTING = "connecting"
    STREAMING = "streaming"
    RECONNECTING = "reconnecting"
    CLOSING = "closing"
    CLOSED = "closed"


class SessionStateError(TremorError):
    """A :class:`~tremor.live.session.LiveSession` was used in a state that does not allow it (e.g. run twice)."""


@dataclass(frozen=True)
class LinkQuality:
    """The link as the display shows it."""

    state: str
    rate_hz: float | None
    frames: int
    frames_lost: int
    samples_lost: int
    frames_bad: int  # corrupt + short + out of order + refused time stamps, skipped
    frames_overflow: int
    reconnects: int
    gaps: int
    #: of ``frames_bad``: refused for an implausible time stamp (PMD), and the decoder's re-anchorings
    frames_time_rejected: int = 0
    resyncs: int = 0
    #: samples stamped at or before what was already logged, dropped (e.g. a restarted band's replay)
    samples_dropped: int = 0
    #: reconnections after which the band's clock stood behind the log
    clock_rewinds: int = 0
    #: the newest samples are being dropped as behind the log (the band's clock is catching up)
    catching_up: bool = False


@dataclass(frozen=True)
class LiveView:
    """A snapshot for the display (cheap; taken at the display's refresh rate)."""

    state: SessionState
    device: str
    time_s: float
    status: LiveStatus | None
    set_state: str  # "waiting", "rest", "set", "unclear" (the rest pose not settled: no set shown)
    set_source: str | None  # "key" or "auto" while in a set
    set_elapsed_s: float | None
    rest_elapsed_s: float | None
    n_sets: int
    link: LinkQuality
    card: SetCard | None
    log_path: str | None
    auto_sets: bool
    keys: bool = False


def link_quality(
    stream: Any, *, gaps: int, chunks_rejected: int, samples_dropped: int, catching_up: bool
) -> LinkQuality:
    """The link's state and counts, as the display shows them.

    Parameters
    ----------
    stream : BandStream or another sample source
        The session's source (its ``state`` and, where it keeps them, its ``stats``).
    gaps : int
        Link gaps the session logged.
    chunks_rejected : int
        Chunks the session refused (wrong shape, non-finite values, time stamps not increasing).
    samples_dropped : int
        Samples stamped at or before what was already logged, dropped.
    catching_up : bool
        Whether the newest samples are being dropped as behind the log.

    Returns
    -------
    LinkQuality
        Link state, measured rate (Hz), frames received and lost, samples lost, bad frames
        (corrupt, short, out of order, plus rejected chunks), overflows, reconnections and gaps.
    """
    stats = getattr(stream, "stats", None)
    state = stream.state.value if hasattr(stream, "state") else "?"
    if stats is None:
        return LinkQuality(
            state,
            None,
            0,
            0,
            0,
            0,
            0,
            0,
            gaps,
            samples_dropped=samples_dropped,
            catching_up=catching_up,
        )
    rejected = getattr(stats, "frames_time_rejected", 0)
    bad = stats.frames_corrupt + stats.frames_short + stats.frames_out_of_order + rejected + chunks_rejected
    return LinkQuality(
        state,
        stats.measured_rate_hz,
        stats.frames,
        stats.frames_lost,
        stats.samples_lost,
        bad,
        stats.frames_overflow,
        stats.reconnects,
        gaps,
        frames_time_rejected=rejected,
        resyncs=getattr(stats, "resyncs", 0),
        clock_rewinds=getattr(stats, "clock_rewinds", 0),
        samples_dropped=samples_dropped,
        catching_up=catching_up,
    )
