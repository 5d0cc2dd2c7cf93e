"""The HTML report and PNG figures: content, escaping, self-containment, atomic writes, CLI options."""

from __future__ import annotations

import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib", reason="the HTML/PNG reports need matplotlib")

from conftest import quiet_recording

from tremor.cli.main import main
from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SetMarker, SourceInfo
from tremor.errors import InputError
from tremor.report import html_report as htmlreport
from tremor.report import plots as _plots

REPO = Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class _Tags(HTMLParser):
    """Collects start tags with their attributes, and checks that every opened element is closed."""

    VOID = frozenset({"meta", "img", "br", "hr", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (
            f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        )
        self.stack.pop()


def parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    p.close()
    assert p.stack == [], f"unclosed elements: {p.stack}"
    return p


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def page(sim_result) -> str:
    return htmlreport.render_html(sim_result)


def test_page_has_a_card_per_set_with_label_metrics_figure_and_causes(page, sim_result):
    tags = parse(page)
    cards = [a for t, a in tags.tags if t == "article" and "set-card" in (a.get("class") or "")]
    assert [int(a["data-set-index"]) for a in cards] == [s.span.index for s in sim_result.sets]
    assert [a["data-label"] for a in cards] == [s.label for s in sim_result.sets]
    assert re.search(r'<main id="report"[^>]*data-sets="4"', page)
    # every set's likely causes appear as cards with their evidence and advice
    for s in sim_result.sets:
        for c in s.causes:
            assert f'data-cause="{c.id}"' in page
            assert c.advice in page
    assert "fatigue ratio (last / first third)" in page
    # the notes on data quality
    for note in sim_result.notes:
        assert note.replace("'", "&#x27;") in page
    assert 'id="notes"' in page and 'id="timeline"' in page


def test_page_is_self_contained(page):
    tags = parse(page)
    imgs = [a for t, a in tags.tags if t == "img"]
    assert len(imgs) == 1 + 4  # timeline + one per set
    for a in imgs:
        assert a["src"].startswith("data:image/png;base64,")
        assert a.get("alt")
    for t, a in tags.tags:
        for attr in ("src", "href"):
            v = a.get(attr) or ""
            assert not re.match(r"(?i)(https?:|//|file:)", v), f"<{t} {attr}={v[:40]}> loads something"
    assert "<script" not in page.lower()
    assert "default-src 'none'" in page  # the CSP forbids any network load


def test_embedded_figures_are_valid_pngs(page):
    import base64

    for uri in re.findall(r'src="data:image/png;base64,([^"]+)"', page):
        w, h = png_size(base64.b64decode(uri))
        assert w >= 900 and h >= 300


def test_text_from_the_file_is_escaped():
    rec = quiet_recording(fs=100, seconds=40, path='<img src=x onerror="alert(1)">&"sets".csv')
    result = analyze(rec, markers=[SetMarker(12.0, 26.0)], context={"exercise": "<b>plank</b>"})
    page = htmlreport.render_html(result, figures=False)
    assert "<img src=x" not in page and "<b>plank" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;sets&quot;.csv" in page
    parse(page)


def test_low_rate_session_says_what_was_not_assessed(tmp_path):
    result = analyze(quiet_recording(fs=12.5, seconds=60), markers=[SetMarker(20.0, 40.0)])
    assert result.sets and result.sets[0].label == "not_assessable"
    page = htmlreport.render_html(result)
    assert "not assessable (the sampling rate cannot show 6-12 Hz)" in page
    assert "twitches</dt><dd>not assessable (needs 100 Hz)" in page
    assert "physiological tremor band needs more than" in page
    paths = htmlreport.write_png_figures(result, tmp_path / "figs")
    assert [p.name for p in paths] == ["timeline.png", "set-01.png"]


def test_no_sets(tmp_path):
    result = analyze(quiet_recording(fs=100, seconds=30))
    page = htmlreport.render_html(result)
    assert 'data-sets="0"' in page and "No sets found: the whole recording was analysed as rest." in page
    assert "set-card" not in page.replace(".set-card", "")


def test_no_sets_with_movement_is_not_called_all_rest():
    """Three 3 s fidgets (0.8 m/s^2 at 1.3 Hz, too brief to make a set) in 120 s of rest. Before, the page said "the
    whole recording was analysed as rest" (as on the real swim recordings, whose notes say they were not); now it
    says what the analysis's note says: the moving stretches were neither tremor nor rest."""
    rng = np.random.default_rng(0)
    t = np.arange(12000) / 100.0
    acc = 0.01 * rng.normal(size=(t.size, 3))
    acc[:, 2] += 9.81
    for a in (20.0, 60.0, 95.0):
        m = (t >= a) & (t < a + 3.0)
        acc[m, 0] += 0.8 * np.sin(2 * np.pi * 1.3 * t[m])
    result = analyze(Recording(t, acc, True, SourceInfo("<fidget>", "generic_csv", "m/s^2")))
    page = htmlreport.render_html(result, figures=False)
    assert not result.sets and "whole recording was analysed as rest" not in page
    assert (
        "moving too briefly or gently to make a set were neither measured as tremor nor used as rest" in page
    )


def test_write_png_figures_names_and_content(tmp_path, sim_result):
    out = tmp_path / "new" / "figs"
    paths = htmlreport.write_png_figures(sim_result, out)
    assert [p.name for p in paths] == ["timeline.png", "set-01.png", "set-02.png", "set-03.png", "set-04.png"]
    for p in paths:
        w, h = png_size(p.read_bytes())
        assert w == 1100 and h >= 400
    assert sorted(x.name for x in out.iterdir()) == sorted(p.name for p in paths)  # no temp files left


def test_png_folder_that_is_a_file(tmp_path, sim_result):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(InputError, match="--png: .* is a file"):
        htmlreport.write_png_figures(sim_result, f)


def test_failed_write_leaves_no_partial_file(tmp_path, sim_result, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old report")
    calls = {"n": 0}
    real = _plots.png_bytes

    def failing(fig, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full while rendering")
        return real(fig, **kw)

    monkeypatch.setattr(_plots, "png_bytes", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        htmlreport.write_html_report(sim_result, target)
    assert target.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_html_into_missing_folder_is_an_input_error(tmp_path, sim_result):
    with pytest.raises(InputError, match="does not exist"):
        htmlreport.write_html_report(sim_result, tmp_path / "nope" / "r.html")
    with pytest.raises(InputError, match="is a folder"):
        htmlreport.write_html_report(sim_result, tmp_path)


def test_cli_analyze_html_and_png(tmp_path, capsys):
    html_path = tmp_path / "report.html"
    code = main(
        [
            "analyze",
            str(REPO / "firmware_logs" / "sample_rest_set_rest_100hz.tlog"),
            "--html",
            str(html_path),
            "--png",
            str(tmp_path / "png"),
            "-q",
        ]
    )
    assert code == 0
    page = html_path.read_text(encoding="utf-8")
    parse(page)
    assert page.count('class="set-card"') == 1
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == ["set-01.png", "timeline.png"]
    assert html_path.stat().st_mode & 0o044 == 0o044  # readable like any other file


def test_cli_html_into_missing_folder_exits_2(tmp_path, capsys):
    code = main(
        [
            "analyze",
            str(REPO / "firmware_logs" / "sample_rest_set_rest_100hz.tlog"),
            "--html",
            str(tmp_path / "missing" / "r.html"),
            "-q",
        ]
    )
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("prominence", "ratio", "label", "shown"),
    [
        (4.0, 1.2, "atypical_tremor", False),  # the old rule (ratio >= 1) showed this noise maximum
        (htmlreport.OOB_PROMINENCE * 0.9, htmlreport.OOB_OVER_PHYS * 2, "atypical_tremor", False),
        (htmlreport.OOB_PROMINENCE * 2, htmlreport.OOB_OVER_PHYS * 0.9, "atypical_tremor", False),
        (htmlreport.OOB_PROMINENCE, htmlreport.OOB_OVER_PHYS, "atypical_tremor", True),
        # prominent and dominant but under the out-of-band detection limit: batch labels the set calm
        (htmlreport.OOB_PROMINENCE, htmlreport.OOB_OVER_PHYS, "calm", False),
    ],
)
def test_out_of_band_row_uses_the_batch_prominence_rule(prominence, ratio, label, shown):
    """The set card shows an out-of-band peak only where batch called it tremor (prominent, dominant and at
    the detection limit: the set's label is atypical_tremor)."""
    from tremor.report.json_report import to_report

    st = to_report(analyze(quiet_recording(fs=100.0, seconds=40.0), markers=[SetMarker(10.0, 25.0)]))["sets"][
        0
    ]
    assert st["tremor"]["rms_mps2"] is not None
    st["label"] = label
    st["tremor"]["out_of_band"] = {
        "band": "13-18 Hz",
        "peak_hz": 15.0,
        "power_vs_physiological": ratio,
        "prominence": prominence,
    }
    assert ("out-of-band peak" in htmlreport._set_card(st, None, {})) == shown


def test_swamped_set_card_and_unseen_twitches_say_so_not_none():
    """A set whose 6-12 Hz figures were withheld (an out-of-band skirt fills the band) is not shown as having
    no 6-12 Hz peak, and the header counts no twitches as 0 only where a still, worn wrist could show one."""
    from tremor.report.json_report import to_report

    rep = to_report(analyze(quiet_recording(fs=100.0, seconds=40.0), markers=[SetMarker(10.0, 25.0)]))
    st = rep["sets"][0]
    st["tremor"].update(peak_hz=None, rms_mps2=None, oob_leak_share=0.86)
    card = htmlreport._set_card(st, None, {})
    assert "no peak in 6-12 Hz" not in card and "not given (see the notes)" in card
    st["tremor"]["rms_mps2"] = 0.03
    assert "no peak in 6-12 Hz" in htmlreport._set_card(st, None, {})
    rep["fasciculations"] = []
    for limit, want in ((0.06, "0"), (17.0, "none could be seen"), (None, "none could be seen")):
        rep["twitch_detection_limit_mps2"] = limit
        assert htmlreport._twitch_fact(rep) == want, limit
    rep["sampling"]["assessable"]["fasciculations"] = False
    assert htmlreport._twitch_fact(rep) == "not assessed"
