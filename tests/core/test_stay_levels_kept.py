"""A live set check that keeps each hold's own levels between checks segments as one that reads them afresh.

:func:`tremor.core.sets.segment_sets` with a live memo keeps what :func:`tremor.core.posture_shift.stay_kind` and
:func:`tremor.core.phone_use.phone_use` read from a stay's own frames (its still frames, their median and means, its
bouts of movement, the rest poses beside it with the rest frames they came from, the phone-use burst test) under the
stay's run and span; the rest they are compared with changes at every check. Seated sessions with posture stays at
the rest's tremor, calm holds put back, light holds and fatigue holds (``tests/core/test_posture_shifts.py``'s
physics), fed to a live analyzer in chunks of 2-6 s and segmented after each with the memo and without; then an
earlier, shorter table (a summary in steps). Fixed seeds.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.live_feed import fed_in_chunks
from tests.core.test_posture_shifts import _near_plan, _short_plan, seated
from tremor.core.recording import SourceInfo
from tremor.core.sets import Segmentation, segment_sets
from tremor.core.stream import LiveAnalyzer


def _same(kept: Segmentation, fresh: Segmentation, where: object) -> None:
    assert repr((kept.sets, kept.walking, kept.unclear_stays, kept.phone, kept.rest_settled)) == repr(
        (fresh.sets, fresh.walking, fresh.unclear_stays, fresh.phone, fresh.rest_settled)
    ), where
    assert np.array_equal(kept.rest_mask, fresh.rest_mask), where
    assert repr(kept.rest_ref) == repr(fresh.rest_ref), where


@pytest.mark.parametrize(("seed", "plan"), [(3, _near_plan), (4, _short_plan)])
def test_kept_stay_levels_segment_as_fresh_ones(seed: int, plan) -> None:  # type: ignore[no-untyped-def]
    rec, _ = seated(seed, 50.0, plan(np.random.default_rng(seed)))
    t, acc = rec.time_s, rec.acc_mps2
    rng = np.random.default_rng(seed)
    an = LiveAnalyzer(SourceInfo("<simulated>", "simulated", "m/s^2"))
    read, unclear = 0, 0
    for i in fed_in_chunks(an, t, acc, rng, 100, 300):
        frames = an.frames
        if not len(frames):
            continue
        kw = {"end_s": float(t[min(i, t.size) - 1]), "gaps": an.gaps, "open_ends": True}
        kept = segment_sets(frames, memo=an.memo, **kw)
        _same(kept, segment_sets(frames, **kw), kw["end_s"])
        levels = an.memo.kept("stay levels", dict)
        read = max(read, sum("means" in v for v in levels.values()))  # stays at the rest's level, means kept
        unclear = max(unclear, len(kept.unclear_stays))
        if rng.random() < 0.1:  # an earlier, shorter table (a summary in steps)
            k = int(rng.integers(1, len(frames) + 1))
            earlier = frames.select(np.arange(len(frames)) < k)
            kw = {"end_s": float(earlier.t_s[-1]), "gaps": an.gaps}
            _same(segment_sets(earlier, memo=an.memo, **kw), segment_sets(earlier, **kw), k)
    print(f"seed {seed}: up to {read} stays with kept means, {unclear} unclear")
    assert read  # the kept path was taken: a stay at the rest's level judged again from what was kept
