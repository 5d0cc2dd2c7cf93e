"""The two-wrist report: `tremor analyze LEFT RIGHT --pair --html/--png`, its content and output safety."""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the HTML/PNG reports need matplotlib")

from test_htmlreport import PNG_MAGIC, parse, png_size

from tremor.cli.main import main
from tremor.core.analysis import analyze
from tremor.core.pairing import IMBALANCE_POWER_RATIO, compare_pair
from tremor.report.pair_html import render_pair_html, render_pair_png
from tremor.sim.pair import simulate_pair

DELAY_S = 3.0


def _pair(scale: float, *, labels: list[str], path_left: str | None = None):
    p = simulate_pair(
        seed=5, fs_hz=100.0, labels=labels, right_tremor_scale=scale, right_start_delay_s=DELAY_S
    )
    left_rec, right_rec = p.left.recording, p.right
    if path_left is not None:
        left_rec = replace(left_rec, source=replace(left_rec.source, path=path_left))
    return p, left_rec, right_rec


@pytest.fixture(scope="module")
def imbalanced():
    """Seed 5, a calm and a fatigue set; the right side's tremor 4x the left's in the sets."""
    _, lr, rr = _pair(4.0, labels=["calm", "fatigue_tremor"])
    left, right = analyze(lr), analyze(rr)
    return left, right, compare_pair(left, right)


def test_pair_page_shows_each_compared_set_the_alignment_and_the_imbalance(imbalanced):
    left, right, pair = imbalanced
    page = render_pair_html(left, right, pair)
    tags = parse(page)
    assert len(pair.sets) == 2
    main_attrs = next(a for t, a in tags.tags if t == "main")
    assert main_attrs["data-schema"] == "tremor.pair/1" and main_attrs["data-imbalance"] == "named"
    assert main_attrs["data-sets-compared"] == "2"
    rows = [a for t, a in tags.tags if t == "tr" and "data-left-set" in a]
    assert [(r["data-left-set"], r["data-right-set"]) for r in rows] == [
        (str(c.left.index), str(c.right.index)) for c in pair.sets
    ]
    assert all(r["data-tremor-higher"] == "right" for r in rows)
    for c in pair.sets:
        # the ratio against the 2x threshold, both sides' levels and labels
        x = 1.0 / c.power_ratio
        assert f"right {x:.1f}x higher (threshold {IMBALANCE_POWER_RATIO:g}x)" in page
        assert f"<td>{c.left.index}/{c.right.index}</td>" in page
        assert f">{c.left.rms_mps2:.3f}<" in page and f">{c.right.rms_mps2:.3f}<" in page
        assert c.left.label.replace("_", " ") in page and c.right.label.replace("_", " ") in page
    # the alignment: method and offset (right starts 3 s after the left)
    assert pair.alignment.method == "movement"
    assert re.search(r"<th>method</th><td>movement</td>", page)
    off = re.search(r"<th>offset \(right start on the left timeline\)</th><td>([+-][\d.]+) s</td>", page)
    assert off and float(off.group(1)) == pytest.approx(DELAY_S, abs=0.25)
    # the verdict, its evidence in numbers and the advice
    (cause,) = pair.causes
    assert 'data-cause="muscle_imbalance"' in page
    assert cause.evidence in page.replace("&#x27;", "'") and cause.advice in page.replace("&#x27;", "'")
    assert "Muscle imbalance named" in page
    # self-contained: one embedded PNG, no scripts, nothing loaded from anywhere
    imgs = [a for t, a in tags.tags if t == "img"]
    assert len(imgs) == 1 and imgs[0]["src"].startswith("data:image/png;base64,")
    w, h = png_size(base64.b64decode(imgs[0]["src"].split(",", 1)[1]))
    assert w >= 900 and h >= 500
    assert "<script" not in page.lower() and "default-src 'none'" in page


def test_pair_png_is_a_valid_image_marked_as_tremor_s(imbalanced):
    data = render_pair_png(*imbalanced)
    assert data[:8] == PNG_MAGIC
    assert b"IEND" in data[-12:]
    assert png_size(data) == (1100, 620)
    assert b"Generator\x00tremor" in data  # so a later run may replace it


def test_balanced_pair_says_imbalance_not_named_and_why():
    _, lr, rr = _pair(1.0, labels=["fatigue_tremor"])
    left, right = analyze(lr), analyze(rr)
    pair = compare_pair(left, right)
    page = render_pair_html(left, right, pair, figures=False)
    parse(page)
    assert 'data-imbalance="not-named"' in page and "Muscle imbalance not named" in page
    assert "no marked left/right difference" in page
    assert 'data-tremor-higher=""' in page and f"within {IMBALANCE_POWER_RATIO:g}x" in page
    assert "<img" not in page


