"""A resident's original photo (~300 KB) through the permission-checked file view (office login)."""

from benchkit import Request
from scenarios._files_photo import store_photo

NAME = "files_private_photo"
SCALE = "small"
EXPECT = (200,)


def prepare(env):
    store_photo(env)
    env.state["cookie"] = env.login("office")
    answer = env.request("GET", env.state["private_url"], headers={"Cookie": env.state["cookie"]})
    if answer.status != 200 or len(answer.body) != env.notes["original_bytes"]:
        raise RuntimeError(f"the file view answered HTTP {answer.status}")
    if env.request("GET", env.state["private_url"]).status != 302:
        raise RuntimeError("the file view served a private file without a login")


def requests(env):
    return [Request("GET", env.state["private_url"], headers={"Cookie": env.state["cookie"]})]
