"""State changes of assessment, one module per part (`schemes`: schemes, runs, appeals;
`tours`: observation tours), each checking its permission."""

from wenming.assessments.actions.schemes import (
    add_adjustment,
    compute_run,
    create_scheme,
    decide_appeal,
    finalise_run,
    lodge_appeal,
    publish_run,
)

__all__ = [
    "add_adjustment",
    "compute_run",
    "create_scheme",
    "decide_appeal",
    "finalise_run",
    "lodge_appeal",
    "publish_run",
]
