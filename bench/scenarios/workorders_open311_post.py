"""A resident's report through Open311: form-encoded `POST /open311/v2/requests.json` with a
client's api_key, a public category and a point in the city (no photo). Expected 201."""

from benchkit import Request, form_body
from scenarios._workorders_public import lift_report_limit

NAME = "workorders_open311_post"
SCALE = "ruzhou"
EXPECT = (201,)
CATEGORY = "sanitation"


def prepare(env):
    env.django()
    from django_scopes import scopes_disabled

    from wenming.core.permissions import SYSTEM
    from wenming.workorders.open311.keys import issue_key

    jurisdiction = lift_report_limit(env, public_category=CATEGORY)
    with scopes_disabled():
        _client, key = issue_key(jurisdiction=jurisdiction, name="bench", actor=SYSTEM)
    env.state["key"] = key
    body, headers = _form(env)
    answer = env.request("POST", "/open311/v2/requests.json", headers=headers, body=body)
    if answer.status != 201:
        raise RuntimeError(f"Open311 POST answered HTTP {answer.status}: {answer.body[:300]!r}")


def _form(env):
    return form_body(
        {
            "api_key": env.state["key"],
            "service_code": CATEGORY,
            "lat": "34.167",
            "long": "112.845",
            "address_string": "广成路 18 号",
            "description": "小区门口垃圾桶满溢",
        }
    )


def requests(env):
    body, headers = _form(env)
    return [Request("POST", "/open311/v2/requests.json", headers=headers, body=body)]
