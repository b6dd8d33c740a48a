"""The weights of the evidence, in one place.

Log-odds-like: evidence for a district adds up, evidence against subtracts. They were set on classes of real
addresses (bank-branch registers, district-office lists, survey forms), never on single rows, and each says in
words what it stands for.
"""

from __future__ import annotations

# What a mention of a place of each kind inside a district is worth to that district, by the part's label.
WEIGHTS: dict[str | None, dict[str, float]] = {
    "district": {"district": 5.0, "town": 2.0, "block": 1.0, "office": 0.8, "village": 0.5},
    "block": {"district": 1.0, "town": 1.5, "block": 2.5, "office": 0.8, "village": 0.8},
    "police_station": {"district": 0.8, "town": 2.0, "block": 2.0, "office": 1.2, "village": 1.2},
    "post_office": {"district": 1.0, "town": 1.5, "block": 1.5, "office": 1.8, "village": 1.0},
    "village": {"district": 0.6, "town": 1.2, "block": 0.8, "office": 1.0, "village": 1.8},
    "panchayat": {"district": 0.5, "town": 0.8, "block": 0.8, "office": 0.8, "village": 1.5},
    "via": {"district": 0.8, "town": 1.0, "block": 0.8, "office": 1.0, "village": 0.5},
    None: {"district": 2.5, "town": 1.8, "block": 1.2, "office": 1.0, "village": 0.5},
}
#: A place passed by ("Gaya Road", "via Amarpur") says little about where the address is.
ROAD_FACTOR = 0.3
#: A district named in the last part of the address is where most addresses say it ("…, Patna").
LAST_PART_FACTOR = 1.2
#: A mention of an admin district counts for the polygon it is drawn in, and the reverse, a little less.
DRAWN_IN_FACTOR = 0.9
HOLDS_FACTOR = 0.6
#: A valid pincode: for its districts (scaled by their share of its post offices), against other states.
PINCODE_FOR = 3.0
PINCODE_AGAINST_STATE = -4.0
#: A district of the pincode's state that the pincode does not serve: a named district there loses to the
#: pincode's unless something else in the address confirms it.
PINCODE_AGAINST_DISTRICT = -2.0
PREFIX_FOR = 1.0
PREFIX_AGAINST = -1.0
STATE_LABELLED_FOR = 2.0
STATE_LABELLED_AGAINST = -3.0
STATE_FREE_FOR = 1.0
STATE_FREE_AGAINST = -1.0
#: A state named at the end of the address, where addresses write it ("…, Narsinghpur, Haryana").
STATE_LAST_FOR = 1.5
STATE_LAST_AGAINST = -2.5
HOME_STATE_FOR = 0.6
#: A name shared by more districts than this proposes none of them (it still supports them).
MAX_NAMESAKE_DISTRICTS = 8


# What a mention is worth to the block it lies in, by the part's label and the kind of place named.
BLOCK_WEIGHTS: dict[str | None, dict[str, float]] = {
    "block": {"block": 3.0, "town": 1.5, "village": 1.0, "office": 0.8},
    "police_station": {"block": 2.2, "town": 1.8, "village": 1.2, "office": 1.0},
    "post_office": {"block": 1.2, "town": 1.0, "village": 0.8, "office": 1.2},
    "village": {"block": 0.5, "town": 1.0, "village": 2.0, "office": 0.8},
    "panchayat": {"block": 0.5, "village": 1.5, "office": 0.5},
    "via": {"block": 0.5, "town": 0.5, "village": 0.3, "office": 0.5},
    # A block named among free words outweighs a village name that only implies another block.
    None: {"block": 2.2, "town": 1.2, "village": 1.2, "office": 0.6},
}
#: A block is chosen when its votes reach this and beat the runner-up by the margin.
BLOCK_MIN_VOTES = 1.0
BLOCK_MARGIN = 0.5
#: Another part's vote for one block at least this strong picks, among a part's namesake villages, the one in
#: that block (the part's whole vote goes to it instead of a share).
BLOCK_BACKING = 0.5
#: Importance of a place within its kind: a head office or a district's headquarters town counts a little more.
RANK_FACTOR = {3: 1.1, 2: 1.0, 1: 0.9, 0: 1.0}
