"""The dashboard in a real browser (Playwright driving Debian's Chromium) on the demo data.

One Streamlit server for the module, on the module's own copy of the demo database (the browser signs in,
saves calls and complaints, uploads: all committed); every request the browser makes, from every frame, is
recorded so the last test can assert that nothing left localhost. Screenshots of each page
go to test-output/screenshots/.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import create_engine, text

from atlas.numbers import grouped
from atlas.queries.complaints import sync_routing
from bench.browser import CHROMIUM, CHROMIUM_ARGS, serving
from dashboard.i18n import t
from tests.conftest import app_url, copy_of_demo, forget_workers

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-output" / "screenshots"
XSS_NAME = "<img src=x onerror=alert(1)>"
DEMO_PASSWORD = "shramik-demo-2026"
REQUESTS: list[str] = []


@pytest.fixture(scope="module")
def demo_url(demo_url: str) -> Iterator[str]:
    """This module's copy of the demo database, in place of the one the session shares: the tests here share
    it, in order, and tidy up what a later test here could see."""
    with copy_of_demo(demo_url) as url:
        yield url


@pytest.fixture(scope="module")
def server(demo_url: str) -> Iterator[str]:
    """The dashboard on the demo database, started the same way the browser benchmark starts it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", demo_url)
        patch.setenv("APP_DATABASE_URL", app_url(demo_url))
        with serving(None) as base:
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


def metric_value(page: Page, label: str) -> Locator:
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def metric(page: Page, label: str) -> str:
    return metric_value(page, label).first.inner_text()


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
        target = page.get_by_role("button", name=button)
        # The button stays disabled while the server prepares the file, which takes long on a busy machine.
        expect(target).to_be_enabled(timeout=120_000)
        try:
            with page.expect_download(timeout=20_000) as pending:
                target.click()
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
    arrows = map_frame(page, 0).locator("path.atlas-arrow")
    assert arrows.count() == flows.count(), "every flow shows its direction"
    assert map_frame(page, 0).locator("path.atlas-place").count() > 10, "circles where workers leave and arrive"
    assert map_frame(page, 0).locator("svg path").count() > flows.count() + 500, "state and district outlines"
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=30_000)  # Sankey, destinations, trends
    settle(page)
    shot(page, "overview")

    everyone = metric(page, "Workers registered")
    legend = page.locator(".atlas-legend").filter(has_text="Line width").inner_text()
    drawn = flows.count()
    month = page.locator('[data-testid="stSlider"]').filter(has_text="Month (last seen)").get_by_role("slider")
    month.focus()
    month.press("ArrowRight")  # the first month with data
    settle(page)
    expect(metric_value(page, "Workers registered")).not_to_have_text(everyone, timeout=30_000)
    expect(map_frame(page, 0).locator("path.atlas-flow")).not_to_have_count(drawn, timeout=30_000)
    assert page.locator(".atlas-legend").filter(has_text="Line width").inner_text() == legend, "one fixed scale"
    shot(page, "overview-month")
    month.press("ArrowLeft")  # all months again
    settle(page)
    expect(metric_value(page, "Workers registered")).to_have_text(everyone, timeout=30_000)
    choose(page, "Gender", "Female")
    expect(page).to_have_url(re.compile("gender=F"), timeout=30_000)
    settle(page)
    expect(metric_value(page, "Workers registered")).not_to_have_text(everyone, timeout=30_000)
    women = metric(page, "Workers registered")
    assert int(women.replace(",", "")) < int(everyone.replace(",", ""))
    assert "gender=F" in page.url, "the filter lives in the URL, so a link opens the same view"

    page.locator('[data-testid="stSidebar"] label').filter(has_text="हिन्दी").click()
    expect(page.get_by_text("पंजीकृत श्रमिक")).to_be_visible(timeout=30_000)
    settle(page)
    shot(page, "overview-hindi")


def test_clicking_a_district_opens_its_profile_and_the_district_view(server: str, page: Page) -> None:
    sign_in(page, server)
    areas = map_frame(page, 1).locator("path.leaflet-interactive")
    expect(areas.first).to_be_attached(timeout=60_000)
    settle(page)
    areas.nth(areas.count() // 2).click(force=True)
    heading = page.get_by_role("heading", name=re.compile("^District profile: "))
    expect(heading).to_be_visible(timeout=60_000)
    district = heading.inner_text().removeprefix("District profile: ").strip()
    settle(page)
    shot(page, "overview-district-profile")
    page.get_by_role("button", name="Open in the District view").click()
    expect(page.get_by_role("heading", name=re.compile("^District view")).first).to_be_visible(timeout=60_000)
    expect(page).to_have_url(re.compile("home_district_id=\\d+"), timeout=30_000)
    settle(page)
    shot(page, "district-from-profile")
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(district).first).to_be_visible(timeout=30_000)


