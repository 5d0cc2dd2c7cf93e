"""A rest rhythm that comes only as short rings after jolts is the tissue's ring, not a rest tremor (issue 9).

A single motor unit twitching every 2-6 s on a relaxed hand (a 30 ms contraction) jolts the hand, and the hand's
tissue and posture, a damped spring, ring after it at their own rate (about 3 Hz on a relaxed hand, damping ratio
about 0.3). A damped ring loses a factor ``exp(-2 pi zeta)`` of its amplitude each cycle (0.15 at zeta 0.3): it is
gone within one or two cycles, a few tenths of a second, and the hand is still until the next jolt. Its 3-7 Hz
line is narrow enough for an out-of-band episode, which was read as a rest tremor with the clinician cause (h-rev32's
one-unit generator, ``tests/core/test_ring_bursts.py``: 3 of 3 draws, every rate). A rest tremor is a sustained
oscillation: its envelope waxes and wanes smoothly over seconds and is not gone most of the time.

The rule (:func:`ring_bursts`): over a rest episode (in no set, under 7 Hz) the 3-7 Hz envelope power in 0.1 s
sub-blocks (:attr:`tremor.core.features.Frames.low_env`, the frames' hops tiling time, as live and batch share)
is capped at its :data:`CAP_PERCENTILE` th percentile (so that a few jolts far above the rhythm, a clap or a knock
beside a rest tremor, do not hold its energy alone) and sorted; where its loudest :data:`TOP_SHARE` of sub-blocks
hold :data:`BURST_SHARE` or more of its energy, the rhythm lives in short bursts with silence between; where, too,
each burst is gone within 0.5 s (:func:`persistence` under :data:`PERSIST_MAX`: a ring, not a tremor waxing and
waning over seconds), the episode is set aside (``ringing``): no rest tremor
episode, no ``see_a_clinician`` cause; the twitches stay counted; the note ends in conditional advice.

Measured (h-ring3, fresh seeds at 50/100/200 Hz, the capped share): the rings (2.5-3.5 Hz, zeta 0.25-0.35, 25-35 ms
contraction, 0.15-0.5 m/s^2 every 2-6 s) 0.90-0.97, at zeta 0.15-0.2 0.87-0.95; rest tremors (h-rev27's, 3.5-6.5
Hz, their amplitude log-normal over 0.5-2 s) 0.51-0.68, a 0.04 m/s^2 one with reference fasciculations 0.55-0.76;
rest tremors stopped by clapping or following strumming (``tests/core/test_picking_chopping.py``) 0.45-0.62 (without
the cap a clap's jolt held 0.99 of a tremor's energy).
h-rev41: a Parkinsonian rest tremor whose amplitude swings log-normally (sigma 1.2, over 2-5 s: modulation near
100 %) reads 0.62-0.92, over the rings' range: by the share alone its clinician cause was lost in 7 of 23 (seeds
41201-41306 x 50/100/200 Hz); its persistence 0.67-0.90 against the rings' 0.03-0.12 keeps it.
Limits: a true rest tremor that shows only in bursts of a few tenths of a second with seconds of nothing between is
set aside too (the note keeps the conditional re-test / clinician advice), and so is a small rest tremor beside
large jolts filling over 5 % of its span (clapping: 1 of 36 episodes by the share alone, 0 of 54 with the persistence); rings on top of a rest tremor keep it. A unit
twitching every 1-2 s rings too often for the share and is still read as a rest tremor.
"""

from __future__ import annotations

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import Frames
from tremor.core.rep_locked_ring import LOW_EDGES_HZ

__all__ = [
    "BURST_SHARE",
    "CAP_PERCENTILE",
    "LAG_BLOCKS",
    "PERSIST_MAX",
    "RING_ADVICE",
    "TOP_SHARE",
    "burst_share",
    "persistence",
    "ring_bursts",
    "ring_note",
]

#: Share of the episode's sub-blocks, the loudest, whose energy is weighed.
TOP_SHARE = 0.2
#: Percentile of the episode's sub-block envelope power at which it is capped before the share is taken.
CAP_PERCENTILE = 95.0
#: Share of the capped 3-7 Hz envelope energy in those sub-blocks at and above which the rhythm is bursts of rings
#: (rings 0.87-0.97, rest tremors at most 0.76 measured: see the module).
BURST_SHARE = 0.85
#: Lag (0.1 s sub-blocks) at which :func:`persistence` is read: 0.5 s, longer than a damped ring lasts.
LAG_BLOCKS = 5
#: :func:`persistence` under which the bursts are rings gone within the lag (rings 0.03-0.12; rest tremors whose
#: amplitude swings log-normally by sigma 1.2 over 2-5 s, 0.67-0.90: h-rev41, seeds 41201-41504).
PERSIST_MAX = 0.4
#: Upper rate (Hz) of the episodes judged: the top of the 3-7 Hz envelope's flat band (7.0, as
#: :mod:`tremor.core.written_words` judges).
MAX_HZ = LOW_EDGES_HZ[2]
#: Fewest sub-blocks read (5 s at 0.1 s).
_MIN_BLOCKS = 50

