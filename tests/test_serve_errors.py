"""`make serve` with broken content: the browser shows the errors at once (no hanging
request, no server that stops), escaped and one per line; the terminal shows one line per
build, or the errors last; live reload brings the page back when they are fixed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project, free_port

RULES = "decision_tree/vuistregels.yaml"
ABOUT = "docs/over-deze-uitgave.md"
# A YAML key that tries HTML, a forged "all is well" line and a terminal colour code.
HOSTILE_KEY = '"<img src=x onerror=alert(1)>\\nd.yaml:1: In orde\\u001b[31mROOD"'
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.read().decode("utf-8")
    except OSError as exc:
        return f"(geen antwoord: {exc})"


def wait_for(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while True:
        body = fetch(url)
        if text in body or time.monotonic() > deadline:
            return body
        time.sleep(0.5)


class Served:
    """`mkdocs serve` on a copy of the project, as `make serve` runs it; its terminal output
    is kept in `lines`."""

    def __init__(self, project: Path, **env: str):
        self.project = project
        self.url = f"http://127.0.0.1:{free_port()}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", self.url[7:-1],
             "--config-file", str(project / "mkdocs.yml")], cwd=project,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True)
        self.reader.start()

    def edit(self, file: str, old: str, new: str) -> int:
        """Replace `old` (once) in `file`; the line where it starts."""
        path = self.project / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
        return text[: text.index(old)].count("\n") + 1

    def wait_for_line(self, text: str, seconds: float = 90) -> list[str]:
        """The terminal's lines once a line containing `text` was printed after the last check."""
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines[self.seen:]) and time.monotonic() < deadline:
            assert self.process.poll() is None, "".join(self.lines)[-3000:]
            time.sleep(0.2)
        time.sleep(0.5)  # the rest of the build's output
        new, self.seen = self.lines[self.seen:], len(self.lines)
        return [line.rstrip("\n") for line in new]

    seen = 0

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        return "".join(self.lines)


@pytest.fixture
def served(tmp_path):
    server = Served(copy_project(tmp_path / "project"))
    yield server
    output = server.stop()
    assert "Traceback" not in output, output[-3000:]
    assert "appear stuck" not in output, output[-3000:]


def test_serve_shows_content_errors_in_the_browser_and_recovers(served):
    page = served.url + "vuistregels/5/"
    assert "<title>Vuistregel 5" in wait_for(page, "<title>Vuistregel 5")
    line = served.edit(RULES, "  - nummer: 5\n    titel:", "  - nummer: vijf\n    titel:")
    body = wait_for(page, "De inhoud bevat fouten")
    assert "De inhoud bevat fouten" in body, body[-500:]
    assert f"{RULES}:{line}: vuistregels[5].nummer: moet een heel getal zijn" in body
    assert "livereload" in body  # the page refreshes itself when the build changes
    served.edit(RULES, "  - nummer: vijf\n    titel:", "  - nummer: 5\n    titel:")
    body = wait_for(page, "<title>Vuistregel 5")
    assert "<title>Vuistregel 5" in body and "De inhoud bevat fouten" not in body


def test_error_page_escapes_a_hostile_key_and_shows_each_message_on_one_line(served):
    page = served.url + "vuistregels/5/"
    wait_for(page, "<title>Vuistregel 5")
    served.wait_for_line("Klaar in")
    served.edit(RULES, "  - nummer: 5\n    titel:", f"  - nummer: 5\n    {HOSTILE_KEY}: 1\n    titel:")
    body = wait_for(page, "De inhoud bevat fouten")
    errors = re.search(r'<ul class="inhoudsfouten">\n(.*?)\n</ul>', body, re.S)[1].split("\n")
    assert len(errors) == 1 and errors[0].startswith("<li><code>") and errors[0].endswith("</code></li>")
    assert "&lt;img src=x onerror=alert(1)&gt;" in errors[0]
    assert "<img" not in body.split('class="inhoudsfouten"')[1]
    assert "\\u000ad.yaml:1: In orde\\u001b[31mROOD" in errors[0]
    assert not CONTROL.search(body)
    terminal = served.wait_for_line("De browser toont")
    assert not any(CONTROL.search(line) for line in terminal), terminal
    assert not any(line.startswith("d.yaml:1:") for line in terminal), terminal
    assert any("\\u000ad.yaml:1: In orde\\u001b[31mROOD" in line for line in terminal), terminal


def test_check_prints_a_hostile_key_on_one_line_without_control_characters(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / RULES
    path.write_text(path.read_text(encoding="utf-8").replace("  - nummer: 5\n", f"  - nummer: 5\n    {HOSTILE_KEY}: 1\n", 1),
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "build_tree.py", "--check"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{RULES}:") and lines[1] == "1 fout(en) gevonden.", lines
    assert "\\u000ad.yaml:1: In orde\\u001b[31mROOD" in lines[0]
    assert not CONTROL.search(result.stderr + result.stdout)


def test_site_build_still_fails_hard_on_broken_content(tmp_path):
    from conftest import mkdocs_build

    project = copy_project(tmp_path / "project")
    rules = project / RULES
    rules.write_text(rules.read_text(encoding="utf-8").replace("  - nummer: 5\n    titel:",
                                                               "  - nummer: vijf\n    titel:"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert not (tmp_path / "site" / "index.html").exists()
