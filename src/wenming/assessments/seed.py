"""Demo data of the assessment area, run after every area whose records it reads."""

from wenming.assessments.seed_runs import seed_runs
from wenming.assessments.seed_tours import seed_tours

#: After volunteers (60): tours visit the units and townships the earlier seeders made, and the
#: monthly runs read every area's records (and the tours' scores).
SEED_ORDER = 70


def seed(context) -> None:
    seed_tours(context)
    seed_runs(context)
