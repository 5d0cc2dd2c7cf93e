"""A tremor line that drifts down set after set and ends under the band: the session's fatigue tremor (issue 9).

Fatigue tremor drifts lower under load, and further as fatigue deepens over a session: a hold's line at 10 Hz
in the first set may sit at 7 Hz in the fourth and under 6 Hz in the fifth (the mechanical part of physiological
tremor falls as the limb's stiffness drops and its load stays). Within one set
:func:`tremor.core.band_edge.drifted_out_of_band` follows a line from inside the band to below it; a line that
crossed the edge between two sets is never seen inside the band in the set where it lies below it, so that set
read as ``atypical_tremor`` with a clinician's note (red team ``drift_session``, ``--extras lo:5.8``: the fifth
hold's line at 5.65-5.95 Hz, after holds at 10.0, 9.1, 7.8 and 6.9 Hz, in 8 of 8 files; ``lo:6.0`` 2 of 8).

Here a set's dominant out-of-band peak under the band is the session's own tremor line where the earlier sets
drift down to it: the trailing run of their lines (:func:`set_line_hz`: where their frames' mean
spectrum peaks over 3.25-12 Hz, as :func:`tremor.core.episodes.out_of_band_peak` scans), each at most
:data:`STEP_DOWN_HZ` under the one before and at most :data:`STEP_UP_HZ` over it, holds at least
:data:`MIN_SETS` sets, starts inside the band (above its edge bin), falls by :data:`MIN_DROP_HZ` or more itself,
and ends within :data:`STEP_DOWN_HZ` above the peak (or :data:`STEP_UP_HZ` under it); each of its sets' lines
grew through the set (:func:`line_rose`: a fatigue line, not a calm set's rest tremor wandering from set to set), the
set's band holds no line of its own (a line still inside it is the set's fatigue line, and the peak beside it
another rhythm), and the peak is as broad as a physiological tremor line (:data:`MIN_LINE_WIDTH_HZ`: a
pathological tremor is a narrow one). A rhythm under 6 Hz that
was there from the first set (a rest tremor re-emerging in every hold) starts no such run; nor does a line held
at one frequency and then a jump below the band, nor a peak more than :data:`STEP_DOWN_HZ` below the last set's
line.

Limit: a broad 4-6 Hz tremor (over :data:`MIN_LINE_WIDTH_HZ` through the window) that first appears in the set
after sets whose fatigue tremor drifted down to within :data:`STEP_DOWN_HZ` of it would be taken for that drift
(the note says which sets' lines it followed, and that such a rhythm at rest is another matter); the same rhythm at
rest is judged by the rest rules, not here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tremor.core.features import PSD_FREQS, Frames
from tremor.core.peak import spectral_peak
from tremor.core.set_labels import FATIGUE_RISE_MIN
from tremor.core.sets import SetSpan, movement_leak
from tremor.core.spectral import BANDS

__all__ = [
    "MIN_DROP_HZ",
    "MIN_LINE_WIDTH_HZ",
    "MIN_SETS",
    "STEP_DOWN_HZ",
    "STEP_UP_HZ",
    "drift_run",
    "earlier_lines",
    "line_rose",
    "line_width_hz",
    "set_line_hz",
]

#: Earlier sets the run must hold: two, so that the drift is seen before the set, not made by it.
MIN_SETS = 2
#: The run's lines fall at least this much from its first set to its last (two bins of the frames' 0.25 Hz
#: grid beyond a line's wobble of a bin: a line held at one frequency is no drift).
MIN_DROP_HZ = 0.75
#: From one set to the next (and from the run's last set to the peak) the line falls by at most this much: a step
#: of up to about 1.25 Hz between sets (the red team's ``drift_session`` steps 1.05 Hz +-0.3) and the placement's
#: scatter (a 1-3 Hz wide line's top bin under the band wanders by 0.25-0.5 Hz: a true 1.1 Hz step read 1.56 Hz in
#: 2 of 150 own sessions with 1.5 here); a rhythm further below is another one.
STEP_DOWN_HZ = 1.75
#: ... and rises by at most this much (a narrow-band line's peak wanders by a bin or two).
STEP_UP_HZ = 0.5
#: An earlier set's line is read in the power within this many Hz of it (the frames' 2 s Hann window's +-1 Hz main
#: lobe), to see whether it grew through the set (:func:`line_rose`).
LINE_REACH_HZ = 1.0
#: The peak under the band must be at least this wide (full width at half height of the set's mean spectrum,
#: :func:`line_width_hz`) to be the fatigue line: physiological tremor is a broad line (1-3 Hz wide, wandering),
#: a pathological 4-6 Hz tremor a narrow, regular one (0.2-0.5 Hz). Through the frames' 2 s Hann window a pure tone
#: reads 0.72 Hz; measured (own physics, 100 Hz, 12 sessions each): a fatigue line drifting to 5.75 Hz read
#: 1.17-2.13 Hz, a steady 5.25-5.5 Hz tremor 0.2-0.5 Hz wide 0.76-0.95 Hz (review h-rev8's re-emergent tremor).
MIN_LINE_WIDTH_HZ = 1.05
#: The lowest frequency a set's line is looked for at (as the out-of-band peak's scan).
SCAN_LOW_HZ = 3.25


def set_line_hz(psd: np.ndarray) -> float:
    """A set's tremor line: where its frames' mean spectrum peaks over 3.25-12 Hz.

    Inside the band (above its edge bin) the line's fitted centre (:func:`tremor.core.peak.spectral_peak`, the
    set's own ``peak_hz`` rule: a 1-3 Hz wide line's top bin over a 30 s set wanders by +-0.4 Hz); on the edge
    bin or under it, the top bin.

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        The set's frames' spectra, (m/s^2)^2/Hz.

    Returns
    -------
    float
        The line's frequency in Hz; NaN where there are fewer than 3 frames or no finite value.
    """
    if psd.shape[0] < 3:
        return float("nan")
    band = BANDS["physiological"]
    scan = np.flatnonzero((PSD_FREQS >= SCAN_LOW_HZ - 1e-9) & (band.high_hz + 1e-9 >= PSD_FREQS))
    mean = np.nanmean(psd.astype(np.float64), axis=0)
    if not np.isfinite(mean[scan]).any():
        return float("nan")
    top = float(PSD_FREQS[scan[int(np.nanargmax(mean[scan]))]])
    if top < band.low_hz + float(PSD_FREQS[1] - PSD_FREQS[0]) - 1e-9:
        return top  # under the band or on its edge bin: that bin
    # inside the band: the line's fitted centre, as the set's peak is placed (a wide line's top bin wanders)
    fitted, _ = spectral_peak(np.nan_to_num(mean))
    return top if fitted is None else float(fitted)


def line_rose(psd: np.ndarray, line_hz: float) -> bool:
    """Whether a set's tremor line grew through it: a fatigue tremor's, the line that drifts under load.

    The power within :data:`LINE_REACH_HZ` of the line, its frames' mean over the set's last third against its
    first third, at least :data:`tremor.core.set_labels.FATIGUE_RISE_MIN` (the least rise a label reads; the line's
    own power, not the band's: a line near the band's edge has part of its power under it). A calm set's line (the
    rest's tremor, wandering from set to set by a bin or two) or a steady enhanced one is no drifting fatigue line
    (review h-rev8: a calm session's rest-level lines wandering 8 -> 6.9 Hz made a run in 8 of 40 sessions).

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        The set's frames' spectra in time order, (m/s^2)^2/Hz.
    line_hz : float
        The set's line (:func:`set_line_hz`), Hz.

    Returns
    -------
    bool
        True where the line rose so; False where it did not, or with fewer than 3 frames or no line.
    """
    n = psd.shape[0]
    if n < 3 or not np.isfinite(line_hz):
        return False
    near = np.abs(PSD_FREQS - line_hz) <= LINE_REACH_HZ + 1e-9
    power = np.nansum(psd[:, near].astype(np.float64), axis=1)
    first, last = float(power[: n // 3].mean()), float(power[n - n // 3 :].mean())
    return bool(first > 0 and last >= FATIGUE_RISE_MIN * first)


def line_width_hz(spectrum: np.ndarray, hz: float) -> float:
    """The full width at half its height of the maximum of ``spectrum`` at ``hz``, Hz (linear between bins).

    Parameters
    ----------
    spectrum : ndarray, shape (PSD_FREQS.size,)
        A PSD on :data:`PSD_FREQS` (a set's mean spectrum).
    hz : float
        The maximum's frequency.

    Returns
    -------
    float
        The width in Hz (to the grid's end where the spectrum stays over half there); NaN where the maximum holds
        no power.
    """
    x = np.nan_to_num(np.asarray(spectrum, dtype=np.float64))
    k = int(np.argmin(np.abs(PSD_FREQS - hz)))
    half = 0.5 * x[k]
    if not half > 0:
        return float("nan")
    edges = []
    for step in (-1, 1):
        j = k
        while 0 <= j + step < x.size and x[j + step] > half:
            j += step
        if not 0 <= j + step < x.size:
            edges.append(float(PSD_FREQS[j]))
            continue
        # between bin j (over half) and the next (at or under it)
        frac = (x[j] - half) / (x[j] - x[j + step])
        edges.append(float(PSD_FREQS[j] + step * frac * (PSD_FREQS[1] - PSD_FREQS[0])))
    return edges[1] - edges[0]


def drift_run(earlier_hz: Sequence[float], peak_hz: float) -> tuple[float, ...]:
    """The earlier sets' lines that drift down to an out-of-band peak under the band, or ``()``.

    Parameters
    ----------
    earlier_hz : sequence of float
        The lines (:func:`set_line_hz`) of the earlier sets, in order (NaN: none placed).
    peak_hz : float
        The set's dominant out-of-band peak, Hz.

    Returns
    -------
    tuple of float
        The trailing run of ``earlier_hz`` as the module describes, where it makes a drift down to the peak;
        empty otherwise (and for a peak above the band's lower edge bin).
    """
    lo = BANDS["physiological"].low_hz
    step = float(PSD_FREQS[1] - PSD_FREQS[0])
    if not np.isfinite(peak_hz) or peak_hz > lo + step / 2 or not len(earlier_hz):
        return ()  # (a peak on the edge bin is judged here only where it was not taken as the band's line)
    run = [float(earlier_hz[-1])]
    if not (np.isfinite(run[0]) and -STEP_UP_HZ - 1e-9 <= run[0] - peak_hz <= STEP_DOWN_HZ + 1e-9):
        return ()
    for hz in reversed(earlier_hz[:-1]):
        if not (np.isfinite(hz) and -STEP_UP_HZ - 1e-9 <= hz - run[0] <= STEP_DOWN_HZ + 1e-9):
            break
        run.insert(0, float(hz))
    # the run's start may have wobbled up a bin from a level start: read its drop from its highest line
    if len(run) < MIN_SETS or run[0] < lo + step - 1e-9 or max(run) - run[-1] < MIN_DROP_HZ - 1e-9:
        return ()
    return tuple(run)


def earlier_lines(
    frames: Frames, sets: Sequence[SetSpan], span: SetSpan, cache: dict[int, float] | None = None
) -> tuple[float, ...]:
    """The lines (:func:`set_line_hz`) of the sets before ``span``, in order.

    Of every kind: the line's frequency is the person's, whatever the work (a hold's and a set of reps' tremor
    differ in size, not in where fatigue has brought its frequency), and a set's kind is read from how much it
    moved, which a light set of reps and a hold share. Only a line that grew through its set (:func:`line_rose`)
    is a fatigue line that drifts; any other set's is NaN (it breaks a run).

    Each set's line is read from its frames more than 1 s inside its edges (where the arm is in the set's pose)
    whose tremor bands hold no movement's harmonics (:func:`tremor.core.sets.movement_leak`), as the set's own
    measures are.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    sets : sequence of SetSpan
        The session's sets, in time order.
    span : SetSpan
        The set whose predecessors are read.
    cache : dict or None
        Lines already read, by set index (filled in here): a session's sets share it.

    Returns
    -------
    tuple of float
        One line per earlier set (NaN where fewer than 3 such frames place none, or its line did not grow).
    """
    memo: dict[int, float] = {} if cache is None else cache
    out = []
    t = frames.t_s
    for s in sets:
        if s.start_s >= span.start_s:
            break
        if s.index not in memo:
            i0, i1 = np.searchsorted(t, [s.start_s + 1.0, s.end_s - 1.0])
            rows = np.arange(i0, max(i0, i1))
            rows = rows[
                ~movement_leak(frames.movement_rms[rows], frames.power_low[rows], frames.power_phys[rows])
            ]
            psd = np.asarray(frames.psd[rows])
            hz = set_line_hz(psd)
            memo[s.index] = hz if line_rose(psd, hz) else float("nan")
        out.append(memo[s.index])
    return tuple(out)
