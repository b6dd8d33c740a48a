"""Copy folium's JavaScript and CSS into dashboard/static/ so that maps need no CDN.

The PyPI package folium-offline carries every asset folium references, keyed by its CDN
URL. Each is written to a local path, and a manifest maps CDN URL -> local URL under
Streamlit's static route (/app/static/...). dashboard/offline.py reads the manifest.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.parse
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "dashboard" / "static"
PREFIX = "folium"
STATIC_ROUTE = "/app/static/"


def local_path(url: str) -> str:
    """A CDN URL as a local path: ``https://host/npm/leaflet@1.9.3/a.js`` -> ``folium/host/npm/leaflet_1.9.3/a.js``."""
    parts = urllib.parse.urlsplit(url)
    rel = re.sub(r"/+", "/", parts.netloc + parts.path)
    rel = re.sub(r"[^A-Za-z0-9._/-]", "_", rel)
    if not rel.endswith((".js", ".css")):
        rel += ".js"
    # Leaflet guesses its marker-image folder from a <link> ending in "leaflet.css"; renaming the
    # file makes it use the images embedded in this build instead of requesting a missing PNG.
    if rel.endswith("/leaflet.css"):
        rel = rel[: -len("leaflet.css")] + "leaflet-offline.css"
    return f"{PREFIX}/{rel}"


def main() -> int:
    try:
        from offlinefolium.elements import _res
        from offlinefolium.features import _vres
    except ImportError:
        print("error: the folium-offline package is not installed (pip install -r requirements.txt)", file=sys.stderr)
        return 1
    manifest: dict[str, str] = {}
    for url, body in {**_res, **_vres}.items():
        rel = local_path(url)
        target = STATIC / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        manifest[url] = STATIC_ROUTE + rel
    (STATIC / PREFIX / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    print(f"folium assets: {len(manifest)} files in {STATIC / PREFIX}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
