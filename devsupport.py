"""Helpers shared by pdf/build_pdf.py, the tests and the bench (one place, no copies).

Chromium: Debian's package by default; set CHROMIUM=/path/to/chrome to use another.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
# axe-core: WCAG 2.1 A and AA, and best practices; only violations.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
               "resultTypes": ["violations"]}


def axe_at_rest(page):
    """Axe's results with CSS transitions switched off. Mid-fade (the header's title fades when
    the page scrolls, which ticking a box can cause) axe measures colours no reader sees at rest;
    without transitions every state it can catch is a state at rest."""
    from axe_playwright_python.sync_playwright import Axe

    page.add_style_tag(content="*, *::before, *::after { transition: none !important; "
                               "animation: none !important; }")
    return Axe().run(page, options=AXE_OPTIONS)


# Everything a build reads: copy these to build a changed project safely.
PROJECT_PARTS = ["mkdocs.yml", "build_tree.py", "devsupport.py", "docs", "overrides", "hooks", "handboek",
                 "decision_tree", "pdf", "lokaal"]
NGINX_SITE_DIR = "/var/www/handboek-zorg-en-straf/"  # as written in deploy/nginx.conf
SUB_PATH = "/handboek/zorg-en-straf/"


def launch_chromium(playwright):
    """Chromium through Playwright, with the settings every caller uses."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium ontbreekt ({CHROMIUM}): installeer het met 'apt-get install chromium' "
                         "of wijs het aan met CHROMIUM=/pad/naar/chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path) -> ThreadingHTTPServer:
    """A static web server for `site` on a free loopback port, in a background thread."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_project(dest: Path) -> Path:
    """A copy of everything a build reads, so a test or the bench can change it safely."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def engine_command() -> list[str]:
    """The engine that renders the site, as the Makefile's ENGINE chose it (HANDBOEK_ENGINE):
    MkDocs from this Python by default, or another command that reads mkdocs.yml."""
    engine = os.environ.get("HANDBOEK_ENGINE", "mkdocs").strip() or "mkdocs"
    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs"]
    if "/" not in engine and (Path(sys.executable).parent / engine).exists():
        return [str(Path(sys.executable).parent / engine)]
    return [engine]


def mkdocs_build(project: Path, site: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """The engine's strict build of `project` (its mkdocs.yml: the adapter compiles the site
    source into build/bron/ first, or, given a generated folder, renders just that)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env_vars)
    return subprocess.run(
        [*engine_command(), "build", "--strict", "--quiet",
         "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=project, capture_output=True, text=True, env=env)


def nginx_config(site: Path, port: int, work: Path, access_log: bool = False) -> str:
    """deploy/nginx.conf, changed only in its two documented places, inside a minimal nginx.conf
    (with `access_log`, requests are logged to work/access.log)."""
    server = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "    listen 8080;" in server and NGINX_SITE_DIR in server
    server = server.replace("    listen 8080;", f"    listen 127.0.0.1:{port};")
    server = server.replace(NGINX_SITE_DIR, f"{site}/")
    temp = " ".join(f"{kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # the pytest folders are private
    return (f"{user}worker_processes 1;\nerror_log {work}/error.log;\npid {work}/nginx.pid;\n"
            "events { worker_connections 64; }\n"
            f"http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n"
            f" access_log {f'{work}/access.log' if access_log else 'off'};\n {temp}\n{server}\n}}\n")


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"
