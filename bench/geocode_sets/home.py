"""``home_bihar``: Bihar home addresses of workers, from real villages with their real block and district."""

from __future__ import annotations

import random
from collections import defaultdict

from bench.geocode_sets import hindi, names
from bench.geocode_sets.gazetteer import Gazetteer, block_key, display_forms, lkey
from bench.geocode_sets.noise import Address, labelled, typo
from bench.geocode_sets.reference import BIHAR, Village, norm
from bench.geocode_sets.rows import Row, quotas

CLASSES = {
    "names_block": 0.22,
    "no_block": 0.20,
    "thana": 0.16,
    "lgd_block": 0.10,
    "landmark": 0.10,
    "hamlet": 0.10,
    "pincode": 0.12,
}
HINDI_SHARE = 0.35
TYPO_RATE = 0.15


class HomeRow:
    """One address being written: the village, the script, the evidence its parts give about the block."""

    def __init__(self, gaz: Gazetteer, village: Village, rng: random.Random) -> None:
        self.gaz, self.v, self.rng = gaz, village, rng
        self.hindi = rng.random() < HINDI_SHARE
        forms = display_forms(village.name)
        self.form = forms[0] if len(forms) == 1 or rng.random() < 0.6 else rng.choice(forms[1:])
        self.address = Address()
        self.keys: list[str] = [lkey(self.form)]  # names of places: village, post office, thana
        self.block_keys: list[str] = []  # names of blocks
        self.district_named = False
        self.pin: str | None = None
        self.notes: list[str] = ["lang=hi" if self.hindi else "lang=en"]

    def say(self, name: str, hi_name: str = "", what: str = "") -> str:
        """A place name in the row's script, with the slips people make."""
        rng = self.rng
        if self.hindi:
            text = hi_name or hindi.to_devanagari(name, rng)
            if rng.random() < 0.45:
                text = hindi.vary(text, rng, 1 if rng.random() < 0.8 else 2)
                self.notes.append(f"hi_variant={what}")
            return text
        if rng.random() < TYPO_RATE and len(name) > 4:
            self.notes.append(f"typo={what}")
            return typo(name, rng)
        return name

    def label(self, kind: str, value: str, p: float = 0.8) -> str:
        return labelled(kind, value, self.rng, self.hindi, p)

    def village(self) -> None:
        text = self.say(self.form, what="village")
        if self.rng.random() < 0.1:
            self.address.add("village", self.label("panchayat", text, 1.0))
        else:
            self.address.add("village", self.label("village", text, 0.85))

    def village_with_own_office(self) -> None:
        """``AT+PO Pipra`` or ``Vill Pipra, PO Pipra``: the village is its own post office."""
        rng = self.rng
        text = self.say(self.form, what="village")
        if rng.random() < 0.6:
            joined = rng.choice(names.AT_PO_HI if self.hindi else names.AT_PO_EN)
            self.address.add("village", f"{joined}{rng.choice(('', ' ', '-', ': '))}{text}")
            self.notes.append("po=own_joined")
            return
        self.address.add("village", self.label("village", text, 0.85))
        self.address.add("po", self.label("po", self.say(self.form, what="po"), 0.95))
        self.notes.append("po=own")

    def post_office(self, p: float = 0.55) -> None:
        """The village's own post office, or one in another village of the same block."""
        rng = self.rng
        if rng.random() >= p:
            return
        own = self.gaz.own_office(self.v, self.form)
        others = [o for o in self.gaz.block_offices.get(self.v.block, []) if o.key != lkey(self.form)]
        chosen = own if own and (not others or rng.random() < 0.6) else (rng.choice(others) if others else None)
        if chosen is None:
            return
        self.keys.append(chosen.key)
        self.address.add("po", self.label("po", self.say(chosen.name, what="po"), 0.95))
        self.notes.append("po=own" if chosen is own else "po=block_office")

    def block(self, text: str, name: str) -> None:
        """A block part; ``name`` is the (Census or LGD) name it writes, whose key is the evidence."""
        self.block_keys.append(block_key(name))
        self.address.add("block", text)

    def district(self, p: float = 0.92) -> None:
        if self.rng.random() < 0.08:
            self.address.add("road", self.rng.choice(names.ROADS_HI if self.hindi else names.ROADS_EN))
        if self.rng.random() >= p:
            self.notes.append("no_district")
            return
        self.district_named = True
        english, hindi_names = names.BIHAR_DISTRICTS[self.v.district]
        pool = hindi_names if self.hindi else english
        name = pool[0] if self.rng.random() < 0.6 else self.rng.choice(pool)
        if name != pool[0]:
            self.notes.append(f"district_as={name}")
        self.address.add(
            "district", self.label("district", name if self.hindi else self.say(name, what="district"), 0.75)
        )

    def state(self, p: float = 0.45) -> None:
        if self.rng.random() < p:
            self.address.add("state", self.rng.choice(names.STATE_BIHAR_HI if self.hindi else names.STATE_BIHAR_EN))

    def pincode(self, code: str) -> None:
        self.pin = code
        text = hindi.devanagari_digits(code) if self.hindi and self.rng.random() < 0.2 else code
        self.address.add("pin", self.label("pin", text, 0.4))

    def finish(self, cls: str) -> Row:
        gaz, v = self.gaz, self.v
        if self.district_named:
            scope = [v.district]
        elif self.pin:
            scope = sorted(gaz.pincode_districts.get(self.pin, set()) | {v.district})
        else:
            scope = gaz.districts
        candidates: set[str] | None = None
        for key, blocks_only in [(k, True) for k in self.block_keys] + [(k, False) for k in self.keys]:
            found = gaz.blocks_named(key, scope, blocks_only)
            candidates = found if candidates is None else candidates & found
        determined = candidates == {v.block}
        namesakes = len(gaz.village_keys.get((v.district, lkey(self.form)), set())) - 1
        if namesakes:
            self.notes.append(f"village_namesakes_in_district={namesakes}")
        text = self.address.render(self.rng, self.hindi)
        return Row(
            cls=cls,
            address=text,
            state=BIHAR,
            district=v.district,
            alts=(),
            block=v.block,
            village=v.code,
            block_in_text=int(determined),
            notes=";".join(self.notes + self.address.notes),
        )


