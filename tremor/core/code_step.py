"""A sensor's resolution: the step between its output codes, measured from the values themselves.

A digital accelerometer reports whole codes: +-8 g in 10 bits is 0.153 m/s^2 a code, in 12 bits 0.0383, in 16 bits
0.0024; a file exported as g to 3 decimals is a lattice of 0.0098 m/s^2 too. Every value is then ``offset + k * q``
and every difference between two samples a whole number of steps ``q``. Where the sensor's own noise is below a
step (a coarse range, a low-power mode), a still wrist's reading sits on one code and flickers to the next: each
flicker is a step of exactly one code, which a band-pass turns into a brief ring the size of a fraction of a code.
No movement of the body is told apart from that below a few codes (:data:`TWITCH_CODES`).

:class:`CodeStep` measures ``q`` of each axis causally (the step after the first ``i`` samples depends on those only),
so live and batch agree: it is the approximate greatest common divisor of the nonzero differences seen so far. A
difference that is no whole multiple of the step (within the values' own float32 rounding), and whose common divisor
with it would be below :data:`MIN_STEP_MPS2` or :data:`MIN_STEP_ROUNDINGS` roundings (no sensor's step), is a stray; more than :data:`STRAY_SHARE` strays (and at least
:data:`STRAY_MIN`) mean the values lie on no lattice (a float export, an interpolated or gravity-removed stream,
calibrated values printed to fewer digits than they hold): the axis has no step from then on, and nothing depends on
it. A calibration's gain and offset per axis (a phone's float32 values) keep the lattice, scaled: differences drop the
offset.

The lattice may change mid-stream (a range or power mode switched: h-range): a coarser one is found where
:data:`COARSEN_RUN` differences in a row share a factor, a finer one as before, and an axis on no lattice finds one
again in a whole block on one (:data:`REVIVE_BLOCK`); :meth:`CodeStep.stretches` gives the step by stretch.

Size (issue 8): the axis's lattice, its coarsening and its revival read and write one state (:class:`_Axis`), which the
causal chunk-invariant feed keeps together; the resolution helpers below it are a few lines each.
"""

from __future__ import annotations

import bisect

import numpy as np

from tremor.core.step_stretches import FINE_STEP_MPS2, coarsest_stretches

__all__ = [
    "MIN_STEP_MPS2",
    "MIN_STEP_ROUNDINGS",
    "MAX_CODES_FIRST",
    "STRAY_MIN",
    "STRAY_SHARE",
    "COARSEN_RUN",
    "COARSEN_PRIMES",
    "TIME_GRID",
    "REVIVE_BLOCK",
    "REVIVE_MIN",
    "REVIVE_MIN_STEP_MPS2",
    "TWITCH_CODES",
    "CodeStep",
    "RESOLVED_STEPS",
    "code_steps",
    "coarsest_step",
    "flicker_power",
    "under_resolution",
    "resolution_ceiling",
]

