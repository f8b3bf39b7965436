"""The engine boundary: the compiler writes the whole site source (build/bron/), the engine
only renders it, and one adapter (hooks/mkdocs_adapter.py) is the only code that imports MkDocs."""

from __future__ import annotations

import ast
import importlib.util
import filecmp
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
import yaml

from handboek import site_source
from handboek.build import load_content, macro_variables
from handboek.errors import ContentErrors

ADAPTER = "hooks/mkdocs_adapter.py"
SKIPPED_FOLDERS = {".venv", "build", "site", "site.tmp", "node_modules", ".git", "__pycache__"}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_adapter_imports_mkdocs():
    """Every .py file of the project, tests included (they drive MkDocs as a command, never
    as a library): only the adapter may import MkDocs or one of its plugins."""
    files = [p for p in ROOT.rglob("*.py") if not SKIPPED_FOLDERS & set(p.relative_to(ROOT).parts)]
    importing = sorted(p.relative_to(ROOT).as_posix() for p in files
                       if any(name.split(".")[0].startswith(("mkdocs", "material")) for name in imported_modules(p)))
    assert importing == [ADAPTER]


def test_mkdocs_yml_names_only_the_adapter_as_hook():
    config = site_source.read_config(ROOT)
    assert config["hooks"] == [ADAPTER]



def test_a_page_gets_its_values_its_escaped_title_and_the_ending():
    text = "---\ntitle: A <b> & B\n---\n\n# Kop\n\nVersie {{ editie.versie }}.\n"
    out = site_source.page_source(text, {"editie": {"versie": "3&#46;1"}}, "\n*[VT]: Veilig Thuis\n")
    front, meta, body = site_source.split_front_matter(out)
    assert meta["title"] == "A &lt;b&gt; &amp; B"
    assert body == "\n# Kop\n\nVersie 3&#46;1.\n\n*[VT]: Veilig Thuis\n"


def test_values_are_left_to_mkdocs_macros_unless_the_compiler_fills_them(tmp_path):
    """mkdocs-macros-plugin (the fixed stack) fills the values for MkDocs; for an engine
    without it, the compiler fills them in and leaves the plugin out of the config."""
    content = load_content()
    plugins = lambda folder: [next(iter(p)) if isinstance(p, dict) else p for p in
                              yaml.safe_load((folder / site_source.CONFIG).read_text(encoding="utf-8"))["plugins"]]
    macros = site_source.write_source(content, ROOT, tmp_path / "bron")
    filled = site_source.write_source(content, ROOT, tmp_path / "gevuld", fill_values=True)
    assert "macros" in plugins(macros) and "macros" not in plugins(filled)
    start = lambda folder: (folder / site_source.DOCS / "index.md").read_text(encoding="utf-8")
    assert "{{ bron.organisatie }}" in start(macros) and "{{" not in start(filled)
    assert macro_variables(content, {})["bron"]["organisatie"] in start(filled)


def test_a_page_without_macros_keeps_its_braces():
    text = "---\nrender_macros: false\n---\n\n# Kop {{ x }}\n"
    assert site_source.page_source(text, {}, "") == text


def test_generated_folder_builds_on_its_own_into_the_same_site(site, tmp_path):
    """`mkdocs build` on build/bron/mkdocs.yml (what another engine reads) gives the site
    that the project's own mkdocs.yml gives (the session's `site`, built just before)."""
    alone = tmp_path / "alone"
    result = mkdocs_build(site_source.source_dir(ROOT), alone)
    assert result.returncode == 0, result.stderr
    compared = filecmp.dircmp(site, alone)
    differences = []

    def walk(cmp, prefix=""):
        differences.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")
    walk(compared)
    differences = [d for d in differences if d != "handboek-vuistregels-zorg-en-straf.pdf"]  # added by pdf tests
    assert differences == []


