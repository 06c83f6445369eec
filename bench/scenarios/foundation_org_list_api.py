"""Organization list over the API: 50 rows, authenticated with a personal API token."""

from benchkit import Request

NAME = "foundation_org_list_api"
SCALE = "ruzhou"
EXPECT = (200,)


def prepare(env):
    env.state["token"] = env.token("admin")
    answer = env.request(
        "GET",
        "/api/v1/organizations?limit=50",
        headers={"Authorization": f"Bearer {env.state['token']}"},
    )
    if answer.status != 200 or b'"count"' not in answer.body:
        raise RuntimeError(f"the organization list answered HTTP {answer.status}")


def requests(env):
    return [
        Request(
            "GET",
            "/api/v1/organizations?limit=50",
            headers={"Authorization": f"Bearer {env.state['token']}"},
        )
    ]
