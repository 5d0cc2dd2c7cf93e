"""Likely causes of tremor and twitching, with the evidence for each (never a diagnosis).

Rules follow ``docs/causes.md`` (distilled from the source articles). Each cause carries:

- ``likelihood`` 0-1: how well this session's signal and the user's context point to it;
- ``evidence_grade``: how well the science supports the cause itself (strong, moderate, weak, none);
- ``evidence``: what was measured or said, in plain words;
- ``advice``: one practical line.

Set-level rules look at one set and its recovery; session-level rules at trends across sets.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tremor.core.chance_rise_words import chance_ratio, chance_words
from tremor.core.classify import MIN_TWITCHES, Episode, SetMetrics, rising
from tremor.core.rest_harmonics import RestLevel
from tremor.core.rest_resolution import last_third_words
from tremor.core.set_labels import rise_shown, rise_within_chance
from tremor.core.set_trend import Trend, session_trend
from tremor.core.spectral import BANDS
from tremor.core.vibration import IMPLAUSIBLE_REST_RMS

__all__ = [
    "Cause",
    "CAUSES",
    "OOB_HARMONICS",
    "harmonic_in_band",
    "set_causes",
    "session_causes",
    "SessionFacts",
    "SetFacts",
]

#: id -> (evidence grade, advice)
CAUSES: dict[str, tuple[str, str]] = {
    "neuromuscular_fatigue": (
        "strong",
        "A normal training response; rest longer between sets if your form suffers.",
    ),
    "stabiliser_demand": (
        "moderate",
        "Strengthen core, glutes and shoulders; build up held positions gradually.",
    ),
    "technique_learning": ("weak", "Practise the movement pattern with a lighter load."),
    "glycogen_depletion": ("moderate", "Eat some carbohydrate before long or hard sessions."),
    "dehydration_electrolytes": (
        "moderate",
        "Drink during the session and replace electrolytes after heavy sweating.",
    ),
    "metabolic_byproducts": ("weak", "Normal after hard sets; it fades with rest."),
    "sleep_stress_stimulants": (
        "moderate",
        "Sleep enough and cut caffeine or other stimulants before training.",
    ),
    "overtraining_cns": ("weak", "Add recovery days if twitching persists at rest day after day."),
    "cold": ("moderate", "Warm up longer and keep the muscles warm."),
    "no_warm_up": ("weak", "Warm up and stretch before the first working set."),
    "muscle_damage_doms": ("weak", "Let the muscles recover; this kind of twitching fades within days."),
    "statin_myopathy": ("moderate", "Talk to a clinician about possible statin side effects."),
    "muscle_imbalance": ("weak", "Strengthen the weaker side."),
    "see_a_clinician": (
        "strong",
        "Not a diagnosis: re-test rested on another day, and if it persists show this report to a clinician.",
    ),
}

MIN_LIKELIHOOD = 0.2
REST_RHYTHM_ALIKE = (  # what else gives a rest rhythm: one wrist sensor cannot tell them apart (h-restrhy)
    "a rest tremor, equipment vibration (a motor, a machine) or a rhythm the hand rests on or makes (a panting dog "
    "or a bouncing knee under the hand, a deliberate shaking) look the same to one wrist sensor: the advice is for a "
    "rhythm that came while the hand lay on nothing that moved and was not moved on purpose"
)
#: Enhanced from the start: 6-12 Hz power this many times the rest baseline without a rise.
STABILISER_OVER_REST = 3.0
ELEVATED_REST_RMS = 0.08  # m/s^2 in 6-12 Hz at rest: above the usual 0.01-0.05 of physiological tremor
#: A "strong" rise within a set (stabiliser demand is tremor without one).
STRONG_RISE = 1.5
#: Glycogen depletion needs a session longer than this (docs/causes.md: > 60 min).
LONG_SESSION_S = 3600.0


@dataclass(frozen=True)
class Cause:
    """One likely cause with its evidence."""

    id: str
    likelihood: float
    evidence_grade: str
    evidence: str
    advice: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary.

        Returns
        -------
        dict
            The fields id, likelihood, evidence_grade, evidence and advice.
        """
        return asdict(self)


@dataclass(frozen=True)
class SetFacts:
    """What the cause rules need to know about one set."""

    index: int
    n_sets: int
    label: str
    kind: str
    duration_s: float
    start_s: float
    metrics: SetMetrics
    episodes: tuple[Episode, ...] = ()
    #: The set was under way when the recording began (:attr:`tremor.core.sets.SetSpan.start_unseen`):
    #: its power over rest measures only its late part, so it takes no part in the session's trends.
    start_unseen: bool = False
    #: A twitch could have been seen in the set's recovery (the wrist still, the device worn, the detection limit
    #: under :data:`tremor.core.notes.HIGH_TWITCH_LIMIT_MPS2`): where not, its rate of none says nothing.
    recovery_seen: bool = True


