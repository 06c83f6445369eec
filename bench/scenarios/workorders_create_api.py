"""Opening work orders through the API, as the 12345 hotline's system does: a token, a JSON
body, a new `source_reference` every request (so each opens an order: 201, never a replay)."""

import uuid

from benchkit import Request, json_body

NAME = "workorders_create_api"
SCALE = "ruzhou"
EXPECT = (201,)
#: More than a run sends (the aim is ~500 requests/s for 15 s); none is sent twice.
COUNT = 12_000


def prepare(env):
    env.state["token"] = env.token("admin")
    answer = env.request("POST", "/api/v1/workorders", *_one(env, f"prepare-{uuid.uuid4().hex}"))
    if answer.status != 201:
        raise RuntimeError(
            f"work-order creation answered HTTP {answer.status}: {answer.body[:300]!r}"
        )


def _one(env, reference: str):
    body, headers = json_body(
        {
            "category_code": "sanitation",
            "description": "12345 热线：小区门口垃圾桶满溢",
            "lat": 34.167,
            "lng": 112.845,
            "address": "广成路 18 号",
            "source": "hotline",
            "source_reference": reference,
        }
    )
    headers["Authorization"] = f"Bearer {env.state['token']}"
    return headers, body


def requests(env):
    batch = uuid.uuid4().hex[:8]  # new keys for the warm-up and for the measured run
    return [
        Request("POST", "/api/v1/workorders", headers=headers, body=body)
        for headers, body in (_one(env, f"12345-{batch}-{i}") for i in range(COUNT))
    ]
