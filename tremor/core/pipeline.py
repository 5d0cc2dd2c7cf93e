"""The per-segment pipeline: frames and twitch-band transients of one gap-free uniform segment.

Every path runs each gap-free, uniformly sampled segment through one :class:`SegmentPipeline`:
whole-file analysis (:func:`tremor.core.analysis.analyze`) feeds a segment in one block, the
long-file path (:mod:`tremor.batch.chunked`) in blocks read back from its spill store, live
analysis (:class:`tremor.core.stream.LiveAnalyzer`) chunk by chunk as samples arrive. The frame
extractor and the twitch detector are chunk-invariant, so any blocking gives the same frames and
transients.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tremor.core.events import BLOCK_S, MIN_TWITCH_FS_HZ, Transient, TwitchDetector
from tremor.core.features import FrameConfig, FrameExtractor, Frames
from tremor.core.grid import stamp_times

__all__ = ["SegmentPipeline", "at_stamps", "HOLD_MAX_S"]

#: With ``spread`` (:meth:`SegmentPipeline.update`), once this much (s) is held back from the twitch detector a
#: block is given to it whatever else the call does (the detector reports later by at most about this much).
HOLD_MAX_S = 1.0


class SegmentPipeline:
    """Frames (:class:`~tremor.core.features.FrameExtractor`) and transients
    (:class:`~tremor.core.events.TwitchDetector`) of one gap-free segment on a uniform grid.

    Parameters
    ----------
    fs_hz : float
        The segment's sampling rate in Hz (its grid: sample ``i`` is at ``t0_s + i / fs_hz``).
    t0_s : float
        Time of the segment's first sample, in seconds from the recording's first sample.
    gravity_included : bool
        Whether the samples include gravity.
    config : FrameConfig
        Frame geometry.

    Notes
    -----
    Twitches are looked for only at :data:`~tremor.core.events.MIN_TWITCH_FS_HZ` or more; below it
    the segment gives frames only.
    """

    def __init__(self, fs_hz: float, t0_s: float, *, gravity_included: bool, config: FrameConfig) -> None:
        self.fs_hz = float(fs_hz)
        self.t0_s = float(t0_s)
        self.frames = FrameExtractor(fs_hz, t0_s, gravity_included, config)
        self.twitches = TwitchDetector(fs_hz, t0_s) if fs_hz >= MIN_TWITCH_FS_HZ else None
        self._held: list[np.ndarray] = []  # chunks not yet given to the twitch detector (``spread``)
        self._held_n = 0
        self._block = max(round(BLOCK_S * self.fs_hz), 1)

    @property
    def held(self) -> int:
        """Samples fed but not yet given to the twitch detector (see ``spread`` in :meth:`update`)."""
        return self._held_n

    def update(
        self,
        acc_mps2: np.ndarray,
        *,
        final: bool = False,
        spread: bool = False,
        busy: bool = False,
        stop: int | None = None,
    ) -> tuple[Frames, list[Transient]]:
        """Feed the segment's next samples (n, 3) in m/s^2.

        Parameters
        ----------
        acc_mps2 : ndarray, shape (n, 3)
            The next samples of the segment's grid.
        final : bool
            True with the segment's last samples: the twitch detector flushes what it holds, and a
            segment too short for a window gives its one piece frame.
        spread : bool
            Spread the twitch detector's blocks (its costly steps) over the calls (a live session's
            notifications): samples are held back from it so that no block completes in a call that completes
            a frame or is ``busy``, and at most one in any other; once :data:`HOLD_MAX_S` is held, one block in
            any call. The detector is chunk-invariant: the same transients and limits, reported later. Held
            samples go to it, before newer ones, with ``final`` or at :meth:`catch_up`.
        busy : bool
            The caller has other work in this call (a live set check).
        stop : int or None
            With ``spread``, give the detector at most this many of the held samples (counted from the oldest)
            now: the caller takes what the detector has found at that point (a summary asked for then).

        Returns
        -------
        frames : Frames
            The frames these samples complete.
        transients : list of Transient
            The transients these samples complete (twitch candidates, not yet gated by rest); with
            ``spread``, those that the samples given to the detector now complete.
        """
        frames = self.frames.update(acc_mps2)
        if final:  # a segment too short for a window gives its piece frame (features.MIN_PIECE_S)
            piece = self.frames.finish()
            if len(piece):
                frames = piece if not len(frames) else Frames.concat([frames, piece])
        if self.twitches is None:
            return frames, []
        if final or not spread:
            return frames, self._detect(acc_mps2, final)
        self._held.append(np.array(acc_mps2, dtype=np.float64))  # a copy: the caller's buffer may change
        self._held_n += len(acc_mps2)
        free = not (busy or len(frames)) or self._held_n > HOLD_MAX_S * self.fs_hz
        upto = self.twitches.to_next_block + (self._block if free else 0) - 1
        return frames, self._feed_held(upto if stop is None else min(upto, stop))

    def _feed_held(self, samples: int) -> list[Transient]:
        """Give the twitch detector the oldest held chunks that together hold at most ``samples`` samples."""
        k, n = 0, 0
        while k < len(self._held) and n + len(self._held[k]) <= samples:
            n += len(self._held[k])
            k += 1
        if k == 0:
            return []
        assert self.twitches is not None
        first, self._held = self._held[:k], self._held[k:]
        self._held_n -= n
        return self.twitches.update(first[0] if k == 1 else np.concatenate(first), final=False)

    def catch_up(self, samples: int | None = None) -> list[Transient]:
        """Give the held samples (``spread`` in :meth:`update`) to the twitch detector.

        Parameters
        ----------
        samples : int or None
            Give only the first this many held samples (a count :attr:`held` gave between updates); None: all.

        Returns
        -------
        list of Transient
            The transients they complete.
        """
        if not self._held or self.twitches is None:
            return []
        if samples is None or samples >= self._held_n:
            return self._detect(np.zeros((0, 3)), False)
        return self._feed_held(samples)

    def _detect(self, acc_mps2: np.ndarray, final: bool) -> list[Transient]:
        assert self.twitches is not None
        if self._held:
            acc_mps2 = (
                np.concatenate([*self._held, acc_mps2]) if len(acc_mps2) else np.concatenate(self._held)
            )
            self._held, self._held_n = [], 0
        return self.twitches.update(acc_mps2, final=final)

    @property
    def limits(self) -> list[tuple[float, float]]:
        """(time, twitch detection limit m/s^2) of each twitch-detector block so far (empty below
        :data:`~tremor.core.events.MIN_TWITCH_FS_HZ`)."""
        return self.twitches.limits if self.twitches is not None else []


def at_stamps(
    t0_s: float,
    fs_hz: float,
    stamps: np.ndarray,
    frames: Frames,
    found: list[Transient],
    limits: list[tuple[float, float]],
) -> tuple[Frames, list[Transient], list[tuple[float, float]]]:
    """Frame, transient and limit times of a segment that keeps its samples, at its received stamps.

    The pipeline times sample ``i`` at ``t0_s + i / fs_hz``; on a segment whose samples were kept
    (regular or jittery stamps), sample ``i`` was received at ``stamps[i]``. Every path maps its
    times with this one function, so they agree bit for bit.

    Parameters
    ----------
    t0_s, fs_hz : float
        The segment's first stamp (s) and rate (Hz), as given to the pipeline.
    stamps : ndarray
        The segment's received stamps (at least up to the latest sample fed), in s.
    frames : Frames
        Frames with pipeline times.
    found : list of Transient
        Transients with pipeline times.
    limits : list of (float, float)
        (time, detection limit) blocks with pipeline times.

    Returns
    -------
    tuple of (Frames, list of Transient, list of (float, float))
        The same, at the received stamps.
    """

    def real(t_s: np.ndarray) -> np.ndarray:
        return stamp_times((np.asarray(t_s, dtype=np.float64) - t0_s) * fs_hz, stamps)

    if len(frames):
        frames = replace(frames, t_s=real(frames.t_s))
    if found:
        times = real(np.array([tr.t_s for tr in found]))
        found = [replace(tr, t_s=float(t)) for tr, t in zip(found, times)]
    if limits:
        lim = np.array(limits)
        limits = list(zip(real(lim[:, 0]).tolist(), lim[:, 1].tolist()))
    return frames, found, limits
