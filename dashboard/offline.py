"""Point every folium element at the Leaflet assets served from dashboard/static/.

Government intranets have no internet, so no map may load anything from a CDN. The assets
are copied by scripts/vendor_static.py with a manifest of CDN URL -> local URL; here each
folium class's ``default_js``/``default_css`` is rewritten through that manifest. The map
itself needs only Leaflet: jQuery, Bootstrap and the icon fonts are dropped.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import branca.element
import folium

from atlas.errors import OfflineAssetsMissing

MANIFEST = Path(__file__).resolve().parent / "static" / "folium" / "manifest.json"
_MAP_JS = {"leaflet"}
_MAP_CSS = {"leaflet_css"}


@cache
def local_urls() -> dict[str, str]:
    if not MANIFEST.is_file():
        raise OfflineAssetsMissing(f"{MANIFEST} is missing: run `make deps` (scripts/vendor_static.py).")
    return dict(json.loads(MANIFEST.read_text(encoding="utf-8")))


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@cache
def use_local_assets() -> int:
    """Rewrite the asset links of every folium element class once per process; returns how many."""
    for module in pkgutil.walk_packages(folium.__path__, "folium."):
        importlib.import_module(module.name)
    urls = local_urls()
    folium.Map.default_js = [(n, u) for n, u in folium.Map.default_js if n in _MAP_JS]
    folium.Map.default_css = [(n, u) for n, u in folium.Map.default_css if n in _MAP_CSS]
    rewritten = 0
    for cls in {branca.element.MacroElement, *_subclasses(branca.element.MacroElement)}:
        for attribute in ("default_js", "default_css"):
            links = cls.__dict__.get(attribute)
            if links:
                # A new list, because folium's add_js_link mutates the class-level one.
                setattr(cls, attribute, [(name, urls.get(url, url)) for name, url in links])
                rewritten += len(links)
    return rewritten


def inline_assets(page: str) -> str:
    """Put the local Leaflet files inside the HTML, so an exported map opens anywhere offline."""
    static = Path(__file__).resolve().parent / "static"
    for local in set(local_urls().values()):
        if local not in page:
            continue
        body = (static / local.removeprefix("/app/static/")).read_text(encoding="utf-8")
        if local.endswith(".css"):
            page = page.replace(f'<link rel="stylesheet" href="{local}"/>', f"<style>{body}</style>")
        else:
            page = page.replace(f'<script src="{local}"></script>', f"<script>{body}</script>")
    return page
