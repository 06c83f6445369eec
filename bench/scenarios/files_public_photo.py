"""A resident's public photo copy (~300 KB) from /media/public/ (no login, no check)."""

from benchkit import Request
from scenarios._files_photo import store_photo

NAME = "files_public_photo"
SCALE = "small"
EXPECT = (200,)


def prepare(env):
    store_photo(env)
    answer = env.request("GET", env.state["public_url"])
    if answer.status != 200 or len(answer.body) != env.notes["public_bytes"]:
        raise RuntimeError(f"the public copy answered HTTP {answer.status}")


def requests(env):
    return [Request("GET", env.state["public_url"])]
