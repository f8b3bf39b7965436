"""`make serve` with broken content: the browser shows the errors at once (no hanging
request), and live reload brings the page back when they are fixed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from conftest import copy_project, free_port

RULES = "decision_tree/vuistregels.yaml"


def fetch(url: str) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            body = response.read().decode("utf-8")
    except OSError as exc:
        body = f"(geen antwoord: {exc})"
    return time.perf_counter() - started, body


def wait_for(url: str, text: str, seconds: float = 90) -> tuple[float, str]:
    deadline = time.monotonic() + seconds
    while True:
        took, body = fetch(url)
        if text in body or time.monotonic() > deadline:
            return took, body
        time.sleep(0.5)


def test_serve_shows_content_errors_in_the_browser_and_recovers(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                                "--config-file", str(project / "mkdocs.yml")], cwd=project,
                               env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    page = f"http://127.0.0.1:{port}/vuistregels/5/"
    rules = project / RULES
    good = rules.read_text(encoding="utf-8")
    try:
        _, body = wait_for(page, "<title>Vuistregel 5")
        assert "<title>Vuistregel 5" in body
        line = good[: good.index("  - nummer: 5\n    titel:")].count("\n") + 1
        rules.write_text(good.replace("  - nummer: 5\n    titel:", "  - nummer: vijf\n    titel:"), encoding="utf-8")
        took, body = wait_for(page, "De inhoud bevat fouten")
        assert "De inhoud bevat fouten" in body, body[-500:]
        assert took < 5, "the request hung instead of showing the errors"
        assert f"{RULES}:{line}: vuistregels[5].nummer: moet een heel getal zijn" in body
        assert "livereload" in body  # the page refreshes itself when the build changes
        rules.write_text(good, encoding="utf-8")
        _, body = wait_for(page, "<title>Vuistregel 5")
        assert "<title>Vuistregel 5" in body and "De inhoud bevat fouten" not in body
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "Traceback" not in output, output[-3000:]


def test_site_build_still_fails_hard_on_broken_content(tmp_path):
    from conftest import mkdocs_build

    project = copy_project(tmp_path / "project")
    rules = project / RULES
    rules.write_text(rules.read_text(encoding="utf-8").replace("  - nummer: 5\n    titel:",
                                                               "  - nummer: vijf\n    titel:"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert not (tmp_path / "site" / "index.html").exists()
