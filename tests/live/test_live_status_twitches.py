"""The live status's twitch rate counts only the twitches the report keeps, and says which are provisional.

A twitch candidate the summary leaves out (here: 0.2-0.6 s after a posture change, where the frames
around it still hold the movement) must not be counted; one it keeps is counted, as provisional
until a summary has judged it.
"""

from __future__ import annotations

import secrets

import numpy as np
import pytest
from live_helpers import random_chunks

from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo
from tremor.core.stream import LiveAnalyzer, LiveStatus
from tremor.live.display import status_line
from tremor.live.session_view import LinkQuality, LiveView, SessionState

G = 9.80665


def _pose_change_then_twitch(delay_s: float, seed: int, fs: float = 100.0) -> Recording:
    """Still, then the forearm turns 70 deg in 1.5 s, then a 20 Hz twitch ``delay_s`` after the turn ends.

    The twitch detector sees a brief transient (its own movement rule looks 0.3 s around it); the
    frames around it (2 s windows) still hold the turn: the report keeps the twitch only where the
    wrist was still around it (0.8 s or more after the turn here; 0.2-0.6 s: not kept).
    """
    rng = np.random.default_rng(seed)
    t = np.arange(int(60.0 * fs)) / fs
    x = np.clip((t - 30.0) / 1.5, 0.0, 1.0)
    ang = np.deg2rad(70.0) * x * x * (3.0 - 2.0 * x)
    acc = np.stack([np.zeros_like(t), G * np.sin(ang), G * np.cos(ang)], axis=1)
    acc += rng.normal(0.0, 0.006, acc.shape)
    acc[:, 1] += 0.008 * np.sin(2 * np.pi * 9.3 * t + rng.uniform(0.0, 2 * np.pi))  # rest tremor
    tc = 31.5 + delay_s
    w = np.abs(t - tc) < 0.05
    acc[w, 2] += 0.4 * np.sin(2 * np.pi * 20.0 * (t[w] - tc)) * np.cos(np.pi * (t[w] - tc) / 0.1) ** 2
    return Recording(t, acc, True, SourceInfo(path="<pose-change>", format="simulated", units="m/s^2"))


def _view(status: LiveStatus) -> LiveView:
    return LiveView(
        state=SessionState.STREAMING,
        device="test",
        time_s=status.time_s,
        status=status,
        set_state="rest",
        set_source=None,
        set_elapsed_s=None,
        rest_elapsed_s=1.0,
        n_sets=0,
        link=LinkQuality("streaming", 100.0, 10, 0, 0, 0, 0, 0, 0),
        card=None,
        log_path=None,
        auto_sets=False,
    )


@pytest.mark.parametrize(("delay_s", "kept"), [(0.3, False), (0.5, False), (1.0, True), (1.3, True)])
def test_status_twitch_rate_counts_only_what_the_report_keeps(delay_s, kept):
    seed = secrets.randbits(32)
    print(f"noise and chunk seed {seed}")
    rec = _pose_change_then_twitch(delay_s, seed)
    batch = analyze(rec)
    assert len(batch.twitches) == int(kept)
    live = LiveAnalyzer(source=rec.source, gravity_included=True)
    rng = np.random.default_rng(seed)
    seen_candidate = judged = False
    for a, b in random_chunks(rec.time_s.size, rng):
        found = live.update(rec.time_s[a:b], rec.acc_mps2[a:b])
        seen_candidate = seen_candidate or any(tr.kind == "twitch" for tr in found)
        if not seen_candidate:
            continue
        st = live.status()
        assert st.twitches_last_min == int(kept), (st.time_s, st)
        if not judged:  # no summary yet: a twitch counted is provisional, and the status line says so
            assert st.twitches_provisional == int(kept)
            assert ("provisional" in status_line(_view(st))) == kept
            if rng.random() < 0.2:
                live.result()
                judged = True
        else:  # the summary judged it: counted as the report counts it, no longer provisional
            assert st.twitches_provisional == 0 and "provisional" not in status_line(_view(st))
    assert seen_candidate  # the detector's candidate was there to be counted (or not)
    final = live.finish()
    assert len(final.twitches) == int(kept)
