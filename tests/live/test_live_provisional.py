"""Provisional set cards: issued within 1 s of the movement stopping, then confirmed (or withdrawn)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from live_helpers import emulated_stream, log_records, run, short_source

from tremor.core.analysis import analyze
from tremor.io import read_recording
from tremor.live.display import LiveDisplay, format_card
from tremor.live.session import LiveSession
from tremor.live.set_decisions import SetCard
from tremor.live.sources import DEVICE_T0_NS, EmulatorSource
from tremor.live.stillness import StillnessProbe
from tremor.report.json_report import to_report
from tremor.sim.session import simulate_session

G = 9.80665


def _events_run(source, log, pace):
    events = []

    async def main():
        async with emulated_stream(source, pace=pace) as (_, stream):
            session = LiveSession(stream, log, on_event=lambda k, p: events.append((session.time_s, k, p)))
            result = await session.run()
            return session, result

    session, result = run(main())
    return session, result, events


def test_provisional_card_within_one_second_of_the_true_end_then_the_batch_card(tmp_path):
    source = short_source(110.0)  # seed 3: rest, then a calm hold at 47.6-95.1 s, then rest
    truth = simulate_session(seed=3, fs_hz=100.0, labels=["calm", "fasciculations"]).truth.sets[0]
    log = tmp_path / "prov.tlog"
    session, _, events = _events_run(source, log, pace=25.0)

    prov = [(t, p) for t, k, p in events if k == "card_provisional"]
    assert len(prov) == 1, [(t, k) for t, k, _ in events]
    t_prov, pcard = prov[0]
    # issued within 1 s (session time) of the simulated set's true end, not before it
    assert truth.end_s <= t_prov <= truth.end_s + 1.0
    assert pcard.printed_session_s == t_prov
    assert abs(pcard.end_s - truth.end_s) < 0.5 and abs(pcard.start_s - truth.start_s) < 1.0
    assert pcard.label != "?" and pcard.report["label"] == pcard.label
    assert not any(k == "card_withdrawn" for _, k, _ in events)

    # the confirmed card replaces it, later, and is what `tremor analyze` finds in the log
    cards = [(t, p) for t, k, p in events if k == "card"]
    assert len(cards) == 1
    t_conf, card = cards[0]
    assert t_conf > t_prov and card.replaces is pcard and pcard.status == "confirmed"
    assert card.status == "confirmed" and card.final
    batch = analyze(read_recording(log))
    assert len(batch.sets) == 1
    b = batch.sets[0]
    assert (card.start_s, card.end_s, card.label) == pytest.approx((b.span.start_s, b.span.end_s, b.label))
    entry = to_report(batch)["sets"][0]
    assert card.report["label"] == entry["label"] and card.report["kind"] == entry["kind"]
    for key in ("peak_hz", "rms_mps2", "power_vs_rest"):
        assert card.report["tremor"][key] == pytest.approx(entry["tremor"][key], rel=0.02, abs=1e-3), key
    assert [c["id"] for c in card.report["causes"]] == [c["id"] for c in entry["causes"]]
    assert sum(r.startswith("M ") and " auto " in r for r in log_records(log)) == 2  # only the confirmed set
    assert session.provisional_cards == [pcard]


def _synthetic(segments, fs=100.0, seed=1):
    """Chunks from (kind, seconds) pieces: 'rest' (still, wrist flat) or 'move' (tilted 60 deg, 1 Hz swings)."""
    rng = np.random.default_rng(seed)
    parts = []
    for kind, dur in segments:
        n = round(dur * fs)
        t = np.arange(n) / fs
        if kind == "rest":
            acc = np.tile([0.0, 0.0, G], (n, 1))
        else:
            ang = np.radians(60.0)
            acc = np.tile([G * np.sin(ang), 0.0, G * np.cos(ang)], (n, 1))
            acc[:, 0] += 1.5 * np.sin(2 * np.pi * 1.0 * t)
        parts.append(acc + rng.normal(0, 0.02, (n, 3)))
    acc = np.concatenate(parts)
    per = 5
    chunks = [(DEVICE_T0_NS + round(i * 1e9 / fs), acc[i : i + per]) for i in range(0, acc.shape[0], per)]
    return EmulatorSource(fs, acc.shape[0] / fs, "synthetic", chunks)


def test_a_pause_inside_a_set_withdraws_the_provisional_card(tmp_path):
    # rest 20 s, move 12 s, a 0.9 s pause at rest (shorter than JOIN_S: the same set), move 6 s, rest 14 s
    source = _synthetic([("rest", 20.0), ("move", 12.0), ("rest", 0.9), ("move", 6.0), ("rest", 14.0)])
    _, live, events = _events_run(source, tmp_path / "pause.tlog", pace=20.0)
    kinds = [(round(t, 2), k) for t, k, _ in events if k.startswith("card") and k != "card_final"]
    prov = [(t, p) for t, k, p in events if k == "card_provisional"]
    withdrawn = [(t, p) for t, k, p in events if k == "card_withdrawn"]
    assert len(prov) == 2 and len(withdrawn) == 1, kinds
    (t_first, first), (t_second, second) = prov
    assert 32.0 <= t_first <= 33.0 and withdrawn[0][1][0] is first and first.status == "withdrawn"
    assert "went on" in withdrawn[0][1][1]
    assert 38.9 <= t_second <= 39.9 and t_first < withdrawn[0][0] < t_second  # the set really ends at 38.9 s
    cards = [p for _, k, p in events if k == "card"]
    assert len(cards) == 1 and cards[0].replaces is second
    assert abs(cards[0].start_s - 20.0) < 1.0 and abs(cards[0].end_s - 38.9) < 1.0
    assert [(s.span.start_s, s.span.end_s) for s in live.sets] == [(cards[0].start_s, cards[0].end_s)]


def test_stillness_probe_needs_rest_orientation_and_stillness():
    fs = 100.0
    t = np.arange(100) / fs
    probe = StillnessProbe()
    probe.rest_ref = np.array([0.0, 0.0, 1.0])
    probe.add(t, np.tile([0.0, 0.0, G], (100, 1)) + np.random.default_rng(0).normal(0, 0.05, (100, 3)))
    assert probe.still_at_rest()
    tilted = StillnessProbe()
    tilted.rest_ref = np.array([0.0, 0.0, 1.0])
    tilted.add(t, np.tile([G * np.sin(1.0), 0.0, G * np.cos(1.0)], (100, 1)))  # a hold, 57 deg away
    assert not tilted.still_at_rest()
    moving = StillnessProbe()
    moving.add(t, np.column_stack([2.0 * np.sin(2 * np.pi * t), np.zeros(100), np.full(100, G)]))
    assert not moving.still_at_rest()
    short = StillnessProbe()
    short.add(t[:30], np.tile([0.0, 0.0, G], (30, 1)))
    assert not short.still_at_rest()  # less than the window


def test_display_marks_provisional_confirmed_and_withdrawn_cards():
    rep = {
        "kind": "hold",
        "tremor": {"peak_hz": 10.1, "rms_mps2": 0.03},
        "fasciculations": {"in_set": 0},
        "causes": [],
    }
    prov = SetCard(
        index=1, source="auto", start_s=47.3, end_s=95.0, label="calm", report=rep, status="provisional"
    )
    conf = SetCard(
        index=1, source="auto", start_s=47.3, end_s=95.2, label="fasciculations", report=rep, replaces=prov
    )
    text = "\n".join(format_card(prov))
    assert "calm (provisional)" in text and "recovery" not in text
    text = "\n".join(format_card(conf))
    assert "fasciculations (confirmed)" in text
    assert "replaces the provisional card (span was 47.3-95.0 s, label was calm)" in text
    out = io.StringIO()
    display = LiveDisplay(plain=True, out=out)
    display.handle_event("card_provisional", prov)
    prov.status = "withdrawn"
    display.handle_event("card_withdrawn", (prov, "the movement went on past 95.0 s"))
    printed = out.getvalue()
    assert "(provisional)" in printed and "set 1: provisional card withdrawn (the movement went on" in printed
