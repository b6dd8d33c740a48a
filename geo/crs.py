"""The product's two coordinate systems, named once for the loaders, the query layer and ``geo/`` itself.

Every geometry is stored in WGS84 lon/lat; distances and areas are measured in the Indian national metric
projection, which keeps metres true enough across the whole country (no UTM zone seams).
"""

from __future__ import annotations

WGS84_SRID = 4326
#: WGS 84 / India NSF LCC: metres, valid across the country.
METRIC_SRID = 7755
WGS84 = f"EPSG:{WGS84_SRID}"
METRIC = f"EPSG:{METRIC_SRID}"
