"""Assessment and accountability: schemes computed from the records the other areas keep, frozen
runs, observation tours scored on site, rankings with red and black flags, public notice, appeals,
notices and interviews."""
