"""The geocoder: Indian addresses as officials type them -> Census 2011 codes, a point, and why.

Candidate generation plus evidence weighing (see ``geo.geocoding.geocoder``). Pure: no database, no UI; the
query layer builds the index frames (``atlas.queries.geocoding``) and hands them in.
"""

from geo.geocoding import snapshot
from geo.geocoding.gazetteer import GazetteerIndex
from geo.geocoding.geocoder import Geocoder, cache_key, cycle_collector_paused, field_key
from geo.geocoding.result import PRECISIONS, REVIEW_BELOW, GeocodeResult, Note
from geo.geocoding.text import StructuredAddress

__all__ = [
    "PRECISIONS",
    "REVIEW_BELOW",
    "GazetteerIndex",
    "GeocodeResult",
    "Geocoder",
    "Note",
    "StructuredAddress",
    "cache_key",
    "cycle_collector_paused",
    "field_key",
    "snapshot",
]
