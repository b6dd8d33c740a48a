"""A seeded synthetic dataset that tells Bihar's and Haryana's story, written as real upload files.

Nothing here writes to the database: the files go through the same loaders as an official's
upload (validation and geocoding included), labelled synthetic. The story:

- Returnees of 2020 from real Census villages, weighted toward the high out-migration districts,
  about 90% men, skills skewed to construction; addresses written messily (Hindi and English,
  missing parts, typos) as survey staff wrote them.
- Their last workplace in 2020 follows Bihar's migration corridors; later calls (2021 to the day the
  files are made, most of them in the last 90 days) find some of them elsewhere, some not at all;
  10-20% have no known workplace.
- Haryana's 10-day e-Shram drive: camps at block headquarters in all 22 districts with daily
  targets, some of Bihar's workers registering there, and 10-15% gig-platform workers.
- Complaints from about 3% of workers, in a realistic mix, some overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from atlas.queries import synthetic as places

HIGH_MIGRATION = (
    "Siwan", "Gopalganj", "Saran", "Purba Champaran", "East Champaran", "Pashchim Champaran", "West Champaran",
    "Darbhanga", "Madhubani", "Muzaffarpur", "Samastipur", "Begusarai", "Purnia", "Katihar", "Araria", "Kishanganj",
    "Bhojpur", "Buxar", "Gaya",
)  # fmt: skip
# (how the place is written, weight): Bihar's out-migration corridors.
DESTINATIONS = (
    ("Delhi", 14), ("New Delhi", 4), ("Gurugram, Haryana", 5), ("Faridabad, Haryana", 3), ("Noida, UP", 3),
    ("Ghaziabad, Uttar Pradesh", 2), ("Mumbai, Maharashtra", 8), ("Pune, Maharashtra", 3), ("Thane, Maharashtra", 2),
    ("Surat, Gujarat", 8), ("Ahmedabad, Gujarat", 3), ("Ludhiana, Punjab", 5), ("Jalandhar, Punjab", 2),
    ("Amritsar, Punjab", 1), ("Panipat, Haryana", 3), ("Sonipat, Haryana", 2), ("Kolkata, West Bengal", 4),
    ("Howrah, West Bengal", 2), ("Bangalore, Karnataka", 4), ("Tiruppur, Tamil Nadu", 3), ("Chennai, Tamil Nadu", 2),
    ("Coimbatore, Tamil Nadu", 1), ("Ernakulam, Kerala", 2), ("Kochi, Kerala", 1), ("Lucknow, Uttar Pradesh", 1),
    ("Kanpur Nagar, Uttar Pradesh", 1), ("Dhanbad, Jharkhand", 1), ("Ranchi, Jharkhand", 1),
    ("Hyderabad, Telangana", 2), ("Visakhapatnam, Andhra Pradesh", 1), ("Patna, Bihar", 2),
)  # fmt: skip
# (word as written in surveys, weight): construction labour and masons dominate.
SKILLS = (
    ("construction labour", 24), ("मजदूर", 8), ("mason", 12), ("राजमिस्त्री", 6), ("electrician", 5), ("plumber", 3),
    ("carpenter", 3), ("बढ़ई", 2), ("painter", 3), ("welder", 2), ("tailor", 2), ("garment", 3), ("driver", 4),
    ("security guard", 3), ("factory helper", 5), ("agricultural labour", 4), ("खेतिहर मजदूर", 2),
    ("domestic worker", 2), ("hotel", 2), ("cook", 1), ("delivery", 2), ("shuttering", 1), ("tile fitter", 1),
)  # fmt: skip
MALE = ("Ramesh", "Suresh", "Sunil", "Anil", "Manoj", "Santosh", "Rajesh", "Pintu", "Guddu", "Sanjay", "Vijay",
        "Ajay", "Rakesh", "Mukesh", "Dinesh", "Mohammad Irfan", "Md. Salim", "Arjun", "Birendra", "Shambhu",
        "Lalan", "Chandan", "Raju", "Bablu", "Sonu", "Deepak", "रमेश", "सुनील", "मनोज", "संतोष", "राजू", "मुकेश")  # fmt: skip
FEMALE = ("Anita", "Sunita", "Rinku", "Pooja", "Kiran", "Savitri", "Rekha", "Suman", "अनीता", "सुनीता", "पूजा")
SURNAMES = ("Kumar", "Yadav", "Ram", "Paswan", "Sah", "Mahto", "Singh", "Prasad", "Manjhi", "Ansari", "Sharma",
            "Mandal", "Chaudhary", "Thakur", "Rai", "कुमार", "यादव", "राम", "पासवान", "साह")  # fmt: skip
COMPLAINT_MIX = (("Unpaid wages", 40), ("Stranded / needs return", 12), ("Accident or injury", 8),
                 ("Death - repatriation of body", 3), ("Harassment / forced labour", 6), ("Missing worker", 5),
                 ("Ration card / documents", 10), ("Scheme benefits (e-Shram, PMSBY)", 12), ("Other", 4))  # fmt: skip
PLATFORMS = (("Swiggy (food delivery)", 35), ("Zomato food delivery", 20), ("Amazon e-commerce", 15),
             ("Flipkart e-commerce", 10), ("Ola / Uber ride", 8), ("Rapido ride", 5),
             ("Urban Company home services", 7))  # fmt: skip
DRIVE_START = date(2026, 8, 1)
DRIVE_DAYS = 10


@dataclass(frozen=True)
class Reference:
    """The real places the story is set in."""

    villages: pd.DataFrame  # village, block, district, district_hi
    haryana_blocks: pd.DataFrame  # block_code, block, district


def read_reference(connection: Connection) -> Reference:
    return Reference(places.bihar_villages(connection), places.haryana_blocks(connection))


def _pick(rng: np.random.Generator, choices: tuple[tuple[str, int], ...], n: int) -> np.ndarray:
    words = np.array([c for c, _ in choices], dtype=object)
    weights = np.array([w for _, w in choices], dtype=float)
    return words[rng.choice(len(words), size=n, p=weights / weights.sum())]


def _distinct(rng: np.random.Generator, low: int, high: int, n: int) -> np.ndarray:
    """``n`` distinct random integers in ``[low, high)``, in random order."""
    drawn = np.unique(rng.integers(low, high, size=int(n * 1.05) + 10, dtype=np.int64))
    while len(drawn) < n:
        drawn = np.unique(np.concatenate([drawn, rng.integers(low, high, size=n, dtype=np.int64)]))
    return rng.permutation(drawn)[:n]


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Distinct mobile numbers (6-9 first digit)."""
    return _distinct(rng, 6_000_000_000, 10_000_000_000, n).astype(str)


