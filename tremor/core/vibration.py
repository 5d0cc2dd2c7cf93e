"""Is it a human? Machine vibration lines and implausible rest levels, from the frame table.

A machine (a motor, a treadmill, a vibrating handle, a vehicle) puts a *spectral line* into the
accelerometer: a frequency that holds still for tens of seconds, an amplitude that barely changes,
often with harmonics at whole multiples, present in the rests and the sets alike. Physiological
tremor is a band, not a line: its frequency wanders by tenths of a hertz from one second to the
next and its amplitude waxes and wanes.

:func:`find_vibration` looks for such lines in the frame spectra (:attr:`Frames.psd`, 2 s Hann
windows every 0.5 s on the 0.25 Hz grid :data:`~tremor.core.features.PSD_FREQS`). It works on the
frame table only, so batch, long-file (chunked) and live analysis, which all hand the frame table
to :func:`tremor.core.analysis.summarize`, find the same lines. A 2 s window cannot resolve a
line from a band narrower than about 0.7 Hz, so the test is on *steadiness over time* instead:

1. In blocks of :data:`BLOCK_S` seconds, the median spectrum over the block's frames shows a local
   peak at 3-20 Hz at least ``LINE_PROMINENCE`` times its local background.
2. Frame by frame, the peak's frequency (refined by a parabola through log power) and its
   amplitude are tracked. The peak is a *line* when its frequency spread (robust standard
   deviation about a straight line over the block: a machine's speed may drift smoothly, a
   tremor's frequency wanders from second to second) is at most ``STEADY_SPREAD_HZ`` and its
   amplitude varies by at most ``STEADY_AMPLITUDE_CV``; or when a harmonic at 2-6 times its
   frequency follows it frame by frame (a rigid waveform that is not a sine: a motor) with a spread
   of at most ``LOCKED_SPREAD_HZ`` and an amplitude steady to ``LOCKED_AMPLITUDE_CV`` (steps 1 and 2,
   and these constants, are in :mod:`tremor.core.vibration_blocks`).
3. Blocks with a line are chained in time into one line along a straight, possibly drifting
   frequency (a treadmill changing pace, a motor warming up: :mod:`tremor.core.vibration_track`),
   extended across blocks (a set, say) where the peak is still plainly there along that drift, and
   its harmonics are listed (drifting in proportion); a line that holds still in fewer than
   :data:`MIN_CONFIRMED_SHARE` of the still blocks it would cover is dropped (a machine is steady in
   every block, a tremor only by chance), and a line that follows another in ratio is its harmonic.
4. A line whose typical spread is above :data:`RIGID_SPREAD_HZ` could also be an unusually steady
   tremor, and its note says so (:attr:`VibrationLine.could_be_tremor`).

:func:`remove_lines` then keeps the lines out of the tremor metrics: in the frames a line covers,
the bins of the line and of each harmonic (wide enough that the Hann window's leakage of the line
falls below a tenth of the background) are replaced by a straight line between their edges, and a
band (3-7, 6-12 or 13-18 Hz) more than half of whose bins were replaced is *not assessable* in
that frame (NaN), rather than guessed.

The work is split by job: this module chains blocks into lines and measures them;
:mod:`tremor.core.vibration_blocks` holds the block test of steps 1-2 (which peaks of one 20 s block
hold still like a machine's, with its constants :data:`~tremor.core.vibration_blocks.LINE_PROMINENCE`,
:data:`~tremor.core.vibration_blocks.STEADY_SPREAD_HZ` and the rest); :mod:`tremor.core.vibration_removal`
keeps the lines out of the metrics (:func:`remove_lines`, re-exported here);
:mod:`tremor.core.vibration_spectra` holds the spectral helpers all of them use;
:mod:`tremor.core.vibration_track` chains and follows a line's blocks along its drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from tremor.core import vibration_track as _drift
from tremor.core.features import ASSESSABLE_FRACTION, PSD_FREQS, Frames
from tremor.core.frame_memo import FrameMemo
from tremor.core.sets import MOVE_MPS2  # noqa: F401  (read here by the tests, as before)
from tremor.core.vibration_blocks import (
    HARMONIC_TOLERANCE_HZ,
    LINE_BAND_HZ,
    MAX_HARMONIC,
    Hit,
)
from tremor.core.vibration_finds import block_finds, blocks_still
from tremor.core.vibration_removal import (
    exclusion_half_width,
    prominence_for_exclusion,
    remove_lines,
)
from tremor.core.vibration_spectra import (
    frame_runs,
    local_background,
    median1,
    peak_near,
    track_peak,
    true_runs,
)

__all__ = [
    "IMPLAUSIBLE_REST_RMS",
    "VibrationLine",
    "find_vibration",
    "implausible_rest_note",
    "remove_lines",
]

#: Block length (s) over which a line must hold still, and the step between blocks.
BLOCK_S = 20.0
BLOCK_STEP_S = 5.0
#: Which lines could also be a steady tremor (VibrationLine.could_be_tremor, said in the note). A harmonic-rich
#: 5 Hz tremor wandering 0.1 Hz whose amplitude varies by 10 % or less (frame spread 0.036-0.043 Hz) is taken
#: for a harmonic-locked line, and one wandering 0.05 Hz (0.019-0.022 Hz) for a steady one, just as the
#: hand-held ESP32 motor (0.042-0.06 Hz in its confirmed blocks) and weak synthetic motors (0.02 Hz at
#: 0.05 m/s^2, where noise moves the tracked peak) are found. Only a line whose typical block spread is at
#: most RIGID_SPREAD_HZ (strong synthetic motors: 0.002-0.008 Hz; no tremor model here came below 0.016 Hz)
#: is called a machine outright; lines above TREMOR_MAX_HZ lie beyond any tremor (orthostatic: 13-18 Hz).
RIGID_SPREAD_HZ = 0.01
TREMOR_MAX_HZ = 18.0
#: A line at or under this (Hz) that could be a steady tremor could as well be the wearer's own pace (a speed bag,
#: a striking drill at 3.0-3.3 Hz steady to 1.5 %: such a line in 6 of 20 sets at 100 Hz, h-strike), and the note
#: says so: the fastest voluntary rhythm of the wrist and fingers (maximal tapping) lies near 6-7 Hz.
VOLUNTARY_MAX_HZ = 7.0
#: A harmonic is listed where the block-median spectrum peaks this far over its background
#: within HARMONIC_TOLERANCE_HZ of n times the line frequency.
HARMONIC_PROMINENCE = 5.0
#: A line found in some blocks is followed into neighbouring blocks (e.g. through a set, where
#: movement disturbs its steadiness) while the block-median peak stays within this distance and
#: above this prominence.
FOLLOW_TOLERANCE_HZ = 0.3
FOLLOW_PROMINENCE = 5.0
#: ... but only where, in at least this share of the still blocks the run covers, the line holds its
#: frequency to LOCKED_SPREAD_HZ and its amplitude to LOCKED_AMPLITUDE_CV (:func:`holds_still`; verified
#: blocks count): a motor does so in every block, so a lone steady block among wandering ones is a
#: tremor's chance calm. A weak line is verified (0.03 Hz) in only some blocks, its tracked peak moved by
#: noise (a 14 Hz, 0.02 m/s^2 stress line: 9 of 32, spread 0.019-0.051 Hz, amplitude 0.06-0.10), yet holds
#: in all. Measured: the hand-held ESP32 16:05 motor is verified in 9 of its 17 still blocks; a
#: harmonic-rich 5 Hz rest tremor wandering 0.2-0.3 Hz in 0-1 of 30-48, which was then followed over
#: the whole recording (seed 1667748282: 0-236 s).
MIN_CONFIRMED_SHARE = 1.0 / 3.0
#: Physiological tremor of a resting wrist is 0.01-0.05 m/s^2 RMS in 6-12 Hz, and enhanced
#: physiological tremor (fatigue, caffeine, stress, poor sleep) stays of that order (docs/causes.md:
#: the tool calls a rest level "elevated" from 0.08 m/s^2). A rest level of 0.5 m/s^2 RMS is ten
#: times the top of that range and fifty times its bottom: it is not physiological tremor of a
#: person at rest, and is reported as implausible for a human source instead of being compared,
#: trended or blamed on sleep or stimulants. (Large pathological tremors can exceed it; the note
#: says so.)
IMPLAUSIBLE_REST_RMS = 0.5


@dataclass(frozen=True)
class VibrationLine:
    """A machine vibration line: a steady spectral line at ``freq_hz`` from ``start_s`` to ``end_s``.

    ``start_s``/``end_s`` span the windows of the frames it covers; ``harmonics_hz`` and
    ``harmonic_rms_mps2`` list its harmonics (whole multiples, measured); ``rms_mps2`` is the
    line's own RMS acceleration (summed over axes, median over its frames); ``spread_hz`` its frame-to-frame frequency
    spread; ``steadiness`` is ``"steady"`` (frequency and amplitude held) or ``"harmonic-locked"``
    (a harmonic follows it frame by frame); ``excluded_hz`` the half-width left out of the tremor
    bands around the line and each harmonic, in that order. ``frames`` is the ``[first, last)``
    range of frame rows it covers. ``could_be_tremor`` is true where the line is not steady enough to rule
    out an unusually steady tremor (:data:`RIGID_SPREAD_HZ`); its note then says so. A line whose speed
    drifts (a treadmill changing pace, a motor warming up) has ``track_s``/``track_hz``, its fundamental at
    block centres; ``freq_hz`` and ``harmonics_hz`` are then its median speed's, and its bins are excluded
    where it is, frame by frame (:meth:`centres_hz`).
    """

    start_s: float
    end_s: float
    freq_hz: float
    rms_mps2: float
    harmonics_hz: tuple[float, ...]
    harmonic_rms_mps2: tuple[float, ...]
    spread_hz: float
    steadiness: str
    excluded_hz: tuple[float, ...]
    frames: tuple[int, int]
    could_be_tremor: bool = False
    track_s: tuple[float, ...] = ()
    track_hz: tuple[float, ...] = ()

    @property
    def drift_hz_per_min(self) -> float:
        """The line's drift (Hz per minute, least squares over its track; 0 for a steady line)."""
        if len(self.track_s) < 2:
            return 0.0
        return float(np.polyfit(np.asarray(self.track_s), np.asarray(self.track_hz), 1)[0] * 60.0)

    def centres_hz(self, t_s: np.ndarray) -> np.ndarray:
        """The fundamental's frequency (Hz) at times ``t_s`` (``freq_hz`` throughout for a steady line).

        Parameters
        ----------
        t_s : ndarray
            Times (s), e.g. the frame times of the rows the line covers.

        Returns
        -------
        ndarray
            The fundamental at each time; a harmonic ``h`` of the line lies at ``h / freq_hz`` times it.
        """
        return _drift.centres(self.track_s, self.track_hz, self.freq_hz, t_s)

    @property
    def components_hz(self) -> tuple[float, ...]:
        """The line and its harmonics."""
        return (self.freq_hz,) + self.harmonics_hz

    def _hidden_note(self) -> str:
        """Where a drifting line came up from under :data:`LINE_BAND_HZ` (after the first frame) or went
        down under it, the clause saying it may have run there unseen; else an empty string.

        Under 3 Hz lies the arm's own movement, where lines are not sought; a strong line's 2nd harmonic
        may still show it there, a weak line's (a few hundredths of m/s^2) lies under the background, so
        a motor drifting up from 1.3 Hz is seen only from about 2.5-3 Hz on.
        """
        if not self.track_hz:
            return ""
        edge = LINE_BAND_HZ[0] + FOLLOW_TOLERANCE_HZ
        f0, f1 = (float(v) for v in self.centres_hz(np.array([self.start_s, self.end_s])))
        drift = self.drift_hz_per_min
        under = f"under {LINE_BAND_HZ[0]:g} Hz, where the arm's own movement lies and lines are not sought"
        if drift > 0 and f0 < edge and self.frames[0] > 0:
            return f"; it came up from {under}, so it may have been running before {self.start_s:.1f} s"
        if drift < 0 and f1 < edge:
            return f"; it went down {under}, so it may have run on after {self.end_s:.1f} s"
        return ""

    def note(self) -> str:
        """One plain sentence on what was found and what was done with it.

        Returns
        -------
        str
            The line's frequency (Hz), harmonics, time span (s), RMS (m/s^2) and the bins left out.
        """
        harm = ""
        if self.harmonics_hz:
            harm = " with harmonics at " + ", ".join(f"{h:.1f}" for h in self.harmonics_hz) + " Hz"
        excl = ", ".join(f"{f:.1f} +-{w:.1f} Hz" for f, w in zip(self.components_hz, self.excluded_hz))
        what = f"a steady {self.freq_hz:.2f} Hz line{harm}"
        if self.track_hz:
            what = (
                f"a line drifting smoothly from {self.track_hz[0]:.2f} to {self.track_hz[-1]:.2f} Hz "
                f"({self.drift_hz_per_min:+.2f} Hz/min, as a treadmill changing pace or a motor changing speed; "
                f"{self.freq_hz:.2f} Hz at its median speed{harm}, which drift in proportion)"
            )
        head = (
            f"{what} from {self.start_s:.1f} to {self.end_s:.1f} s "
            f"({self.rms_mps2:.3f} m/s^2 RMS, frequency spread {self.spread_hz:.2f} Hz"
            + (" about its drift" if self.track_hz else "")
            + ")"
            + self._hidden_note()
            + ": "
        )
        tail = f"its bins ({excl}) were left out of the tremor bands there"
        if self.track_hz:
            tail = f"its bins ({excl} at its median speed, moved with its drift frame by frame) were left out of the tremor bands there"
        if not self.could_be_tremor:
            return (
                head + "machine vibration (a motor, a vehicle, a vibrating handle), not tremor; it is never "
                "reported as tremor, and " + tail
            )
        own = self.freq_hz <= VOLUNTARY_MAX_HZ  # the wearer's own steady pace could make it too
        return (
            head
            + "most likely machine vibration (a motor, a vehicle, a vibrating handle)"
            + (" or a movement of your own kept at one pace (tapping, a striking drill)" if own else "")
            + ", so it is not reported as tremor and "
            + tail
            + ". But a line this steady cannot be told from an unusually steady tremor (a rest tremor, say) by the "
            "signal alone: if "
            + ("you were not moving rhythmically then and " if own else "")
            + "no motor, vehicle or vibrating tool was in contact with the sensor, show this recording to a clinician"
        )


