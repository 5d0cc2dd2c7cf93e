"""A stay whose still frames all stay under ``PEAK_OVER`` times its level holds no transient to read (h-live2).

:func:`tremor.core.posture_shift._at_rest_level` reads a stay's transients
(:func:`tremor.core.stay_transients.transient_frames`) only where the largest still power of its run reaches
:data:`~tremor.core.stay_transients.PEAK_OVER` times the level; a live check keeps that largest power per stay. A
transient must reach that height, so the reports are those of reading every stay's transients: checked here on
sessions with transients in stays (a hypnic jerk and a turn in bed, ``tests/core/test_sleep_turns.py``'s physics),
holds whose tremor rises in their last seconds (``tests/core/test_review_stay_transients.py``'s), and a seated
session's posture stays (``tests/core/test_posture_shifts.py``'s), each analysed with the shortcut and with the
shortcut's bound lowered to nothing (every stay read in full). A fresh seed each run, and fixed ones. The test can
fail: keeping the run's median still power instead of its largest fails the sleep-turn cases (2 of 7, checked).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core import test_review_stay_transients as rev
from tests.core import test_sleep_turns as sleep
from tests.core.test_posture_shifts import _near_plan, seated
from tests.run_entropy import fresh_entropy
from tremor.core import posture_shift
from tremor.core.analysis import analyze
from tremor.core.recording import Recording
from tremor.report.json_report import report_bytes, to_report

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)


def _both(rec: Recording, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    short = report_bytes(to_report(analyze(rec)))
    with monkeypatch.context() as m:
        m.setattr(posture_shift, "PEAK_OVER", -np.inf)  # every stay's transients read
        full = report_bytes(to_report(analyze(rec)))
    return short, full


@pytest.mark.parametrize("seed", [1, FRESH_SEED])
@pytest.mark.parametrize("held", [False, True])
def test_sleep_turns_report_as_read_in_full(seed: int, held: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    short, full = _both(sleep._session(100.0, seed, held), monkeypatch)
    assert short == full, seed


@pytest.mark.parametrize("seed", [1, FRESH_SEED])
def test_late_rising_hold_reports_as_read_in_full(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = rev._session(100.0, seed, (rev.RAISED, 60.0, rev._late(4.0, 5.0), 1.0), rev.ELSEWHERE)
    short, full = _both(rec, monkeypatch)
    assert short == full, seed


def test_seated_posture_stays_report_as_read_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    rec, _ = seated(FRESH_SEED, 50.0, _near_plan(np.random.default_rng(FRESH_SEED)))
    short, full = _both(rec, monkeypatch)
    assert short == full, FRESH_SEED
