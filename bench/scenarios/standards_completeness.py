"""Evidence completeness page: 147 units × ~200 criteria overview for the office."""

from __future__ import annotations

from benchkit import Request

NAME = "standards_completeness"
SCALE = "ruzhou"


def prepare(env):
    env.django()
    from django_scopes import scopes_disabled

    from wenming.standards.models import Framework

    with scopes_disabled():
        framework = Framework.objects.filter(is_sample=True).first()
        env.state["framework_id"] = framework.pk
        env.notes["criteria"] = framework.criterion_count
    env.state["cookie"] = env.login("office")


def requests(env):
    return [
        Request(
            "GET",
            f"/standards/{env.state['framework_id']}/completeness/",
            headers={"Cookie": env.state["cookie"]},
        )
    ]
