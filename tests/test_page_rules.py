"""Rules every page keeps, checked in its source, so that the next page cannot reopen what issue #14 closed.

- A page offers files only through ``dashboard.downloads`` (audited, watermarked when personal): no
  ``st.download_button`` and no file written for download.
- A page shows tables only through ``dashboard.render.table`` (escaped cells, no toolbar download).
- A page writes no HTML: no ``unsafe_allow_html``, no folium, no tags; map tooltips are ``maps.Tooltip``
  values that the map helpers escape.
- Data in Markdown (headings, captions, messages, widget labels) goes through ``render.md``; only
  translations, labels of known codes and formatted numbers may be placed in Markdown as they are.

Also here: the helpers themselves escape what they are given.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from atlas.settings import PROJECT_ROOT
from tests.conftest import shown_tables

PAGES = sorted((PROJECT_ROOT / "dashboard" / "views").glob("*.py"))
# Streamlit calls whose text is rendered as Markdown.
MARKDOWN_SINKS = {"markdown", "subheader", "header", "title", "caption", "write", "info", "warning", "error",
                  "success", "toast", "metric", "button", "selectbox", "radio", "text_input", "text_area",
                  "number_input", "multiselect", "date_input", "file_uploader", "form_submit_button", "expander",
                  "checkbox", "slider", "tabs"}  # fmt: skip
# Calls whose result may go into Markdown as it is: translations, labels of known codes, numbers, md itself.
SAFE_CALLS = {"t", "md", "label", "number", "compact", "percent", "day"}
FILE_WRITES = {"download_button", "open", "write_text", "write_bytes", "to_csv", "to_excel", "to_file", "savefig",
               "NamedTemporaryFile", "mkstemp"}  # fmt: skip


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _called(node: ast.Call) -> str:
    function = node.func
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")


def _calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(_tree(path)) if isinstance(node, ast.Call)]


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(PROJECT_ROOT)}:{getattr(node, 'lineno', '?')}"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_page_offers_files_only_through_the_download_helper(path: Path) -> None:
    direct = [_where(path, c) for c in _calls(path) if _called(c) in FILE_WRITES]
    assert direct == [], "use dashboard.downloads.offer / people_csv, which audit and watermark"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_chart_offers_no_download_of_its_own(path: Path) -> None:
    charts = [c for c in _calls(path) if _called(c) == "plotly_chart"]
    bare = [_where(path, c) for c in charts if "charts.NO_DOWNLOAD" not in {ast.unparse(k.value) for k in c.keywords}]
    assert bare == [], "pass config=charts.NO_DOWNLOAD: Plotly's toolbar would download the chart unaudited"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_page_shows_tables_only_through_render_table(path: Path) -> None:
    direct = [_where(path, c) for c in _calls(path) if _called(c) in ("dataframe", "table", "data_editor")
              and not (isinstance(c.func, ast.Attribute) and getattr(c.func.value, "id", "") == "render")]  # fmt: skip
    assert direct == [], "st.dataframe has a Download-as-CSV toolbar and st.table renders Markdown: use render.table"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_page_writes_no_html(path: Path) -> None:
    tree = _tree(path)
    unsafe = [_where(path, k) for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == "unsafe_allow_html"]
    folium = [_where(path, n) for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
              and "folium" in {getattr(n, "module", "") or "", *(a.name for a in n.names)}]  # fmt: skip
    tags = [_where(path, n) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and re.search(r"<\s*/?\s*[a-z]+[^<>]*>", n.value)]  # fmt: skip
    html_calls = [_where(path, c) for c in _calls(path) if _called(c) in ("html", "esc", "Popup", "Tooltip")
                  and not (isinstance(c.func, ast.Attribute) and getattr(c.func.value, "id", "") == "maps")]  # fmt: skip
    assert (unsafe, folium, tags, html_calls) == ([], [], [], [])


def _unsafe_parts(node: ast.AST) -> list[ast.AST]:
    """Parts of a text argument that are neither constant nor made safe for Markdown."""
    if isinstance(node, ast.Constant):
        return []
    if isinstance(node, ast.JoinedStr | ast.FormattedValue | ast.BinOp):
        children = {ast.JoinedStr: lambda n: n.values, ast.FormattedValue: lambda n: [n.value],
                    ast.BinOp: lambda n: [n.left, n.right]}[type(node)](node)  # fmt: skip
        return [part for child in children for part in _unsafe_parts(child)]
    if isinstance(node, ast.Call) and _called(node) in SAFE_CALLS:
        return []
    if isinstance(node, ast.Call) and _called(node) == "format" and isinstance(node.func, ast.Attribute):
        # view.t("x").format(n=number(...)); a ** mapping is checked where it is made
        keywords = [k.value for k in node.keywords if k.arg is not None]
        return _unsafe_parts(node.func.value) + [part for k in keywords for part in _unsafe_parts(k)]
    return [node]


@pytest.mark.parametrize("path", [*PAGES, PROJECT_ROOT / "dashboard" / "frame.py"], ids=lambda p: p.name)
def test_data_in_markdown_is_escaped(path: Path) -> None:
    found = []
    for call in _calls(path):
        if _called(call) not in MARKDOWN_SINKS or not call.args:
            continue
        texts = [call.args[0], *(k.value for k in call.keywords if k.arg in ("help", "label", "placeholder"))]
        found += [f"{_where(path, part)}: {ast.unparse(part)}" for text in texts for part in _unsafe_parts(text)]
    assert found == [], "wrap data in render.md() (or show it with render.table / st.text)"


HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "![x](http://example.org/pixel.png)",
    "[click here](http://example.org/phish)",
    "www.example.org and http://example.org/auto and a@example.org",
    '=HYPERLINK("http://example.org","x")',
    ":red[colour] $x^2$ # heading * item | a | b |",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_leaves_no_markdown_construct(text: str) -> None:
    from dashboard.render import WORD_JOINER, md

    escaped = md(text)
    shown = re.sub(r"\\(.)", r"\1", escaped)  # the text once Markdown has read its escapes
    assert shown.replace(WORD_JOINER, "") == text, "shown exactly as written"
    assert not re.search(r"(?i)https?://|www\.|\w@\w", shown), "no autolink can be found in it"
    assert not re.search(r"(?<!\\)[!\[\]()<>:@.#*|$`_]", escaped), "every punctuation mark is escaped"
    assert md("line one\nline two") == "line one line two"


def _hostile_table() -> None:  # AppTest runs this source on its own
    import pandas as pd

    from dashboard import render
    from tests.test_page_rules import HOSTILE

    render.table(pd.DataFrame({"<b>Name</b>": HOSTILE, "n": range(len(HOSTILE))}))


def test_render_table_escapes_every_cell() -> None:
    app = AppTest.from_function(_hostile_table).run()
    assert not app.exception
    body = app.get("html")[0].proto.body
    assert "<img" not in body and "<b>Name" not in body and "](http" in body, "escaped HTML, no Markdown read"
    assert shown_tables(app)[0]["<b>Name</b>"].tolist() == HOSTILE


def test_map_tooltips_escape_plain_values() -> None:
    from dashboard import maps

    areas = gpd.GeoDataFrame({"name": HOSTILE[:2], "n": [7, None]}, geometry=[box(84, 26, 85, 27), box(85, 26, 86, 27)],
                             crs=4326)  # fmt: skip
    m = maps.base_map()
    maps.add_choropleth(m, areas, value="n", name="t", tooltip=lambda r: maps.Tooltip(r["name"], [("workers", r["n"])]))
    points = pd.DataFrame({"lat": [26.5], "lon": [84.5], "n": [3], "name": [HOSTILE[0]]})
    maps.add_circles(m, points, size="n", name="c", tooltip=lambda r: maps.Tooltip(r["name"]))
    # Tooltips travel inside the layers' GeoJSON, whose JSON escapes < > & as \u003c...: undo that to see the HTML
    # the browser puts on the page.
    rendered = m.get_root().render()
    for escaped, character in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&")):
        rendered = rendered.replace(escaped, character)
    assert "<img src=x" not in rendered and 'onerror=\\"alert' not in rendered
    assert "&lt;img src=x onerror=" in rendered
    assert rendered.count("&lt;img src=x onerror=") >= 2, "the area's and the circle's tooltips"
    assert maps.Tooltip("a<b", [("n", None)]).html() == "<b>a&lt;b</b><br>n: &lt;5"
