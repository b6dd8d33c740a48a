"""The dashboard in a real browser (Playwright driving Debian's Chromium) on the demo data.

One Streamlit server for the module; every request the browser makes, from every frame, is
recorded so the last test can assert that nothing left localhost. Screenshots of each page
go to test-output/screenshots/.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import create_engine, text

from bench.browser import CHROMIUM, CHROMIUM_ARGS, dashboard
from tests.conftest import app_url

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-output" / "screenshots"
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_PHONE = "9000000001"
DEMO_PASSWORD = "shramik-demo-2026"
REQUESTS: list[str] = []


@pytest.fixture(scope="module")
def server(demo_url: str) -> Iterator[str]:
    """The dashboard on the demo database, started the same way the browser benchmark starts it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", demo_url)
        patch.setenv("APP_DATABASE_URL", app_url(demo_url))
        with dashboard(None) as base:
            yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 1600}, accept_downloads=True, locale="en-IN")
    context.on("request", lambda request: REQUESTS.append(request.url))
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    yield page
    context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def map_frame(page: Page, index: int = 0):  # type: ignore[no-untyped-def]
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]').nth(index)


def metric(page: Page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def choose(page: Page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=label)
    box.locator('[data-baseweb="select"]').click()
    page.locator('li[role="option"]').filter(has_text=option).first.click()


def sign_in(page: Page, server: str, user: str = "minister", path: str = "") -> None:
    page.goto(f"{server}/{path}")
    page.get_by_role("textbox", name="Username").fill(user)
    page.get_by_role("textbox", name="Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {user}")).to_be_visible(timeout=60_000)


def download(page: Page, button: str) -> Path:
    """Click a download button and return the file; a click that lands during a rerun is lost, so retry."""
    for attempt in range(3):
        settle(page)
        try:
            with page.expect_download(timeout=20_000) as pending:
                page.get_by_role("button", name=button).click()
            return Path(pending.value.path())
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def settle(page: Page) -> None:
    """Wait for Streamlit to finish the current run (and any rerun the maps ask for)."""
    page.wait_for_timeout(1500)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)


def test_overview_map_charts_filters_and_hindi(server: str, page: Page) -> None:
    sign_in(page, server)
    flows = map_frame(page, 0).locator("path.atlas-flow")
    expect(flows.first).to_be_attached(timeout=60_000)
    assert flows.count() > 10
    assert map_frame(page, 0).locator("svg path").count() > flows.count() + 500, "state and district outlines"
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=30_000)
    settle(page)
    shot(page, "overview")

    everyone = metric(page, "Workers registered")
    choose(page, "Gender", "Female")
    expect(page).to_have_url(re.compile("gender=F"), timeout=30_000)
    settle(page)
    expect(
        page.locator('[data-testid="stMetric"]')
        .filter(has_text="Workers registered")
        .locator('[data-testid="stMetricValue"]')
    ).not_to_have_text(everyone, timeout=30_000)
    women = metric(page, "Workers registered")
    assert int(women.replace(",", "")) < int(everyone.replace(",", ""))
    assert "gender=F" in page.url, "the filter lives in the URL, so a link opens the same view"

    page.locator('[data-testid="stSidebar"] label').filter(has_text="हिन्दी").click()
    expect(page.get_by_text("पंजीकृत श्रमिक")).to_be_visible(timeout=30_000)
    settle(page)
    shot(page, "overview-hindi")


def test_every_page_renders(server: str, page: Page) -> None:
    sign_in(page, server)
    for path, title in [
        ("district", "District view"),
        ("skills", "Skill density"),
        ("complaints", "Complaints"),
        ("call-centre", "Call centre"),
        ("drives", "Registration drives"),
        ("data", "Data quality and upload"),
        ("about", "About / data sources"),
    ]:
        page.get_by_role("link", name=title if path != "skills" else "Skills").click()
        expect(page.get_by_role("heading", name=title).first).to_be_visible(timeout=60_000)
        settle(page)
        if path in ("skills", "complaints"):
            expect(map_frame(page).locator("path, circle").first).to_be_attached(timeout=60_000)
        shot(page, path)
    assert not page.locator('[data-testid="stException"]').count()


def test_haryana_drive_camps_on_the_map(server: str, page: Page) -> None:
    sign_in(page, server, user="haryana.drive")
    page.get_by_role("link", name="Registration drives").click()
    camps = map_frame(page).locator("path.leaflet-interactive")
    expect(camps.first).to_be_attached(timeout=60_000)
    assert camps.count() == 44, "one circle per camp"
    settle(page)
    shot(page, "drives-haryana")


def test_skill_exports_match_the_screen(server: str, page: Page) -> None:
    sign_in(page, server)
    page.get_by_role("link", name="Skills").click()
    expect(page.get_by_role("button", name="GeoJSON")).to_be_visible(timeout=60_000)
    settle(page)
    cells_on_map = map_frame(page).locator("path.leaflet-interactive")
    expect(cells_on_map.first).to_be_attached(timeout=60_000)
    geojson = json.loads(download(page, "GeoJSON").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO(download(page, "CSV").read_text(encoding="utf-8-sig"))))
    features = geojson["features"]
    assert geojson["type"] == "FeatureCollection" and features
    assert all(f["properties"]["workers"] >= 5 for f in features), "small cells are suppressed"
    assert {f["properties"]["cell"] for f in features} == {r["cell"] for r in rows}
    assert not {"name", "phone"} & set(rows[0]), "exports hold aggregates only"
    assert cells_on_map.count() == len(features), "the export holds exactly the cells on screen"


@pytest.fixture()
def hostile_worker(demo_url: str) -> Iterator[str]:
    engine = create_engine(demo_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO workers (natural_key, name, name_norm, phone, source, home_state_code) "
                "VALUES ('test:xss', :name, 'img src x onerror alert 1', :phone, 'survey', '10')"
            ),
            {"name": XSS_NAME, "phone": XSS_PHONE},
        )
    yield XSS_NAME
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM workers WHERE natural_key = 'test:xss'"))
    engine.dispose()


def test_a_hostile_name_shows_as_text(server: str, page: Page, hostile_worker: str) -> None:
    sign_in(page, server, user="agent")
    page.get_by_label("Phone").fill(XSS_PHONE)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text(f"Worker: {hostile_worker}")).to_be_visible(timeout=30_000)
    settle(page)
    shot(page, "call-centre-hostile-name")
    assert page.locator('img[src="x"]').count() == 0
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_no_request_leaves_localhost() -> None:
    assert REQUESTS, "the browser tests ran first and recorded their requests"
    hosts = {urlsplit(url).hostname for url in REQUESTS if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts <= {"localhost", "127.0.0.1"}, f"requests left the machine: {hosts}"
