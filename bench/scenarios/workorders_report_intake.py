"""Residents' report intake: the 随手拍 form POSTed with a ~300 KB photo (no login)."""

import io
import random

from benchkit import Request, multipart_body
from scenarios._workorders_public import lift_report_limit

NAME = "workorders_report_intake"
SCALE = "ruzhou"
EXPECT = (302,)


def make_photo(target_bytes: int) -> bytes:
    """A noisy JPEG of about `target_bytes` (noise does not compress, like a phone photo)."""
    from PIL import Image

    rng = random.Random(7)
    side = 400
    while True:
        pixels = bytes(rng.getrandbits(8) for _ in range(side * side * 3))
        image = Image.frombytes("RGB", (side, side), pixels)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        if buffer.tell() >= target_bytes or side > 2000:
            return buffer.getvalue()
        side += 100


def prepare(env):
    env.django()
    from django_scopes import scopes_disabled

    from wenming.workorders.models import Category

    jurisdiction = lift_report_limit(env)
    with scopes_disabled():
        env.state["category"] = str(
            Category.objects.get(jurisdiction=jurisdiction, code="sanitation").pk
        )
    answer = env.request("GET", "/report/")
    cookies = answer.cookies()
    env.state["csrf"] = cookies["csrftoken"]
    env.state["photo"] = make_photo(300 * 1024)
    env.notes["photo_bytes"] = len(env.state["photo"])


def requests(env):
    body, headers = multipart_body(
        {
            "csrfmiddlewaretoken": env.state["csrf"],
            "category": env.state["category"],
            "description": "小区门口垃圾桶满溢",
            "latitude": "34.167",
            "longitude": "112.845",
            "coordinate_system": "wgs84",
            "address": "广成路 18 号",
        },
        {"photos": ("photo.jpg", env.state["photo"], "image/jpeg")},
    )
    headers["Cookie"] = f"csrftoken={env.state['csrf']}"
    headers["Referer"] = f"{env.base_url}/report/"
    return [Request("POST", "/report/", headers=headers, body=body)]
