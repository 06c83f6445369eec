"""Platform defaults for the per-jurisdiction policy (`Jurisdiction.policy` overrides each key).

Policy that differs between jurisdictions is data on the jurisdiction, not a setting: these are
only the values a new jurisdiction starts with. Apps add their keys here.
"""

DEFAULT_POLICY: dict = {
    # Volunteer star levels by cumulative recorded hours (★ … ★★★★★), docs/domain/volunteers.md.
    "volunteer_star_thresholds": [100, 300, 600, 1000, 1500],
    # Points per recorded hour of service.
    "points_per_hour": 10,
    # Multipliers on points: organisers, hard or risky work.
    "points_coefficients": {"organizer": 1.5, "hard": 1.5, "risky": 2.0},
    # Points for a resident's report that was accepted as a valid case.
    "points_per_valid_report": 5,
    # Working hours for deadlines counted in working hours.
    "working_day_start": "09:00",
    "working_day_end": "17:00",
    # Minimum number of cases before a unit appears in a work-order ranking.
    "ranking_minimum_cases": 10,
    # Bounding box of the jurisdiction (WGS-84); locations outside it are refused. Ruzhou's box.
    "bounds": {"south": 33.95, "north": 34.35, "west": 112.55, "east": 113.15},
    # Volunteers: cancelling a sign-up closes this many hours before the activity starts.
    "volunteer_cancel_cutoff_hours": 2,
    # Volunteers: check-in opens this many minutes before the start; check-out closes this many
    # minutes after the end (hours are clipped to the activity's window either way).
    "volunteer_check_in_early_minutes": 30,
    "volunteer_check_out_late_minutes": 120,
    # Volunteers: a rotating check-in code is valid this many seconds (shown anew every half).
    "volunteer_code_max_age_seconds": 60,
    # Work-order reminders: hours before the deadline when the first reminder goes out.
    "reminder_lead_hours": 24,
    # Residents' reports (phone page, Open311) accepted per IP address in ten minutes.
    "resident_reports_per_ip": 30,
}