#: No sensor resolves finer than this (a 16-bit +-2 g code is 0.0006 m/s^2; 6 decimals of g 0.00001): a common
#: divisor below it is float noise or values on no lattice.
MIN_STEP_MPS2 = 1e-5
#: Nor is a step finer than this many times the values' own rounding (:func:`_value_rounding`): a lattice as fine as
#: a float32's spacing would hold any values (near 1 g, 64 spacings are 6e-5 m/s^2, a tenth of a 16-bit +-2 g code).
MIN_STEP_ROUNDINGS = 64.0
#: A difference is a whole number of steps where it is within this share of a step of one (a float's rounding of a
#: value in g times 9.80665 is 1e-15 of it; a quantiser's own rounding is exact).
MULTIPLE_TOL = 1e-4
#: More than this share of the nonzero differences off the lattice (and at least STRAY_MIN of them): no lattice.
STRAY_SHARE = 0.01
STRAY_MIN = 3
#: A difference off the lattice whose common step with it is finer than the step / this is a stray; a coarser one
#: is a finer lattice if seen again (the first difference seen may span this many codes: a 16-bit sensor's noise).
MAX_CODES_FIRST = 256
#: A lattice coarsens (a range or power mode switched mid-stream: 12 -> 10 bits is 4 codes a code) where this many
#: differences in a row are whole multiples of 2, 3 or 5 steps (:meth:`_Axis._coarser`): on a lattice that held,
#: a still wrist's flicker is one step and a moving one's differences are any number of steps (this many all even
#: by chance: 2**-32 a run).
COARSEN_RUN = 32
#: The factors a lattice is checked to coarsen by (a coarser factor is their product: 4 is 2 and 2).
COARSEN_PRIMES = (2, 3, 5)
#: :meth:`CodeStep.stretches` places a change to within this many samples (one time kept in so many).
TIME_GRID = 16
#: A dead axis (no lattice) is looked at again in whole blocks of this many samples (aligned on the stream): one whose
#: nonzero differences, at least REVIVE_MIN, all lie on one lattice has one again (a float stream turned to codes).
REVIVE_BLOCK = 512
REVIVE_MIN = 16
#: Nor under this step (m/s^2): such a lattice changes no rule, and a float export printed to a few decimals (0.001,
#: 0.0001) is one.
REVIVE_MIN_STEP_MPS2 = FINE_STEP_MPS2
#: A twitch counts only at or above this many code steps (its peak): a flicker between adjacent codes is a step of
#: exactly one code, band-passed to a ring of 0.2-0.6 of a code (measured: 10-bit +-8 g, 0.153 m/s^2 a code, the
#: noise 0.008 m/s^2 under it: flicker peaks 0.03-0.09 m/s^2), and a reference twitch of two codes spans five.
TWITCH_CODES = 2.0
#: Axes whose code flicker may add to a frame's power (:func:`flicker_power`).
FLICKER_AXES = 3
#: A 6-12 Hz level (RMS) under this many code steps is not resolved: a tremor quantised with its noise under a step
#: reads as nothing (the codes constant) or up to 1.8 times larger (a flicker between two codes) depending on where
#: its middle falls between two codes (:func:`~tremor.core.resolution_notes.coarse_level_note`), so two such levels are not compared.
RESOLVED_STEPS = 0.5


def _agcd(a: float, b: float, slack: float = 0.0) -> float:
    """Approximate greatest common divisor of two positive values (Euclid, remainders to the nearest multiple).

    ``slack`` (m/s^2): the values' own rounding (:func:`_value_rounding`), within which a remainder is nothing.
    """
    tol = MULTIPLE_TOL * min(a, b) + slack
    while b > tol and b >= MIN_STEP_MPS2 * 1e-3:
        a, b = b, abs(a - round(a / b) * b)
    return a


def _value_rounding(x: np.ndarray) -> np.ndarray:
    """The rounding (m/s^2) each difference of the successive values ``x`` may carry: a float32's spacing.

    A phone stores its calibrated values as float32 (or prints them to as many digits): a value near 1 g is rounded
    by up to half of 9.5e-7 m/s^2, a difference of two by up to one spacing (2.5e-5 of a 12-bit step), and ``k``
    steps counted from a step measured on one such difference by ``k`` times that.
    """
    mag = np.maximum(np.abs(x[:-1]), np.abs(x[1:]))
    with np.errstate(invalid="ignore", over="ignore"):
        out: np.ndarray = np.spacing(np.minimum(mag, 1e30).astype(np.float32)).astype(np.float64)
    return out


