"""The rows of an evaluation set and how they are written to CSV."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

COLUMNS = (
    "id",
    "set",
    "cls",
    "address",
    "true_state_code",
    "true_district_code_2011",
    "alt_district_codes_2011",
    "true_block_code",
    "true_village_code",
    "block_in_text",
    "notes",
)


@dataclass
class Row:
    cls: str
    address: str
    state: str
    district: str
    alts: tuple[str, ...]
    block: str
    village: str
    block_in_text: int
    notes: str
    id: str = ""
    set: str = ""

    def as_csv(self) -> dict[str, str]:
        return {
            "id": self.id,
            "set": self.set,
            "cls": self.cls,
            "address": self.address,
            "true_state_code": self.state,
            "true_district_code_2011": self.district,
            "alt_district_codes_2011": "|".join(self.alts),
            "true_block_code": self.block,
            "true_village_code": self.village,
            "block_in_text": str(self.block_in_text),
            "notes": self.notes,
        }


def quotas(n: int, shares: dict[str, float]) -> dict[str, int]:
    """``n`` split by ``shares`` (largest remainders), every class at least one row when ``n`` allows."""
    total = sum(shares.values())
    exact = {k: n * v / total for k, v in shares.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (counts[k] - exact[k], k))[: n - sum(counts.values())]:
        counts[k] += 1
    return counts


def number(rows: list[Row], name: str) -> list[Row]:
    for i, row in enumerate(rows, 1):
        row.id, row.set = f"{name}-{i:05d}", name
    return rows


def write(rows: list[Row], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row.as_csv())