@dataclass(frozen=True)
class SessionFacts:
    """What the cause rules need to know about the whole session."""

    duration_s: float
    rest_rms_mps2: float | None
    sets: tuple[SetFacts, ...]
    rest_episodes: tuple[Episode, ...]
    context: dict[str, Any] = field(default_factory=dict)
    #: The rest episodes a bouncing leg could give (:func:`tremor.core.upright_rest.upright_rest`): along gravity
    #: (their share), or of unknown direction (None, gravity removed).
    upright: tuple[tuple[Episode, float | None], ...] = ()
    #: The rest's 6-12 Hz level without an out-of-band rest tremor's skirt and harmonics, for the raised-rest
    #: cause (:func:`tremor.core.rest_harmonics.rest_level_without_harmonics`); None: ``rest_rms_mps2`` is used.
    cause_rest: RestLevel | None = None


def _x(ratio: float | None) -> str:
    """A power ratio as printed in evidence, bounded at 1000x and 0.01x.

    Beyond those the baseline sits near the sensor's noise floor (or the set holds almost no 6-12 Hz power),
    and more digits would mean nothing.
    """
    if ratio is None:
        return "an unmeasured multiple of"
    if ratio >= 1000:
        return "over 1000x"
    if ratio < 0.01:
        return "under 0.01x"
    return f"{ratio:.1f}x" if ratio >= 0.1 else f"{ratio:.2f}x"


def _make(cid: str, likelihood: float, evidence: list[str]) -> Cause:
    grade, advice = CAUSES[cid]
    return Cause(cid, round(min(max(likelihood, 0.0), 1.0), 2), grade, "; ".join(evidence), advice)


_KIND_WORDS = {"hold": "holds", "reps": "sets of reps"}


def _trend_words(t: Trend) -> str:
    """A session trend (:func:`tremor.core.set_trend.session_trend`) in words: what was compared, and how."""
    many = _KIND_WORDS.get(t.kind, f"{t.kind} sets")
    first, last = ("first", "last") if t.n_half == 1 else (f"first {t.n_half}", f"last {t.n_half}")
    change = "rise" if t.direction == "grew" else "fall"
    how = ("geometric means; " if t.n_half > 1 else "") + f"the {change} stands with any one of them left out"
    if t.other_kinds:
        how += f", {many} compared only with each other"
    if t.direction == "grew":
        return (
            f"6-12 Hz power over the rest baseline grew across the {t.n_sets} {many}, from {_x(t.early)} in the "
            f"{first} to {_x(t.late)} in the {last} ({how})"
        )
    return (
        f"tremor was highest in the {first} of the {t.n_sets} {many} ({_x(t.early)} rest) and settled in the "
        f"{last} ({_x(t.late)}; {how})"
    )


def _edge_words(m: SetMetrics) -> str:
    """Why the band could not show the set's rise (:func:`tremor.core.set_labels.rise_shown` is False): the third
    whose line had no peak in the band, or peaked outside it (the peak search reaches past its edges)."""
    band = BANDS["physiological"]
    parts = []
    for third, hz in (("first", m.start_peak_hz), ("last", m.end_peak_hz)):
        if hz is None:
            parts.append(f"had no peak in the 6-12 Hz band in the set's {third} third")
        elif not band.low_hz <= hz <= band.high_hz:
            parts.append(f"peaked at {hz:.1f} Hz in the set's {third} third, outside the 6-12 Hz band")
    return "the tremor line " + " and ".join(parts)