_blocks_still = blocks_still  # its old name, which the tests use


def find_vibration(frames: Frames, fs_hz: float, memo: FrameMemo | None = None) -> tuple[VibrationLine, ...]:
    """Machine vibration lines in a frame table (see the module docstring).

    Parameters
    ----------
    frames : Frames
        The frame table of a whole recording (or all of it received so far).
    fs_hz : float
        Sampling rate in Hz: lines are sought up to ``min(20, 0.4 fs)`` Hz.
    memo : FrameMemo or None
        Where a live session keeps each block's own tests between summaries (its frame table only grows,
        so a block's rows never change); checked against ``frames`` by the caller
        (:meth:`~tremor.core.frame_memo.FrameMemo.check`). None computes every block.

    Returns
    -------
    tuple of VibrationLine
        Ordered by start time, then frequency.
    """
    n = len(frames)
    if n < 4:
        return ()
    hop = float(np.median(np.diff(frames.t_s)))
    bn = max(round(BLOCK_S / hop), 4)
    step = max(round(BLOCK_STEP_S / hop), 1)
    f_hi = ASSESSABLE_FRACTION * fs_hz
    lines: list[VibrationLine] = []
    for a, b in frame_runs(frames.t_s):
        if b - a < bn:
            continue
        starts = list(range(a, b - bn + 1, step))
        if starts[-1] != b - bn:
            starts.append(b - bn)
        # each block's own tests (steps 1-2) read only its rows: kept between live summaries (``memo``); they
        # read f_hi only as min(LINE_BAND_HZ[1], f_hi), which the key names (a live session's measured rate,
        # and f_hi with it, moves in its last digits from summary to summary)
        keys = [(s, i, bn, min(LINE_BAND_HZ[1], f_hi)) for i, s in enumerate(starts)]
        own_tests = partial(block_finds, frames, starts, bn, f_hi)
        tested = (
            memo.many(f"vibration blocks from {a}", keys, own_tests)
            if memo is not None
            else own_tests(list(range(len(starts))))
        )
        still = [x[0] for x in tested]
        meds = [x[1] for x in tested]
        found = [(x[2], x[1]) for x in tested]
        hits = [h for hs, _ in found for h in hs]
        step_s = step * hop
        # one line = hits chained in time along a straight (possibly drifting) frequency, followed into
        # neighbouring blocks (e.g. through a set, where movement disturbs its steadiness) where it is still
        # plainly there; the largest chains first, and a chain that meets an accepted line joins it
        chains = _drift.chain([h.block for h in hits], [h.freq for h in hits], step_s, FOLLOW_TOLERANCE_HZ)
        chains.sort(key=lambda c: -len(c))
        accepted: list[tuple[dict[int, float], list[Hit]]] = []
        for c in chains:
            g = [hits[j] for j in c]
            per_block = _drift.follow(
                [h.block for h in g],
                [h.freq for h in g],
                meds,
                step_s,
                FOLLOW_TOLERANCE_HZ,
                FOLLOW_PROMINENCE,
                hidden_below_hz=LINE_BAND_HZ[0],
            )
            have = {h.block for h in g}
            for lo_b, hi_b in true_runs(np.isfinite(per_block)):
                if not any(lo_b <= i < hi_b for i in have):
                    continue  # a run with no verified block is not this line
                quiet = [i for i in range(lo_b, hi_b) if still[i]]
                steady = sum(
                    i in have
                    or _drift.holds_still_hidden(
                        frames.psd[starts[i] : starts[i] + bn], meds[i], float(per_block[i]), LINE_BAND_HZ[0]
                    )
                    for i in quiet
                )
                if steady < MIN_CONFIRMED_SHARE * len(quiet):
                    continue  # it wanders in most of the still blocks it covers: not a machine's line
                run = {i: float(per_block[i]) for i in range(lo_b, hi_b)}
                mine = [h for h in g if lo_b <= h.block < hi_b]
                for blocks_f, hs in accepted:
                    if any(
                        i in blocks_f and abs(blocks_f[i] - f) <= FOLLOW_TOLERANCE_HZ for i, f in run.items()
                    ):
                        for i, f in run.items():
                            blocks_f.setdefault(i, f)
                        hs.extend(mine)
                        break
                else:
                    accepted.append((run, mine))
        # a line that follows another in ratio (n times its frequency, drift included) is its harmonic; where only
        # the harmonic shows (its fundamental under the arm's movement), the line is still there
        accepted.sort(key=lambda a: float(np.median(list(a[0].values()))))
        accepted = [accepted[j] for j in _drift.fundamentals([a[0] for a in accepted])]
        for run, mine in accepted:
            blocks = sorted(run)
            lo_b, hi_b = blocks[0], blocks[-1] + 1
            knots_s = [float(frames.t_s[starts[i] + bn // 2]) for i in blocks]
            knots_hz = [run[i] for i in blocks]
            drifting = max(knots_hz) - min(knots_hz) > _drift.DRIFT_MIN_HZ
            f0 = float(np.median([h.freq for h in mine]))
            lines.append(
                _make_line(
                    frames,
                    starts[lo_b],
                    starts[hi_b - 1] + bn,
                    mine,
                    f0,
                    f_hi,
                    (knots_s, knots_hz) if drifting else None,
                )
            )
    lines.sort(key=lambda x: (x.start_s, x.freq_hz))
    return tuple(lines)


def _make_line(
    frames: Frames,
    r0: int,
    r1: int,
    hits: list[Hit],
    f0: float,
    f_hi: float,
    knots: tuple[list[float], list[float]] | None = None,
) -> VibrationLine:
    """One line over frame rows ``[r0, r1)``: its harmonics, amplitude and exclusion widths.

    A drifting line (``knots``: its frequency at block centres) is measured on spectra shifted frame by
    frame (by whole bins, ``n`` times the fundamental's drift for the ``n``-th harmonic) so that it stands
    still at its median frequency; its figures are those of that median speed.
    """
    raw = frames.psd[r0:r1].astype(np.float64)
    df = float(PSD_FREQS[1] - PSD_FREQS[0])
    centre = None if knots is None else _drift.centres(knots[0], knots[1], f0, frames.t_s[r0:r1])
    if centre is not None:
        f0 = float(np.median(centre))

    def aligned(order: int, rows: slice, ref: float) -> np.ndarray:
        """The spectra with the ``order``-th component held at ``order * ref``."""
        if centre is None:
            return raw[rows]
        shift = np.rint(order * (centre[rows] - ref) / df).astype(np.int64)
        idx = np.clip(np.arange(PSD_FREQS.size)[None, :] + shift[:, None], 0, PSD_FREQS.size - 1)
        return np.take_along_axis(raw[rows], idx, axis=1)

    everything = slice(0, r1 - r0)
    psd = aligned(1, everything, f0)
    med = np.median(psd, axis=0)
    k0 = int(np.argmin(np.abs(PSD_FREQS - f0)))
    freq, power = track_peak(psd, k0)
    bg0 = local_background(med, k0)
    nb = float(np.count_nonzero(np.abs(PSD_FREQS - PSD_FREQS[k0]) <= 0.75)) * df
    line_power = np.clip(power - bg0 * nb, 0.0, None)
    # trim frames at either end where the line has not started or has stopped
    on = np.flatnonzero(line_power >= 0.1 * np.median(line_power))
    kept = everything
    if on.size:
        kept = slice(int(on[0]), int(on[-1]) + 1)
        r0, r1 = r0 + int(on[0]), r0 + int(on[-1]) + 1
        freq, line_power = freq[kept], line_power[kept]
    tracked = float(np.median(freq))
    f0 = tracked if abs(tracked - f0) <= FOLLOW_TOLERANCE_HZ else f0
    prom0 = prominence_for_exclusion(float(med[k0]), bg0)
    harmonics, harm_rms, widths = [], [], [exclusion_half_width(prom0)]
    for order in range(2, MAX_HARMONIC + 1):
        cap = min(LINE_BAND_HZ[1], f_hi)
        # a drifting line's harmonic whose median speed's lies beyond the spectra is measured over the frames
        # where it is in range (and in the bands: while the line runs slower)
        rows_n = kept
        ref = f0
        if centre is not None and order * f0 > cap - HARMONIC_TOLERANCE_HZ:  # a peak needs bins both sides
            inside = np.flatnonzero(order * centre[kept] <= cap - HARMONIC_TOLERANCE_HZ)
            if inside.size < 8:  # in range for under 4 s: neither measurable nor in the bands
                break
            rows_n = slice(kept.start + int(inside[0]), kept.start + int(inside[-1]) + 1)
            ref = float(np.median(centre[rows_n]))
        target = order * ref
        if target > cap:
            break
        psd_n = psd[kept] if centre is None else aligned(order, rows_n, ref)
        med_n = med if centre is None else np.median(psd_n, axis=0)
        pk = peak_near(med_n, target, HARMONIC_TOLERANCE_HZ)
        if pk is None or pk[1] < HARMONIC_PROMINENCE:
            continue
        kh = int(np.argmin(np.abs(PSD_FREQS - pk[0])))
        fh, ph = track_peak(psd_n, kh)
        bgh = local_background(med_n, kh)
        nbh = float(np.count_nonzero(np.abs(PSD_FREQS - PSD_FREQS[kh]) <= 0.75)) * df
        harmonics.append(round(float(np.median(fh)) + order * (f0 - ref), 3))
        harm_rms.append(float(np.sqrt(max(float(np.median(ph)) - bgh * nbh, 0.0))))
        widths.append(exclusion_half_width(prominence_for_exclusion(float(med_n[kh]), bgh)))
    steadiness = "steady" if any(h.steadiness == "steady" for h in hits) else "harmonic-locked"
    t = frames.t_s
    track_s: tuple[float, ...] = ()
    track_hz: tuple[float, ...] = ()
    if knots is not None:
        # the track, moved onto the measured median speed (the knots are the blocks' line frequencies)
        offset = f0 - float(np.median(centre[kept])) if centre is not None else 0.0
        track_s = tuple(round(x, 2) for x in knots[0])
        track_hz = tuple(round(x + offset, 3) for x in knots[1])
    return VibrationLine(
        start_s=max(float(t[r0]) - 1.0, 0.0),
        end_s=float(t[r1 - 1]) + 1.0,
        freq_hz=round(f0, 3),
        rms_mps2=float(np.sqrt(np.median(line_power))),
        harmonics_hz=tuple(harmonics),
        harmonic_rms_mps2=tuple(harm_rms),
        spread_hz=float(min(h.spread for h in hits)),
        steadiness=steadiness,
        excluded_hz=tuple(widths),
        frames=(r0, r1),
        could_be_tremor=f0 <= TREMOR_MAX_HZ and median1(np.array([h.spread for h in hits])) > RIGID_SPREAD_HZ,
        track_s=track_s,
        track_hz=track_hz,
    )


def implausible_rest_note(rest_rms_mps2: float) -> str:
    """The plain note for a rest level above :data:`IMPLAUSIBLE_REST_RMS`.

    Parameters
    ----------
    rest_rms_mps2 : float
        The rest 6-12 Hz level in m/s^2 RMS.

    Returns
    -------
    str
        The note, comparing the level with 0.05 m/s^2 (the upper end of a resting wrist's
        physiological tremor).
    """
    return (
        f"the 6-12 Hz level at rest, {rest_rms_mps2:.3f} m/s^2 RMS, is {rest_rms_mps2 / 0.05:.0f} times the most "
        "a resting wrist's physiological tremor produces (about 0.01-0.05 m/s^2): implausible for a human source "
        "at rest. A machine, a vehicle or a loosely mounted sensor is more likely (a large pathological tremor "
        "would also exceed it). It is not used as a rest baseline, so nothing is compared with it, and it is not "
        "put down to sleep, stress or caffeine"
    )