def _messy_phones(rng: np.random.Generator, phones: np.ndarray) -> np.ndarray:
    style = rng.random(len(phones))
    out = phones.astype(object).copy()
    out[style < 0.15] = (
        "+91 " + pd.Series(phones[style < 0.15]).str.slice(0, 5) + " " + pd.Series(phones[style < 0.15]).str.slice(5)
    )
    out[(style >= 0.15) & (style < 0.25)] = "0" + phones[(style >= 0.15) & (style < 0.25)]
    bad = style > 0.985  # a few numbers written wrong
    out[bad] = pd.Series(phones[bad]).str.slice(0, 8).to_numpy()
    return out


def _typo(rng: np.random.Generator, words: pd.Series, rate: float) -> pd.Series:
    """Drop or double a letter in a share of words, as a hurried clerk would."""
    hit = rng.random(len(words)) < rate
    cut = pd.Series(rng.integers(1, 4, len(words)), index=words.index)
    lengths = words.str.len()
    position = (lengths - cut).clip(lower=1)
    dropped = pd.Series([w[:p] + w[p + 1 :] for w, p in zip(words, position, strict=True)], index=words.index)
    typed: pd.Series = dropped.where(hit & (lengths > 4), words)
    return typed


def survey_frame(ref: Reference, rng: np.random.Generator, n: int) -> pd.DataFrame:
    villages = ref.villages
    weights = np.where(villages["district"].isin(HIGH_MIGRATION), 3.0, 1.0)
    home = villages.iloc[rng.choice(len(villages), size=n, p=weights / weights.sum())].reset_index(drop=True)
    male = rng.random(n) < 0.9
    first = np.where(male, rng.choice(MALE, n), rng.choice(FEMALE, n))
    name = pd.Series([f"{a} {b}" for a, b in zip(first, rng.choice(SURNAMES, n), strict=True)])
    father = pd.Series(rng.choice(MALE, n)) + " " + pd.Series(rng.choice(SURNAMES, n))
    phones = _phones(rng, n)
    district = home["district"].where(rng.random(n) > 0.3, home["district_hi"].fillna(home["district"]))
    district = district.where(rng.random(n) > 0.1, district.str.upper())
    skills = pd.Series(_pick(rng, SKILLS, n))
    second = rng.random(n) < 0.2
    skills[second] = skills[second] + ", " + _pick(rng, SKILLS, int(second.sum()))
    workplace = pd.Series(_pick(rng, DESTINATIONS, n)).where(rng.random(n) > 0.2, "")
    surveyed = pd.Timestamp("2020-05-10") + pd.to_timedelta(rng.integers(0, 75, n), unit="D")
    return pd.DataFrame(
        {
            "क्रम सं.": np.arange(1, n + 1),
            "नाम": name,
            "पिता का नाम": father.where(rng.random(n) > 0.05, ""),
            "लिंग": np.where(male, "पुरुष", "महिला"),
            "आयु": rng.integers(18, 60, n),
            "ग्राम": _typo(rng, home["village"], 0.08),
            "पंचायत": home["village"].where(rng.random(n) > 0.6, ""),
            "प्रखंड": home["block"].where(rng.random(n) > 0.15, ""),
            "जिला": district,
            "मोबाइल": _messy_phones(rng, phones),
            "कौशल": skills,
            "पिछला कार्यस्थल": workplace,
            "सर्वे तिथि": surveyed.strftime("%d-%m-%Y"),
            "_phone": phones,
            "_name": name,
            "_home_district": home["district"],
            "_village": home["village"],
        }
    )