def set_causes(s: SetFacts, session: SessionFacts) -> list[Cause]:
    """Likely causes for one set, most likely first.

    The rules follow docs/causes.md.

    Parameters
    ----------
    s : SetFacts
        The set: its label, kind and metrics.
    session : SessionFacts
        The session, for its user context.

    Returns
    -------
    list of Cause
        One cause per id (the most likely where a rule fires twice), those with a likelihood of at
        least :data:`MIN_LIKELIHOOD`, most likely first, each with its evidence.
    """
    ctx = session.context
    m = s.metrics
    out: list[Cause] = []
    rise = m.end_to_start_ratio
    over = m.last_third_vs_rest
    fatigue = s.label in ("fatigue_tremor", "mixed")
    twitches = m.twitches_in_set + m.twitches_in_recovery
    # twitching, as the labels mean it: enough twitches in and after the set to call it fasciculations
    twitching = twitches if twitches >= MIN_TWITCHES else 0
    first_vs_rest = over / rise if over is not None and rise else None

    # docs/causes.md: 6-12 Hz power rises from the first to the last third (and the label says fatigue); a rise is
    # the labels' own (classify.rising: 1.5x or more out of chance), not any ratio over 1: a high flat set shows none
    if fatigue and rise is not None and rising(m):
        ev = [f"6-12 Hz power rose {_x(rise)} from the first to the last third of the set"]
        if (words := last_third_words(m, _x)) is not None:
            ev.append(words)
        if m.start_peak_hz and m.end_peak_hz and m.end_peak_hz < m.start_peak_hz - 0.3:
            ev.append(
                f"the tremor peak drifted from {m.start_peak_hz:.1f} to {m.end_peak_hz:.1f} Hz, as it does under load"
            )
        out.append(_make("neuromuscular_fatigue", 0.45 + 0.1 * min(max(rise, 1.0), 5.0), ev))
    elif fatigue and (words := last_third_words(m, _x)) is not None and not rise_shown(m):
        # labelled fatigue by its level where the tremor line left the band (set_labels.rise_shown)
        ev = [
            words,
            f"{_edge_words(m)} (a line drifting lower under load leaves the band), so the band could not show "
            "how far the tremor rose",
        ]
        out.append(_make("neuromuscular_fatigue", 0.5, ev))

    hold = s.kind == "hold" or ctx.get("exercise", "") in ("hold", "overhead", "unilateral", "plank")
    # a 1.5-2x rise within the thirds' chance scatter is no fatigue trend (set_labels.rise_within_chance): such a set
    # is high from its start as a steady one is, and its evidence says the rise is within chance
    chance = not fatigue and rise_within_chance(m)
    # docs/causes.md: 6-12 Hz power >= 3x rest from early in the set (its first third) without a (strong) rise
    if (
        first_vs_rest is not None
        and rise is not None
        and first_vs_rest >= STABILISER_OVER_REST
        and (rise < STRONG_RISE or chance)
    ):
        like = 0.35 + (0.25 if hold else 0.0) + (0.1 if ctx.get("beginner") else 0.0)
        ev = [
            (
                f"6-12 Hz power was {_x(first_vs_rest)} the rest baseline in the first third of the set, "
                f"and {chance_ratio(rise) if chance else _x(rise)} that by the last third"
            )
        ]
        if chance:
            ev.append(chance_words(m))
        if hold:
            ev.append("the set was a static hold" if s.kind == "hold" else f"exercise: {ctx['exercise']}")
        out.append(_make("stabiliser_demand", like, ev))

    if ctx.get("new_exercise") and s.kind == "reps":
        out.append(
            _make(
                "technique_learning",
                0.4 + (0.2 if fatigue else 0.0),
                ["you said the exercise is new", "the set was dynamic (reps)"],
            )
        )

    if m.twitches_in_recovery >= 2:
        ev = [f"{m.twitches_in_recovery} twitches in the rest after the set"]
        if m.recovery_rate_per_min is not None:
            ev.append(f"{m.recovery_rate_per_min:.1f} per minute of rest")
        like = 0.35 + (0.2 if fatigue else 0.0) + 0.03 * min(m.twitches_in_recovery, 10)
        out.append(_make("metabolic_byproducts", like, ev))

    # docs/causes.md: tremor or twitching in the first set; tremor as the labels and stabiliser rule mean it
    # (fatigue tremor, or 6-12 Hz power >= 3x rest), twitching as the fasciculation label means it
    if s.index == 1 and ctx.get("warm_up") is False:
        ev = ["you said no warm-up was done"]
        if fatigue or (m.power_vs_rest or 0.0) >= STABILISER_OVER_REST:
            ev.append(
                f"6-12 Hz tremor in the first set was {_x(m.power_vs_rest)} the rest baseline"
                if m.power_vs_rest is not None
                else "fatigue tremor in the first set"
            )
        if twitching:
            ev.append(f"{twitching} twitches in and after the first set")
        if len(ev) > 1:
            out.append(_make("no_warm_up", 0.5, ev))

    if twitching and ctx.get("statins"):
        out.append(
            _make(
                "statin_myopathy", 0.4, [f"{twitching} twitches in and after the set", "you listed statins"]
            )
        )

    if (
        twitching
        and ctx.get("soreness")
        and (ctx.get("days_since_hard") is None or 1 <= ctx["days_since_hard"] <= 5)
    ):
        ev = ["you reported sore muscles", f"{twitching} twitches in and after the set"]
        if ctx.get("days_since_hard") is not None:
            ev.append(f"{ctx['days_since_hard']:g} days after a hard session")
        out.append(_make("muscle_damage_doms", 0.45, ev))

    if s.label == "atypical_tremor" and m.oob_peak_hz is not None:
        out.append(
            _make(
                "see_a_clinician",
                0.5,
                [
                    f"a narrow tremor peak at {m.oob_peak_hz:.1f} Hz ({m.oob_band}), outside the 6-12 Hz physiological band, "
                    f"dominated the set ({_x(m.oob_vs_phys)} the 6-12 Hz power)",
                    "movement artefacts and equipment vibration can do this too",
                ],
            )
        )
    # docs/causes.md: elevated tremor from the start (the set's first third >= 3x rest) without a fatigue trend
    # (no strong rise through the set); a fatigue trend is fatigue's evidence, not sleep's or caffeine's
    early = first_vs_rest is not None and first_vs_rest >= STABILISER_OVER_REST
    if early and rise is not None and (rise < STRONG_RISE or chance):
        out.extend(c for c in _context_causes(ctx, session) if c.id == "sleep_stress_stimulants")
    return _ranked(out)


