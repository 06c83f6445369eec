"""Read logic of assessment: the data sources, scoring, rankings and the yearly view."""
