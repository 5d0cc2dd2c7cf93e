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

from tremor.core.events import MIN_TWITCH_FS_HZ, Transient, TwitchDetector
from tremor.core.features import FrameConfig, FrameExtractor, Frames
from tremor.core.grid import stamp_times

__all__ = ["SegmentPipeline", "at_stamps"]


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

    def update(self, acc_mps2: np.ndarray, *, final: bool = False) -> tuple[Frames, list[Transient]]:
        """Feed the segment's next samples (n, 3) in m/s^2.

        Parameters
        ----------
        acc_mps2 : ndarray, shape (n, 3)
            The next samples of the segment's grid.
        final : bool
            True with the segment's last samples: the twitch detector flushes what it holds, and a
            segment too short for a window gives its one piece frame.

        Returns
        -------
        frames : Frames
            The frames these samples complete.
        transients : list of Transient
            The transients these samples complete (twitch candidates, not yet gated by rest).
        """
        frames = self.frames.update(acc_mps2)
        if final:  # a segment too short for a window gives its piece frame (features.MIN_PIECE_S)
            piece = self.frames.finish()
            if len(piece):
                frames = piece if not len(frames) else Frames.concat([frames, piece])
        found = self.twitches.update(acc_mps2, final=final) if self.twitches is not None else []
        return frames, found

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
