"""Personal API tokens over the API: list, create (the key once), revoke."""

from django_scopes import scopes_disabled

from wenming.accounts.actions import create_api_token
from wenming.accounts.models import ApiToken
from wenming.testing import api_client_for


def _tokens(user):
    with scopes_disabled():
        return sorted(
            ApiToken.objects.filter(user=user).values_list("name", "revoked_at", "expires_at"),
            key=repr,
        )


def test_listing_shows_my_tokens_without_keys(world):
    # given a member with a token and a colleague with another
    member = world.member(world.unit, [])
    colleague = world.member(world.unit, [])
    create_api_token(member, "数据同步", actor=member)
    create_api_token(colleague, "别人的令牌", actor=colleague)
    # when the member lists their tokens
    response = api_client_for(member).get("/api/v1/me/tokens")
    # then they see only their own, with prefix and no key
    assert response.status_code == 200
    items = response.json()["items"]
    assert "数据同步" in {item["name"] for item in items}
    assert "别人的令牌" not in {item["name"] for item in items}
    assert all("key" not in item and "key_hash" not in item for item in items)


def test_creating_a_token_answers_the_key_once_and_it_works(world):
    # given a member
    member = world.member(world.unit, [])
    client = api_client_for(member)
    # when they create a token valid for 30 days
    response = client.post(
        "/api/v1/me/tokens", {"name": "报表脚本", "days": 30}, content_type="application/json"
    )
    # then the answer carries the key once, the token expires in 30 days and the key works
    assert response.status_code == 201
    body = response.json()
    assert body["token"]["name"] == "报表脚本"
    assert body["token"]["usable"] is True
    assert body["key"].startswith(body["token"]["prefix"])
    with scopes_disabled():
        token = ApiToken.objects.get(pk=body["token"]["id"])
    assert 29 <= (token.expires_at - token.created_at).days <= 30
    listed = client.get("/api/v1/me/tokens").json()["items"]
    assert all("key" not in item for item in listed)
    from django.test import Client

    own = Client(HTTP_AUTHORIZATION=f"Bearer {body['key']}").get("/api/v1/me/tokens")
    assert own.status_code == 200


def test_bad_input_is_422_in_chinese_and_creates_nothing(world):
    # given a member
    member = world.member(world.unit, [])
    client = api_client_for(member)
    before = _tokens(member)
    # when they ask for a token lasting too long, or with a blank name
    too_long = client.post(
        "/api/v1/me/tokens", {"name": "永久", "days": 99999}, content_type="application/json"
    )
    blank = client.post("/api/v1/me/tokens", {"name": "   "}, content_type="application/json")
    # then both are refused in Chinese and no token was created
    assert too_long.status_code == 422
    assert too_long.json()["message"] == "请求无效。"
    assert too_long.json()["details"][0]["field"].endswith("days")
    assert blank.status_code == 422
    assert blank.json()["details"][0]["field"] == "name"
    assert "必" in blank.json()["details"][0]["message"]
    assert _tokens(member) == before


def test_revoking_my_token_stops_it(world):
    # given a member with a token
    member = world.member(world.unit, [])
    token, key = create_api_token(member, "数据同步", actor=member)
    # when they revoke it
    response = api_client_for(member).post(f"/api/v1/me/tokens/{token.pk}/revoke")
    # then it is revoked and its key no longer authenticates
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert response.json()["usable"] is False
    from django.test import Client

    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me/tokens").status_code == 401


def test_revoking_someone_elses_token_is_404_and_changes_nothing(world):
    # given a colleague's token
    member = world.member(world.unit, [])
    colleague = world.member(world.unit, [])
    token, _key = create_api_token(colleague, "别人的令牌", actor=colleague)
    before = _tokens(colleague)
    # when the member tries to revoke it
    response = api_client_for(member).post(f"/api/v1/me/tokens/{token.pk}/revoke")
    # then it is not found and the colleague's token still works
    assert response.status_code == 404
    assert _tokens(colleague) == before
