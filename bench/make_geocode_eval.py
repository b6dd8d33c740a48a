"""Generate ``tests/data/geocode_eval.csv``, the labelled set the geocoder is judged on.

Home addresses are real Bihar villages from the reference data with the noise field data
has: Devanagari, typos, spelling variants, dropped fields and labels, filler words
("near", "post", "thana") and reordered parts. Workplaces are real localities of the
big destination cities, labelled by hand with their district, with the same kinds of noise.

Noise levels (per name in English addresses): 15% one keyboard slip (a dropped, doubled or
swapped letter, never the first), 20% one spelling variant (aa/a, w/v, sh/s, ee/i, oo/u),
15% upper case, the rest as written or lower case. 25% of home addresses are in Devanagari.
Per address: post office 50%, block or thana 90%, state 30%, pincode 40%, a filler part 10%,
parts reversed 15%.

Devanagari is written as a person would write the name, not letter by letter from the Census
spelling: common place-name words come from a short lexicon (pur -> पुर, ram -> राम, ganj -> गंज,
nagar -> नगर) and the rest is spelt phonetically (inherent vowels unwritten, no halant between
syllables, a final "a" as ा, "rh" as ढ़). 10% of Devanagari names get one vowel-sign slip
(ि/ी or ु/ू swapped, or ा dropped), the commonest Hindi spelling variation.

The post office of a village whose reference point is its block headquarters (most villages:
Census villages have no coordinates) is a random good office inside the village's block area,
not the office nearest the block headquarters: the latter would be the same office for every
village of a block and would make the post office a perfect, unrealistic block clue.

    DATABASE_URL=... .venv/bin/python -m bench.make_geocode_eval [--homes 3000] [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, text

from atlas.db import default_engine

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "geocode_eval.csv"
COLUMNS = [
    "id",
    "category",
    "address",
    "state_code",
    "district_name",
    "district_code",
    "block_code",
    "village_code",
    "lon",
    "lat",
]

# (address, state code, district as named in the districts table). Real localities, hand-labelled.
WORKPLACES: list[tuple[str, str, str]] = [
    ("Okhla Phase 2, New Delhi", "07", "Delhi"),
    ("Okhla Industrial Area Phase 1, Delhi 110020", "07", "Delhi"),
    ("Bawana Industrial Area, Delhi", "07", "Delhi"),
    ("Narela, Delhi", "07", "Delhi"),
    ("Mundka, New Delhi", "07", "Delhi"),
    ("Shahdara, Delhi", "07", "Delhi"),
    ("Karol Bagh, New Delhi", "07", "Delhi"),
    ("Sadar Bazar, Delhi", "07", "Delhi"),
    ("Mayapuri Industrial Area, New Delhi", "07", "Delhi"),
    ("Wazirpur Industrial Area, Delhi", "07", "Delhi"),
    ("Jahangirpuri, Delhi", "07", "Delhi"),
    ("Sector 37, Gurugram", "06", "Gurugram"),
    ("Plot 23, Sector 37, Gurugram, Haryana 122001", "06", "Gurugram"),
    ("Udyog Vihar Phase 4, Gurgaon", "06", "Gurugram"),
    ("IMT Manesar, Gurgaon", "06", "Gurugram"),
    ("DLF Phase 3, Gurugram", "06", "Gurugram"),
    ("Sector 63, Noida", "09", "Gautam Buddha Nagar"),
    ("Sector 18 Noida UP", "09", "Gautam Buddha Nagar"),
    ("Greater Noida, Uttar Pradesh", "09", "Gautam Buddha Nagar"),
    ("Sahibabad Industrial Area, Ghaziabad", "09", "Ghaziabad"),
    ("Loni, Ghaziabad", "09", "Ghaziabad"),
    ("NIT Faridabad", "06", "Faridabad"),
    ("Ballabgarh, Faridabad, Haryana", "06", "Faridabad"),
    ("Sector 24 Faridabad", "06", "Faridabad"),
    ("Kundli, Sonipat", "06", "Sonipat"),
    ("Bahadurgarh, Jhajjar", "06", "Jhajjar"),
    ("Panipat, Haryana", "06", "Panipat"),
    ("Dharavi, Mumbai", "27", "Mumbai"),
    ("Andheri East, Mumbai 400069", "27", "Mumbai"),
    ("Kurla West, Mumbai", "27", "Mumbai"),
    ("Goregaon, Mumbai", "27", "Mumbai"),
    ("Bhiwandi, Thane", "27", "Thane"),
    ("Bhiwandi, Maharashtra", "27", "Thane"),
    ("Vashi, Navi Mumbai", "27", "Thane"),
    ("Kalyan, Thane", "27", "Thane"),
    ("Vasai, Palghar", "27", "Palghar"),
    ("Panvel, Raigad", "27", "Raigad"),
    ("Pimpri Chinchwad, Pune", "27", "Pune"),
    ("Chakan MIDC, Pune", "27", "Pune"),
    ("Hadapsar, Pune", "27", "Pune"),
    ("Bhosari, Pune", "27", "Pune"),
    ("Hinjewadi, Pune 411057", "27", "Pune"),
    ("Surat", "24", "Surat"),
    ("Udhna, Surat", "24", "Surat"),
    ("Sachin GIDC, Surat", "24", "Surat"),
    ("Pandesara, Surat", "24", "Surat"),
    ("Katargam, Surat", "24", "Surat"),
    ("Varachha Road, Surat", "24", "Surat"),
    ("Limbayat, Surat", "24", "Surat"),
    ("Hazira, Surat, Gujarat", "24", "Surat"),
    ("Narol, Ahmedabad", "24", "Ahmedabad"),
    ("Vatva GIDC, Ahmedabad", "24", "Ahmedabad"),
    ("Naroda, Ahmedabad", "24", "Ahmedabad"),
    ("Odhav, Ahmedabad", "24", "Ahmedabad"),
    ("Sanand, Ahmedabad", "24", "Ahmedabad"),
    ("Focal Point, Ludhiana", "03", "Ludhiana"),
    ("Dhandari Kalan, Ludhiana", "03", "Ludhiana"),
    ("Giaspura, Ludhiana", "03", "Ludhiana"),
    ("Ludhiana, Punjab", "03", "Ludhiana"),
    ("Sahnewal, Ludhiana", "03", "Ludhiana"),
    ("Burrabazar, Kolkata", "19", "Kolkata"),
    ("Howrah, West Bengal", "19", "Howrah"),
    ("Liluah, Howrah", "19", "Howrah"),
    ("Garden Reach, Kolkata", "19", "Kolkata"),
    ("Tiljala, Kolkata", "19", "Kolkata"),
    ("Metiabruz, Kolkata", "19", "Kolkata"),
    ("Kolkata 700001", "19", "Kolkata"),
    ("Peenya Industrial Area, Bangalore", "29", "Bengaluru Urban"),
    ("Whitefield, Bengaluru", "29", "Bengaluru Urban"),
    ("Electronic City, Bangalore", "29", "Bengaluru Urban"),
    ("Bommanahalli, Bengaluru", "29", "Bengaluru Urban"),
    ("Yeshwanthpur, Bangalore", "29", "Bengaluru Urban"),
    ("Guindy, Chennai", "33", "Chennai"),
    ("T Nagar, Chennai", "33", "Chennai"),
    ("Sriperumbudur, Kancheepuram", "33", "Kancheepuram"),
    ("Royapuram, Chennai", "33", "Chennai"),
    ("Chennai 600001", "33", "Chennai"),
    ("Tiruppur, Tamil Nadu", "33", "Tiruppur"),
    ("Tirupur", "33", "Tiruppur"),
    ("Avinashi, Tiruppur", "33", "Tiruppur"),
    ("Palladam, Tiruppur", "33", "Tiruppur"),
    ("Begumpet, Hyderabad", "36", "Hyderabad"),
    ("Secunderabad", "36", "Hyderabad"),
    ("Charminar, Hyderabad", "36", "Hyderabad"),
    ("Hyderabad, Telangana 500001", "36", "Hyderabad"),
    ("सूरत", "24", "Surat"),
    ("लुधियाना, पंजाब", "03", "Ludhiana"),
    ("ओखला, नई दिल्ली", "07", "Delhi"),
    ("गुड़गांव, हरियाणा", "06", "Gurugram"),
    ("मुंबई", "27", "Mumbai"),
    ("पुणे, महाराष्ट्र", "27", "Pune"),
    ("अहमदाबाद, गुजरात", "24", "Ahmedabad"),
    ("कोलकाता", "19", "Kolkata"),
    ("नोएडा सेक्टर 63", "09", "Gautam Buddha Nagar"),
    ("फरीदाबाद", "06", "Faridabad"),
    ("गाजियाबाद", "09", "Ghaziabad"),
    ("तिरुपुर", "33", "Tiruppur"),
    ("Jaipur, Rajasthan", "08", "Jaipur"),
    ("Sitapura Industrial Area, Jaipur", "08", "Jaipur"),
    ("Raipur, Chhattisgarh", "22", "Raipur"),
    ("Kochi, Kerala", "32", "Ernakulam"),
]
_FILLERS = ("near", "nr", "post", "opp", "behind")
_VARIANTS = (
    ("aa", "a"),
    ("a", "aa"),
    ("w", "v"),
    ("v", "w"),
    ("sh", "s"),
    ("ee", "i"),
    ("i", "ee"),
    ("oo", "u"),
    ("u", "oo"),
)


def _typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: a dropped, doubled or swapped letter (not the first: people get that right)."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _variant(word: str, rng: random.Random) -> str:
    old, new = rng.choice(_VARIANTS)
    return word.replace(old, new, 1) if old in word.lower() else word


# Place-name words whose Hindi spelling a person knows as a word, not letter by letter.
_HINDI_WORDS = {
    "pur": "पुर",
    "pura": "पुरा",
    "ram": "राम",
    "nagar": "नगर",
    "ganj": "गंज",
    "abad": "आबाद",
    "chak": "चक",
    "tola": "टोला",
    "gaon": "गांव",
    "garh": "गढ़",
    "sarai": "सराय",
    "dih": "डीह",
    "khurd": "खुर्द",
    "kalan": "कलां",
    "bazar": "बाजार",
    "sharif": "शरीफ",
    "bishun": "बिशुन",
    "shiv": "शिव",
    "lal": "लाल",
    "mohan": "मोहन",
    "gopal": "गोपाल",
    "hari": "हरि",
    "hanuman": "हनुमान",
    "kishan": "किशन",
    "narayan": "नारायण",
    "sita": "सीता",
    "raja": "राजा",
    "rani": "रानी",
    "ratan": "रतन",
    "basant": "बसंत",
    "bhagwan": "भगवान",
    "sundar": "सुंदर",
    "daud": "दाउद",
    "durga": "दुर्गा",
    "ganga": "गंगा",
    "govind": "गोविंद",
    "kali": "काली",
    "jalal": "जलाल",
    "pahar": "पहाड़",
    "patti": "पट्टी",
    "bigha": "बीघा",
    "tand": "टांड़",
    "hasan": "हसन",
}
_CONSONANTS = {
    "chh": "छ",
    "kh": "ख",
    "gh": "घ",
    "ch": "च",
    "jh": "झ",
    "th": "थ",
    "dh": "ध",
    "ph": "फ",
    "bh": "भ",
    "sh": "श",
    "rh": "ढ़",
    "k": "क",
    "g": "ग",
    "j": "ज",
    "t": "त",
    "d": "द",
    "n": "न",
    "p": "प",
    "b": "ब",
    "m": "म",
    "y": "य",
    "r": "र",
    "l": "ल",
    "v": "व",
    "w": "व",
    "s": "स",
    "h": "ह",
    "z": "ज",
    "f": "फ",
    "q": "क",
    "x": "क्स",
    "c": "क",
}
_VOWELS = {  # (independent letter, sign after a consonant)
    "aa": ("आ", "ा"),
    "ai": ("ऐ", "ै"),
    "au": ("औ", "ौ"),
    "ou": ("औ", "ौ"),
    "ee": ("ई", "ी"),
    "oo": ("ऊ", "ू"),
    "a": ("अ", ""),
    "i": ("इ", "ि"),
    "u": ("उ", "ु"),
    "e": ("ए", "े"),
    "o": ("ओ", "ो"),
}
_UNITS = sorted([*_CONSONANTS, *_VOWELS], key=len, reverse=True)
_HALANT = "\u094d"


def _units(word: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(word):
        unit = next((u for u in _UNITS if word.startswith(u, i)), word[i])
        out.append(unit)
        i += len(unit)
    return out


def _consonant_joint(unit: str, following: str | None, previous: str | None) -> str:
    """How a consonant followed by another is written: anusvara, conjunct, or with its silent vowel."""
    if unit in ("n", "m") and following not in (None, "y", "r", "v", "h", "n", "m") and previous in _VOWELS:
        return "\u0902"  # anusvara: Champaran -> चंपारण, Sundar -> सुंदर
    onset = following in ("r", "y") and previous is None  # Pr-, Br-, Ky- start a word; Pipra is पिपरा
    if following == unit or onset or (unit in ("s", "sh") and following in ("t", "th", "k", "p")):
        return _CONSONANTS[unit] + _HALANT  # doubled letters and onsets: Muzaffar, Pr-, Ky-, -st-
    return _CONSONANTS[unit]


def _phonetic(chunk: str, *, word_end: bool) -> str:
    units = _units(chunk)
    out: list[str] = []
    for k, unit in enumerate(units):
        previous, following = units[k - 1] if k else None, units[k + 1] if k + 1 < len(units) else None
        if unit in _CONSONANTS:
            out.append(_consonant_joint(unit, following, previous) if following in _CONSONANTS else _CONSONANTS[unit])
        elif unit in _VOWELS:
            out.append(_vowel(unit, previous, chunk_end=following is None, word_end=following is None and word_end))
    return "".join(out)


def _vowel(unit: str, previous: str | None, *, chunk_end: bool, word_end: bool) -> str:
    if previous == "i" and unit == "a":
        return "या"  # Chakia -> चकिया
    if previous in _VOWELS and unit == "a" and chunk_end:
        return "आ"  # Bhabua -> भबुआ
    if previous not in _CONSONANTS:
        return _VOWELS[unit][0]
    if chunk_end and unit == "a":
        return "ा"  # a final "a" is long in Hindi names: Banka -> बांका, Tola -> टोला, Tara-pur -> तारापुर
    if word_end and unit == "i":
        return "ी"
    return _VOWELS[unit][1]


def _hindi_word(word: str) -> str:
    """One word as a person writes it: known place-name words whole, the rest phonetically."""
    if word in _HINDI_WORDS:
        return _HINDI_WORDS[word]
    # A known word starts the name only where a new syllable can start: "Chak-ia" is not "Chak" + "ia".
    head = next(
        (
            w
            for w in sorted(_HINDI_WORDS, key=len, reverse=True)
            if word.startswith(w) and word[len(w) : len(w) + 1] not in ("a", "e", "i", "o", "u", "y", "h")
        ),
        "",
    )
    rest = word[len(head) :]
    tail = next((w for w in sorted(_HINDI_WORDS, key=len, reverse=True) if rest.endswith(w) and w != rest), "")
    middle = rest[: len(rest) - len(tail)]
    return _HINDI_WORDS.get(head, "") + _phonetic(middle, word_end=not tail) + _HINDI_WORDS.get(tail, "")


def _devanagari(name: str, rng: random.Random | None = None) -> str:
    words = [_hindi_word(w) for w in re.findall(r"[a-z]+", name.lower())]
    text = " ".join(w for w in words if w)
    if rng is not None and rng.random() < 0.1:
        text = _matra_slip(text, rng)
    return text


def _matra_slip(text: str, rng: random.Random) -> str:
    """The commonest Hindi spelling slip: a short vowel sign for a long one, or a dropped ा."""
    slips = [
        (i, new)
        for i, ch in enumerate(text)
        for old, new in (("ि", "ी"), ("ी", "ि"), ("ु", "ू"), ("ू", "ु"), ("ा", ""))
        if ch == old
    ]
    if not slips:
        return text
    i, new = rng.choice(slips)
    return text[:i] + new + text[i + 1 :]


def _noisy(name: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return _typo(name, rng)
    if roll < 0.35:
        return _variant(name, rng)
    if roll < 0.5:
        return name.upper()
    return name if rng.random() < 0.5 else name.lower()


def _villages(connection: Connection, count: int, seed: int) -> pd.DataFrame:
    sql = text(
        "SELECT v.village_code, v.name_en AS village, s.subdistrict_code AS block_code, s.name_en AS block, "
        "d.name_en AS district, d.name_hi AS district_hi, d.census_code AS district_code, "
        "ST_X(v.point) AS lon, ST_Y(v.point) AS lat, "
        # The office a villager would name: its namesake office when the village has one (its point is
        # that office), else a good office somewhere in its block (see the module docstring).
        "CASE WHEN v.point_source = 'post_office' THEN "
        "(SELECT g.name || '|' || g.pincode FROM gazetteer g WHERE g.kind = 'post_office' "
        "AND g.district_id = v.district_id AND g.quality = 'ok' ORDER BY g.point <-> v.point LIMIT 1) ELSE "
        "(SELECT g.name || '|' || g.pincode FROM gazetteer g WHERE g.kind = 'post_office' "
        "AND g.district_id = v.district_id AND g.quality = 'ok' AND ST_Within(g.point, s.geom) "
        "ORDER BY md5(g.source_ref || v.village_code || :seed) LIMIT 1) END AS office "
        "FROM villages v JOIN subdistricts s USING (subdistrict_code) "
        "JOIN districts d ON d.district_id = v.district_id "
        "WHERE v.state_code = '10' ORDER BY md5(v.village_code || :seed) LIMIT :n"
    )
    return pd.DataFrame(connection.execute(sql, {"n": count, "seed": str(seed)}).mappings().all())


def _office_name(office: str | None) -> tuple[str | None, str | None]:
    if not office:
        return None, None
    name, pincode = office.split("|")
    words = [w for w in name.replace(".", " ").split() if w.upper() not in {"BO", "SO", "HO", "B", "O", "S"}]
    return " ".join(words).title(), pincode


def home_address(row: dict[str, Any], rng: random.Random) -> str:
    """One Bihar home address in one of the shapes seen in survey sheets and call notes."""
    village, block, district = (_noisy(str(row[k]), rng) for k in ("village", "block", "district"))
    office, pincode = _office_name(row.get("office"))
    if rng.random() < 0.25:
        return _hindi_home(row, office, rng)
    parts = [f"{rng.choice(('vill', 'Vill.', 'gram', 'village', 'at', ''))} {village}".strip()]
    if office and rng.random() < 0.5:
        parts.append(f"{rng.choice(('po', 'P.O.', 'post'))} {office}")
    if rng.random() < 0.9:
        parts.append(f"{rng.choice(('block', 'prakhand', 'ps', 'thana', 'P.S.', ''))} {block}".strip())
    parts.append(f"{rng.choice(('dist', 'distt.', 'district', 'jila', ''))} {district}".strip())
    if rng.random() < 0.3:
        parts.append("Bihar")
    if pincode and rng.random() < 0.4:
        parts[-1] += f" {pincode}"
    if rng.random() < 0.1:
        parts.insert(0, f"{rng.choice(_FILLERS)} {rng.choice(('school', 'mandir', 'chowk'))}")
    if rng.random() < 0.15:
        parts.reverse()
    return rng.choice((", ", " ", " - ")).join(parts)


def _hindi_home(row: dict[str, Any], office: str | None, rng: random.Random) -> str:
    parts = [f"ग्राम- {_devanagari(str(row['village']), rng)}"]
    if office and rng.random() < 0.5:
        parts.append(f"पो.- {_devanagari(office, rng)}")
    if rng.random() < 0.9:
        parts.append(f"{rng.choice(('थाना', 'प्रखंड'))}- {_devanagari(str(row['block']), rng)}")
    parts.append(f"जिला- {row['district_hi'] or _devanagari(str(row['district']))}")
    return ", ".join(parts)


def workplace_variants(rng: random.Random, copies: int) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for address, state_code, district in WORKPLACES:
        out.append((address, state_code, district))
        for _ in range(copies):
            parts = address.split(", ")
            noisy = [(_noisy(p, rng) if rng.random() < 0.5 else p) for p in parts]
            if rng.random() < 0.2:
                noisy.insert(0, f"{rng.choice(_FILLERS)} {rng.choice(('gate no 2', 'factory', 'company'))}")
            out.append((", ".join(noisy), state_code, district))
    return out


def generate(connection: Connection, *, homes: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for raw in _villages(connection, homes, seed).to_dict("records"):
        record: dict[str, Any] = {str(k): v for k, v in raw.items()}
        rows.append(
            {
                "category": "home_bihar",
                "address": home_address(record, rng),
                "state_code": "10",
                "district_name": record["district"],
                "district_code": record["district_code"],
                "block_code": record["block_code"],
                "village_code": record["village_code"],
                "lon": round(record["lon"], 5),
                "lat": round(record["lat"], 5),
            }
        )
    sql = text("SELECT state_code || '|' || name_en AS key, census_code FROM districts")
    codes: dict[str, str | None] = {r.key: r.census_code for r in connection.execute(sql)}
    for address, state_code, district in workplace_variants(rng, copies=4):
        rows.append(
            {
                "category": "workplace",
                "address": address,
                "state_code": state_code,
                "district_name": district,
                "district_code": codes.get(f"{state_code}|{district}"),
            }
        )
    for i, row in enumerate(rows, start=1):
        row["id"] = i
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with default_engine().connect() as connection:
        rows = generate(connection, homes=args.homes, seed=args.seed)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
