"""Demo assessment data, after every area it reads has its records."""

from wenming.assessments.seed_runs import seed_runs

#: `wenming seed` runs the apps by this number, smallest first: after volunteers (60).
SEED_ORDER = 70


def seed(context) -> None:
    seed_runs(context)