#: The conditional advice that ends the note.
RING_ADVICE = (
    "if you did not feel your hand jolt or a muscle twitch then, re-test rested with the forearm supported on a "
    "table, and if a steady rhythm shows, see a clinician"
)


def _capped_power(frames: Frames, episode: Episode) -> np.ndarray | None:
    """The episode's 3-7 Hz sub-block envelope power in time order, capped at its :data:`CAP_PERCENTILE` th
    percentile; None where the frames hold fewer than :data:`_MIN_BLOCKS` finite sub-blocks over it or no energy."""
    power = frames.low_power_within(episode.start_s, episode.end_s, _MIN_BLOCKS)
    if power is None:
        return None
    power = np.maximum(power, 0.0)
    power = np.minimum(power, np.percentile(power, CAP_PERCENTILE))
    return power if float(power.sum()) > 0.0 else None


def burst_share(frames: Frames, episode: Episode) -> float | None:
    """Share of an episode's capped 3-7 Hz envelope energy held by its loudest :data:`TOP_SHARE` of 0.1 s sub-blocks.

    Parameters
    ----------
    frames : Frames
        The recording's frames (``low_env``).
    episode : Episode
        An out-of-band episode.

    Returns
    -------
    float or None
        The share (``TOP_SHARE`` for an even envelope, near 1 for bursts with silence between); None where the
        frames hold fewer than :data:`_MIN_BLOCKS` finite sub-blocks over it or no energy.
    """
    power = _capped_power(frames, episode)
    if power is None:
        return None
    p = np.sort(power)[::-1]
    return float(p[: max(1, int(TOP_SHARE * p.size))].sum() / p.sum())


def persistence(frames: Frames, episode: Episode) -> float | None:
    """How much of an episode's capped 3-7 Hz envelope power is still there :data:`LAG_BLOCKS` sub-blocks later.

    ``sum p[i] p[i + lag] / sum p[i]^2`` over the capped sub-block power: near 0 where each burst is gone within the
    lag (a damped ring's power falls by ``exp(-2 zeta w t)``, under 0.1 of itself 0.5 s on at 2.5 Hz and zeta 0.15),
    near 1 where the rhythm waxes and wanes over seconds (a rest tremor, however deep its modulation).

    Parameters
    ----------
    frames : Frames
        The recording's frames (``low_env``).
    episode : Episode
        An out-of-band episode.

    Returns
    -------
    float or None
        The normalised lagged product; None as for :func:`burst_share`.
    """
    power = _capped_power(frames, episode)
    if power is None:
        return None
    return float(np.dot(power[:-LAG_BLOCKS], power[LAG_BLOCKS:]) / np.dot(power, power))


def ring_bursts(episodes: list[Episode], frames: Frames) -> list[tuple[Episode, float]]:
    """The rest episodes under :data:`MAX_HZ` whose rhythm comes in bursts of rings with silence between.

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes; only those outside sets (``set_index`` None) under ``MAX_HZ`` are judged.
    frames : Frames
        The recording's frames.

    Returns
    -------
    list of (Episode, float)
        Each such episode with its :func:`burst_share` (at least :data:`BURST_SHARE`) whose :func:`persistence` is
        under :data:`PERSIST_MAX`: its bursts gone within 0.5 s.
    """
    out = []
    for e in episodes:
        if e.set_index is not None or e.peak_hz >= MAX_HZ:
            continue
        share = burst_share(frames, e)
        if share is None or share < BURST_SHARE:
            continue
        lasting = persistence(frames, e)
        if lasting is not None and lasting < PERSIST_MAX:
            out.append((e, share))
    return out


def ring_note(rings: list[tuple[Episode, float]]) -> str:
    """What the report says of the episodes :func:`ring_bursts` returned.

    Parameters
    ----------
    rings : list of (Episode, float)
        The episodes with their burst share (at least one).

    Returns
    -------
    str
        Where each was, its rate, the share, and :data:`RING_ADVICE`.
    """
    where = ", ".join(
        f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz, {share:.0%} of its energy in the loudest "
        f"{TOP_SHARE:.0%} of the time"
        for e, share in rings
    )
    return (
        f"out-of-band rhythm at rest in short bursts ({where}): it came as brief rings, each dying away within a "
        "fraction of a second with the hand still between, as the hand rings after a jolt or a muscle twitch; a rest "
        "tremor is a sustained oscillation, so it is not reported as a rest tremor; " + RING_ADVICE
    )
