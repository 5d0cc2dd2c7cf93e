"""A sensor's resolution: the step between its output codes, measured from the values themselves.

A digital accelerometer reports whole codes: +-8 g in 10 bits is 0.153 m/s^2 a code, in 12 bits 0.0383, in 16 bits
0.0024; a file exported as g to 3 decimals is a lattice of 0.0098 m/s^2 too. Every value is then ``offset + k * q``
and every difference between two samples a whole number of steps ``q``. Where the sensor's own noise is below a
step (a coarse range, a low-power mode), a still wrist's reading sits on one code and flickers to the next: each
flicker is a step of exactly one code, which a band-pass turns into a brief ring the size of a fraction of a code.
No movement of the body is told apart from that below a few codes (:data:`TWITCH_CODES`).

:class:`CodeStep` measures ``q`` of each axis causally (the step after the first ``i`` samples depends on those only),
so live and batch agree: it is the approximate greatest common divisor of the nonzero differences seen so far. A
difference that is no whole multiple of the step, and whose common divisor with it would be below
:data:`MIN_STEP_MPS2` (no sensor's step), is a stray; more than :data:`STRAY_SHARE` strays (and at least
:data:`STRAY_MIN`) mean the values lie on no lattice (a float export, an interpolated or gravity-removed stream,
calibrated values printed to fewer digits than they hold): the axis has no step from then on, and nothing depends on
it. A calibration's gain and offset per axis (a phone's float32 values) keep the lattice, scaled: differences drop the
offset.
"""

from __future__ import annotations

import bisect

import numpy as np

__all__ = [
    "MIN_STEP_MPS2",
    "MAX_CODES_FIRST",
    "STRAY_MIN",
    "STRAY_SHARE",
    "TWITCH_CODES",
    "CodeStep",
    "code_steps",
    "coarse_level_note",
]

#: No sensor resolves finer than this (a 16-bit +-2 g code is 0.0006 m/s^2; 6 decimals of g 0.00001): a common
#: divisor below it is float noise or values on no lattice.
MIN_STEP_MPS2 = 1e-5
#: A difference is a whole number of steps where it is within this share of a step of one (a float's rounding of a
#: value in g times 9.80665 is 1e-15 of it; a quantiser's own rounding is exact).
MULTIPLE_TOL = 1e-4
#: More than this share of the nonzero differences off the lattice (and at least STRAY_MIN of them): no lattice.
STRAY_SHARE = 0.01
STRAY_MIN = 3
#: A difference off the lattice whose common step with it is finer than the step / this is a stray; a coarser one
#: is a finer lattice if seen again (the first difference seen may span this many codes: a 16-bit sensor's noise).
MAX_CODES_FIRST = 256
#: A twitch counts only at or above this many code steps (its peak): a flicker between adjacent codes is a step of
#: exactly one code, band-passed to a ring of 0.2-0.6 of a code (measured: 10-bit +-8 g, 0.153 m/s^2 a code, the
#: noise 0.008 m/s^2 under it: flicker peaks 0.03-0.09 m/s^2), and a reference twitch of two codes spans five.
TWITCH_CODES = 2.0


def _agcd(a: float, b: float) -> float:
    """Approximate greatest common divisor of two positive values (Euclid, remainders to the nearest multiple)."""
    tol = MULTIPLE_TOL * min(a, b)
    while b > tol and b >= MIN_STEP_MPS2 * 1e-3:
        a, b = b, abs(a - round(a / b) * b)
    return a


def _multiple(d: float, q: float) -> bool:
    """Whether ``d`` is a whole number of steps ``q`` (:data:`MULTIPLE_TOL`)."""
    r = d / q
    return abs(r - round(r)) <= MULTIPLE_TOL


