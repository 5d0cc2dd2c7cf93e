"""Is the wrist still and back at rest? Watched on the newest samples of a live session.

While an automatically detected set is in progress, the live session asks
:class:`StillnessProbe` after every chunk whether the movement has stopped; when it has, a
*provisional* set card is shown at once, seconds before the segmentation can confirm the set
(:mod:`tremor.live.set_decisions`). The probe holds about a second of samples and no session
state.
"""

from __future__ import annotations

import numpy as np

from tremor.core.sets import MOVE_MPS2, POSE_DEG

__all__ = ["StillnessProbe", "STILL_WINDOW_S", "STILL_BLOCK_S"]

#: The stillness probe looks at the newest this many seconds of samples.
STILL_WINDOW_S = 0.6
#: ... as means over blocks this long (a crude low-pass: tremor and twitches average out).
STILL_BLOCK_S = 0.1


class StillnessProbe:
    """Is the wrist, over the newest :data:`STILL_WINDOW_S` of samples, still and at rest?

    "Still": the means of :data:`STILL_BLOCK_S` blocks vary by less than the segmentation's
    movement threshold (:data:`~tremor.core.sets.MOVE_MPS2`, RMS over the axes); tremor and twitches
    average out within a block. "At rest": the mean gravity direction is within
    :data:`~tremor.core.sets.POSE_DEG` of the rest orientation, or of the nearest where two poses are rest
    (:mod:`tremor.core.rest_pose`; when one is known), so a hold is not
    taken for rest. It keeps about a second of samples; a time jump (a link gap) restarts it.
    """

    def __init__(self, window_s: float = STILL_WINDOW_S, block_s: float = STILL_BLOCK_S) -> None:
        self.window_s = window_s
        self.block_s = block_s
        self._t = np.zeros(0)
        self._a = np.zeros((0, 3))
        self.rest_ref: np.ndarray | None = None

    def add(self, t_s: np.ndarray, acc: np.ndarray) -> None:
        """Add samples; a time jump of more than 0.5 s (a link gap) restarts the probe.

        Only the newest ``2 * window_s`` seconds are kept.

        Parameters
        ----------
        t_s : ndarray, shape (n,)
            Sample times in s, increasing.
        acc : ndarray, shape (n, 3)
            Acceleration in m/s^2.
        """
        if self._t.size and t_s.size and t_s[0] - self._t[-1] > 0.5:  # a gap: start over
            self._t, self._a = np.zeros(0), np.zeros((0, 3))
        t = np.concatenate([self._t, t_s])
        a = np.concatenate([self._a, acc])
        keep = t >= t[-1] - 2.0 * self.window_s
        self._t, self._a = t[keep], a[keep]

    def still_at_rest(self) -> bool:
        """Whether the newest ``window_s`` of samples are still and at rest (see the class docstring).

        Returns
        -------
        bool
            False also where fewer than ``0.95 * window_s`` seconds (or 4 samples) are held.
        """
        t, a = self._t, self._a
        if t.size < 4 or t[-1] - t[0] < self.window_s * 0.95:
            return False
        dt = float(np.median(np.diff(t)))
        n_win = round(self.window_s / dt)
        block = max(1, round(self.block_s / dt))
        n_blocks = max(2, n_win // block)
        w = a[-n_blocks * block :]
        if w.shape[0] < n_blocks * block:
            return False
        means = w.reshape(n_blocks, block, 3).mean(axis=1)
        if float(np.sqrt(np.sum(means.var(axis=0)))) >= MOVE_MPS2:
            return False
        if self.rest_ref is not None:
            g = w.mean(axis=0)
            norm = float(np.linalg.norm(g))
            if norm > 0:
                cos = float(np.max(np.atleast_2d(self.rest_ref) @ g)) / norm  # the nearest rest pose
                angle = float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
                if angle > POSE_DEG:
                    return False
        return True
