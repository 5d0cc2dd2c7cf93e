"""Samples at the sensor's range limit, counted block by block (:class:`tremor.core.quality.SamplingTracker`'s).

Against the sensor's full scale where it is known (samples within :data:`SATURATION_FRACTION` of it); otherwise runs
of 3 samples or more at the largest |value| seen, of at least 2 g ("stuck"), or one extreme value reached again and
again (:mod:`tremor.core.clipping`, "repeated"). Any blocking of the same samples gives the same counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.clipping import ExtremeTracker
from tremor.core.recording import STANDARD_GRAVITY

__all__ = ["SATURATION_FRACTION", "Saturation", "SaturationCounter"]

#: Samples within this fraction of the sensor's range count as saturated.
SATURATION_FRACTION = 0.995


@dataclass(frozen=True)
class Saturation:
    """Samples stuck at the sensor's range limit on one axis."""

    axis: str
    samples: int
    limit_mps2: float
    first_s: float
    how: str  # "range" (known full scale), "stuck" (runs at the largest value seen) or "repeated" (tremor.core.clipping)

    def note(self) -> str:
        """The report's note on it.

        Returns
        -------
        str
            Where the amplitudes are clipped, and how that was seen.
        """
        if self.how == "repeated":
            return (
                f"{self.samples} sample(s) on axis {self.axis} at one extreme value ({self.limit_mps2:.1f} m/s^2), "
                "reached again and again with hardly any sample just under it, as a sensor's range limit clips "
                "sharp impacts: amplitudes there are clipped (the file states no range)"
            )
        return f"{self.samples} sample(s) on axis {self.axis} at the range limit ({self.limit_mps2:.1f} m/s^2): amplitudes there are clipped"


@dataclass
class _AxisSaturation:
    """Hits at the range limit (or at the largest |value| so far) on one axis, with the longest run."""

    peak: float = 0.0
    hits: int = 0
    first_s: float | None = None
    run: int = 0
    longest: int = 0


class SaturationCounter:
    """Hits at the range limit on each axis (or at the largest |value| so far, and the extreme values' piles).

    Parameters
    ----------
    range_mps2 : float, optional
        The sensor's full scale, where known.

    Notes
    -----
    Without a known range, the "stuck" count follows the largest |value| seen so far; a later maximum within 1e-9
    m/s^2 of an earlier one keeps the earlier count (the counter does not re-read samples), where a whole-array count
    would recount against the later value.
    """

    def __init__(self, range_mps2: float | None = None) -> None:
        self.range_mps2 = range_mps2
        self.axes = [_AxisSaturation() for _ in range(3)]
        self._extremes = ExtremeTracker() if range_mps2 is None else None

    def update(self, t: np.ndarray, acc: np.ndarray) -> None:
        """Add a block of samples (continuing the previous block).

        Parameters
        ----------
        t : ndarray, shape (n,)
            Time stamps, in s.
        acc : ndarray, shape (n, 3)
            Acceleration, in m/s^2.
        """
        for k, st in enumerate(self.axes):
            col = np.abs(acc[:, k])
            if self.range_mps2 is not None:
                limit = SATURATION_FRACTION * self.range_mps2
            else:
                peak = float(col.max())
                if peak - 1e-9 > st.peak:  # a new maximum above every earlier sample: count afresh
                    st.peak, st.hits, st.first_s, st.run, st.longest = peak, 0, None, 0, 0
                limit = st.peak - 1e-9
            at = np.flatnonzero(col >= limit)  # few: the samples at the largest magnitude
            if not at.size:
                st.run = 0
                continue
            st.hits += int(at.size)
            if st.first_s is None:
                st.first_s = float(t[int(at[0])])
            # runs of consecutive indices: [starts[j], stops[j]) (read off the hits, not every sample)
            breaks = np.flatnonzero(np.diff(at) != 1)
            starts = np.concatenate([at[:1], at[breaks + 1]])
            stops = np.concatenate([at[breaks] + 1, at[-1:] + 1])
            lengths = stops - starts
            if starts[0] == 0:
                lengths[0] += st.run
            st.longest = max(st.longest, int(lengths.max()))
            st.run = int(lengths[-1]) if stops[-1] == col.size else 0
        if self._extremes is not None:
            self._extremes.update(t, acc)

    def found(self) -> tuple[Saturation, ...]:
        """Axes with samples at the range limit; or, the range unknown, stuck (3 or more in a row) at a maximum of 2 g
        or more, or piled at one extreme value of 2 g or more (:mod:`tremor.core.clipping`: clipped impacts).

        Returns
        -------
        tuple of Saturation
            One entry per saturated axis, with the count, the limit (m/s^2) and the first time (s).
        """
        found = []
        for axis, st in zip("xyz", self.axes):
            if self.range_mps2 is not None:
                if st.hits:
                    found.append(
                        Saturation(axis, st.hits, float(self.range_mps2), float(st.first_s or 0.0), "range")
                    )
            elif st.peak >= 2 * STANDARD_GRAVITY and st.longest >= 3:
                found.append(Saturation(axis, st.hits, st.peak, float(st.first_s or 0.0), "stuck"))
        stuck = {s.axis for s in found}
        for pile in self._extremes.piles() if self._extremes is not None else ():
            if "xyz"[pile.axis] not in stuck:
                found.append(
                    Saturation("xyz"[pile.axis], pile.samples, pile.limit_mps2, pile.first_s, "repeated")
                )
        return tuple(sorted(found, key=lambda s: s.axis))
