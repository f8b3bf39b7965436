"""Renaming a node keeps its old address working: `vorige_ids` makes a redirect page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import copy_project, mkdocs_build
from links import resolve
from test_site import published_urls

from handboek.build import CONTENT_DIR, load_content


CONTENT = load_content()


def node_to_rename() -> str:
    """A question of the real tree with one way in and no old ids yet (chosen, not typed in)."""
    tree = CONTENT.tree
    text = (CONTENT_DIR / "beslisboom.yaml").read_text(encoding="utf-8")
    return next(q.id for q in tree.questions.values()
                if q.id != tree.start and not q.previous_ids and text.count(f"naar: {q.id}\n") == 1)


OLD = node_to_rename()
NEW = OLD + "-hernoemd"


def rename_node(project: Path, keep_old_address: bool) -> None:
    tree = project / "decision_tree" / "beslisboom.yaml"
    text = tree.read_text(encoding="utf-8")
    assert text.count(f"naar: {OLD}\n") == 1 and text.count(f"  - id: {OLD}\n") == 1
    text = text.replace(f"naar: {OLD}\n", f"naar: {NEW}\n")
    previous = f"    vorige_ids: [{OLD}]\n" if keep_old_address else ""
    text = text.replace(f"  - id: {OLD}\n", f"  - id: {NEW}\n{previous}")
    tree.write_text(text, encoding="utf-8")


def missing_published(site: Path) -> list[str]:
    return [url for url in published_urls() if url.endswith("/") and resolve(site, url.lstrip("/")) is None]


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    rename_node(project, keep_old_address=True)
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_renamed_node_without_redirect_breaks_a_published_url(tmp_path):
    project = copy_project(tmp_path / "project")
    rename_node(project, keep_old_address=False)
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    assert missing_published(site) == [f"/beslisboom/{OLD}/"]


def test_renamed_node_with_vorige_ids_keeps_every_published_url(renamed_site):
    assert missing_published(renamed_site) == []
    page = (renamed_site / "beslisboom" / OLD / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url=../{NEW}/">' in page
    assert '<html lang="nl">' in page and "verplaatst" in page


def test_old_bookmark_lands_on_the_new_page_in_a_browser(renamed_site, browser):
    from build_pdf import serve

    httpd = serve(renamed_site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(urljoin(base, f"beslisboom/{OLD}/"))
    page.wait_for_url(urljoin(base, f"beslisboom/{NEW}/"))
    assert page.locator("article h1").inner_text().startswith(CONTENT.tree.questions[OLD].text)
    context.close()
    httpd.shutdown()


def test_old_id_may_not_be_in_use(tmp_path):
    from handboek.build import load_content
    from handboek.errors import ContentErrors

    project = copy_project(tmp_path / "project")
    tree = project / "decision_tree" / "beslisboom.yaml"
    start = CONTENT.tree.start
    text = tree.read_text(encoding="utf-8").replace(f"  - id: {OLD}\n", f"  - id: {OLD}\n    vorige_ids: [{start}]\n")
    tree.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        load_content(project / "decision_tree")
    assert [e.message for e in raised.value.errors] == [f"vorig id '{start}' van vraag '{OLD}' is nog of al in gebruik"]
