"""Block aliases: the names officials use for Bihar's blocks today, each with its source.

LGD lists Bihar's 534 blocks with today's names (and Hindi names for 205), linked to the Census
sub-district where the names agree (450). The other 84 are linked in ``reference_data/block_aliases.csv``,
one curated row each, with the reasoning and a second source (a village, town or post office named like
the block in that sub-district or district). From these names come the variants officials write:
numbered halves ("BAGAHA-I", "बगहा-1", "Bagaha 1"), "Sadar" forms for the block of the district town
("Chapra Sadar", "सदर छपरा") and names with "(part)" or "(अंशतः)" dropped.

``alias_norm`` is ``loaders.reference_codes.place_key``: ``normalise_name`` with roman numerals written as
digits and part marks dropped, because ``normalise_name`` folds "II" into "I".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from atlas.errors import ReferenceDataInvalid
from geo.normalize import pad_code
from loaders.reference_codes import place_key, place_keys, read_reference_csv

LGD_FILE = "bihar_blocks_lgd.csv"
CURATED_FILE = Path(__file__).resolve().parent / "reference_data" / "block_aliases.csv"
LGD_SOURCE = "lgd_blocks_2022-03"
_SADAR = ("Sadar", "सदर")
_COLUMNS = ["alias_norm", "subdistrict_code", "alias", "source"]


def read_lgd_blocks(data_dir: Path) -> pd.DataFrame:
    """LGD's blocks with their Census sub-district: ``lgd_code, name, name_hi, district_code_2011,
    subdistrict_code, linked_by`` ("lgd" where LGD links it by name, "curated" from block_aliases.csv)."""
    columns = ["lgd_block_code", "block_name", "block_name_hi", "census_2011_district_code"]
    raw = read_reference_csv(data_dir / LGD_FILE, [*columns, "census_2011_sub_district_code"])
    blocks = pd.DataFrame(
        {
            "lgd_code": pd.to_numeric(raw["lgd_block_code"], errors="coerce").astype("Int64"),
            "name": raw["block_name"].str.strip(),
            "name_hi": raw["block_name_hi"].str.strip(),
            "district_code_2011": raw["census_2011_district_code"].map(lambda c: pad_code(c, 3)),
            "subdistrict_code": raw["census_2011_sub_district_code"].map(lambda c: pad_code(c, 5)),
        }
    )
    blocks["linked_by"] = blocks["subdistrict_code"].notna().map({True: "lgd", False: "curated"})
    curated = read_curated_links()
    links = blocks["lgd_code"].map(curated.set_index("lgd_code")["subdistrict_code"])
    blocks["subdistrict_code"] = blocks["subdistrict_code"].fillna(links)
    _check_links(blocks, curated)
    return blocks.assign(reason=blocks["lgd_code"].map(curated.set_index("lgd_code")["reason"]))


def read_curated_links() -> pd.DataFrame:
    """``lgd_code, subdistrict_code, district_code_2011, reason, second_source`` of the curated file."""
    columns = ["lgd_block_code", "subdistrict_code", "census_2011_district_code", "reason"]
    raw = read_reference_csv(CURATED_FILE, [*columns, "second_source"])
    return pd.DataFrame(
        {
            "lgd_code": pd.to_numeric(raw["lgd_block_code"], errors="coerce").astype("Int64"),
            "subdistrict_code": raw["subdistrict_code"].map(lambda c: pad_code(c, 5)),
            "district_code_2011": raw["census_2011_district_code"].map(lambda c: pad_code(c, 3)),
            "reason": raw["reason"],
            "second_source": raw["second_source"],
        }
    )


def _check_links(blocks: pd.DataFrame, curated: pd.DataFrame) -> None:
    """Every block linked once, each sub-district once, in the district LGD gives: else say what to fix."""
    problems = [
        f"LGD block {c} has no Census sub-district" for c in blocks.loc[blocks["subdistrict_code"].isna(), "lgd_code"]
    ]
    repeated = blocks["subdistrict_code"].dropna()
    problems += [
        f"Census sub-district {c} is linked to more than one LGD block" for c in repeated[repeated.duplicated()]
    ]
    both = curated.merge(blocks, on="lgd_code", how="left", suffixes=("", "_lgd"))
    problems += [f"curated LGD block {c} is not in {LGD_FILE}" for c in both.loc[both["name"].isna(), "lgd_code"]]
    moved = both["name"].notna() & (both["district_code_2011"] != both["district_code_2011_lgd"])
    problems += [f"curated LGD block {c} is in another district than LGD says" for c in both.loc[moved, "lgd_code"]]
    if problems:
        raise ReferenceDataInvalid(CURATED_FILE, problems)


def block_aliases(blocks: pd.DataFrame, subdistricts: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """The ``subdistrict_aliases`` rows: LGD names in English and Hindi, their variants, and the Sadar forms.

    ``blocks`` is ``read_lgd_blocks``; ``subdistricts`` needs ``subdistrict_code, name_en, name_norm,
    district_id``; ``districts`` needs ``district_id, hq_name`` (the district HQ town, whose block is the
    Sadar block).
    """
    blocks = blocks[blocks["subdistrict_code"].isin(subdistricts["subdistrict_code"])]
    rows = pd.concat(
        [_lgd_names(blocks), _numbered_census_names(subdistricts), _sadar_forms(blocks, subdistricts, districts)],
        ignore_index=True,
    )
    rows["alias_norm"] = rows["alias"].map(place_key)
    # LGD's own names stay even where they spell the Census name: the table is the list of today's names;
    # numbered Census names are there because their key keeps the number.
    own = rows["subdistrict_code"].map(subdistricts.set_index("subdistrict_code")["name_en"].map(place_key))
    variant = rows["source"].str.startswith("variant")
    rows = rows[(rows["alias_norm"] != "") & ~(variant & (rows["alias_norm"] == own))]
    return rows.drop_duplicates(["alias_norm", "subdistrict_code"])[_COLUMNS].reset_index(drop=True)


def _lgd_names(blocks: pd.DataFrame) -> pd.DataFrame:
    """Each block's LGD name, Hindi name and their parts ("LAUKAHA (KHUTAUNA)" -> Laukaha, Khutauna)."""
    rows = []
    for block in blocks.itertuples(index=False):
        source = f"{LGD_SOURCE}: LGD {block.lgd_code}" + (
            f" (curated link: {block.reason})" if block.linked_by == "curated" else ""
        )
        for name in (block.name, block.name_hi):
            if isinstance(name, str) and name:
                rows += [(block.subdistrict_code, variant, source) for variant in _variants(name)]
    return pd.DataFrame(rows, columns=["subdistrict_code", "alias", "source"])


