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
from conftest import copy_project, engine_command, free_port

RULES = "decision_tree/vuistregels.yaml"
ABOUT = "docs/over-deze-uitgave.md"
# A YAML key that tries HTML, a forged "all is well" line and a terminal colour code.
HOSTILE_KEY = '"<img src=x onerror=alert(1)>\\nd.yaml:1: In orde\\u001b[31mROOD"'
# a key the reader reads, and the schema refuses by name: its text reaches the messages
HTML_KEY = '"<img src=x onerror=alert(2)>"'
HOSTILE_KEYS = f"    {HTML_KEY}: 1\n    {HOSTILE_KEY}: 1\n"
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
            [*engine_command(), "serve", "--dev-addr", self.url[7:-1],
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
    served.edit(RULES, "  - nummer: 5\n    titel:", f"  - nummer: 5\n    {HTML_KEY}: 1\n    titel:")
    body = wait_for(page, "De inhoud bevat fouten")
    errors = re.search(r'<ul class="inhoudsfouten">\n(.*?)\n</ul>', body, re.S)[1].split("\n")
    assert all(e.startswith("<li><code>") and e.endswith("</code></li>") for e in errors), errors
    assert any("&lt;img src=x onerror=alert(2)&gt;" in error for error in errors), errors
    assert "<img" not in body.split('class="inhoudsfouten"')[1]
    assert not CONTROL.search(body)
    terminal = served.wait_for_line("De browser toont")
    assert not any(CONTROL.search(line) for line in terminal), terminal
    assert not any(line.startswith("d.yaml:1:") for line in terminal), terminal


def test_check_prints_a_hostile_key_on_one_line_without_control_characters(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / RULES
    path.write_text(path.read_text(encoding="utf-8").replace("  - nummer: 5\n", f"  - nummer: 5\n{HOSTILE_KEYS}", 1),
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "build_tree.py", "--check"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert all(line.startswith(f"{RULES}:") for line in lines[:-1]), lines
    assert lines[-1] == f"{len(lines) - 1} fout(en) gevonden." and len(lines) >= 3, lines
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


def break_the_build_when_the_title_says_boom(project: Path):
    """A bug in the compiler, planted in the copy: generating the pages raises when the title
    contains BOEM (an error of another kind than a content error)."""
    build = project / "handboek" / "build.py"
    text = build.read_text(encoding="utf-8")
    marker = "    book = content.rulebook\n    earlier = "
    assert text.count(marker) == 1
    build.write_text(text.replace(marker, '    book = content.rulebook\n    if "BOEM" in book.title:\n'
                                          '        raise RuntimeError("boem")\n    earlier = '),
                     encoding="utf-8")


def test_serve_shows_an_unexpected_build_error_and_recovers(tmp_path):
    project = copy_project(tmp_path / "project")
    break_the_build_when_the_title_says_boom(project)
    served = Served(project)
    try:
        page = served.url + "vuistregels/5/"
        wait_for(page, "<title>Vuistregel 5")
        served.edit(RULES, "\ntitel: Vuistregels", "\ntitel: BOEM Vuistregels")
        body = wait_for(page, "onverwachte fout")
        assert "onverwachte fout bij het bouwen: RuntimeError: boem" in body, body[-800:]
        assert "handboek/build.py:" in body and "livereload" in body
        served.edit(RULES, "\ntitel: BOEM Vuistregels", "\ntitel: Vuistregels")
        assert "<title>Vuistregel 5" in wait_for(page, "<title>Vuistregel 5")
    finally:
        output = served.stop()
    assert "appear stuck" not in output and "Traceback" not in output, output[-3000:]


def test_serve_starts_when_graphviz_fails_and_recovers_when_it_works(tmp_path):
    """The first build fails (the server used to exit); then Graphviz works again."""
    project = copy_project(tmp_path / "project")
    tools = tmp_path / "bin"
    tools.mkdir()
    works = tmp_path / "dot-werkt"
    (tools / "dot").write_text(f'#!/bin/sh\n[ -f {works} ] && exec /usr/bin/dot "$@"\necho kapot >&2\nexit 3\n')
    (tools / "dot").chmod(0o755)
    served = Served(project, PATH=f"{tools}:{os.environ['PATH']}")
    try:
        body = wait_for(served.url, 'class="inhoudsfouten"')
        assert 'class="inhoudsfouten"' in body and "livereload" in body, body[-800:]
        works.touch()
        served.edit(RULES, "\ntitel: Vuistregels", "\ntitel:  Vuistregels")  # any save rebuilds
        assert "<h1" in wait_for(served.url + "vuistregels/5/", "<title>Vuistregel 5")
    finally:
        output = served.stop()
    assert "appear stuck" not in output and "Traceback" not in output, output[-3000:]


def test_serve_shows_a_broken_link_in_docs_instead_of_appearing_stuck(served):
    """A warning stops the build (strict): that too becomes the error page."""
    page = served.url + "over-deze-uitgave/"
    wait_for(page, "<title>Over deze uitgave")
    served.edit(ABOUT, "\n## Editie\n", "\nZie [de pagina](bestaat-niet.md).\n\n## Editie\n")
    body = wait_for(page, "bestaat-niet.md")
    assert "bestaat-niet.md" in body and "livereload" in body, body[-800:]
    served.edit(ABOUT, "\nZie [de pagina](bestaat-niet.md).\n\n## Editie\n", "\n## Editie\n")
    body = wait_for(page, "<title>Over deze uitgave")
    assert "<title>Over deze uitgave" in body and "bestaat-niet.md" not in body


def test_serve_shows_a_macro_typo_in_docs_and_recovers(served):
    page = served.url + "over-deze-uitgave/"
    wait_for(page, "<title>Over deze uitgave")
    line = served.edit(ABOUT, "{{ editie.versie }}", "{{ editie.versi }}")
    body = wait_for(page, "bestaat niet")
    assert f"{ABOUT}:{line}: &#x27;versi&#x27; bestaat niet" in body, body[-800:]
    served.edit(ABOUT, "{{ editie.versi }}", "{{ editie.versie }}")
    assert "<title>Over deze uitgave" in wait_for(page, "<title>Over deze uitgave")


def test_site_build_with_a_macro_typo_names_the_line_and_keeps_the_old_site(tmp_path):
    from conftest import mkdocs_build

    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("de vorige bouw", encoding="utf-8")
    path = project / ABOUT
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("{{ editie.versie }}")].count("\n") + 1
    path.write_text(text.replace("{{ editie.versie }}", "{{ editie.versi }}"), encoding="utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert f"{ABOUT}:{line}: 'versi' bestaat niet" in result.stderr, result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "de vorige bouw"


def test_serve_log_is_one_line_per_build_and_ends_with_the_errors(served):
    first = served.wait_for_line("Klaar in")
    assert first[-1] == f"Klaar in {first[-1].split()[2]} s — {served.url}", first
    line = served.edit(RULES, "  - nummer: 5\n    titel:", "  - nummer: vijf\n    titel:")
    broken = served.wait_for_line("De browser toont")
    assert broken[-3:] == ["Het handboek is niet gebouwd: 1 fout(en).",
                           f"{RULES}:{line}: vuistregels[5].nummer: moet een heel getal zijn",
                           f"De browser toont deze fouten ook ({served.url}). Verbeter ze en sla op: "
                           "de pagina ververst vanzelf."], broken
    served.edit(RULES, "  - nummer: vijf\n    titel:", "  - nummer: 5\n    titel:")
    fixed = served.wait_for_line("Klaar in")
    assert fixed[-1].startswith("Klaar in "), fixed
    allowed = ("Klaar in ", "Het handboek is niet gebouwd: ", f"{RULES}:{line}: ", "De browser toont ")
    noise = [line for line in first + broken + fixed if line.strip() and not line.startswith(allowed)]
    assert noise == []  # no INFO, no list of pages outside the nav, no [macros] line


def test_serve_verbose_shows_mkdocs_own_messages(tmp_path):
    served = Served(copy_project(tmp_path / "project"), HANDBOEK_VERBOSE="1")
    try:
        lines = served.wait_for_line("Klaar in")
    finally:
        served.stop()
    assert any("Documentation built" in line for line in lines), lines


def test_make_serve_takes_port_and_verbose():
    from conftest import ROOT

    result = subprocess.run(["make", "-n", "serve", "PORT=8001", "VERBOSE=1"], cwd=ROOT, capture_output=True, text=True)
    assert "HANDBOEK_VERBOSE=1 .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8001" in result.stdout, result.stdout


def test_serve_shows_a_broken_mkdocs_yml_and_recovers(served):
    page = served.url + "vuistregels/5/"
    wait_for(page, "<title>Vuistregel 5")
    served.edit("mkdocs.yml", "\nstrict: true\n", "\nstrict: [true\n")
    body = wait_for(page, "onverwachte fout")
    assert "onverwachte fout bij het bouwen" in body and "livereload" in body, body[-800:]
    served.edit("mkdocs.yml", "\nstrict: [true\n", "\nstrict: true\n")
    assert "<title>Vuistregel 5" in wait_for(page, "<title>Vuistregel 5")