#: Harmonics of an out-of-band line that can fall in the 6-12 Hz band (a 4-6 Hz rest tremor's second, a 3 Hz one's third).
OOB_HARMONICS = (2, 3)


def harmonic_in_band(s: SetFacts) -> bool:
    """Whether an out-of-band episode in the set has a harmonic (:data:`OOB_HARMONICS`) in the 6-12 Hz band.

    A rest tremor re-emerging in a hold at 4-6 Hz puts its second harmonic at 8-12 Hz: the set's 6-12 Hz
    power then measures that harmonic (its size drawn afresh each set), not a fatigue tremor, and a trend
    of it across sets is no evidence of fatigue or of cold (red team, FINDINGS.md R3-3).

    Parameters
    ----------
    s : SetFacts
        The set, with the out-of-band episodes inside it.

    Returns
    -------
    bool
        True where such a harmonic lies in the band.
    """
    band = BANDS["physiological"]
    return any(band.low_hz <= k * e.peak_hz < band.high_hz for e in s.episodes for k in OOB_HARMONICS)


def session_causes(session: SessionFacts) -> list[Cause]:
    """Likely causes for the whole session: trends across sets, rest tremor, context.

    Parameters
    ----------
    session : SessionFacts
        The session: its sets, rest episodes, duration (s) and user context.

    Returns
    -------
    list of Cause
        One cause per id (the most likely where a rule fires twice), those with a likelihood of at
        least :data:`MIN_LIKELIHOOD`, most likely first, each with its evidence.
    """
    out: list[Cause] = []
    # a set holding an out-of-band episode whose harmonic lies in 6-12 Hz measures that harmonic there, not tremor
    # a set the recording opened inside shows only its late part: no trend reads it
    sets = [
        s for s in session.sets if s.metrics.assessable and not harmonic_in_band(s) and not s.start_unseen
    ]
    trend = session_trend(
        [(s.kind, s.metrics.power_vs_rest) for s in sets if s.metrics.power_vs_rest is not None]
    )
    if trend is not None and trend.direction == "grew":
        out.append(_make("neuromuscular_fatigue", 0.6, [_trend_words(trend)]))
        # docs/causes.md: tremor climbing across a long (> 60 min) session; fasted or low-carb raise it
        if session.duration_s > LONG_SESSION_S:
            ev = [f"tremor climbed across a {session.duration_s / 60:.0f}-minute session"]
            if session.context.get("fasted"):
                ev.append("you trained fasted")
            if session.context.get("low_carb"):
                ev.append("you eat low-carb")
            fuel = bool(session.context.get("fasted")) or bool(session.context.get("low_carb"))
            out.append(_make("glycogen_depletion", 0.35 + 0.2 * fuel, ev))
    if trend is not None and trend.direction == "settled":
        ev = [_trend_words(trend)]
        temp = session.context.get("temp_c")
        if temp is not None and temp < 12:
            out.append(_make("cold", 0.55, ev + [f"ambient {temp:g} degC"]))
        elif session.context.get("warm_up") is False:
            out.append(_make("no_warm_up", 0.5, ev + ["you said no warm-up was done"]))
        elif temp is None:
            out.append(_make("cold", 0.2, ev + ["no temperature given"]))
    # only the rests that could show a twitch: a rest that could not reads 0 per minute, which would fake a rise
    rates = [
        s.metrics.recovery_rate_per_min
        for s in session.sets
        if s.metrics.recovery_rate_per_min is not None and s.recovery_seen
    ]
    total_twitches = sum(s.metrics.twitches_in_set + s.metrics.twitches_in_recovery for s in session.sets)
    twitching_rests = sum(1 for r in rates if r > 0)
    if len(rates) >= 2 and total_twitches >= 4 and twitching_rests >= 2:
        half = len(rates) // 2
        early, late = sum(rates[:half]) / half, sum(rates[half:]) / (len(rates) - half)
        if late > early * 1.5 and late >= 1.0:
            ev = [f"twitching in the rests grew from {early:.1f} to {late:.1f} per minute over the session"]
            like = 0.35
            temp, fluid = session.context.get("temp_c"), session.context.get("fluid_l")
            if temp is not None and temp >= 28:
                ev.append(f"ambient {temp:g} degC")
                like += 0.15
            if fluid is not None and fluid < 0.3 * max(session.duration_s / 3600, 0.5):
                ev.append(f"only {fluid:g} l drunk")
                like += 0.15
            out.append(_make("dehydration_electrolytes", like, ev))
    upright = dict(session.upright)
    for ep in session.rest_episodes:
        seen = (
            f"a sustained rhythm at {ep.peak_hz:.1f} Hz ({ep.band}) at rest from {ep.start_s:.0f} to "
            f"{ep.end_s:.0f} s, outside the physiological band"
        )
        if ep in upright:
            # a bouncing leg, or a knee under the hand, moves the wrist the same way (tremor.core.upright_rest)
            share = upright[ep]
            seen += ", " + (
                (
                    f"moving the wrist along gravity ({share:.2f} of it) as a bouncing leg or a knee under the hand "
                    "would: one wrist sensor cannot tell it from a rest tremor"
                    if share is not None
                    else "its direction unknown (gravity removed from the data), so a bouncing leg or a knee under "
                    "the hand is not ruled out"
                )
                + "; re-test rested with the forearm supported on a table"
            )
        out.append(
            _make(
                "see_a_clinician",
                0.6,
                [
                    seen,
                    "one recording cannot tell a passing episode from a persistent one",
                    REST_RHYTHM_ALIKE,
                ],
            )
        )
    out.extend(_context_causes(session.context, session))
    return _ranked(out)


