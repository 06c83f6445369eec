"""Open311 GeoReport v2: the open standard through which other systems send residents' reports."""
