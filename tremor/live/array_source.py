"""A recording held in memory as a live sample source, for replays in tests and benchmarks.

:class:`ArraySource` hands timestamps and samples to :class:`~tremor.live.session.LiveSession` as a
phone would, in notifications of a fixed number of samples, all queued on entry: the session then
runs as fast as it consumes them.
"""

from __future__ import annotations

from typing import Self

import numpy as np

from tremor.live.phone_common import PhoneDevice, QueueSource, SourceState

__all__ = ["ArraySource"]

#: Device time of the first sample (ns since the epoch): a plausible wall-clock time, 2023-11-14.
_EPOCH_NS = 1_700_000_000 * 10**9


class ArraySource(QueueSource):
    """A recording as a sample source, in notifications of ``chunk`` samples.

    Parameters
    ----------
    t_s : ndarray, shape (n,)
        Sample times (s from the recording's start), increasing.
    acc : ndarray, shape (n, 3)
        Acceleration in m/s^2.
    chunk : int
        Samples a notification.
    """

    profile_name = "replay"

    def __init__(self, t_s: np.ndarray, acc: np.ndarray, chunk: int) -> None:
        super().__init__()
        if chunk < 1:
            raise ValueError(f"chunk must be at least 1 sample, got {chunk}")
        self._t_ns = np.round(np.asarray(t_s, float) * 1e9).astype(np.int64) + _EPOCH_NS
        self._acc = np.asarray(acc, float)
        self._chunk = chunk

    async def __aenter__(self) -> Self:
        self._state = SourceState.STREAMING
        self._device = PhoneDevice("replay", None)
        for i in range(0, self._t_ns.size, self._chunk):
            t = self._t_ns[i : i + self._chunk]
            self._emit(t, self._acc[i : i + self._chunk], int(t[-1]))
        self._queue.put_nowait(None)
        return self