def _context_causes(ctx: dict[str, Any], session: SessionFacts) -> list[Cause]:
    out: list[Cause] = []
    ev: list[str] = []
    like = 0.0
    if ctx.get("sleep_h") is not None and ctx["sleep_h"] < 6:
        ev.append(f"{ctx['sleep_h']:g} h of sleep")
        like += 0.25
    if ctx.get("caffeine_mg") is not None and ctx["caffeine_mg"] >= 150:
        ev.append(f"{ctx['caffeine_mg']:g} mg of caffeine")
        like += 0.25
    if ctx.get("stress") is not None and ctx["stress"] >= 7:
        ev.append(f"stress {ctx['stress']:g}/10")
        like += 0.15
    rest, judged = session.rest_rms_mps2, session.cause_rest
    # an out-of-band rest tremor's harmonics and skirt are its own waveform, not a raised physiological tremor
    if rest is not None and judged is not None and judged.left_out:
        rest = judged.rms_mps2
    # a level far beyond any human rest tremor is a machine or a loose sensor, not sleep or caffeine
    if rest is not None and ELEVATED_REST_RMS < rest < IMPLAUSIBLE_REST_RMS:
        left_out = f" ({judged.left_out_words()})" if judged is not None and judged.left_out else ""
        ev.append(f"6-12 Hz tremor at rest was {rest:.3f} m/s^2 RMS, above the usual 0.01-0.05{left_out}")
        like += 0.3
    elif ev and rest is None and session.rest_rms_mps2 is not None and judged is not None:
        ev.append(
            f"the 6-12 Hz level at rest could not be judged: too little of the band is left after {judged.left_out_words()}"
        )
    if ev:
        out.append(_make("sleep_stress_stimulants", 0.15 + like, ev))
    return out


def _ranked(causes: list[Cause]) -> list[Cause]:
    best: dict[str, Cause] = {}
    for c in causes:
        if c.likelihood >= MIN_LIKELIHOOD and (c.id not in best or c.likelihood > best[c.id].likelihood):
            best[c.id] = c
    return sorted(best.values(), key=lambda c: -c.likelihood)
