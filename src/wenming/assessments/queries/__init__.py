"""Read logic of assessment, one module per part: data sources, scoring, rankings, the yearly
view (`schemes`, `sources`, `scoring`, `periods`) and the observation tours (`tours`)."""