# Share of called workers' calls made in the last 90 days: the call centre keeps working its list,
# so about a third of all workers have been reached recently ("reached in last 90 days" on the dashboard).
RECENT_CALL_SHARE = 0.6
CALLED_SHARE = 0.55


def tracking_frame(survey: pd.DataFrame, rng: np.random.Generator, *, today: date) -> pd.DataFrame:
    """Calls since 2021 to about half the returnees: 1-3 calls each, most reaching them, many of them recent.

    Call times are seeded offsets back from ``today`` (the day the files are generated), so recency
    holds whenever the demo is built: about 60% of calls fall in the last 90 days.
    """
    # The call centre dials the numbers that were written down correctly.
    called = survey[(rng.random(len(survey)) < CALLED_SHARE) & (survey["मोबाइल"].str.len() >= 10)]
    repeats = rng.integers(1, 4, len(called))
    rows = called.loc[np.repeat(called.index.to_numpy(), repeats)].reset_index(drop=True)
    n = len(rows)
    oldest = (today - date(2021, 1, 1)).days
    days_ago = np.where(rng.random(n) < RECENT_CALL_SHARE, rng.integers(1, 90, n), rng.integers(90, oldest, n))
    at = (
        pd.Timestamp(today)
        - pd.to_timedelta(days_ago, unit="D")
        + pd.Timedelta(hours=9)
        + pd.to_timedelta(rng.integers(0, 600, n), unit="m")
    )
    outcome = _pick(rng, (("Reached", 70), ("Not reachable", 18), ("Wrong number", 8), ("Refused", 4)), n)
    workplace = np.where(outcome == "Reached", _pick(rng, DESTINATIONS, n), "")
    return pd.DataFrame({"Mobile": rows["_phone"], "Call Time": at.strftime("%d-%m-%Y %H:%M"), "Outcome": outcome,
                         "Current Workplace": workplace, "Employer": "", "Sector": "", "Remarks": ""})  # fmt: skip


