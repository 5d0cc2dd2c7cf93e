"""Readable titles of the cause ids, kept apart from the HTML page so that the text summary
(:func:`tremor.report.json_report.cause_words`) does not import matplotlib's figure code for them."""

from __future__ import annotations

__all__ = ["CAUSE_TITLES", "cause_title"]

#: Readable titles of the cause ids of :data:`tremor.core.causes.CAUSES`.
CAUSE_TITLES: dict[str, str] = {
    "neuromuscular_fatigue": "Neuromuscular fatigue",
    "stabiliser_demand": "Stabiliser demand",
    "technique_learning": "Learning the technique",
    "glycogen_depletion": "Glycogen depletion",
    "dehydration_electrolytes": "Dehydration or electrolytes",
    "metabolic_byproducts": "Metabolic by-products",
    "sleep_stress_stimulants": "Sleep, stress or stimulants",
    "overtraining_cns": "Overtraining (nervous system)",
    "cold": "Cold",
    "no_warm_up": "No warm-up",
    "muscle_damage_doms": "Muscle damage (DOMS)",
    "statin_myopathy": "Statin side effects",
    "muscle_imbalance": "Muscle imbalance",
    "see_a_clinician": "Re-test, then see a clinician if it persists",
}


def cause_title(cid: str) -> str:
    """Readable title of a cause id.

    Parameters
    ----------
    cid : str
        A cause id of :data:`tremor.core.causes.CAUSES`.

    Returns
    -------
    str
        Its title, or the id in words for an id without one.
    """
    return CAUSE_TITLES.get(cid, cid.replace("_", " ").capitalize())
