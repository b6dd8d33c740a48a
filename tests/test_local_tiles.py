"""The optional tile layer: read from the settings, and only ever from this machine."""

from __future__ import annotations

from collections.abc import Iterator

import folium
import pytest

from atlas.settings import Settings, settings
from dashboard import maps


@pytest.fixture()
def tile_url() -> Iterator[None]:
    before = settings.tile_url
    yield
    settings.tile_url = before


def tile_layers(m: folium.Map) -> list[folium.TileLayer]:
    return [child for child in m._children.values() if isinstance(child, folium.TileLayer)]


def test_the_environment_names_the_tile_server() -> None:
    given = Settings.from_env(
        {"ATLAS_TILE_URL": "http://localhost:8080/{z}/{x}/{y}.png", "ATLAS_TILE_ATTRIBUTION": "x"}
    )
    assert (given.tile_url, given.tile_attribution) == ("http://localhost:8080/{z}/{x}/{y}.png", "x")
    assert Settings.from_env({}).tile_url is None


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080/{z}/{x}/{y}.png",
        "http://127.0.0.1/t/{z}/{x}/{y}.png",
        "/app/static/tiles/{z}/{x}/{y}.png",
    ],
)
def test_a_local_tile_server_is_drawn_under_the_boundaries(tile_url: None, url: str) -> None:
    settings.tile_url = url
    layers = tile_layers(maps.base_map())
    assert [layer.tiles for layer in layers] == [url]


@pytest.mark.parametrize(
    "url", [None, "", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "http://localhost.example.com/{z}/{x}/{y}.png"]
)
def test_no_tile_layer_without_a_local_server(tile_url: None, url: str | None) -> None:
    settings.tile_url = url
    assert tile_layers(maps.base_map()) == []