def _variants(name: str) -> list[str]:
    """The name, its bracketed parts, and its numbered half written with a digit ("BAGAHA-II" -> "BAGAHA-2")."""
    outside = name.split("(")[0].strip(" -")
    parts = [p.strip(" )") for p in name.split("(")[1:]]
    numbered = [_with_digit(name)] if _with_digit(name) != name else []
    return list(dict.fromkeys([name, *numbered, *([outside] if parts else []), *parts]))


def _with_digit(name: str) -> str:
    words = name.replace("-", " - ").split()
    roman = {"I": "1", "II": "2", "III": "3", "IV": "4"}
    return " ".join(roman.get(w.upper(), w) for w in words).replace(" - ", "-")


def _numbered_census_names(subdistricts: pd.DataFrame) -> pd.DataFrame:
    """Census names whose key keeps a number that ``normalise_name`` folds ("Kaliachak - II", everywhere in India)."""
    keyed = subdistricts["name_en"].map(place_key)
    numbered = subdistricts[keyed.str.contains(r"\d", regex=True) & (keyed != subdistricts["name_norm"])]
    return pd.DataFrame(
        {"subdistrict_code": numbered["subdistrict_code"], "alias": numbered["name_en"], "source": "census_2011"}
    )


def _sadar_forms(blocks: pd.DataFrame, subdistricts: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """ "Chapra Sadar", "Sadar Chapra", "सदर छपरा": for each Bihar district, the block of the district town."""
    sadar = _sadar_blocks(blocks, subdistricts, districts)
    rows = []
    for block in sadar.itertuples(index=False):
        source = f"variant: the block of the district town {block.town}"
        names = (block.town, block.name_en, block.lgd_base, block.name_hi)
        for name in dict.fromkeys(n for n in names if isinstance(n, str) and n):
            word = _SADAR[0] if name.isascii() else _SADAR[1]
            rows += [
                (block.subdistrict_code, f"{name} {word}", source),
                (block.subdistrict_code, f"{word} {name}", source),
            ]
    return pd.DataFrame(rows, columns=["subdistrict_code", "alias", "source"])


def _sadar_blocks(blocks: pd.DataFrame, subdistricts: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """The block of each district's HQ town: LGD calls it "X SADAR", or its Census or LGD name is the town's."""
    lgd = blocks.set_index("subdistrict_code")
    frame = subdistricts[subdistricts["subdistrict_code"].isin(lgd.index)][
        ["subdistrict_code", "name_en", "district_id"]
    ].copy()
    frame["lgd_name"] = frame["subdistrict_code"].map(lgd["name"])
    frame["name_hi"] = frame["subdistrict_code"].map(lgd["name_hi"]).map(_without_sadar)
    frame["lgd_base"] = frame["lgd_name"].map(_without_sadar).str.title()
    frame["town"] = frame["district_id"].map(
        districts.drop_duplicates("district_id").set_index("district_id")["hq_name"]
    )
    town_keys = frame["town"].map(_spaceless_keys)
    names = [_spaceless_keys(a) | _spaceless_keys(b) for a, b in zip(frame["name_en"], frame["lgd_base"], strict=True)]
    is_town = np.array([bool(t & n) for t, n in zip(town_keys, names, strict=True)], dtype=bool)
    called_sadar = frame["lgd_name"].str.upper().str.endswith(" SADAR").to_numpy(dtype=bool)
    # numpy types `|` of arrays whose dtype it does not know as Any: the mask is named with its real type.
    sadar: npt.NDArray[np.bool_] = is_town | called_sadar
    return frame[sadar]


def _spaceless_keys(name: object) -> set[str]:
    """ "Bihar Sharif" and "Biharsharif" are one name."""
    return {k.replace(" ", "") for k in place_keys(name)} if isinstance(name, str) else set()


def _without_sadar(name: object) -> object:
    if not isinstance(name, str):
        return name
    words = [w for w in name.split() if w.upper() != "SADAR" and w != _SADAR[1]]
    return " ".join(words)
