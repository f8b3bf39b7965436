"""Shared fixtures: the built site, and throw-away copies of the project for bad-input tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "pdf")]
# The national edition unless a test asks for a local one (`make test LOKAAL=…` changes nothing).
os.environ.pop("HANDBOEK_LOKAAL", None)
LOCAL_EXAMPLE = "lokaal/voorbeeld"

# the one place for the browser settings, the loopback server and project copies
from devsupport import (CHROMIUM, SUB_PATH, copy_project, engine_command, free_port,  # noqa: E402,F401
                        launch_chromium, mkdocs_build, nginx_binary, nginx_config, serve)


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




@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real project, built once with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def local_site(tmp_path_factory) -> Path:
    """The local edition of the example layer (lokaal/voorbeeld), built once with --strict."""
    out = tmp_path_factory.mktemp("lokale-site")
    result = mkdocs_build(ROOT, out, HANDBOEK_LOKAAL=LOCAL_EXAMPLE)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def local_server(local_site):
    httpd = serve(local_site)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


# --- browser tests ------------------------------------------------------------------

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
    assert Path(CHROMIUM).exists(), (f"Chromium ontbreekt ({CHROMIUM}): 'make test' installeert het (als root), "
                                     "of: apt-get install chromium; of wijs het aan met CHROMIUM=/pad")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


# --- nginx with the deployment config --------------------------------------------------



@pytest.fixture(scope="session")
def nginx_work(tmp_path_factory) -> Path:
    """nginx's folder: its config, and its access.log."""
    return tmp_path_factory.mktemp("nginx")


def running_nginx(site: Path, work: Path, access_log: bool = False):
    """Serve `site` with deploy/nginx.conf under the sub-path; yields the base URL (for fixtures)."""
    binary = nginx_binary()
    assert Path(binary).exists(), "nginx ontbreekt: 'make test' installeert het (als root), of: apt-get install nginx"
    port = free_port()
    (work / "nginx.conf").write_text(nginx_config(site, port, work, access_log=access_log), encoding="utf-8")
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


@pytest.fixture(scope="session")
def nginx(site, pdf_previews, nginx_work):
    """The built site (with PDF) behind nginx under the sub-path; yields the base URL."""
    yield from running_nginx(site, nginx_work, access_log=True)