def test_a_failing_compile_keeps_the_previous_source_whole(tmp_path):
    """The folder is written beside its place and swapped in only on success: a typo in
    docs/ leaves the previous folder as it was, with no half-written folder beside it."""

    project = copy_project(tmp_path / "project")
    content = load_content()
    target = tmp_path / "build" / "bron"
    target.mkdir(parents=True)
    (target / "vorige.txt").write_text("de vorige bron", encoding="utf-8")
    about = project / "docs" / "over-deze-uitgave.md"
    about.write_text(about.read_text(encoding="utf-8").replace("{{ editie.versie }}", "{{ editie.versi }}"),
                     encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        site_source.write_source(content, project, target)
    assert any("over-deze-uitgave.md:" in str(error) for error in raised.value.errors)
    assert sorted(p.name for p in target.parent.iterdir()) == ["bron"]
    assert sorted(p.name for p in target.iterdir()) == ["vorige.txt"]


def test_a_hand_written_page_may_not_take_a_generated_name(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "begrippen.md").write_text("# Begrippen\n", encoding="utf-8")
    content = load_content()
    extra = site_source.site_config(site_source.read_config(project), content, project / "build" / "bron")["extra"]
    with pytest.raises(ContentErrors) as raised:
        site_source.site_files(content, {k: v for k, v in extra.items() if isinstance(v, dict)}, project, draw=False)
    assert len(raised.value.errors) == 1 and str(raised.value.errors[0]).endswith("deze pagina maakt de compiler zelf; "
                                                              "geef de pagina een andere naam")


def test_a_page_with_raw_html_links_moves_into_its_own_folder_and_links_follow():
    """A raw-HTML link is written from the page's address; in `x/index.md` the file's folder
    is that address too, so every engine resolves it the same. Markdown links follow the move."""
    files = {"index.md": "[PDF](pdf.md) en [kop](pdf.md#kop) en [mail](mailto:a@b.nl)\n",
             "pdf.md": '<a href="../boek.pdf">PDF</a> [start](index.md) [hier](#kop)\n[ref]: vuistregels/1.md\n',
             "vuistregels/1.md": "[pdf](../pdf.md)\n", "beeld.png": b"png"}
    placed, moved = site_source.placed_for_raw_links(files)
    assert moved == {"pdf.md": "pdf/index.md"}
    assert placed["index.md"] == "[PDF](pdf/index.md) en [kop](pdf/index.md#kop) en [mail](mailto:a@b.nl)\n"
    assert placed["pdf/index.md"] == ('<a href="../boek.pdf">PDF</a> [start](../index.md) [hier](#kop)\n'
                                      "[ref]: ../vuistregels/1.md\n")
    assert placed["vuistregels/1.md"] == "[pdf](../pdf/index.md)\n"
    assert placed["beeld.png"] == b"png"
    assert site_source.renamed_nav([{"PDF": "pdf.md"}, "index.md"], moved) == [{"PDF": "pdf/index.md"}, "index.md"]


def _page(folder: Path, name: str, article_html: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body><nav>menu</nav><article class=\"md-content__inner\">{article_html}</article>"
                    "</body></html>", encoding="utf-8")


def test_engine_comparison_finds_pages_articles_and_links_that_differ(tmp_path):
    # by file: another test puts bench/ itself on sys.path, where `bench` is bench/bench.py
    spec = importlib.util.spec_from_file_location("bench_engines", ROOT / "bench" / "engines.py")
    engines = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(engines)

    normal, other = tmp_path / "normaal", tmp_path / "ander"
    for site in (normal, other):
        _page(site, "index.html", '<p data-search-exclude>Start</p> <a href="a/">A</a>')
        _page(site, "a/index.html", "<h1>A</h1>")
    _page(other, "index.html", '<a id="__skip" tabindex="-1"></a><p>Start</p>\n <a href="a/">A</a>')
    assert not engines.differs(engines.compare(normal, other))  # only known differences and white space

    _page(other, "a/index.html", '<h1>A</h1><a href="../b/">B</a>')
    _page(other, "c/index.html", "<p>C</p>")
    result = engines.compare(normal, other)
    assert engines.differs(result)
    assert result["only_other"] == ["c/index.html"] and result["different"] == ["a/index.html"]
    assert result["link_differences"] == ["a/index.html"] and result["broken"] == [0, 1]
