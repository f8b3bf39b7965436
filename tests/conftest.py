"""Shared fixtures: the built site, and throw-away copies of the project for bad-input tests."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "pdf")]

import build_pdf  # noqa: E402  (the one place for the browser settings and the loopback server)
from build_pdf import CHROMIUM_ARGS, serve  # noqa: E402


def _real_content_errors() -> list[str]:
    from handboek.build import load_content
    from handboek.errors import ContentErrors

    try:
        load_content()
    except ContentErrors as exc:
        return [str(error) for error in exc.errors]
    return []


# With broken content, one test (test_content_errors.py::test_real_content_is_valid) fails and
# names the errors; modules and tests that need the real content are left out, instead of
# each failing with the same errors (or failing to be collected at all).
CONTENT_ERRORS = _real_content_errors()


class _LeftOut(pytest.File):
    def collect(self):
        return []


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent):
    if CONTENT_ERRORS and re.search(r"^\w+ = load_content\(\)", module_path.read_text(encoding="utf-8"), re.M):
        return _LeftOut.from_parent(parent, path=module_path)
    return None


def pytest_collection_modifyitems(config, items):
    if not CONTENT_ERRORS:
        return
    import inspect

    def needs_real_content(item) -> bool:
        function = getattr(item, "function", None)
        return "site" in getattr(item, "fixturenames", ()) or (
            function is not None and "load_content()" in inspect.getsource(function))

    needs_site = [item for item in items if needs_real_content(item)]
    if needs_site:
        config.hook.pytest_deselected(items=needs_site)
        items[:] = [item for item in items if item not in needs_site]


PROJECT_PARTS = ["mkdocs.yml", "build_tree.py", "docs", "overrides", "hooks", "handboek", "decision_tree", "pdf"]


def copy_project(dest: Path) -> Path:
    """A copy of everything a build reads, so a test can break it safely."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # mermaid, read-only
    return dest


def mkdocs_build(project: Path, site: Path, **env_vars: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env_vars)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
         "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=project, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real project, built once with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


# --- browser tests ------------------------------------------------------------------

CHROMIUM = Path(build_pdf.CHROMIUM)


@pytest.fixture(scope="session")
def pdf_previews(site, tmp_path_factory) -> Path:
    """Adds the PDF to the built site (as `make site` does); returns the folder with its PNG previews."""
    previews = tmp_path_factory.mktemp("voorbeeld")
    result = subprocess.run([sys.executable, str(ROOT / "pdf" / "build_pdf.py"), str(site), "--png", str(previews)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return previews


@pytest.fixture(scope="session")
def server(site):
    """The built site on a loopback port, as a static web server would serve it."""
    httpd = serve(site)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    assert CHROMIUM.exists(), "Chromium ontbreekt: 'make test' installeert het (als root), of: apt-get install chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# --- nginx with the deployment config --------------------------------------------------

SUB_PATH = "/handboek/zorg-en-straf/"
NGINX_SITE_DIR = "/var/www/handboek-zorg-en-straf/"  # as written in deploy/nginx.conf


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_config(site: Path, port: int, work: Path) -> str:
    """deploy/nginx.conf, changed only in its two documented places, inside a minimal nginx.conf."""
    server = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "    listen 8080;" in server and NGINX_SITE_DIR in server
    server = server.replace("    listen 8080;", f"    listen 127.0.0.1:{port};")
    server = server.replace(NGINX_SITE_DIR, f"{site}/")
    temp = " ".join(f"{kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # the pytest folders are private
    return (f"{user}worker_processes 1;\nerror_log {work}/error.log;\npid {work}/nginx.pid;\n"
            "events { worker_connections 64; }\n"
            f"http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n"
            f" access_log off;\n {temp}\n{server}\n}}\n")


@pytest.fixture(scope="session")
def nginx(site, pdf_previews, tmp_path_factory):
    """The built site (with PDF) behind nginx under the sub-path; yields the base URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx ontbreekt: 'make test' installeert het (als root), of: apt-get install nginx"
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    (work / "nginx.conf").write_text(nginx_config(site, port, work), encoding="utf-8")
    process = subprocess.Popen([binary, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert process.poll() is None, process.stdout.read().decode()
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}{SUB_PATH}"
    process.terminate()
    process.wait(timeout=10)
