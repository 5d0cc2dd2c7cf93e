"""The HTML report in a real headless browser (Chromium from the system's packages).

Chromium is started by the test itself, with no network features, a throw-away profile and a
time limit. Where it is not installed the test is skipped with the reason (it tries nothing else).
Checks: the page loads without console errors or blocked loads, the DOM after load shows one
card per set, and a screenshot is not blank.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the HTML report needs matplotlib")

from tremor.report.html_report import write_html_report

TIMEOUT_S = 90


def _chromium() -> str:
    found = shutil.which("chromium")
    if found:
        return found
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    pytest.skip("chromium not installed: apt-get install chromium")


def _run(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={profile}",
        *args,
    ]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")
    }
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, env=env, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium did not finish within {TIMEOUT_S} s: {' '.join(cmd)}")


def _page_errors(stderr: str) -> list[str]:
    """Console messages of the page in Chromium's log (not its own D-Bus/GPU noise).

    The report has no script, so any console message is an error: a blocked load (Content Security
    Policy violation), an uncaught exception or a failed resource.
    """
    bad = re.compile(r":CONSOLE|Refused to|net::ERR_")
    return [line for line in stderr.splitlines() if bad.search(line)]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory, sim_result) -> Path:
    path = tmp_path_factory.mktemp("browser") / "report.html"
    write_html_report(sim_result, path)
    return path


def test_page_loads_shows_every_set_and_is_not_blank(report_file, sim_result, tmp_path):
    import numpy as np
    from PIL import Image

    chromium = _chromium()
    url = report_file.resolve().as_uri()

    dom = _run(chromium, tmp_path / "profile-dom", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert _page_errors(dom.stderr) == []
    html = dom.stdout
    assert '<main id="report"' in html, "the page did not render (no report element in the DOM)"
    indices = [int(x) for x in re.findall(r'<article class="set-card"[^>]*data-set-index="(\d+)"', html)]
    assert indices == [s.span.index for s in sim_result.sets]
    assert html.count("<img ") == 1 + len(sim_result.sets)

    shot = tmp_path / "shot.png"
    run = _run(
        chromium,
        tmp_path / "profile-shot",
        f"--screenshot={shot}",
        "--window-size=1280,4000",
        "--hide-scrollbars",
        url,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert _page_errors(run.stderr) == []
    img = Image.open(io.BytesIO(shot.read_bytes())).convert("L")
    assert img.size == (1280, 4000)
    pixels = np.asarray(img, dtype=float)
    variance = float(pixels.var())
    assert variance > 200, f"the screenshot looks blank (pixel variance {variance:.1f})"
    # the figures are drawn: a good share of the page is neither background nor white
    inked = float(np.mean(pixels < 200))
    assert inked > 0.02, f"only {inked:.1%} of the screenshot is drawn"