class _Axis:
    """The step of one axis, with the sample count after which each value of it held.

    Differences are checked against the mean step of those on the lattice so far (their sum over their count of
    steps), refreshed when that count of differences reaches a power of two: so the check of each difference
    depends on the stream alone, not on how it was chunked, and a step first measured on one rounded difference
    is soon known to the rounding divided by the steps counted.
    """

    def __init__(self) -> None:
        self.seen = 0
        self.strays = 0
        self.dead = False
        self.finer = 0.0  # a finer step one difference off the lattice suggested, not yet seen again
        self.finer_after = 0
        self.finer_first = 0  # when the first finer step since the lattice was set was suggested (0: none)
        self.at: list[int] = [0]  # the step is ``steps[j]`` after ``at[j]`` samples
        self.steps: list[float] = [0.0]
        # where each step's stretch began as the data show it (the first difference of the run that showed it; for
        # the summary, which reads the whole stream): ``began[j] <= at[j]``
        self.began: list[int] = [0]
        self.lost: list[bool] = [False]  # whether each step is the axis's loss of its lattice (on none since)
        self._restart(0.0)

    def _restart(self, q: float) -> None:
        """A new lattice ``q``: its mean step starts from the one difference (or common step) that set it."""
        self.q = q  # the lattice so far (the greatest common step of the differences); 0 before any
        self.sum_d = q
        self.sum_k = 1.0
        self.on = 1  # differences on this lattice
        self.q_mean = q  # the mean step as of the last refresh
        # the mean step's rounding, in spacings: the differences it came from over their steps
        self.q_err = 1.0
        self.finer_first = 0
        # per prime of COARSEN_PRIMES: differences in a row that are multiples of it, their steps' common divisor and
        # the sample count the first was known at
        self.runs: dict[int, tuple[int, int, int]] = dict.fromkeys(COARSEN_PRIMES, (0, 0, 0))

    def _record(self, q: float, after: int, began: int | None = None, lost: bool = False) -> None:
        if self.steps[-1] == q and self.lost[-1] == lost:
            return
        if self.at[-1] == after:
            self.steps[-1], self.lost[-1] = q, lost
        else:
            self.at.append(after)
            self.steps.append(q)
            self.began.append(max(self.began[-1], after if began is None else began))
            self.lost.append(lost)

    def _on_lattice(self, d: np.ndarray, rounding: np.ndarray, q: float) -> tuple[np.ndarray, np.ndarray]:
        """Which differences are whole numbers of steps ``q``, and how many steps each is."""
        k = np.round(d / q)
        slack = MULTIPLE_TOL * q + rounding * (1.0 + k * self.q_err)
        return np.abs(d - k * q) <= slack, k

    def _coarser(self, k: np.ndarray, after: np.ndarray) -> tuple[int, int, int, int]:
        """The first of the on-lattice step counts ``k`` (in order, known once ``after`` samples are in) that ends
        :data:`COARSEN_RUN` in a row sharing a factor of :data:`COARSEN_PRIMES`, that run's common factor and the
        sample count its first difference was known at, and its length; (-1, 1, 0, 0) where none (the runs carried
        on)."""
        ki = np.abs(k).astype(np.int64)
        first, factor, began, span = -1, 1, 0, 0
        idx = np.arange(ki.size)
        ends: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for p, (run, g, since) in self.runs.items():
            bad = ki % p != 0
            last_bad = np.maximum.accumulate(np.where(bad, idx, -1 - run))
            length = idx - last_bad
            hit = np.flatnonzero(length >= COARSEN_RUN)
            ends[p] = (last_bad, length)
            if hit.size and (first < 0 or hit[0] < first):
                first = int(hit[0])
                span = int(length[first])
                start = int(last_bad[first]) + 1
                factor = int(np.gcd.reduce(ki[max(start, 0) : first + 1]))
                factor, began = (int(np.gcd(factor, g)), since) if start < 0 else (factor, int(after[start]))
        if first >= 0:
            return first, factor, began, span
        for p, (last_bad, length) in ends.items():
            if ki.size:
                start = int(last_bad[-1]) + 1
                tail = int(np.gcd.reduce(ki[max(start, 0) :])) if start < ki.size else 0
                run, g, since = self.runs[p]
                if start >= 0:
                    g, since = tail, int(after[start]) if start < ki.size else 0
                else:
                    g = int(np.gcd(tail, g))
                self.runs[p] = (int(length[-1]), g, since)
        return -1, 1, 0, 0

    def _off(self, d: float, rounding: float, after: int) -> None:
        """A difference off the lattice: a finer lattice (seen twice apart), or a stray."""
        if self.finer and after > self.finer_after + 1:
            ok, _ = self._on_lattice(np.array([d]), np.array([rounding]), self.finer)
            if ok[0]:
                # a finer lattice, seen again apart from the difference that showed it (the first steps seen were
                # several codes); one value off the lattice makes two such differences side by side, not this
                # a lattice that held fewer than COARSEN_RUN differences was the first steps seen, several codes
                # (the stream's start, or a switch's first differences): the finer one is its stretch's
                began = self.began[-1] if self.on < COARSEN_RUN else self.finer_first
                self._restart(self.finer)
                self.finer = 0.0
                self._record(self.q, after, began)
                return
        g = _agcd(self.q_mean, d, 2.0 * rounding)
        if g >= self.q / MAX_CODES_FIRST and g >= MIN_STEP_ROUNDINGS * rounding:
            self.finer, self.finer_after = g, after
            self.finer_first = self.finer_first or after
            return
        self._stray(after)

    def _stray(self, after: int) -> None:
        """A difference on no lattice: too many (:data:`STRAY_SHARE`, at least :data:`STRAY_MIN`) and the axis has none."""
        self.strays += 1
        if self.strays >= STRAY_MIN and self.strays > STRAY_SHARE * self.seen:
            self.dead = True
            # a lattice seen on few differences was none (a float stream's first values): its stretch had none
            self._record(0.0, after, self.began[-1] if self.seen < COARSEN_RUN * 8 else after, lost=True)

    def feed(self, d: np.ndarray, rounding: np.ndarray, after: np.ndarray) -> None:
        """Nonzero absolute differences ``d`` in order, their rounding, each known once ``after`` samples are in."""
        i = 0
        while i < d.size and not self.dead:
            if self.q == 0.0:
                self.seen += 1
                if d[i] < max(MIN_STEP_MPS2, MIN_STEP_ROUNDINGS * rounding[i]):
                    # float noise (two values a rounding apart), no sensor's code: a stray
                    self._stray(int(after[i]))
                    i += 1
                    continue
                self._restart(float(d[i]))
                self._record(self.q, int(after[i]))
                i += 1
                continue
            # up to the next refresh of the mean step (a power of two of differences on the lattice)
            upto = min(d.size, i + (1 << self.on.bit_length()) - self.on)
            ok, k = self._on_lattice(d[i:upto], rounding[i:upto], self.q_mean)
            n = int(np.argmin(ok)) if not ok.all() else upto - i
            c, factor, began, span = self._coarser(k[:n], after[i : i + n])
            if c >= 0:
                if span >= self.on - 1 + c + 1 and len(self.steps) > 2 and self.steps[-1] > self.steps[-2]:
                    # every difference since the last coarsening was on this coarser lattice too: one switch
                    # found a factor at a time, whose stretch began where the first factor's did
                    began = self.began[-1]
                # a coarser lattice (a range or mode switched): its step the lattice's multiple (as it was set, the same
                # in any chunks), its mean refined as differences on it come in
                self.seen += c + 1
                self._restart(self.q * factor)
                self._record(self.q, int(after[i + c]), began)
                i += c + 1
                continue
            if n < k.size:  # a difference off the lattice ends every run
                self.runs = dict.fromkeys(COARSEN_PRIMES, (0, 0, 0))
            self.seen += n
            self.on += n
            self.sum_d += float(d[i : i + n].sum())
            self.sum_k += float(k[:n].sum())
            i += n
            if self.on & (self.on - 1) == 0:  # a power of two: refresh the mean step
                self.q_mean = self.sum_d / self.sum_k
                self.q_err = self.on / self.sum_k
            if i < upto and not ok[n]:
                self.seen += 1
                self._off(float(d[i]), float(rounding[i]), int(after[i]))
                i += 1

    def step_at(self, n: int) -> float:
        return self.steps[bisect.bisect_right(self.at, n) - 1]

    def steps_at(self, n: np.ndarray) -> np.ndarray:
        """:meth:`step_at` of each of ``n`` (integers), by one bisection of them all (the same indices)."""
        return np.asarray(self.steps, dtype=np.float64)[np.searchsorted(self.at, n, side="right") - 1]

    @property
    def known(self) -> float | None:
        return self.steps[-1] if self.steps[-1] > 0 and not self.dead else None