class _Axis:
    """The step of one axis, with the sample count after which each value of it held."""

    def __init__(self) -> None:
        self.q = 0.0  # the lattice so far (the greatest common step of the differences)
        self.seen = 0
        self.strays = 0
        self.dead = False
        self.finer = 0.0  # a finer step one difference off the lattice suggested, not yet seen again
        self.finer_after = 0
        self.at: list[int] = [0]  # the step is ``steps[j]`` after ``at[j]`` samples
        self.steps: list[float] = [0.0]

    def _record(self, q: float, after: int) -> None:
        if self.steps[-1] == q:
            return
        if self.at[-1] == after:
            self.steps[-1] = q
        else:
            self.at.append(after)
            self.steps.append(q)

    def _off(self, d: float, after: int) -> None:
        """A difference off the lattice: a finer lattice (seen twice apart), or a stray."""
        if self.finer and after > self.finer_after + 1 and _multiple(d, self.finer):
            # a finer lattice, seen again apart from the difference that showed it (the first steps seen were
            # several codes); one value off the lattice makes two such differences side by side, not this
            self.q, self.finer = self.finer, 0.0
            self._record(self.q, after)
            return
        g = _agcd(self.q, d)
        if g >= self.q / MAX_CODES_FIRST:
            self.finer, self.finer_after = g, after
            return
        self._stray(after)

    def _stray(self, after: int) -> None:
        """A difference on no lattice: too many (:data:`STRAY_SHARE`, at least :data:`STRAY_MIN`) and the axis has none."""
        self.strays += 1
        if self.strays >= STRAY_MIN and self.strays > STRAY_SHARE * self.seen:
            self.dead = True
            self._record(0.0, after)

    def feed(self, d: np.ndarray, after: np.ndarray) -> None:
        """Nonzero absolute differences ``d`` in order, each known once ``after`` samples are in."""
        i = 0
        while i < d.size and not self.dead:
            if self.q == 0.0:
                self.seen += 1
                if (
                    d[i] < MIN_STEP_MPS2
                ):  # float noise (two values a rounding apart), no sensor's code: a stray
                    self._stray(int(after[i]))
                    i += 1
                    continue
                self.q = float(d[i])
                self._record(self.q, int(after[i]))
                i += 1
                continue
            r = d[i:] / self.q
            off = np.abs(r - np.round(r)) > MULTIPLE_TOL
            k = int(np.argmax(off)) if off.any() else d.size - i
            self.seen += k
            i += k
            if i < d.size:
                self.seen += 1
                self._off(float(d[i]), int(after[i]))
                i += 1

    def step_at(self, n: int) -> float:
        return self.steps[bisect.bisect_right(self.at, n) - 1]

    @property
    def known(self) -> float | None:
        return self.steps[-1] if self.steps[-1] > 0 and not self.dead else None


class CodeStep:
    """Causal measure of each axis's code step (m/s^2) from a stream of samples (module docstring).

    Feeding the same samples in any chunks gives the same steps after each sample.
    """

    def __init__(self) -> None:
        self._axes = [_Axis() for _ in range(3)]
        self._last: np.ndarray | None = None
        self.n = 0

    def update(self, acc: np.ndarray) -> None:
        """Add the next samples.

        Parameters
        ----------
        acc : ndarray, shape (n, 3)
            Acceleration in m/s^2 (any unit on the sensor's lattice), continuing the samples fed before.
        """
        acc = np.asarray(acc, dtype=np.float64).reshape(-1, 3)
        if not acc.shape[0]:
            return
        x = acc if self._last is None else np.vstack([self._last, acc])
        first = self.n - (0 if self._last is None else 1)  # stream index of x[0]
        d = np.abs(np.diff(x, axis=0))
        for k, ax in enumerate(self._axes):
            col = d[:, k]
            nz = np.flatnonzero(np.isfinite(col) & (col > 0.0))
            ax.feed(col[nz], first + nz + 2)  # difference j is known once sample first + j + 1 is in
        self._last = acc[-1:].copy()
        self.n += acc.shape[0]

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


def coarse_level_note(
    where: str, label: str, rms_mps2: float | None, steps: tuple[float | None, float | None, float | None]
) -> str | None:
    """A set's note where the sensor's step is coarser than its 6-12 Hz level (a tremor there is read roughly).

    A 6-12 Hz sine quantised to steps of ``q`` (its noise under a step) reads, band-passed, within about 15 % of its
    RMS from half a step up, but under about a third of a step as nothing or up to 1.8 times larger, depending on
    where its middle falls between two codes: a set whose 6-12 Hz RMS is under a step may hold such stretches (its
    first third, say), so its label and its rise may show the steps rather than the muscle.

    Parameters
    ----------
    where : str
        The set's name and times.
    label : str
        Its label.
    rms_mps2 : float or None
        Its 6-12 Hz RMS (None: not measured, no note).
    steps : tuple of float or None
        Each axis's code step (:class:`CodeStep`).

    Returns
    -------
    str or None
        The note, or None where the level stands above a step or no step is known.
    """
    known = [q for q in steps if q is not None]
    if (
        rms_mps2 is None
        or not known
        or rms_mps2 >= max(known)
        or label in ("not_assessable", "atypical_tremor")
    ):
        return None
    q = max(known)
    return (
        f"{where}: its 6-12 Hz level ({rms_mps2:.3f} m/s^2 RMS) is under the sensor's resolution ({q:.3f} m/s^2 a "
        f"step): a tremor under about half a step ({q / 2:.2f} m/s^2 RMS) may read as nothing or larger than it is, "
        f"so its label ({label}) and its rise may show the sensor's steps rather than what the muscle did"
    )