def test_pair_page_escapes_text_from_the_files():
    _, lr, rr = _pair(1.0, labels=["calm"], path_left='<img src=x onerror="alert(1)">&.csv')
    left, right = analyze(lr), analyze(rr)
    page = render_pair_html(left, right, compare_pair(left, right), figures=False)
    parse(page)
    assert "<img src=x" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;.csv" in page


# ------------------------------------------------------------------------------------------ the CLI
def _csv(path: Path, rec) -> Path:
    lines = ['"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"']
    lines += [f"{t:.5f},{a[0]:.5f},{a[1]:.5f},{a[2]:.5f}" for t, a in zip(rec.time_s, rec.acc_mps2)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def pair_csvs(tmp_path_factory):
    d = tmp_path_factory.mktemp("pair")
    _, lr, rr = _pair(3.0, labels=["fatigue_tremor"])
    return _csv(d / "left.csv", lr), _csv(d / "right.csv", rr)


def test_cli_pair_html_and_png(tmp_path, capsys, pair_csvs):
    left, right = pair_csvs
    html_path, png_path, js = tmp_path / "pair.html", tmp_path / "pair.png", tmp_path / "pair.json"
    argv = ["analyze", str(left), str(right), "--pair", "--html", str(html_path), "--png", str(png_path)]
    assert main([*argv, "--json", str(js)]) == 0
    out = capsys.readouterr().out
    assert f"HTML report written to {html_path}" in out and f"figure written to {png_path}" in out
    page = html_path.read_text(encoding="utf-8")
    parse(page)
    assert 'data-imbalance="named"' in page and 'data-tremor-higher="right"' in page
    assert "left.csv" in page and "right.csv" in page
    data = png_path.read_bytes()
    assert data[:8] == PNG_MAGIC and png_size(data) == (1100, 620)
    # tremor's own outputs are replaced on a second run
    assert main([*argv, "-q"]) == 0


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("html_is_input", "is the input"),
        ("png_is_input", "is the input"),
        ("foreign_html", "exists and was not written by tremor"),
        ("foreign_png", "exists and was not written by tremor"),
        ("same_file", "name the same file"),
        ("png_stdout", "--png with --pair needs a file name"),
        ("png_folder", "is a folder"),
    ],
)
def test_cli_pair_outputs_are_checked_before_any_work(tmp_path, capsys, pair_csvs, which, message):
    left, right = pair_csvs
    html_path, png_path = tmp_path / "pair.html", tmp_path / "pair.png"
    if which == "html_is_input":
        html_path = right
    elif which == "png_is_input":
        png_path = left
    elif which == "foreign_html":
        html_path.write_text("<p>my notes</p>")
    elif which == "foreign_png":
        png_path.write_bytes(PNG_MAGIC + b"someone else's picture")
    elif which == "same_file":
        png_path = html_path
    elif which == "png_stdout":
        png_path = Path("-")
    elif which == "png_folder":
        png_path.mkdir()
    before = {p: p.read_bytes() for p in (left, right, html_path, png_path) if p.is_file()}
    argv = ["analyze", str(left), str(right), "--pair", "--html", str(html_path), "--png", str(png_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in before} == before  # nothing touched
    if which in ("foreign_html", "foreign_png"):
        assert main([*argv, "--force", "-q"]) == 0
        assert html_path.read_text().startswith("<!DOCTYPE html>") and png_path.read_bytes()[:8] == PNG_MAGIC
    else:
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            p.name for p in (html_path, png_path) if p.parent == tmp_path and p.exists()
        )


def test_unaligned_pair_says_nothing_was_compared(imbalanced):
    from dataclasses import replace as dc_replace

    from tremor.core.pairing import Alignment

    left, right, pair = imbalanced
    why = "no wall-clock start on both recordings, and too little movement to line them up by"
    lost = dc_replace(
        pair,
        alignment=Alignment(None, "none", None, 0.0, why),
        sets=(),
        unmatched_left=tuple(s.span.index for s in left.sets),
        unmatched_right=tuple(s.span.index for s in right.sets),
        causes=(),
        notes=(f"the timelines could not be aligned ({why}); sets are not compared",),
    )
    page = render_pair_html(left, right, lost)
    parse(page)
    assert 'data-imbalance="not-named"' in page and "Muscle imbalance cannot be judged" in page
    assert "No set was seen by both sensors" in page and "<th>method</th><td>none</td>" in page
    assert "Seen by one sensor only: left set(s) 1, 2; right set(s) 1, 2." in page
    assert render_pair_png(left, right, lost)[:8] == PNG_MAGIC
