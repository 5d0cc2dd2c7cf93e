"""How a set's twitch counts read in the reports: a count, or a mark where no twitch could have been seen.

Twitches are judged while the wrist is still and the device worn, against a detection limit. The JSON report
says per set whether its body and its recovery could show one (``in_set_assessable``,
``in_recovery_assessable``, from :meth:`tremor.core.analysis.AnalysisResult.twitches_seen`); the terminal
summary, the HTML report and the live card print a count of none only there.
"""

from __future__ import annotations

from typing import Any

__all__ = ["UNSEEN_HTML", "total_twitch_text", "twitch_card_metrics", "twitch_count_text"]

#: How the HTML report shows a count where no twitch could have been seen.
UNSEEN_HTML = "–"


def twitch_count_text(fasciculations: dict[str, Any], where: str, unseen: str = "-") -> str:
    """A set's twitch count as printed: the number, or ``unseen`` where no twitch could have been seen.

    A count above zero is shown wherever it comes from (those twitches were seen); a zero only where the span
    could show a twitch (reports without the ``*_assessable`` keys: wherever fasciculations are assessable).

    Parameters
    ----------
    fasciculations : dict
        A set's ``fasciculations`` entry of the JSON report.
    where : {"in_set", "in_recovery"}
        Which count.
    unseen : str
        What to print where no twitch could have been seen there.

    Returns
    -------
    str
        The count, or ``unseen``.
    """
    if not fasciculations.get("assessable", True):
        return unseen
    count = int(fasciculations.get(where, 0))
    return str(count) if count > 0 or fasciculations.get(f"{where}_assessable", True) else unseen


def total_twitch_text(fasciculations: dict[str, Any], unseen: str = UNSEEN_HTML) -> str:
    """A set's twitch count, body plus recovery, or ``unseen`` where neither could show a twitch.

    Parameters
    ----------
    fasciculations : dict
        A set's ``fasciculations`` entry of the JSON report.
    unseen : str
        What to print where no twitch could have been seen in the set or its recovery.

    Returns
    -------
    str
        The count, or ``unseen``.
    """
    seen = [twitch_count_text(fasciculations, w, unseen) for w in ("in_set", "in_recovery")]
    return unseen if all(x == unseen for x in seen) else str(fasciculations["count"])


def twitch_card_metrics(fasciculations: dict[str, Any]) -> list[tuple[str, str]]:
    """The twitch rows of a set's HTML card: counts in the set and its recovery, the recovery rate, and why a
    count is marked where no twitch could have been seen.

    Parameters
    ----------
    fasciculations : dict
        A set's ``fasciculations`` entry of the JSON report.

    Returns
    -------
    list of (str, str)
        (name, value) rows.
    """
    fa = fasciculations
    if not fa["assessable"]:
        return [("twitches", "not assessable (needs 100 Hz)")]
    counts = [twitch_count_text(fa, w, UNSEEN_HTML) for w in ("in_set", "in_recovery")]
    rate = fa["recovery_rate_per_min"]
    rows = [
        ("twitches in set / recovery", " / ".join(counts)),
        # no rate where the recovery could not show a twitch: 0.0 per min would claim none were there
        ("twitches per min of recovery", "–" if rate is None or counts[1] == UNSEEN_HTML else f"{rate:.1f}"),
    ]
    if UNSEEN_HTML in counts:
        rows.append(
            (
                f"twitch count {UNSEEN_HTML}",
                "none could be seen there: the wrist never still, or shaking raised the detection limit",
            )
        )
    return rows
