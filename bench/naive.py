"""The project against the naive approach, in the same run, on the same survey file.

    python -m bench.naive [--rows 100000] [--seed 2020] [--naive-sample 20000] [--repeat 20] [--json FILE]

The input is the seeded synthetic survey (``loaders.synthetic.survey_frame``, cached under
data/bench/ by ``bench.ingest.survey_file``): one row per returnee with Hindi headers, the home
village as written (typos in about 8% of rows), block (often blank), district (English, Hindi or
upper case) and the last workplace ("Surat, Gujarat"; blank for about 20%).

The naive approach is what a competent analyst would write in a notebook instead of this product:

1. ``pandas.read_csv`` the survey; read Bihar's villages (with their block names and points),
   the districts (polygons, with geopandas) and the district headquarters once from the database.
2. Home village, row by row: a Python loop over the survey rows. The district cell is looked up in
   a dict of district names (English lower-cased and Hindi), then the village DataFrame is
   filtered by district and lower-cased name; when several villages share the name the block
   narrows it; when none matches, ``rapidfuzz.process.extractOne`` (ratio >= 85) over that
   district's villages. A row whose village is still not found is placed at its district's point.
3. Workplace: the part before the first comma, lower-cased, looked up in a dict of city names
   built from the district names and district HQ names, plus four aliases an analyst adds after a
   first look at the misses (New Delhi, Bangalore, Kochi, Gurgaon).
4. ``geopandas.sjoin`` of the workplace points to the district polygons gives the destination.
5. Flows: ``groupby([home, destination]).size()``, a flow inside the home district dropped, flows
   under 5 workers dropped (as the product does), the top 200 kept, joined to district names.
6. Map: ``folium.Map`` (default tiles), one ``folium.Marker`` per worker at the home point and one
   ``folium.PolyLine`` per flow, rendered to HTML.

Not a straw man: lookups are dicts, only the village match loops, and the groupby is pandas.
The naive map has no district or state outlines and no popups, and the naive flows carry no
per-skill counts (the product's do), all of which favour the naive side.

The project side runs on a throwaway database on the same server: created empty, migrated with
``alembic upgrade head``, the reference tables (states, districts, aliases, blocks, villages,
gazetteer, occupations) copied from the source database with COPY, and dropped at the end.
Then the geocoder index is built, ``loaders.load_file("survey", path, engine=...)`` loads the
file and ``atlas.queries.rollups.compact_rollups`` rebuilds the rollups; the flows are
``atlas.queries.overview.flows_between_districts`` on the rollup, and the map is the Overview's
flow map (district and state outlines plus flows, as in ``bench.pages.map_payloads``).

Measured and compared:

(a) ingest: naive steps 1-4 (CSV to a frame with home and destination districts) against index
    build + ``load_file`` + rollup refresh. When ``--naive-sample`` is below ``--rows``, the
    row-by-row match is timed on a random sample of that many rows and extrapolated to all rows
    (the output says so); the other rows are then matched by a vectorised exact merge, untimed,
    so that the flows and the map cover every row.
(b) query: the flows question asked again. Naive: re-read the enriched frame the analyst saved
    (CSV) and group it, as a fresh notebook or script would per question; also the groupby alone
    on the frame already in memory. Project: ``flows_between_districts`` on a warm connection.
    Medians over ``--repeat`` runs.
(c) map payload: bytes of the naive folium HTML against the Overview's flow map HTML.

Goal: the project >= 10x faster for (a) and (b), and its map payload >= 10x smaller.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, Engine, make_url, text

from atlas.db import make_engine
from atlas.settings import PROJECT_ROOT, settings

GOAL = 10.0
TOP_N = 200
# Reference tables the survey load and the dashboard read, in foreign-key order.
REFERENCE_TABLES = ("states", "districts", "district_aliases", "subdistricts", "villages", "gazetteer", "occupations")
# Survey columns (the generator's Hindi headers).
VILLAGE, BLOCK, DISTRICT, WORKPLACE, SKILLS = "ग्राम", "प्रखंड", "जिला", "पिछला कार्यस्थल", "कौशल"
CITY_ALIASES = {"new delhi": "delhi", "bangalore": "bengaluru urban", "kochi": "ernakulam", "gurgaon": "gurugram"}


# --------------------------------------------------------------------------------------------------
# The naive approach
# --------------------------------------------------------------------------------------------------


@dataclass
class NaiveReference:
    villages: pd.DataFrame  # village_code, district_id, name_en, block, lon, lat, key, block_key
    districts: gpd.GeoDataFrame  # district_id, state_code, name_en, name_hi, hq_name, lon, lat, geometry
    district_ids: dict[str, int]  # Bihar district name (lower-cased English, Hindi) -> district_id
    cities: pd.DataFrame  # city (lower-cased) -> district_id, lon, lat


def read_reference_naive(connection: Connection) -> NaiveReference:
    villages = pd.read_sql(
        text(
            "SELECT v.village_code, v.district_id, v.name_en, s.name_en AS block, "
            "ST_X(v.point) AS lon, ST_Y(v.point) AS lat "
            "FROM villages v JOIN subdistricts s USING (subdistrict_code) WHERE v.state_code = '10'"
        ),
        connection,
    )
    villages["key"] = villages["name_en"].str.strip().str.lower()
    villages["block_key"] = villages["block"].str.strip().str.lower()
    districts = gpd.read_postgis(
        text(
            "SELECT district_id, state_code, name_en, name_hi, hq_name, ST_X(point) AS lon, ST_Y(point) AS lat, "
            "geom FROM districts WHERE geom IS NOT NULL"
        ),
        connection,
        geom_col="geom",
    ).set_crs(4326, allow_override=True)
    hq = pd.read_sql(
        text(
            "SELECT name, district_id, ST_X(point) AS lon, ST_Y(point) AS lat FROM gazetteer "
            "WHERE kind = 'district_hq' AND point IS NOT NULL"
        ),
        connection,
    )
    bihar = districts[districts["state_code"] == "10"]
    district_ids = {str(r.name_en).lower(): int(r.district_id) for r in bihar.itertuples()}
    district_ids.update({str(r.name_hi): int(r.district_id) for r in bihar.itertuples() if r.name_hi})
    return NaiveReference(villages, districts, district_ids, city_table(districts, hq))


def city_table(districts: gpd.GeoDataFrame, hq: pd.DataFrame) -> pd.DataFrame:
    """City name -> the district HQ's point: district names and HQ names, plus a few aliases."""
    points = hq.drop_duplicates("district_id").set_index("district_id")[["lon", "lat"]]
    candidates = pd.concat(
        [
            pd.DataFrame({"city": hq["name"].str.lower(), "district_id": hq["district_id"]}),
            pd.DataFrame({"city": districts["name_en"].str.lower(), "district_id": districts["district_id"]}),
            pd.DataFrame({"city": districts["hq_name"].str.lower(), "district_id": districts["district_id"]}),
        ]
    ).dropna()
    names: pd.Series = candidates.drop_duplicates("city").set_index("city")["district_id"]
    aliases = {alias: names[target] for alias, target in CITY_ALIASES.items() if target in names.index}
    names = pd.concat([pd.Series(aliases, name="district_id"), names[~names.index.isin(list(aliases))]])
    table = names.to_frame().join(points, on="district_id").dropna()
    return table.rename_axis("city").reset_index()