def _feed_axis(ax: _Axis, xk: np.ndarray, x0: int, start: int, end: int) -> None:
    """Feed ``ax`` the differences that end at stream samples ``start`` to ``end - 1`` (``xk``: from sample ``x0``)."""
    seg = xk[max(start - 1 - x0, 0) : end - x0]
    first = max(start - 1, x0)  # stream index of seg[0]
    d = np.abs(np.diff(seg))
    nz = np.flatnonzero(np.isfinite(d) & (d > 0.0))
    # difference j is known once sample first + j + 1 is in
    ax.feed(d[nz], _value_rounding(seg)[nz], first + nz + 2)


#: An axis's lattice state (:meth:`_Axis._restart`), taken over from a probe that found one.
_LATTICE = ("q", "sum_d", "sum_k", "on", "q_mean", "q_err", "runs", "finer", "finer_after", "finer_first")


def _revive(ax: _Axis, xk: np.ndarray, x0: int, dead_at: int, after: int, end: int) -> int:
    """A dead axis's look for a lattice in each whole block (:data:`REVIVE_BLOCK`) after its death that ends after
    stream sample ``after`` and by ``end`` (those before were looked at with the samples before).

    A block's differences all on one lattice (no stray, at least :data:`REVIVE_MIN` of them) revive the axis at the
    block's end: a float stream turned into whole codes (a phone's app switching to the raw sensor). Returns the
    stream sample from which the axis is to be fed again (``end`` where it stays dead).
    """
    # the first block end with a whole block after the death, not looked at before
    b = max(-(-(dead_at + REVIVE_BLOCK) // REVIVE_BLOCK), after // REVIVE_BLOCK + 1) * REVIVE_BLOCK
    if b > end:
        return end
    # at once for all the blocks: a lattice of REVIVE_MIN_STEP_MPS2 or more has no smaller nonzero difference
    # (a float stream's small ones rule out most blocks without a probe)
    ends = np.arange(b, end + 1, REVIVE_BLOCK)
    d = np.abs(np.diff(xk[b - REVIVE_BLOCK - x0 : ends[-1] - x0])).reshape(-1)
    d = np.concatenate([d, [np.nan]]).reshape(ends.size, REVIVE_BLOCK)[:, :-1]  # the differences within each
    with np.errstate(invalid="ignore", divide="ignore"):
        moved = d > 0.0
        small = (moved & (d < REVIVE_MIN_STEP_MPS2 * (1.0 - MULTIPLE_TOL))).any(axis=1)
        few = moved.sum(axis=1) < REVIVE_MIN
        # and each difference a whole number of steps of the smallest over 1-4 (its codes): float values are not
        r = d / np.where(moved, d, np.inf).min(axis=1, keepdims=True)
        whole = np.zeros(ends.size, dtype=bool)
        for j in range(1, 5):
            whole |= np.where(moved, np.abs(r * j - np.round(r * j)) < 1e-3, True).all(axis=1)
    for b in ends[~(small | few) & whole].tolist():
        probe = _Axis()
        _feed_axis(probe, xk, x0, b - REVIVE_BLOCK + 1, b)
        if (
            not probe.dead
            and probe.strays == 0
            and probe.seen >= REVIVE_MIN
            and (probe.known or 0.0) >= REVIVE_MIN_STEP_MPS2
        ):
            ax.dead, ax.strays, ax.seen = False, 0, probe.seen
            for name in _LATTICE:
                setattr(ax, name, getattr(probe, name))
            ax._record(probe.q, b, b - REVIVE_BLOCK + 1)
            return int(b)
    return end


class CodeStep:
    """Causal measure of each axis's code step (m/s^2) from a stream of samples (module docstring).

    Feeding the same samples in any chunks gives the same steps after each sample.
    """

    def __init__(self) -> None:
        self._axes = [_Axis() for _ in range(3)]
        self._last: np.ndarray | None = None
        self.n = 0
        self._grid: list[np.ndarray] = []  # the time of every TIME_GRID-th sample (where times are given)
        self._block: np.ndarray | None = None  # the last samples, once an axis is dead (for its revival)

    def update(self, acc: np.ndarray, time_s: np.ndarray | None = None) -> None:
        """Add the next samples.

        Parameters
        ----------
        acc : ndarray, shape (n, 3)
            Acceleration in m/s^2 (any unit on the sensor's lattice), continuing the samples fed before.
        time_s : ndarray, shape (n,), optional
            Their times (s), for :meth:`stretches`.
        """
        acc = np.asarray(acc, dtype=np.float64).reshape(-1, 3)
        if not acc.shape[0]:
            return
        if time_s is not None:
            self._grid.append(np.asarray(time_s, dtype=np.float64)[(-self.n) % TIME_GRID :: TIME_GRID])
        x = acc if self._last is None else np.vstack([self._last, acc])
        x0 = self.n - (0 if self._last is None else 1)  # stream index of x[0]
        if self._block is not None:  # the samples before, back to a whole block (for a dead axis's revival)
            x, x0 = np.vstack([self._block, acc]), self.n - self._block.shape[0]
        end = self.n + acc.shape[0]
        for k, ax in enumerate(self._axes):
            start = self.n
            while start < end:
                if not ax.dead:
                    _feed_axis(ax, x[:, k], x0, start, end)
                    start = end
                if ax.dead:
                    start = _revive(ax, x[:, k], x0, ax.at[-1], self.n, end)
        self._last = acc[-1:].copy()
        if any(ax.dead for ax in self._axes) or self._block is not None:
            keep = REVIVE_BLOCK + (end % REVIVE_BLOCK)
            self._block = x[-keep:].copy() if x.shape[0] > keep else x.copy()
        self.n = end

    @property
    def steps(self) -> tuple[float | None, float | None, float | None]:
        """Each axis's step so far in m/s^2; None where no lattice is found (yet, or at all)."""
        q = [a.known for a in self._axes]
        return q[0], q[1], q[2]

    def step_at(self, n: int) -> float:
        """The coarsest axis's step (m/s^2) after the first ``n`` samples; 0 where no axis has one.

        Parameters
        ----------
        n : int
            How many samples from the stream's start (clamped to those fed).

        Returns
        -------
        float
            The largest of the axes' steps as they stood then.
        """
        n = min(int(n), self.n)
        return max(a.step_at(n) for a in self._axes)

    def stretches(self) -> tuple[tuple[float, float], ...]:
        """The coarsest axis's step by stretch of the stream, where it changed: ``(start_s, step)`` in order.

        Each stretch starts where the data first showed its lattice (a coarser one: the first of the differences in a
        row on it, :data:`COARSEN_RUN`; a finer one: its first difference off the coarser lattice), to within
        :data:`TIME_GRID` samples before; the first stretch is the first step known. Empty where the step never
        changed (or times were not given).

        Returns
        -------
        tuple of (float, float)
            Each stretch's start (s) and step (m/s^2), two or more of them, or none.
        """
        if not self._grid:
            return ()
        return coarsest_stretches(
            [a.began for a in self._axes],
            [a.steps for a in self._axes],
            [a.lost for a in self._axes],
            np.concatenate(self._grid),
            TIME_GRID,
        )

    def steps_at(self, n: np.ndarray) -> np.ndarray:
        """:meth:`step_at` of each of ``n``, all at once: the same values, taken as :func:`max` takes them.

        Parameters
        ----------
        n : ndarray of int
            Sample counts from the stream's start (each clamped to those fed).

        Returns
        -------
        ndarray of float, the shape of ``n``
            The largest of the axes' steps after each count.
        """
        n = np.minimum(np.asarray(n, dtype=np.int64), self.n)
        out = self._axes[0].steps_at(n)
        for ax in self._axes[1:]:
            s = ax.steps_at(n)
            out = np.where(s > out, s, out)  # max() keeps the first of equals and skips what is not larger
        return out


def code_steps(acc: np.ndarray) -> tuple[float | None, float | None, float | None]:
    """Each axis's code step (m/s^2) over a whole recording (:class:`CodeStep` fed at once).

    Parameters
    ----------
    acc : ndarray, shape (n, 3)
        Acceleration in m/s^2.

    Returns
    -------
    tuple of float or None
        The step of each axis; None where its values lie on no lattice or never change.
    """
    tracker = CodeStep()
    tracker.update(acc)
    return tracker.steps


def coarsest_step(steps: tuple[float | None, ...]) -> float:
    """The coarsest axis's code step (m/s^2) of ``steps`` (:class:`CodeStep`), 0.0 where no axis has one.

    Parameters
    ----------
    steps : tuple of float or None
        Each axis's step (:attr:`CodeStep.steps`).

    Returns
    -------
    float
        The largest known step, or 0.0.
    """
    return max((q for q in steps if q is not None), default=0.0)


def flicker_power(step_mps2: float) -> float:
    """The most power (m/s^2)^2 a still wrist's code flicker can put in any band, over three axes.

    Where the sensor's noise is under a step ``q``, a still reading sits on a code or flickers to the next where
    gravity's share lies near a code's edge: on each axis a signal of two levels ``q`` apart, whose variance is at
    most ``q**2 / 4`` (half its time on each), broadband and impulsive (each flicker a step of one code, as a tap or
    a knock rings), which no band holds more of. A hold's pose puts other codes' edges under gravity than the rest's,
    so its flicker may rise over a rest on constant codes (or fall under it).

    Parameters
    ----------
    step_mps2 : float
        The coarsest axis's code step (:func:`coarsest_step`; 0: none known).

    Returns
    -------
    float
        ``FLICKER_AXES * step**2 / 4`` (0.0 where no step is known).
    """
    return FLICKER_AXES * step_mps2**2 / 4.0


def under_resolution(rms_mps2: float, step_mps2: float) -> bool:
    """Whether a 6-12 Hz level is under what the sensor resolves (:data:`RESOLVED_STEPS` code steps).

    Parameters
    ----------
    rms_mps2 : float
        The level, RMS in m/s^2.
    step_mps2 : float
        The coarsest axis's code step (:func:`coarsest_step`; 0: none known, every level resolved).

    Returns
    -------
    bool
        True where a step is known and the level is under :data:`RESOLVED_STEPS` of it (not where it is NaN).
    """
    return step_mps2 > 0.0 and bool(rms_mps2 < RESOLVED_STEPS * step_mps2)


def resolution_ceiling(rms_mps2: float | None, step_mps2: float) -> float | None:
    """The most 6-12 Hz RMS (m/s^2) a level read under the sensor's resolution can hold; None where it is resolved.

    Parameters
    ----------
    rms_mps2 : float or None
        The level as read, RMS in m/s^2 (None: no level).
    step_mps2 : float
        The coarsest axis's code step (:func:`coarsest_step`; 0: none known).

    Returns
    -------
    float or None
        ``RESOLVED_STEPS * step`` where the level is :func:`under_resolution`, else None.
    """
    if rms_mps2 is None or not under_resolution(float(rms_mps2), step_mps2):
        return None
    return RESOLVED_STEPS * step_mps2
