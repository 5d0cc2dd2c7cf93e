"""Compare a tremor JSON report with the truth the red-team generator wrote.

``python3 benchmarks/redteam/check.py REPORT.json TRUTH.json`` prints one line per claim:
``FALSE`` (the report says something the truth contradicts), ``MISS`` (it leaves out something
true it should say) or ``ok``. Exit code 0 always; this is a reading aid, not a test.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def overlap(a: list[float], b: list[float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def check(rep: dict[str, Any], tr: dict[str, Any]) -> list[str]:
    out: list[str] = []
    sets = rep.get("sets", [])
    samp = rep["sampling"]
    fs = tr["fs"]
    # sampling rate and gaps
    rate = samp["rate_hz"]
    if abs(rate - fs) > 0.01 * fs:
        out.append(f"FALSE sampling.rate_hz {rate} but the data were sampled at {fs}")
    for g0, g1 in tr.get("gaps", []):
        if g1 - g0 < 3.5 / fs:
            continue
        hit = [g for g in samp["gaps"] if overlap([g["start_s"], g["end_s"]], [g0 - 0.1, g1 + 0.1]) > 0]
        if not hit:
            out.append(f"MISS dropout {g0:.2f}-{g1:.2f} s not in sampling.gaps")
    ass = samp["assessable"]
    if ass["physiological_band"] != (fs > 30):
        out.append(f"FALSE assessable.physiological_band={ass['physiological_band']} at {fs} Hz")
    if ass["fasciculations"] != (fs >= 100):
        out.append(f"FALSE assessable.fasciculations={ass['fasciculations']} at {fs} Hz")
    if tr.get("saturated_samples"):
        if not samp["saturation"]:
            out.append(
                f"MISS {tr['saturated_samples']} samples clipped at the sensor range, saturation empty"
            )
        else:
            out.append(f"ok saturation reported: {json.dumps(samp['saturation'])[:200]}")
    # sets
    true_sets = tr.get("sets")
    if true_sets is None and tr.get("sets_optional"):  # round five: holds (yoga poses) may be found as sets
        for s in sets:
            want = tr.get("set_labels")
            if want and s["label"] not in want:
                out.append(
                    f"FALSE set {s['index']} {s['start_s']:.1f}-{s['end_s']:.1f} s label={s['label']}, truth {want}"
                )
    elif true_sets is None:
        for s in sets:
            out.append(
                f"FALSE set {s['index']} {s['start_s']:.1f}-{s['end_s']:.1f} s kind={s['kind']} label={s['label']}:"
                " no strength set was done"
            )
    else:
        for i, (a, b) in enumerate(true_sets):
            m = [s for s in sets if overlap([s["start_s"], s["end_s"]], [a, b]) > 0.5 * (b - a)]
            if not m:
                out.append(f"MISS true set {a:.0f}-{b:.0f} s not found")
            else:
                s = m[0]
                err = max(abs(s["start_s"] - a), abs(s["end_s"] - b))
                if err > 2.0:
                    out.append(
                        f"FALSE set {s['index']} bounds {s['start_s']:.1f}-{s['end_s']:.1f} vs true {a:.0f}-{b:.0f}"
                    )
                want = tr["set_labels_each"][i] if "set_labels_each" in tr else tr.get("set_labels")
                if want and fs <= 30:
                    want = ["not_assessable"]  # 6-12 Hz needs fs > 30 Hz (docs/report.md)
                if s["label"] in ("mixed", "fasciculations") and tr.get("twitches_true", 0) == 0:
                    out.append(f"FALSE set {s['index']} label={s['label']}: no twitch was generated")
                elif want and s["label"] not in want:
                    out.append(f"FALSE set {s['index']} ({a:.0f}-{b:.0f}) label={s['label']}, truth {want}")
                pk = tr["peak_hz_each"][i] if "peak_hz_each" in tr else tr.get("peak_hz")  # round four
                ph = (s.get("tremor") or {}).get("peak_hz")
                if pk and ph is not None and not pk[0] <= ph <= pk[1]:
                    out.append(f"FALSE set {s['index']} peak_hz {ph} outside the true {pk}")
                need = tr.get("must_cause_in_sets")
                if (
                    need
                    and s["label"] in ("fatigue_tremor", "mixed")
                    and need not in [c["id"] for c in s["causes"]]
                ):
                    out.append(f"MISS set {s['index']} cause {need} not named")
        for a, b in true_sets:  # round three: a set cut in pieces (at a data gap, say)
            parts = [s for s in sets if overlap([s["start_s"], s["end_s"]], [a, b]) > 2.0]
            if len(parts) > 1:
                out.append(
                    f"FALSE true set {a:.0f}-{b:.0f} s reported as {len(parts)} sets: "
                    + ", ".join(f"{s['start_s']:.1f}-{s['end_s']:.1f}" for s in parts)
                )
            for g0, g1 in tr.get("gaps", []):
                if a < g0 < b and g1 - g0 >= 3.5 / fs and parts:
                    held = [g for s in parts for g in s.get("gaps", [])]
                    if not any(overlap([g["start_s"], g["end_s"]], [g0 - 0.1, g1 + 0.1]) > 0 for g in held):
                        out.append(
                            f"MISS gap {g0:.2f}-{g1:.2f} s inside true set {a:.0f}-{b:.0f} not in its sets[].gaps"
                        )
        if tr.get("not_walking"):
            for w in rep.get("walking", []):
                if any(overlap([w["start_s"], w["end_s"]], [a, b]) > 2.0 for a, b in true_sets):
                    out.append(
                        f"FALSE walking {w['start_s']:.1f}-{w['end_s']:.1f} s during a set (no walking was done)"
                    )
        for s in sets:
            if not any(overlap([s["start_s"], s["end_s"]], [a, b]) > 0 for a, b in true_sets):
                out.append(
                    f"FALSE extra set {s['index']} {s['start_s']:.1f}-{s['end_s']:.1f} label={s['label']}"
                )
    for s in sets:
        if s["label"] in tr.get("forbidden_labels_anywhere", []):
            t = s.get("tremor") or {}
            out.append(
                f"FALSE set {s['index']} {s['start_s']:.1f}-{s['end_s']:.1f} label={s['label']}"
                f" (peak {t.get('peak_hz')}, rms {t.get('rms_mps2')}, ratio {t.get('end_to_start_ratio')},"
                f" vs rest {t.get('power_vs_rest')})"
            )
        for c in s.get("causes", []):
            if c["id"] in tr.get("forbidden_causes", []):
                out.append(
                    f"FALSE set {s['index']} cause {c['id']} ({c['likelihood']}): {c['evidence'][:160]}"
                )
            if c["id"] in tr.get("unsupported_causes", []):
                out.append(
                    f"UNSUPPORTED set {s['index']} cause {c['id']} ({c['likelihood']}): {c['evidence'][:160]}"
                )
    for c in rep.get("session_causes", []):
        if c["id"] in tr.get("forbidden_causes", []):
            out.append(f"FALSE session cause {c['id']} ({c['likelihood']}): {c['evidence'][:200]}")
        if c["id"] in tr.get("unsupported_causes", []):
            out.append(f"UNSUPPORTED session cause {c['id']} ({c['likelihood']}): {c['evidence'][:200]}")
    # round three: a true rest tremor must be reported, with the re-test / clinician advice
    for a, b in tr.get("must_atypical_at_rest", []):
        eps = [e for e in rep.get("atypical_tremor", []) if overlap([e["start_s"], e["end_s"]], [a, b]) > 0]
        if not eps:
            out.append(
                f"MISS true rest tremor {a:.0f}-{b:.0f} s ({tr['rest_tremor_hz']:.2f} Hz) not reported"
            )
        for e in eps:
            if abs((e.get("peak_hz") or 0) - tr["rest_tremor_hz"]) > 0.6:
                out.append(f"FALSE episode peak {e.get('peak_hz')} Hz vs true {tr['rest_tremor_hz']:.2f}")
    need = tr.get("must_cause_session")
    if need:
        ids = [c["id"] for c in rep.get("session_causes", [])] + [
            c["id"] for s in sets for c in s.get("causes", [])
        ]
        out.append(
            ("ok" if need in ids else "MISS") + f" cause {need} {'named' if need in ids else 'not named'}"
        )
    if tr.get("walks") is not None:
        for a, b in tr["walks"]:
            cov = sum(overlap([w["start_s"], w["end_s"]], [a, b]) for w in rep.get("walking", []))
            out.append(
                f"{'ok' if cov >= 0.5 * (b - a) else 'MISS'} walk {a:.0f}-{b:.0f} s: {cov:.0f} s of it in `walking`"
            )
    if tr.get("not_walking_anywhere"):  # round five: no step was taken
        for w in rep.get("walking", []):
            out.append(f"FALSE walking {w['start_s']:.1f}-{w['end_s']:.1f} s (no walking was done)")
    if tr.get("machine_line_hz"):
        vl = [f"{v.get('freq_hz')} Hz {v.get('start_s')}-{v.get('end_s')}" for v in rep.get("vibration", [])]
        out.append(f"info machine lines true {tr['machine_line_hz']}, reported {vl}")
    if tr.get("no_atypical") and rep.get("atypical_tremor"):
        for e in rep["atypical_tremor"]:
            out.append(f"FALSE atypical_tremor {json.dumps(e)[:220]}")
    if tr.get("no_atypical_at_rest"):  # round eight: a tremor only in the sets (essential-tremor-like)
        for e in rep.get("atypical_tremor", []):
            if e.get("set_index") is None:
                out.append(f"FALSE atypical_tremor at rest {json.dumps(e)[:220]}")
    if tr.get("info_cause"):  # round eight: a cause the tool's rules need not name, but would help
        ids = {c["id"] for c in rep.get("session_causes", [])} | {
            c["id"] for s in sets for c in s.get("causes", [])
        }
        out.append(f"info cause {tr['info_cause']} {'named' if tr['info_cause'] in ids else 'not named'}")
    if tr.get("no_vibration") and rep.get("vibration"):
        for v in rep["vibration"]:
            out.append(
                f"FALSE vibration line {v.get('freq_hz')} Hz {v.get('start_s')}-{v.get('end_s')} (none present)"
            )
    # rest tremor level
    rest = rep.get("rest") or {}
    # (round three: only above 0.02 m/s^2, over the generated resting tremor's 0.010-0.018)
    if tr.get("no_rest_tremor_claim") and rest.get("rms_mps2") is not None and rest["rms_mps2"] > 0.02:
        out.append(
            f"UNSUPPORTED rest.rms_mps2 {rest['rms_mps2']} is vibration (a vehicle, a machine), reported as the rest tremor baseline"
        )
    # twitches
    tw = rep.get("fasciculations", [])
    n_true = tr.get("twitches_true", 0)
    lim = rep.get("twitch_detection_limit_mps2")
    times = tr.get("twitch_times")
    if times is not None:
        tol = tr.get("twitch_tol_s", 0.3)
        hit = sum(any(abs(e["t_s"] - c) < tol for e in tw) for c in times)
        false = [e for e in tw if not any(abs(e["t_s"] - c) < tol for c in times)]
        pk = tr.get("twitch_peaks")
        if pk and lim:
            for lo, hi in ((0, 1.0), (1.0, 1.5), (1.5, 99)):
                sel = [c for c, p in zip(times, pk) if lo <= p / lim < hi]
                got = sum(any(abs(e["t_s"] - c) < tol for e in tw) for c in sel)
                out.append(f"info twitches at {lo}-{hi}x the stated limit: {got}/{len(sel)} found")
        out.append(f"{'ok' if hit >= 0.8 * n_true else 'MISS'} twitches found {hit}/{n_true} (limit {lim})")
        for e in false:
            art = any(abs(e["t_s"] - c) < 0.5 for c in tr.get("artefact_times", []))
            out.append(
                f"FALSE twitch at {e['t_s']:.2f} s peak {e['peak_mps2']}{' = a knock/artefact' if art else ''}"
            )
    elif len(tw) > n_true:
        out.append(
            f"FALSE {len(tw)} twitches reported (truth {n_true}); first at "
            + ", ".join(f"{e['t_s']:.1f}s/{e['peak_mps2']:.2f}" for e in tw[:6])
        )
    return out


def main() -> None:
    with open(sys.argv[1]) as f:
        rep = json.load(f)
    with open(sys.argv[2]) as f:
        tr = json.load(f)
    res = check(rep, tr)
    bad = [r for r in res if not r.startswith("ok")]
    print(f"# {tr['command']}")
    for r in res:
        print(r)
    if not bad:
        print("ok: nothing false found")


if __name__ == "__main__":
    main()