def camps_frame(ref: Reference, rng: np.random.Generator) -> pd.DataFrame:
    """Up to two camps per Haryana district, at block headquarters, with daily targets."""
    blocks = ref.haryana_blocks.groupby("district", group_keys=False).head(2).reset_index(drop=True)
    ends = DRIVE_START + timedelta(days=DRIVE_DAYS - 1)
    return pd.DataFrame(
        {
            "camp_id": "HR-" + blocks["block_code"],
            "drive": "Haryana e-Shram drive 2026",
            "camp name": "Block office " + blocks["block"],
            "block": blocks["block"],
            "district": blocks["district"],
            "state": "Haryana",
            "start date": DRIVE_START.strftime("%d-%m-%Y"),
            "end date": ends.strftime("%d-%m-%Y"),
            "daily target": rng.integers(8, 30, len(blocks)) * 5,
        }
    )


def eshram_frame(survey: pd.DataFrame, camps: pd.DataFrame, rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Registrations at the drive: a third are Bihar returnees already surveyed (so they merge)."""
    returning = survey.sample(n=min(n // 3, len(survey)), random_state=int(rng.integers(1 << 31)))
    others = n - len(returning)
    new_phones = _phones(rng, others + len(survey))[len(survey) :]
    names = pd.concat([returning["_name"], pd.Series(rng.choice(MALE, others)) + " " + rng.choice(SURNAMES, others)])
    phones = np.concatenate([returning["_phone"].to_numpy(), new_phones])
    home = np.concatenate([(returning["_village"] + ", " + returning["_home_district"]).to_numpy(),
                           _pick(rng, (("Gaya, Bihar", 3), ("Allahabad, Uttar Pradesh", 2), ("Rohtak, Haryana", 3),
                                       ("Hisar, Haryana", 2), ("Ranchi, Jharkhand", 1)), others)])  # fmt: skip
    camp = camps.iloc[rng.integers(0, len(camps), n)].reset_index(drop=True)
    gig = rng.random(n) < 0.13
    day = pd.Timestamp(DRIVE_START) + pd.to_timedelta(rng.integers(0, DRIVE_DAYS, n), unit="D")
    uan = _distinct(rng, 10**11, 10**12, n).astype(str)
    return pd.DataFrame(
        {
            "UAN": uan, "Name": names.to_numpy(), "Gender": np.where(rng.random(n) < 0.85, "Male", "Female"),
            "Age": rng.integers(18, 58, n), "Occupation": _pick(rng, SKILLS, n), "Mobile": phones,
            "Permanent Address": home, "Current Address": "Near " + camp["block"] + " bus stand",
            "District": camp["district"], "State": "Haryana", "Registration Date": day.strftime("%d-%m-%Y"),
            "Mode": "Camp", "Camp ID": camp["camp_id"],
            "Platform": np.where(gig, _pick(rng, PLATFORMS, n), ""),
        }
    )  # fmt: skip


# The demo shows the distress early warning at work: last week, many workers in Surat reported unpaid wages.
SPIKE_KIND, SPIKE_PLACE = "Unpaid wages", "Surat, Gujarat"


def _planted_spike(complaints: int, today: date) -> pd.DatetimeIndex:
    """Times in the previous week (Monday to Sunday) for a spike well above Surat's usual weekly count."""
    size = min(complaints, 10 + complaints // 200)
    monday = pd.Timestamp(today - timedelta(days=today.weekday() + 7))
    return monday + pd.to_timedelta(np.linspace(9 * 60, 6 * 24 * 60 + 18 * 60, size).astype(int), unit="m")


def complaints_frame(survey: pd.DataFrame, rng: np.random.Generator, *, today: date) -> pd.DataFrame:
    """About 3% of workers complain; older complaints are mostly resolved, some are overdue. The first few are
    the planted spike: unpaid wages in Surat last week, still open."""
    who = survey[(rng.random(len(survey)) < 0.03) & (survey["मोबाइल"].str.len() >= 10)].reset_index(drop=True)
    n = len(who)
    lodged = pd.Timestamp(today) - pd.to_timedelta(rng.integers(1, 400, n), unit="D")
    lodged = lodged + pd.to_timedelta(rng.integers(0, 1440, n), unit="m")
    routing_delay = pd.to_timedelta(rng.integers(1, 30, n), unit="h")
    resolved = lodged + pd.to_timedelta(rng.integers(2, 40, n), unit="D")
    is_resolved = (rng.random(n) < 0.75) & (resolved < pd.Timestamp(today))
    is_routed = rng.random(n) < 0.9
    kinds, places = _pick(rng, COMPLAINT_MIX, n), _pick(rng, DESTINATIONS, n)
    spike = _planted_spike(n, today)
    kinds[: len(spike)], places[: len(spike)], is_resolved[: len(spike)] = SPIKE_KIND, SPIKE_PLACE, False
    lodged = pd.DatetimeIndex([*spike, *lodged[len(spike) :]])
    routed = lodged + routing_delay
    return pd.DataFrame(
        {
            "Ticket No": [f"SYN-{i:07d}" for i in range(1, n + 1)],
            "Mobile": who["_phone"],
            "Complaint Type": kinds,
            "Details": "",
            "Date": lodged.strftime("%d-%m-%Y %H:%M"),
            "Current Location": places,
            "Status": np.where(is_resolved, "resolved", np.where(is_routed, "in progress", "")),
            "Routed At": np.where(is_routed | is_resolved, routed.strftime("%d-%m-%Y %H:%M"), ""),
            "Resolved At": np.where(is_resolved, resolved.strftime("%d-%m-%Y %H:%M"), ""),
        }
    )


def write_files(connection: Connection, *, workers: int, seed: int, out_dir: Path) -> list[tuple[str, Path]]:
    """Generate every demo file into ``out_dir``; returns ``(kind, path)`` in loading order."""
    rng = np.random.default_rng(seed)
    today = date.today()  # recency is relative to the day the files are made; offsets are seeded
    ref = read_reference(connection)
    out_dir.mkdir(parents=True, exist_ok=True)
    out_dir.chmod(0o700)  # names and phones, even if synthetic: the same rule as real uploads
    survey = survey_frame(ref, rng, workers)
    camps = camps_frame(ref, rng)
    eshram = eshram_frame(survey, camps, rng, max(workers // 8, 10))
    tracking = tracking_frame(survey, rng, today=today)
    complaints = complaints_frame(survey, rng, today=today)
    files = [("camps", "haryana_camps.csv", camps), ("survey", "bihar_survey.csv", survey),
             ("eshram", "haryana_eshram.csv", eshram), ("tracking", "call_centre.csv", tracking),
             ("complaints", "complaints.csv", complaints)]  # fmt: skip
    written = []
    for kind, name, frame in files:
        path = out_dir / name
        public = frame[[c for c in frame.columns if not c.startswith("_")]]
        title = "Labour Resources Department, Bihar - SYNTHETIC DEMO DATA\n" if kind == "survey" else ""
        path.write_bytes((title + public.to_csv(index=False)).encode("utf-8-sig" if kind == "survey" else "utf-8"))
        written.append((kind, path))
    return written