def match_village(row: Any, ref: NaiveReference) -> tuple[int | None, str | None, float, float]:
    """One survey row -> (home district_id, village_code, lon, lat): filter the village frame by district and name."""
    district = str(row.district).strip()
    district_id = ref.district_ids.get(district.lower()) or ref.district_ids.get(district)
    if district_id is None:
        return None, None, np.nan, np.nan
    villages = ref.villages
    key = str(row.village).strip().lower()
    found = villages[(villages["district_id"] == district_id) & (villages["key"] == key)]
    block = str(row.block).strip().lower()
    if len(found) > 1 and block:
        in_block = found[found["block_key"] == block]
        if len(in_block):
            found = in_block
    if found.empty:
        pool = villages[villages["district_id"] == district_id]
        best = process.extractOne(key, pool["key"], scorer=fuzz.ratio, score_cutoff=85)
        if best is not None:
            found = pool.loc[[best[2]]]
    if found.empty or pd.isna(found["lon"].iloc[0]):
        fallback = ref.districts.loc[ref.districts["district_id"] == district_id].iloc[0]
        return district_id, None, float(fallback["lon"]), float(fallback["lat"])
    first = found.iloc[0]
    return district_id, str(first["village_code"]), float(first["lon"]), float(first["lat"])


def match_homes(survey: pd.DataFrame, ref: NaiveReference) -> pd.DataFrame:
    """The row-by-row loop over ``survey`` (columns village, block, district)."""
    rows = [match_village(row, ref) for row in survey.itertuples(index=False)]
    out = pd.DataFrame(rows, columns=["home_district_id", "village_code", "home_lon", "home_lat"], index=survey.index)
    out["home_district_id"] = out["home_district_id"].astype("Int64")
    return out