def test_the_map_drills_down_to_a_block_and_back_up(server: str, page: Page) -> None:
    sign_in(page, server)
    districts = map_frame(page, 1).locator("path.leaflet-interactive")
    expect(districts.first).to_be_attached(timeout=60_000)
    settle(page)
    districts.nth(districts.count() // 2).click(force=True)
    page.get_by_role("button", name="Show its blocks").click()
    expect(page).to_have_url(re.compile(r"home_district_id=\d+"), timeout=60_000)
    crumbs = page.get_by_role("button", name=re.compile("›$"))
    expect(crumbs).to_have_count(1, timeout=60_000)  # Bihar ›, then the district (current, disabled)
    expect(page.get_by_text("Click a block to see only its workers.")).to_be_visible(timeout=60_000)
    settle(page)
    # The block map replaces the district map; a click that lands while it is being drawn is lost, so retry.
    for _ in range(3):
        blocks = map_frame(page, 1).locator("path.leaflet-interactive")
        expect(blocks.first).to_be_attached(timeout=60_000)
        blocks.nth(blocks.count() // 2).click(force=True)
        try:
            expect(page).to_have_url(re.compile(r"home_block_code=\d{5}"), timeout=20_000)
            break
        except AssertionError:
            settle(page)
    expect(page).to_have_url(re.compile(r"home_block_code=\d{5}"), timeout=10_000)
    expect(crumbs).to_have_count(2, timeout=60_000)  # Bihar ›, the district ›, then the block
    settle(page)
    shot(page, "overview-drilled-to-block")
    crumbs.first.click()
    expect(page).not_to_have_url(re.compile("home_district_id"), timeout=60_000)
    expect(crumbs).to_have_count(0, timeout=60_000)


ORIGIN = 'path.atlas-place[stroke="#1d4ed8"]'  # a home district's circle (blue); destinations are orange
DESTINATION = 'path.atlas-place[stroke="#c2410c"]'


def click_circle(page: Page, circles: str, url: re.Pattern[str]) -> None:
    """Click the first of ``circles`` on the flow map until the URL shows the choice (a click during a redraw is
    lost)."""
    for _ in range(3):
        target = map_frame(page, 0).locator(circles)
        expect(target.first).to_be_attached(timeout=60_000)
        target.first.click(force=True)
        try:
            expect(page).to_have_url(url, timeout=20_000)
            return
        except AssertionError:
            settle(page)
    expect(page).to_have_url(url, timeout=10_000)


def test_clicking_a_circle_leaves_only_its_flows(server: str, page: Page) -> None:
    sign_in(page, server)
    expect(map_frame(page, 0).locator("path.atlas-flow").first).to_be_attached(timeout=60_000)
    settle(page)
    assert map_frame(page, 0).locator(ORIGIN).count() > 1
    click_circle(page, ORIGIN, re.compile(r"home_district_id=\d+"))
    settle(page)
    expect(map_frame(page, 0).locator(ORIGIN)).to_have_count(1, timeout=60_000)  # only the district clicked
    expect(map_frame(page, 0).locator("path.atlas-flow").first).to_be_attached(timeout=60_000)
    focus = page.get_by_text(re.compile("^Only the flows from "))
    expect(focus).to_be_visible(timeout=30_000)
    district = focus.inner_text().removeprefix("Only the flows from ").strip()
    expect(page.get_by_role("heading", name=f"District profile: {district}")).to_be_visible(timeout=30_000)
    shot(page, "overview-flows-from-one-district")
    page.locator('[data-testid="stSidebar"] label').filter(has_text="हिन्दी").click()
    expect(page.get_by_role("heading", name=re.compile("^ज़िला परिचय: "))).to_be_visible(timeout=60_000)
    settle(page)
    shot(page, "overview-flows-from-one-district-hindi")
    page.locator('[data-testid="stSidebar"] label').filter(has_text="English").click()
    expect(page.get_by_role("button", name="Show all flows")).to_be_visible(timeout=60_000)
    settle(page)
    page.get_by_role("button", name="Show all flows").click()
    expect(page).not_to_have_url(re.compile("home_district_id"), timeout=60_000)
    settle(page)
    expect(map_frame(page, 0).locator(ORIGIN).nth(1)).to_be_attached(timeout=60_000)

    click_circle(page, DESTINATION, re.compile(r"dest_district_id=\d+"))
    assert "home_district_id" not in page.url, "'Show all flows' let go of the home district for good"
    settle(page)
    expect(map_frame(page, 0).locator(DESTINATION)).to_have_count(1, timeout=60_000)  # only the place clicked
    expect(page.get_by_text(re.compile("^Only the flows into "))).to_be_visible(timeout=30_000)
    shot(page, "overview-flows-into-one-district")


def month_shown(page: Page) -> str:
    """The month the slider shows ("All months" or MM-YYYY)."""
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Month (last seen)")
    return slider.locator('[data-testid="stSliderThumbValue"]').inner_text()


def play_switch(page: Page) -> Locator:
    return page.get_by_role("checkbox", name="▶ Play")


def test_play_steps_through_the_months_and_pause_stops(server: str, page: Page) -> None:
    sign_in(page, server)
    expect(map_frame(page, 0).locator("path.atlas-flow").first).to_be_attached(timeout=60_000)
    settle(page)
    everyone = metric(page, "Workers registered")
    legend = page.locator(".atlas-legend").filter(has_text="Line width").inner_text()
    assert "All months" in month_shown(page)
    page.locator('[data-testid="stCheckbox"]').filter(has_text="▶ Play").locator("label").click()
    expect(play_switch(page)).to_be_checked(timeout=30_000)
    expect(metric_value(page, "Workers registered").first).not_to_have_text(everyone, timeout=30_000)
    seen = {month_shown(page)}
    for _ in range(20):  # a step every few seconds: wait for two more months
        page.wait_for_timeout(1000)
        seen.add(month_shown(page))
        if len({m for m in seen if "All months" not in m}) >= 3:
            break
    months = {m for m in seen if "All months" not in m}
    assert len(months) >= 3, f"the months should advance while playing: {seen}"
    assert page.locator(".atlas-legend").filter(has_text="Line width").inner_text() == legend, "one fixed scale"
    shot(page, "overview-playing")
    page.locator('[data-testid="stCheckbox"]').filter(has_text="▶ Play").locator("label").click()
    expect(play_switch(page)).not_to_be_checked(timeout=30_000)
    settle(page)
    paused = month_shown(page)
    page.wait_for_timeout(5000)
    assert month_shown(page) == paused, "switching Play off stops the months"


def test_a_district_on_the_quality_map_opens_its_profile(server: str, page: Page) -> None:
    sign_in(page, server, path="data")
    areas = map_frame(page, 0).locator("path.leaflet-interactive")
    expect(areas.first).to_be_attached(timeout=60_000)
    settle(page)
    heading = page.get_by_role("heading", name=re.compile("^District profile: "))
    for _ in range(3):
        areas.nth(areas.count() // 2).click(force=True)
        try:
            expect(heading).to_be_visible(timeout=20_000)
            break
        except AssertionError:
            settle(page)
    expect(heading).to_be_visible(timeout=10_000)
    settle(page)
    shot(page, "data-quality-district-profile")


def test_every_page_renders(server: str, page: Page) -> None:
    sign_in(page, server)
    for path, title in [
        ("returnees", "2020 returnees now"),
        ("district", "District view"),
        ("skills", "Skill density"),
        ("complaints", "Complaints"),
        ("call-centre", "Call centre"),
        ("drives", "Registration drives"),
        ("data", "Data quality and upload"),
        ("rights", "Data rights"),
        ("about", "About / data sources"),
    ]:
        page.get_by_role("link", name=title if path != "skills" else "Skills").click()
        expect(page.get_by_role("heading", name=title).first).to_be_visible(timeout=60_000)
        settle(page)
        if path in ("skills", "complaints"):
            expect(map_frame(page).locator("path, circle").first).to_be_attached(timeout=60_000)
        shot(page, path)
    assert not page.locator('[data-testid="stException"]').count()

    page.get_by_role("link", name="Overview").click()
    page.locator('[data-testid="stSidebar"] label').filter(has_text="हिन्दी").click()
    for path, key in HINDI_PAGES:
        title = t(key, "hi")
        page.get_by_role("link", name=t("page_skills", "hi") if path == "skills" else title).click()
        expect(page.get_by_role("heading", name=title).first).to_be_visible(timeout=60_000)
        settle(page)
        if path in ("overview", "skills", "complaints"):
            expect(map_frame(page).locator("path").first).to_be_attached(timeout=60_000)
        if path == "overview":  # the rest of a first view follows the flow map a moment later
            expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=30_000)
            settle(page)
        shot(page, f"{path}-hindi")
    assert not page.locator('[data-testid="stException"]').count()


HINDI_PAGES = [("overview", "page_overview"), ("returnees", "page_returnees"), ("district", "page_district"),
               ("skills", "skill_heatmap"), ("complaints", "page_complaints"), ("call-centre", "page_call_centre"), ("drives", "page_drives"),
               ("data", "page_data"), ("rights", "page_rights"), ("about", "page_about")]  # fmt: skip


def test_haryana_drive_camps_on_the_map(server: str, page: Page) -> None:
    sign_in(page, server, user="haryana.drive")
    # The drive coordinator's job is the drive: they land on its page, not on an Overview of zeros.
    expect(page.get_by_role("heading", name="Registration drives").first).to_be_visible(timeout=60_000)
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


# Names and addresses an attacker (or a careless spreadsheet) could put in an upload: HTML, a Markdown
# image (a tracking pixel), a Markdown link (phishing), an autolink and a spreadsheet formula.
HOSTILE = {
    "6000000011": XSS_NAME,
    "6000000012": "![x](http://example.org/pixel.png)",
    "6000000013": "[Verify your account](http://example.org/phish)",
    "6000000014": "(www.example.org/auto)",
    "6000000015": '=HYPERLINK("http://example.org/f","call me")',
}
FORMULA_PHONE = "6000000015"
SURVEY = "Name,Father Name,Village,Panchayat,Block,District,Mobile,Skill,Last Workplace,Survey Date\n"


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _survey_rows(people: dict[str, str], *, district: str = "Siwan", date: str = "12-06-2020") -> str:
    return "".join(
        f"{_csv_cell(name)},{_csv_cell(name)},Bedauli,{_csv_cell(name)},Mairwa,{district},{phone},mason,"
        f"{_csv_cell(name + ', Surat, Gujarat')},{date}\n"
        for phone, name in people.items()
    )


@pytest.fixture(scope="module")
def hostile_people(demo_url: str) -> Iterator[dict[str, int]]:
    """Siwan workers named as above (home address and workplace too), loaded by the real loader, with a
    complaint whose description is hostile. Removed afterwards, with whatever the tests uploaded."""
    from atlas.queries import callcentre
    from atlas.queries.rollups import compact_rollups
    from loaders import load_file

    engine = create_engine(demo_url)
    load_file("survey", (SURVEY + _survey_rows(HOSTILE)).encode(), engine=engine, file_name="hostile.csv")
    with engine.begin() as connection:
        found = connection.execute(
            text("SELECT phone, worker_id FROM workers WHERE phone = ANY(:p)"), {"p": list(HOSTILE)}
        )
        ids = {phone: worker for phone, worker in found}
        complaint = callcentre.log_complaint(
            connection,
            callcentre.NewComplaint(
                ids["6000000012"],
                "unpaid_wages",
                HOSTILE["6000000013"],
                "labour_home",
                False,
                {"route": "12 hours", "first_action": "24 hours", "resolve": "21 days"},
                datetime.now().astimezone(),
                None,
            ),
        )
    assert len(ids) == len(HOSTILE), "every hostile worker was loaded"
    yield {**{f"worker:{phone}": worker for phone, worker in ids.items()}, "complaint": complaint}
    with engine.begin() as connection:
        forget_workers(connection, "SELECT worker_id FROM workers WHERE phone = ANY(:p)", {"p": list(HOSTILE)})
        connection.execute(text("DELETE FROM load_batches WHERE file_name IN ('hostile.csv', 'hostile-upload.csv')"))
    compact_rollups(engine)
    engine.dispose()


def shown(text: str) -> re.Pattern[str]:
    """The text as a page shows it: Markdown may hold an invisible word joiner inside a would-be autolink."""
    return re.compile("\u2060?".join(map(re.escape, text)))


def assert_inert(page: Page, where: str) -> None:
    """No element made from the hostile values, in the page or any of its frames (maps), and no script ran."""
    settle(page)
    for frame in page.frames:
        made = frame.locator('img[src="x"], img[src*="example.org"], a[href*="example.org"], svg[onload]')
        found = [m.evaluate("e => e.parentElement.parentElement.outerHTML.slice(0, 600)") for m in made.all()]
        assert found == [], f"{where}: an element was made from data"
    assert page.dialogs == [], where  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stDataFrame"]').count() == 0, f"{where}: a table with a toolbar download"
    for table in page.locator('[data-testid="stTable"]').all():
        table.hover()
        assert page.get_by_role("button", name="Download as CSV").count() == 0, f"{where}: a table's own download"


def test_hostile_names_stay_text_on_every_page_that_shows_people(
    server: str, page: Page, hostile_people: dict[str, int], demo_url: str
) -> None:
    sign_in(page, server, user="agent")
    for phone, name in HOSTILE.items():
        page.get_by_label("Phone").fill(phone)
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_text(shown(f"Worker: {name}"))).to_be_visible(timeout=30_000)
        expect(page.get_by_text(f"{name}, Surat, Gujarat").first).to_be_visible(timeout=30_000)
        assert_inert(page, f"call centre {phone}")
    shot(page, "call-centre-hostile-name")

    sign_in(page, server, user="siwan.do")
    page.get_by_role("link", name="District view").click()
    expect(page.get_by_role("heading", name="District view").first).to_be_visible(timeout=60_000)
    for name in HOSTILE.values():
        expect(page.get_by_text(name, exact=True).first).to_be_visible(timeout=30_000)
    assert_inert(page, "district view")
    shot(page, "district-hostile-names")
    call_list = download(page, "Download call list (CSV)").read_text(encoding="utf-8-sig")
    assert call_list.startswith("# Exported by siwan.do on ")
    watermark, header = call_list.splitlines()[:2]
    holds = re.search(r"([\d,]+) of ([\d,]+) workers due a call", watermark)
    assert holds is not None, "the file says how many rows it holds of how many"
    rows = len(list(csv.reader(io.StringIO(call_list)))) - 2
    assert int(holds.group(1).replace(",", "")) == rows <= int(holds.group(2).replace(",", ""))
    assert header.split(",")[:2] == ["Rank", "Worker id"], "an agent opens a listed worker by its id"
    assert "\"'=HYPERLINK(" in call_list and ',"=HYPERLINK' not in call_list, "the formula is neutralised"
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        exported = connection.execute(
            text(
                "SELECT details FROM audit_log WHERE username = 'siwan.do' AND action = 'export' "
                "AND target = 'call_list.csv' ORDER BY audit_id DESC LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    assert exported["personal"] is True and "home_district_id" in exported["filters"], "audited, with the filters"

    page.get_by_role("link", name="Complaints").click()
    expect(page.get_by_role("heading", name="Complaints").first).to_be_visible(timeout=60_000)
    page.get_by_label("Complaint number").fill(str(hostile_people["complaint"]))
    page.get_by_label("Complaint number").press("Enter")
    expect(page.get_by_text(HOSTILE["6000000013"]).first).to_be_visible(timeout=30_000)
    assert_inert(page, "complaints")

    sign_in(page, server, user="minister")  # the Bihar administrator, who answers data-rights requests
    page.get_by_role("link", name="Data rights").click()
    expect(page.get_by_role("heading", name="Data rights").first).to_be_visible(timeout=60_000)
    for phone in ("6000000012", "6000000013", FORMULA_PHONE):
        page.get_by_label("Worker id").fill(str(hostile_people[f"worker:{phone}"]))
        page.get_by_label("Worker id").press("Enter")
        expect(page.get_by_text(shown(HOSTILE[phone])).first).to_be_visible(timeout=30_000)
        assert_inert(page, f"data rights {phone}")
    record = json.loads(download(page, "Download the full record (JSON)").read_text(encoding="utf-8"))
    assert record["worker"]["name"] == HOSTILE[FORMULA_PHONE], "the record holds the name exactly as stored"


def test_a_hostile_upload_is_reported_as_text_and_exported_neutralised(
    server: str, page: Page, hostile_people: dict[str, int], tmp_path: Path
) -> None:
    """The Siwan officer uploads rows that are rejected (outside Siwan, a date in the future): the report
    shows them as text, and its download is watermarked with formulas neutralised."""
    upload = tmp_path / "hostile-upload.csv"
    rows = _survey_rows({"6000000021": HOSTILE[FORMULA_PHONE]}, district="Patna")
    rows += _survey_rows({"6000000022": HOSTILE["6000000012"]}, date="12-06-2099")
    upload.write_text(SURVEY + rows, encoding="utf-8")
    sign_in(page, server, user="siwan.do")
    page.get_by_role("link", name="Data quality and upload").click()
    expect(page.get_by_role("heading", name="Data quality and upload").first).to_be_visible(timeout=60_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    load = page.get_by_role("button", name="Load", exact=True)
    expect(load).to_be_enabled(timeout=30_000)  # once the file is uploaded
    load.click()
    expect(page.get_by_text("Rejected rows and why")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Siwan district").first).to_be_visible(timeout=30_000)
    assert_inert(page, "data quality")
    shot(page, "data-quality-hostile-upload")
    report = download(page, "Download the rejected rows (CSV)").read_text(encoding="utf-8-sig")
    assert report.startswith("# Exported by siwan.do on ")
    assert len(list(csv.reader(io.StringIO(report)))) == 4, "watermark, header, two rejected rows"
    assert "example.org/pixel.png" in report


def take_next(page: Page) -> int:
    """Take the next worker from the call queue; returns their worker id as the page shows it."""
    settle(page)
    take = page.get_by_role("button", name="Take the next worker")
    expect(take).to_be_enabled(timeout=60_000)  # the page after sign-in takes long on a busy machine
    take.click()
    settle(page)  # the previous worker's caption stays until the page has run again
    caption = page.get_by_text(re.compile(r"From the call queue.*Worker id [\d,]+"))
    expect(caption).to_be_visible(timeout=60_000)
    found = re.search(r"Worker id ([\d,]+)", caption.inner_text())
    assert found is not None
    return int(found.group(1).replace(",", ""))


def test_the_call_queue_gives_two_agents_different_workers_and_records_the_outcome(
    server: str, browser: Browser, page: Page, demo_url: str
) -> None:
    sign_in(page, server, user="agent")
    other = browser.new_context(viewport={"width": 1440, "height": 1600}, locale="en-IN").new_page()
    other.context.on("request", lambda request: REQUESTS.append(request.url))
    sign_in(other, server, user="minister")  # Bihar's administrator works the same state's queue
    other.get_by_role("link", name="Call centre").click()
    expect(page.get_by_text("Call queue: workers due a call")).to_be_visible(timeout=60_000)
    expect(other.get_by_text("Call queue: workers due a call")).to_be_visible(timeout=60_000)
    mine, theirs = take_next(page), take_next(other)
    assert mine != theirs, "two agents never get the same worker"
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        phone = connection.execute(text("SELECT phone FROM workers WHERE worker_id = :w"), {"w": mine}).scalar_one()
    expect(page.get_by_text(phone).first).to_be_visible()  # the agent sees the whole number to dial
    settle(page)
    shot(page, "call-queue")

    page.locator('[data-testid="stRadio"]').filter(has_text="Outcome").get_by_text("Not reachable").click()
    settle(page)
    page.get_by_role("button", name="Save call").click()
    expect(page.get_by_text(re.compile(r"Call saved as #[\d,]+"))).to_be_visible(timeout=60_000)
    following = take_next(page)
    assert following not in (mine, theirs), "the called worker waits a day; the other agent's is still theirs"
    page.locator('[data-testid="stRadio"]').filter(has_text="Outcome").get_by_text("Reached", exact=True).click()
    page.get_by_label("Where do they work now? (address)").fill("Okhla Phase 2, New Delhi")
    page.get_by_label("Where do they work now? (address)").press("Enter")
    expect(page.get_by_text(re.compile("Precision"))).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile(r"District: [^–\s]"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Named places nearby: \w.* \([\d.]+ km\)"))).to_be_visible()
    settle(page)
    page.get_by_role("button", name="Save call").click()
    expect(page.get_by_text(re.compile(r"Call saved as #[\d,]+"))).to_be_visible(timeout=60_000)
    settle(page)
    shot(page, "call-queue-saved")
    with engine.begin() as connection:
        calls = connection.execute(
            text(
                "SELECT a.worker_id, a.outcome, s.name_en FROM call_attempts a JOIN users u ON u.user_id = a.agent_id "
                "JOIN workers w USING (worker_id) LEFT JOIN states s ON s.state_code = w.current_state_code "
                "WHERE u.username = 'agent' AND a.worker_id = ANY(:w) ORDER BY a.call_id"
            ),
            {"w": [mine, following]},
        ).all()
        claims = connection.execute(text("SELECT worker_id FROM call_claims")).scalars().all()
        connection.execute(text("DELETE FROM call_claims"))
    engine.dispose()
    other.context.close()
    assert [(c.worker_id, c.outcome) for c in calls] == [(mine, "not_reachable"), (following, "reached")]
    assert calls[1].name_en == "Delhi", "the current workplace is recorded"
    assert claims == [theirs], "a recorded call ends its claim; the other agent still holds theirs"


def test_a_complaint_saved_twice_is_filed_once(server: str, page: Page, demo_url: str) -> None:
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        phone = connection.execute(
            text("SELECT phone FROM workers WHERE home_state_code = '10' AND phone IS NOT NULL ORDER BY worker_id")
        ).scalar()
    sign_in(page, server, user="agent")
    page.get_by_label("Phone").fill(str(phone))
    page.get_by_role("button", name="Search").click()
    description = "Wages for October not paid (double-submit check)"
    page.get_by_label("What happened?").fill(description)
    settle(page)
    save = page.get_by_role("button", name="Save complaint")
    save.click()
    saved = page.get_by_text(re.compile(r"Complaint saved as #[\d,]+"))
    expect(saved).to_be_visible(timeout=60_000)
    first = saved.inner_text()
    settle(page)
    save.click()
    settle(page)
    expect(saved).to_have_text(first)
    shot(page, "complaint-saved-once")
    with engine.begin() as connection:
        filed = connection.execute(
            text("SELECT count(*) FROM complaints WHERE description = :d"), {"d": description}
        ).scalar_one()
        gone = connection.execute(
            text("DELETE FROM complaints WHERE description = :d RETURNING worker_id"), {"d": description}
        ).scalars()
        sync_routing(connection, gone.all())  # the departments the workers' rows carry, as they were
    engine.dispose()
    assert filed == 1, "pressing Save again does not file a second complaint"
    page.get_by_role("button", name="Log another complaint").click()
    expect(page.get_by_label("What happened?")).to_have_value("", timeout=30_000)


def shown_table(page: Page, heading: str) -> list[dict[str, str]]:
    """The rows of the first table after a heading, as {header: cell text}."""
    table = page.locator(f'h3:has-text("{heading}")').locator("xpath=following::div[@class='atlas-table'][1]")
    expect(table).to_be_attached(timeout=60_000)
    rows: list[list[str]] = table.evaluate(
        "t => [...t.querySelectorAll('tr')].map(r => [...r.children].map(c => c.textContent))"
    )
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_numbers_read_right(server: str, page: Page, demo_url: str) -> None:
    """The planner's complaint tile, the Sankey's Other, the overdue column and the freshness counts."""
    sign_in(page, server, user="planner")
    tile = page.locator('[data-testid="stMetric"]').filter(has_text="Open complaints")
    expect(tile.locator('[data-testid="stMetricValue"]')).to_have_text("–", timeout=60_000)
    expect(tile).to_contain_text("not shown to your role")
    settle(page)
    shot(page, "overview-planner")

    sign_in(page, server, user="minister")
    expect(page.locator(".js-plotly-plot").first).to_be_attached(timeout=60_000)
    expect(page.locator(".js-plotly-plot").first).to_contain_text("Other districts", timeout=30_000)
    expect(
        page.get_by_text(re.compile(r"[\d,]+ more districts and [\d,]+ more states are grouped as Other"))
    ).to_be_visible()
    for label in ("Inter-state migrants", "Current workplace known"):
        tile = page.locator('[data-testid="stMetric"]').filter(has_text=label)
        assert "↑" not in tile.inner_text(), "a share is not a rise"
        expect(tile.locator('[data-testid="stMetricDelta"]')).to_contain_text("% of workers")

    page.get_by_role("link", name="Data quality and upload").click()
    fresh = {row["Kind"]: row for row in shown_table(page, "Data freshness")}
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        eshram = connection.execute(
            text(
                "SELECT rows_total, rows_loaded, rows_updated FROM load_batches WHERE kind = 'eshram' "
                "ORDER BY finished_at DESC LIMIT 1"
            )
        ).one()
        overdue_district = connection.execute(
            text(
                "SELECT home_district_id FROM complaints WHERE status IN ('new', 'routed', 'in_progress') "
                "AND resolve_due_at > now() AND (route_due_at < now() AND routed_at IS NULL OR is_emergency "
                "AND first_action_at IS NULL AND first_action_due_at < now() OR resolve_due_at < now()) "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar()
    engine.dispose()
    row = fresh["e-Shram registration export"]
    assert (row["Rows"], row["New"], row["Updated"]) == tuple(f"{n:,}" for n in eshram), "updated rows are shown"
    assert eshram.rows_updated > 0

    # A district with complaints overdue before their resolution date: the column names the earlier deadline.
    assert overdue_district is not None, "the demo holds such complaints"
    sign_in(page, server, user="minister", path=f"district?home_state_code=10&home_district_id={overdue_district}")
    complaints = shown_table(page, "Complaints from this district")
    assert complaints and "Rank" not in complaints[0] and "Complaint number" in complaints[0]
    missed = [r for r in complaints if r["Deadline missed"]]
    assert any(r["Deadline missed"] != "Resolution (21 days)" for r in missed)
    now = datetime.now()
    for r in missed:
        assert r["Deadline missed"] in ("Routing (12 h)", "First action (24 h)", "Resolution (21 days)")
        assert datetime.strptime(r["Was due"], "%d-%m-%Y %H:%M") < now, "the missed deadline is in the past"
    page.locator('h3:has-text("Complaints from this district")').scroll_into_view_if_needed()
    shot(page, "district-complaints-deadlines")


def test_the_district_officer_sees_a_fixed_district_and_can_search(server: str, page: Page, demo_url: str) -> None:
    sign_in(page, server, user="siwan.do")
    expect(page.get_by_role("heading", name="District view · Siwan")).to_be_visible(timeout=60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Home state").count() == 0
    assert sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Home district").count() == 0
    expect(sidebar.locator("p").filter(has_text="Home district")).to_contain_text("Siwan")
    sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Block").locator('[data-baseweb="select"]').click()
    offered = {o.strip() for o in page.locator('li[role="option"]').all_inner_texts()} - {"All"}
    page.keyboard.type("Danapur")  # a block of Patna
    expect(page.locator('li[role="option"]').filter(has_text="Danapur")).to_have_count(0)
    page.keyboard.press("Escape")
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        blocks = set(
            connection.execute(
                text(
                    "SELECT b.name_en FROM subdistricts b JOIN districts d USING (district_id) "
                    "WHERE d.name_en = 'Siwan' AND d.state_code = '10'"
                )
            ).scalars()
        )
        name, total = connection.execute(
            text(
                "SELECT w.name, (SELECT count(*) FROM workers x WHERE x.home_district_id = w.home_district_id) "
                "FROM workers w JOIN districts d ON d.district_id = w.home_district_id "
                "WHERE d.name_en = 'Siwan' AND w.name ~ '^[A-Za-z ]+$' ORDER BY w.worker_id LIMIT 1"
            )
        ).one()
    engine.dispose()
    assert offered and offered <= blocks, "only Siwan's blocks are offered (the list shows the first of them)"
    for title in ("Overview", "Complaints"):
        page.get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", name=f"{title} · Siwan").first).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="District view").click()
    page.get_by_label("Search the workers by name, village or phone (its last digits)").fill(name)
    page.get_by_label("Search the workers by name, village or phone (its last digits)").press("Enter")
    settle(page)
    found = shown_table(page, "Workers")
    assert found and all(name.lower() in r["Name"].lower() for r in found)
    caption = page.get_by_text(re.compile(r"^[\d,]+ workers$"))
    assert int(caption.inner_text().split()[0].replace(",", "")) < total
    shot(page, "district-officer-search")


def test_a_deep_link_keeps_its_page_through_sign_in(server: str, page: Page) -> None:
    sign_in(page, server, user="minister", path="complaints?lang=en&home_state_code=10")
    expect(page.get_by_role("heading", name="Complaints").first).to_be_visible(timeout=60_000)
    assert "/complaints" in page.url


def switch_to_hindi(page: Page) -> None:
    settle(page)
    page.locator('[data-testid="stSidebar"] label').filter(has_text="हिन्दी").click()
    expect(page.get_by_text(t("signed_in_as", "hi"))).to_be_visible(timeout=30_000)
    settle(page)


def test_the_hindi_switch_keeps_selections_and_numbers_are_indian(server: str, page: Page, demo_url: str) -> None:
    sign_in(page, server, user="minister")
    page.locator('[data-testid="stRadio"]').filter(has_text="Flows to").get_by_text("destination state").click()
    settle(page)
    switch_to_hindi(page)
    expect(page.get_by_role("radio", name="गंतव्य राज्य")).to_be_checked(timeout=30_000)
    page.get_by_role("link", name="डेटा गुणवत्ता और अपलोड").click()
    fresh = {row["प्रकार"]: row for row in shown_table(page, "डेटा ताज़गी")}
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        reference = connection.execute(
            text("SELECT rows_total FROM load_batches WHERE kind = 'reference' ORDER BY finished_at DESC LIMIT 1")
        ).scalar_one()
    engine.dispose()
    assert reference >= 100_000 and fresh["संदर्भ भूगोल"]["पंक्तियाँ"] == grouped(reference), "2,35,510, not 235,510"

    sign_in(page, server, user="agent")
    take_next(page)
    page.locator('[data-testid="stRadio"]').filter(has_text="Outcome").get_by_text("Not reachable").click()
    settle(page)
    switch_to_hindi(page)
    expect(page.get_by_role("radio", name="संपर्क नहीं हो सका")).to_be_checked(timeout=30_000)
    category = page.locator('[data-testid="stSelectbox"]').filter(has_text="श्रेणी")
    expect(category).to_contain_text("मजदूरी का भुगतान नहीं")
    shot(page, "call-queue-hindi")
    page.get_by_role("button", name="अगला श्रमिक लें").click()  # hand the worker back before leaving
    settle(page)
    with create_engine(demo_url).begin() as connection:
        connection.execute(text("DELETE FROM call_claims"))


def test_a_status_change_shows_in_the_timeline_at_once(server: str, page: Page, demo_url: str) -> None:
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        complaint = connection.execute(
            text("SELECT complaint_id FROM complaints WHERE status = 'resolved' AND home_state_code = '10' LIMIT 1")
        ).scalar_one()
    sign_in(page, server, user="minister", path="complaints")
    page.get_by_label("Complaint number").fill(str(complaint))
    page.get_by_label("Complaint number").press("Enter")
    settle(page)
    form = page.locator('[data-testid="stForm"]').filter(has_text=t("change_status", "en"))
    form.locator('[data-baseweb="select"]').click()
    page.locator('li[role="option"]').filter(has_text="Closed").first.click()
    form.get_by_label("Note (what was done)").fill("Wages paid; the worker confirmed by phone")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible(timeout=60_000)
    timeline = shown_table(page, "A complaint's timeline")
    try:
        assert timeline[-1]["To"] == "Closed" and timeline[-1]["Action"] == "Status changed"
        expect(page.get_by_text(re.compile(r"· Closed$")).first).to_be_visible()
    finally:
        with engine.begin() as connection:
            connection.execute(
                text("DELETE FROM complaint_events WHERE complaint_id = :c AND to_status = 'closed'"), {"c": complaint}
            )
            connection.execute(
                text("UPDATE complaints SET status = 'resolved' WHERE complaint_id = :c"), {"c": complaint}
            )
        engine.dispose()


def test_an_alert_is_shown_acknowledged_and_the_district_report_downloads(
    server: str, page: Page, browser: Browser, demo_url: str
) -> None:
    sign_in(page, server)
    tile = page.locator('[data-testid="stMetric"]').filter(has_text="Distress alerts, 4 weeks")
    expect(tile).to_be_visible(timeout=60_000)
    assert int(metric(page, "Distress alerts, 4 weeks")) >= 1, "the demo's planted spike"
    page.get_by_role("link", name="Complaints").click()
    expect(page.get_by_role("heading", name="Distress alerts")).to_be_visible(timeout=60_000)
    settle(page)
    alerts = shown_table(page, "Distress alerts")
    surat = [row for row in alerts if row["District"].startswith("Surat") and row["Category"] == "Unpaid wages"]
    assert len(surat) == 1 and surat[0]["Acknowledged"] == "not acknowledged"
    form = page.locator('[data-testid="stForm"]').filter(has_text="Acknowledge an alert")
    form.locator('[data-baseweb="select"]').click()
    page.locator('li[role="option"]').filter(has_text="Surat").first.click()
    form.get_by_label("Note (what was done)").fill("Spoke to the Surat labour office; inspection on Monday")
    form.get_by_role("button", name="Acknowledge").click()
    engine = create_engine(demo_url)
    try:
        expect(page.get_by_text("Alert acknowledged.")).to_be_visible(timeout=60_000)
        settle(page)
        shot(page, "complaints-alert-acknowledged")
        row = next(r for r in shown_table(page, "Distress alerts") if r["District"].startswith("Surat"))
        assert row["Acknowledged"].startswith("minister, ") and row["Acknowledged"].endswith("inspection on Monday")
        with engine.connect() as connection:
            audited = connection.execute(
                text("SELECT count(*) FROM audit_log WHERE username = 'minister' AND action = 'acknowledge_alert'")
            ).scalar_one()
        assert audited >= 1
    finally:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM alert_acknowledgements"))
        engine.dispose()

    page.get_by_role("link", name="Data quality and upload").click()
    expect(page.get_by_role("heading", name="Data quality by district, worst first")).to_be_visible(timeout=60_000)
    expect(map_frame(page).locator("path.leaflet-interactive").first).to_be_attached(timeout=60_000)
    scores = shown_table(page, "Data quality by district, worst first")
    assert len(scores) >= 30 and all(0 <= float(r["Data-quality score"]) <= 100 for r in scores)
    settle(page)
    shot(page, "data-quality-districts")

    officer = browser.new_context(viewport={"width": 1440, "height": 1600}, locale="en-IN", accept_downloads=True)
    officer.on("request", lambda request: REQUESTS.append(request.url))
    district_page = officer.new_page()
    sign_in(district_page, server, user="siwan.do")
    expect(district_page.get_by_role("button", name="District report (PDF)")).to_be_visible(timeout=60_000)
    pdf = download(district_page, "District report (PDF)").read_bytes()
    officer.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_a_department_acknowledges_then_resolves_a_complaint(server: str, page: Page, demo_url: str) -> None:
    sign_in(page, server, user="bihar.labour")
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible(timeout=60_000)
    settle(page)
    shot(page, "department-inbox")
    form = page.locator('[data-testid="stForm"]')
    chosen = int(form.locator('[data-baseweb="select"]').inner_text().split("·")[0].strip())
    engine = create_engine(demo_url)
    with engine.begin() as connection:
        before = connection.execute(
            text("SELECT status, routed_at, first_action_at FROM complaints WHERE complaint_id = :c"), {"c": chosen}
        ).one()
        # Acknowledging is the first action: the complaint waits for one.
        connection.execute(
            text("UPDATE complaints SET status = 'routed', first_action_at = NULL WHERE complaint_id = :c"),
            {"c": chosen},
        )
    try:
        for action, note in (("Acknowledge (first action)", "Called the worker and the employer"),
                             ("Resolve", "Wages paid in full; the worker confirmed")):  # fmt: skip
            form.get_by_text(action, exact=True).click()
            form.get_by_label("Note (what was done)").fill(note)
            form.get_by_role("button", name="Save").click()
            expect(page.get_by_text("Recorded in the complaint's timeline.")).to_be_visible(timeout=60_000)
            settle(page)
            if action == "Resolve":
                break
            form = page.locator('[data-testid="stForm"]')
            form.locator('[data-baseweb="select"]').click()
            page.locator('li[role="option"]').filter(has_text=f"{chosen} ·").first.click()
        with engine.connect() as connection:
            events = connection.execute(
                text(
                    "SELECT e.to_status, e.note FROM complaint_events e JOIN users u ON u.user_id = e.actor_user_id "
                    "WHERE e.complaint_id = :c AND u.username = 'bihar.labour' ORDER BY e.event_id"
                ),
                {"c": chosen},
            ).all()
            status = connection.execute(
                text("SELECT status FROM complaints WHERE complaint_id = :c"), {"c": chosen}
            ).scalar_one()
        assert [tuple(e) for e in events] == [("in_progress", "Called the worker and the employer"),
                                              ("resolved", "Wages paid in full; the worker confirmed")]  # fmt: skip
        assert status == "resolved"
    finally:
        with engine.begin() as connection:
            connection.execute(
                text("DELETE FROM complaint_events WHERE complaint_id = :c AND actor_user_id IS NOT NULL "
                     "AND actor_user_id = (SELECT user_id FROM users WHERE username = 'bihar.labour')"),
                {"c": chosen},
            )  # fmt: skip
            connection.execute(
                text("UPDATE complaints SET status = :s, routed_at = :r, first_action_at = :f, resolved_at = NULL "
                     "WHERE complaint_id = :c"),
                {"s": before.status, "r": before.routed_at, "f": before.first_action_at, "c": chosen},
            )  # fmt: skip
        engine.dispose()


def test_no_request_leaves_localhost() -> None:
    assert REQUESTS, "the browser tests ran first and recorded their requests"
    hosts = {urlsplit(url).hostname for url in REQUESTS if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts <= {"localhost", "127.0.0.1"}, f"requests left the machine: {hosts}"
