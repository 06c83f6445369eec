"""The home page (live counts of the jurisdiction) for a logged-in office administrator."""

from benchkit import Request

NAME = "foundation_home_page"
SCALE = "ruzhou"
EXPECT = (200,)


def prepare(env):
    env.state["cookie"] = env.login("admin")
    answer = env.request("GET", "/", headers={"Cookie": env.state["cookie"]})
    if answer.status != 200:
        raise RuntimeError(f"the home page answered HTTP {answer.status}")
    env.notes["page_bytes"] = len(answer.body)


def requests(env):
    return [Request("GET", "/", headers={"Cookie": env.state["cookie"]})]