class HomeSet:
    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.by_block: dict[str, list[Village]] = defaultdict(list)
        for v in gaz.villages:
            self.by_block[v.block].append(v)
        self.with_office = [v for v in gaz.villages if any(gaz.own_office(v, f) for f in display_forms(v.name)[:1])]
        self.lgd_blocks = sorted(b for b in gaz.lgd if b in self.by_block)
        self.lgd_weights = [self._weight(b) for b in self.lgd_blocks]
        self.thana_blocks = sorted(b for b in self.by_block if len(gaz.thanas(b)) > 1)

    def rows(self, n: int, rng: random.Random) -> list[Row]:
        out: list[Row] = []
        for cls, count in quotas(n, CLASSES).items():
            make = getattr(self, cls)
            made = tries = 0
            while made < count:
                tries += 1
                if tries > 50 * count + 100:
                    raise RuntimeError(f"home_bihar: cannot make {cls} rows from this reference data")
                row = make(rng)
                if row is not None:
                    out.append(row)
                    made += 1
        rng.shuffle(out)
        return out

    def _start(self, rng: random.Random, village: Village | None = None) -> HomeRow:
        return HomeRow(self.gaz, village or rng.choice(self.gaz.villages), rng)

    def _block(self, row: HomeRow, p_label: float) -> None:
        """The block by its Census name (in Hindi, LGD's Hindi name or a guessed spelling)."""
        sub = self.gaz.blocks[row.v.block]
        lgd_hi = [b.name_hi for b in self.gaz.lgd.get(row.v.block, []) if b.name_hi and not b.name_hi.isascii()]
        hi_name = lgd_hi[0] if lgd_hi and row.rng.random() < 0.5 else ""
        row.block(row.label("block", row.say(sub.name, hi_name, what="block"), p_label), sub.name)

    def names_block(self, rng: random.Random) -> Row:
        row = self._start(rng)
        row.village()
        row.post_office()
        self._block(row, 0.7)
        row.district()
        row.state()
        return row.finish("names_block")

    def no_block(self, rng: random.Random) -> Row:
        row = self._start(rng)
        row.village()
        row.post_office(p=0.6)
        row.district()
        row.state()
        return row.finish("no_block")

    def thana(self, rng: random.Random) -> Row | None:
        """The thana instead of the block: mostly the block HQ's, else (about 40 %) a town's or big village's."""
        if rng.random() < 0.4:
            block = rng.choice(self.thana_blocks)
            row = self._start(rng, rng.choice(self.by_block[block]))
            name, why = rng.choice(self.gaz.thanas(block)[1:])
        else:
            row = self._start(rng)
            name, why = self.gaz.thanas(row.v.block)[0]
        row.notes.append(f"thana={why}")
        row.village()
        offices = [o for o in self.gaz.block_offices.get(row.v.block, []) if o.key == lkey(name)]
        text = row.say(name, what="thana")
        if offices and rng.random() < 0.35:
            joined = rng.choice(names.PO_PS_HI if row.hindi else names.PO_PS_EN)
            row.address.add("ps", f"{joined}{'' if joined.endswith('-') else ' '}{text}")
            row.notes.append("po_ps_joined")
        else:
            row.post_office(p=0.4)
            row.address.add("ps", row.label("ps", text, 0.97))
        if why == "block_hq":
            row.block_keys.append(block_key(name))
        else:
            row.keys.append(lkey(name))
        row.district()
        row.state()
        return row.finish("thana")

    def lgd_block(self, rng: random.Random) -> Row | None:
        block = rng.choices(self.lgd_blocks, weights=self.lgd_weights)[0]
        row = self._start(rng, rng.choice(self.by_block[block]))
        entry = rng.choice(self.gaz.lgd[block])
        row.notes.append(f"lgd={entry.lgd_code}:{entry.linked_by}")
        if row.hindi:
            text = (
                entry.name_hi if entry.name_hi and not entry.name_hi.isascii() else hindi.to_devanagari(entry.name, rng)
            )
        else:
            text = entry.name if rng.random() < 0.7 else entry.name.title()
        if self.gaz.is_sadar(block) and "SADAR" not in entry.name and "सदर" not in text and rng.random() < 0.6:
            sadar = "सदर" if row.hindi else "Sadar"
            text = f"{sadar} {text}" if rng.random() < 0.5 else f"{text} {sadar}"
            row.notes.append("sadar")
        if rng.random() < 0.08:
            text += " (अंशतः)" if row.hindi else " (Part)"
        row.village()
        row.post_office(p=0.4)
        row.block(row.label("block", text, 0.75), entry.name)
        row.district()
        row.state()
        return row.finish("lgd_block")

    def _weight(self, block: str) -> int:
        """Blocks that LGD names otherwise than the Census weigh most, then those with an LGD Hindi name."""
        sub = self.gaz.blocks[block]
        entries = self.gaz.lgd[block]
        if self.gaz.is_sadar(block) or any(norm(b.name) != norm(sub.name) for b in entries):
            return 6
        return 2 if any(b.name_hi for b in entries) else 1

    def landmark(self, rng: random.Random) -> Row:
        row = self._start(rng)
        vname = row.say(row.form, what="village")
        mark = rng.choice(names.LANDMARKS_HI if row.hindi else names.LANDMARKS_EN)
        if "नबाड़ी" in mark or "nganwadi" in mark:
            mark += rng.choice((" सं. ", " संख्या ", " नं. ") if row.hindi else (" No. ", " No.", " Sankhya "))
            mark += str(rng.randrange(1, 250))
        style = rng.random()
        if style < 0.5:
            text = f"{mark}{rng.choice((' ', ', ', ','))}{vname}"
        elif style < 0.75:
            text = f"{mark}, {row.label('village', vname, 0.9)}"
        elif row.hindi:
            text = f"{mark} {rng.choice(names.NEAR_HI)}, {row.label('village', vname, 0.9)}"
        else:
            text = f"{rng.choice(names.NEAR_EN)} {mark}, {row.label('village', vname, 0.9)}"
        row.address.add("village", text)
        return self._coarse_end(row, rng, "landmark", block_p=0.25)

    def hamlet(self, rng: random.Random) -> Row | None:
        row = self._start(rng)
        if rng.random() < 0.55:
            hamlet = rng.choice(names.HAMLETS_HI if row.hindi else names.HAMLETS_EN)
            row.address.add("hamlet", hamlet)
            row.village()
            row.notes.append("hamlet=named")
        else:
            tola = rng.choice(names.TOLA_HI if row.hindi else names.TOLA_EN)
            for word in ("tola", "toli"):
                for joined in (f"{row.form} {word}", f"{word} {row.form}"):
                    if (row.v.district, lkey(joined)) in self.gaz.village_keys:
                        return None  # "Pipra Tola" is a village of its own there
            vname = row.say(row.form, what="village")
            text = f"{vname} {tola}" if rng.random() < 0.8 else f"{tola} {vname}"
            row.address.add("village", row.label("village", text, 0.5))
            row.notes.append("hamlet=of_village")
        return self._coarse_end(row, rng, "hamlet", block_p=0.2)

    def _coarse_end(self, row: HomeRow, rng: random.Random, cls: str, *, block_p: float) -> Row:
        """What follows a landmark or hamlet: sometimes a post office, now and then the block, the district, the
        state."""
        row.post_office(p=0.4)
        if rng.random() < block_p:
            self._block(row, 0.9)
        row.district()
        row.state()
        return row.finish(cls)

    def pincode(self, rng: random.Random) -> Row | None:
        village = rng.choice(self.with_office)
        row = HomeRow(self.gaz, village, rng)
        row.form = display_forms(village.name)[0]
        row.keys = [lkey(row.form)]
        office = self.gaz.own_office(village, row.form)
        if office is None:
            return None
        row.notes.append("pin=own_office")
        row.village_with_own_office()
        if rng.random() < 0.15:
            name = self.gaz.blocks[village.block].name  # the thana at the block HQ
            row.address.add("ps", row.label("ps", row.say(name, what="thana"), 0.97))
            row.block_keys.append(block_key(name))
            row.notes.append("thana=block_hq")
        row.district(p=0.6)
        row.state(p=0.4)
        row.pincode(office.pincode)
        return row.finish("pincode")