def match_homes_vectorised(survey: pd.DataFrame, ref: NaiveReference) -> pd.DataFrame:
    """Exact matches by merge, for the rows left out of a timed sample (untimed; not part of the naive approach)."""
    district = survey["district"].str.strip()
    ids = district.str.lower().map(ref.district_ids).fillna(district.map(ref.district_ids))
    keys = pd.DataFrame({"district_id": ids, "key": survey["village"].str.strip().str.lower()}, index=survey.index)
    first = ref.villages.dropna(subset=["lon"]).drop_duplicates(["district_id", "key"])
    merged = keys.reset_index().merge(first, on=["district_id", "key"], how="left").set_index("index")
    points = ref.districts.set_index("district_id")[["lon", "lat"]]
    fallback = points.reindex(ids.to_numpy())
    return pd.DataFrame(
        {
            "home_district_id": ids.astype("Int64"),
            "village_code": merged["village_code"],
            "home_lon": merged["lon"].fillna(pd.Series(fallback["lon"].to_numpy(), index=survey.index)),
            "home_lat": merged["lat"].fillna(pd.Series(fallback["lat"].to_numpy(), index=survey.index)),
        },
        index=survey.index,
    )


def geocode_workplaces(survey: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """City before the first comma -> the city's district HQ point (blank or unknown -> NaN)."""
    city = survey["workplace"].str.split(",").str[0].str.strip().str.lower()
    found = city.to_frame("city").merge(cities, on="city", how="left")
    return pd.DataFrame({"work_lon": found["lon"].to_numpy(), "work_lat": found["lat"].to_numpy()}, index=survey.index)


def destination_districts(frame: pd.DataFrame, districts: gpd.GeoDataFrame) -> pd.Series:
    """``geopandas.sjoin`` of the workplace points to the district polygons."""
    placed = frame.dropna(subset=["work_lon"])
    points = gpd.GeoDataFrame(
        index=placed.index, geometry=gpd.points_from_xy(placed["work_lon"], placed["work_lat"]), crs=4326
    )
    joined = gpd.sjoin(points, districts[["district_id", "geom"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    return joined["district_id"].reindex(frame.index).astype("Int64")


def naive_flows(frame: pd.DataFrame, districts: pd.DataFrame, *, top_n: int = TOP_N) -> pd.DataFrame:
    """Home district -> destination district, by groupby."""
    moved = frame.dropna(subset=["home_district_id", "dest_district_id"])
    moved = moved[moved["home_district_id"] != moved["dest_district_id"]]
    counts = moved.groupby(["home_district_id", "dest_district_id"]).size().rename("workers").reset_index()
    counts = counts[counts["workers"] >= settings.min_cell_count].nlargest(top_n, "workers")
    names = districts[["district_id", "name_en", "lon", "lat"]]
    counts = counts.merge(names.add_prefix("from_"), left_on="home_district_id", right_on="from_district_id")
    counts = counts.merge(names.add_prefix("to_"), left_on="dest_district_id", right_on="to_district_id")
    return counts.sort_values("workers", ascending=False).reset_index(drop=True)


def naive_map(frame: pd.DataFrame, flows: pd.DataFrame) -> folium.Map:
    """One marker per worker at home, one line per flow."""
    m = folium.Map(location=[25.6, 85.1], zoom_start=5)
    for lat, lon in zip(frame["home_lat"], frame["home_lon"], strict=True):
        if not (pd.isna(lat) or pd.isna(lon)):
            folium.Marker([lat, lon]).add_to(m)
    largest = int(flows["workers"].max()) if not flows.empty else 1
    for flow in flows.to_dict("records"):
        folium.PolyLine(
            [[flow["from_lat"], flow["from_lon"]], [flow["to_lat"], flow["to_lon"]]],
            weight=1 + 9 * int(flow["workers"]) / largest,
            color="red",
            opacity=0.5,
            tooltip=f"{flow['from_name_en']} → {flow['to_name_en']}: {flow['workers']}",
        ).add_to(m)
    return m


def read_survey(path: Path) -> pd.DataFrame:
    survey = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return survey.rename(
        columns={VILLAGE: "village", BLOCK: "block", DISTRICT: "district", WORKPLACE: "workplace", SKILLS: "skills"}
    )


def run_naive(path: Path, engine: Engine, *, sample: int, repeat: int, folder: Path) -> dict[str, Any]:
    t: dict[str, float] = {}
    started = time.perf_counter()
    survey = read_survey(path)
    t["read_csv"] = time.perf_counter() - started

    started = time.perf_counter()
    with engine.connect() as connection:
        ref = read_reference_naive(connection)
    t["read_reference"] = time.perf_counter() - started

    rows = len(survey)
    sampled = 0 < sample < rows
    subset = survey.sample(n=sample, random_state=1) if sampled else survey
    started = time.perf_counter()
    homes = match_homes(subset, ref)
    loop_s = time.perf_counter() - started
    t["match_villages_loop_measured"] = loop_s
    t["match_villages"] = loop_s * rows / len(subset)
    if sampled:
        rest = match_homes_vectorised(survey.drop(index=subset.index), ref)
        homes = pd.concat([homes, rest]).reindex(survey.index)
    matched_by_loop = int(homes.loc[subset.index, "village_code"].notna().sum())

    started = time.perf_counter()
    frame = pd.concat([survey, homes, geocode_workplaces(survey, ref.cities)], axis=1)
    t["geocode_workplaces"] = time.perf_counter() - started

    started = time.perf_counter()
    frame["dest_district_id"] = destination_districts(frame, ref.districts)
    t["sjoin"] = time.perf_counter() - started
    t["ingest"] = sum(t[k] for k in ("read_csv", "read_reference", "match_villages", "geocode_workplaces", "sjoin"))

    districts = pd.DataFrame(ref.districts.drop(columns="geom"))
    started = time.perf_counter()
    flows = naive_flows(frame, districts)
    t["flows_first"] = time.perf_counter() - started

    started = time.perf_counter()
    m = naive_map(frame, flows)
    html = m.get_root().render()
    (folder / "naive-map.html").write_text(html, encoding="utf-8")
    t["map"] = time.perf_counter() - started
    payload = len(html.encode("utf-8"))
    del html, m

    # Per question, the analyst re-reads the enriched frame saved after the slow match.
    saved = folder / "workers-enriched.csv"
    started = time.perf_counter()
    frame.to_csv(saved, index=False)
    t["save_enriched"] = time.perf_counter() - started
    in_memory = _median_seconds(lambda: naive_flows(frame, districts), repeat)
    reread = _median_seconds(lambda: naive_flows(pd.read_csv(saved, low_memory=False), districts), min(repeat, 5))
    t["end_to_end"] = t["ingest"] + t["flows_first"] + t["map"]
    return {
        "rows": rows,
        "match_sampled": sampled,
        "match_sample_rows": len(subset),
        "matched_village_share_in_loop": matched_by_loop / len(subset),
        "workplace_placed": int(frame["dest_district_id"].notna().sum()),
        "seconds": t,
        "query_in_memory_s": in_memory,
        "query_reread_s": reread,
        "payload_bytes": payload,
        "markers": int(frame["home_lat"].notna().sum()),
        "flows": flows[["home_district_id", "dest_district_id", "workers"]].astype(int),
    }


def _median_seconds(call: Callable[[], object], repeat: int) -> float:
    call()  # warm
    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --------------------------------------------------------------------------------------------------
# The project, on a throwaway database
# --------------------------------------------------------------------------------------------------


def _libpq(url: str) -> str:
    """A SQLAlchemy URL as a libpq URI (for psycopg)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def throwaway_database(source_url: str) -> Iterator[tuple[str, float]]:
    """``(url, seconds to build)`` of a new database with the schema and the reference data only; dropped after."""
    started = time.perf_counter()
    source = make_url(source_url)
    name = f"bench_naive_{os.getpid()}"
    admin = psycopg.connect(_libpq(source.set(database="postgres").render_as_string(hide_password=False)))
    admin.autocommit = True
    admin.execute(f'CREATE DATABASE "{name}"')
    url = source.set(database=name).render_as_string(hide_password=False)
    try:
        env = {**os.environ, "DATABASE_URL": url}
        alembic = PROJECT_ROOT / ".venv" / "bin" / "alembic"
        command = [str(alembic) if alembic.exists() else "alembic", "upgrade", "head"]
        done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"alembic upgrade head failed:\n{done.stderr[-2000:]}")
        _copy_reference(_libpq(source_url), _libpq(url))
        yield url, time.perf_counter() - started
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _copy_reference(source: str, target: str) -> None:
    """COPY each reference table (binary) into the empty one of the new database."""
    with psycopg.connect(source) as src, psycopg.connect(target) as dst:
        for table in REFERENCE_TABLES:
            if dst.execute(f"SELECT EXISTS (SELECT FROM {table})").fetchone() == (True,):
                continue  # seeded by a migration
            columns = ", ".join(
                r[0]
                for r in dst.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                    "AND table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
                    (table,),
                )
            )
            with (
                src.cursor().copy(f"COPY (SELECT {columns} FROM {table}) TO STDOUT (FORMAT BINARY)") as out,
                dst.cursor().copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as into,
            ):
                for chunk in out:
                    into.write(chunk)
            for (column,) in dst.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name = %s AND is_identity = 'YES'",
                (table,),
            ).fetchall():
                dst.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                    f"coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
                )
        dst.commit()
        dst.autocommit = True
        dst.execute("ANALYZE")


def run_project(path: Path, url: str, *, repeat: int) -> dict[str, Any]:
    from atlas.filters import Filters
    from atlas.queries import overview
    from atlas.queries.rollups import compact_rollups
    from dashboard import maps
    from loaders import load_file
    from loaders.geocode import geocoder_for

    engine = make_engine(url)
    t: dict[str, float] = {}
    try:
        with engine.connect() as connection:
            started = time.perf_counter()
            geocoder_for(connection)
            t["geocoder_index"] = time.perf_counter() - started
        started = time.perf_counter()
        summary = load_file("survey", path, engine=engine, refresh_rollups=False, upload_limits=False)
        t["load_file"] = time.perf_counter() - started
        started = time.perf_counter()
        compact_rollups(engine)
        t["refresh_rollups"] = time.perf_counter() - started
        t["ingest"] = t["geocoder_index"] + t["load_file"] + t["refresh_rollups"]

        state = Filters(home_state_code="10")
        with engine.connect() as connection:
            started = time.perf_counter()
            flows = overview.flows_between_districts(connection, state, top_n=TOP_N)
            t["flows_first"] = time.perf_counter() - started
            query = _median_seconds(lambda: overview.flows_between_districts(connection, state, top_n=TOP_N), repeat)
            started = time.perf_counter()
            districts = overview.boundaries(connection, level="district")
            states = overview.boundaries(connection, level="state")
            flow_map = maps.base_map()
            maps.add_boundaries(flow_map, districts, style=maps.BOUNDARY_STYLE, name="districts")
            maps.add_boundaries(flow_map, states, style=maps.STATE_STYLE, name="states")
            maps.add_flows(flow_map, flows, tooltip=lambda r: maps.Tooltip(str(r["workers"])), name="flows")
            payload = maps.payload_bytes(flow_map)
            t["map"] = time.perf_counter() - started
            areas = overview.migrants_by_home_area(connection, state)
            rollup_rows = connection.execute(text("SELECT count(*) FROM worker_flow_rollup")).scalar_one()
        area_map = maps.base_map(fit=areas)
        maps.add_choropleth(
            area_map, areas, value="migrants", tooltip=lambda r: maps.Tooltip(str(r["migrants"])), name="areas"
        )
        t["end_to_end"] = t["ingest"] + t["flows_first"] + t["map"]
        return {
            "loaded": summary.loaded,
            "rejected": summary.rejected,
            "seconds": t,
            "query_s": query,
            "rollup_rows": rollup_rows,
            "payload_bytes": payload,
            "choropleth_payload_bytes": maps.payload_bytes(area_map),
            "flows": flows[["from_id", "to_key", "workers"]]
            .rename(columns={"from_id": "home_district_id", "to_key": "dest_district_id"})
            .astype(int),
        }
    finally:
        engine.dispose()


# --------------------------------------------------------------------------------------------------


def _agreement(naive: pd.DataFrame, project: pd.DataFrame) -> dict[str, float]:
    """How far the two top-200 flow lists agree (same pairs; counts on the shared pairs)."""
    keys = ["home_district_id", "dest_district_id"]
    both = naive.merge(project, on=keys, suffixes=("_naive", "_project"))
    shared = len(both) / max(1, len(project))
    ratio = float(both["workers_naive"].sum() / max(1, both["workers_project"].sum()))
    return {"shared_pairs_share": shared, "naive_over_project_workers_on_shared": ratio}


def _verdict(ratio: float) -> str:
    return "meets" if ratio >= GOAL else "misses"


def report(naive: dict[str, Any], project: dict[str, Any], build_s: float, path: Path) -> dict[str, Any]:
    n, p = naive["seconds"], project["seconds"]
    rows = naive["rows"]
    print(f"survey file {path.name}: {rows:,} rows (same file for both)")
    print(f"throwaway database built in {build_s:.1f} s (migrations + reference tables; not counted)")
    print("\nnaive (pandas + rapidfuzz + geopandas + folium):")
    print(f"  read CSV                {n['read_csv']:8.2f} s")
    print(f"  read reference tables   {n['read_reference']:8.2f} s")
    if naive["match_sampled"]:
        print(
            f"  match villages (loop)   {n['match_villages']:8.2f} s  EXTRAPOLATED: measured "
            f"{n['match_villages_loop_measured']:.2f} s on a random sample of {naive['match_sample_rows']:,} rows, "
            f"x {rows / naive['match_sample_rows']:.1f}"
        )
    else:
        print(f"  match villages (loop)   {n['match_villages']:8.2f} s  (all rows)")
    print(f"  geocode workplaces      {n['geocode_workplaces']:8.2f} s")
    print(f"  sjoin to districts      {n['sjoin']:8.2f} s")
    print(f"  = ingest                {n['ingest']:8.2f} s")
    print(f"  flows groupby           {n['flows_first']:8.3f} s")
    print(f"  folium map (render)     {n['map']:8.2f} s  {naive['markers']:,} markers")
    print(f"  villages matched by the loop: {naive['matched_village_share_in_loop']:.1%}; "
          f"workplaces placed: {naive['workplace_placed']:,}")  # fmt: skip
    print("\nproject (loaders.load_file + rollups + query layer):")
    print(f"  geocoder index          {p['geocoder_index']:8.2f} s")
    print(f"  load_file               {p['load_file']:8.2f} s  loaded {project['loaded']:,}, "
          f"rejected {project['rejected']:,}")  # fmt: skip
    print(f"  refresh rollups         {p['refresh_rollups']:8.2f} s")
    print(f"  = ingest                {p['ingest']:8.2f} s")
    print(f"  flows query (first)     {p['flows_first']:8.3f} s  on {project['rollup_rows']:,} worker_flow_rollup rows")
    print(f"  flow map (build+render) {p['map']:8.2f} s")
    agree = _agreement(naive["flows"], project["flows"])
    print(f"\ntop {TOP_N} flows: {agree['shared_pairs_share']:.0%} of the project's pairs also in the naive list; "
          f"on those, naive counts / project counts = {agree['naive_over_project_workers_on_shared']:.3f}")  # fmt: skip

    ingest = n["ingest"] / p["ingest"]
    reread = naive["query_reread_s"] / project["query_s"]
    memory = naive["query_in_memory_s"] / project["query_s"]
    payload = naive["payload_bytes"] / project["payload_bytes"]
    end = n["end_to_end"] / p["end_to_end"]
    print(f"\nratios (goal: project >= {GOAL:.0f}x faster, payload >= {GOAL:.0f}x smaller):")
    note = " (naive match extrapolated)" if naive["match_sampled"] else ""
    print(f"  (a) ingest   naive {n['ingest']:8.2f} s / project {p['ingest']:7.2f} s = {ingest:7.1f}x  "
          f"{_verdict(ingest)} the goal{note}")  # fmt: skip
    print(f"  (b) query    naive re-read+groupby {naive['query_reread_s'] * 1000:8.1f} ms / project "
          f"{project['query_s'] * 1000:6.1f} ms = {reread:7.1f}x  {_verdict(reread)} the goal")  # fmt: skip
    print(f"      query    naive groupby in memory {naive['query_in_memory_s'] * 1000:6.1f} ms / project "
          f"{project['query_s'] * 1000:6.1f} ms = {memory:7.1f}x  {_verdict(memory)} the goal")  # fmt: skip
    print(f"  (c) payload  naive {naive['payload_bytes'] / 1e6:8.2f} MB / project "
          f"{project['payload_bytes'] / 1e6:5.2f} MB = {payload:7.1f}x  {_verdict(payload)} the goal")  # fmt: skip
    print(f"  end to end (file -> map HTML): naive {n['end_to_end']:.1f} s / project {p['end_to_end']:.1f} s "
          f"= {end:.1f}x")  # fmt: skip
    print(f"  (the project's choropleth map adds {project['choropleth_payload_bytes'] / 1e6:.2f} MB)")
    return {
        "rows": rows,
        "file": str(path),
        "throwaway_db_seconds": build_s,
        "naive": {k: v for k, v in naive.items() if k != "flows"},
        "project": {k: v for k, v in project.items() if k != "flows"},
        "flow_agreement": agree,
        "ratios": {
            "ingest": ingest,
            "query_reread": reread,
            "query_in_memory": memory,
            "payload": payload,
            "end_to_end": end,
        },
        "goal": GOAL,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.naive", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=20_000,
        help="time the row-by-row village match on this many random rows and extrapolate (0: all rows)",
    )
    parser.add_argument("--repeat", type=int, default=20, help="runs per query timing (median)")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    args = parser.parse_args(argv)

    from bench.ingest import survey_file

    path, _, _ = survey_file(args.rows, args.seed, PROJECT_ROOT / "data" / "bench")
    with throwaway_database(settings.database_url) as (url, build_s), tempfile.TemporaryDirectory() as folder:
        engine = make_engine(url)
        try:
            naive = run_naive(path, engine, sample=args.naive_sample, repeat=args.repeat, folder=Path(folder))
        finally:
            engine.dispose()
        project = run_project(path, url, repeat=args.repeat)
    numbers = report(naive, project, build_s, path)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(numbers, indent=1, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
