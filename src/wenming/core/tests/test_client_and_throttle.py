import pytest
from django.test import RequestFactory

from wenming.core import throttle
from wenming.core.client import client_address


def _request(remote="10.0.0.5", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.WENMING_TRUSTED_PROXY_COUNT = 0
    settings.WENMING_TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_one_trusted_proxy_takes_the_address_it_appended_not_the_forged_first_entry(settings):
    settings.WENMING_TRUSTED_PROXY_COUNT = 1
    # The client forged "1.2.3.4"; nginx appended the address it saw, 198.51.100.7.
    request = _request("127.0.0.1", "1.2.3.4, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def test_proxy_count_larger_than_the_chain_falls_back_to_the_first_hop(settings):
    settings.WENMING_TRUSTED_PROXY_COUNT = 3
    assert client_address(_request("127.0.0.1", "198.51.100.7")) == "127.0.0.1"


def test_trusted_networks_are_skipped_from_the_right(settings):
    settings.WENMING_TRUSTED_PROXY_COUNT = 0
    settings.WENMING_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    request = _request("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3")
    assert client_address(request) == "198.51.100.7"


def test_a_request_from_an_untrusted_address_keeps_its_own_address(settings):
    settings.WENMING_TRUSTED_PROXY_COUNT = 0
    settings.WENMING_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_garbage_in_the_header_does_not_become_the_address(settings):
    settings.WENMING_TRUSTED_PROXY_COUNT = 1
    assert client_address(_request("127.0.0.1", "<script>")) == "127.0.0.1"


@pytest.mark.django_db
def test_throttle_counts_in_the_shared_store_and_says_when_to_retry():
    rate = throttle.Rate(limit=3, window=60)
    decisions = [throttle.hit("test", "198.51.100.7", rate, now=1000.0) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].count == 4
    assert 0 < decisions[-1].retry_after <= 61
    # Another subject has its own count; the next window starts again.
    assert throttle.hit("test", "198.51.100.8", rate, now=1000.0).allowed
    assert throttle.hit("test", "198.51.100.7", rate, now=1080.0).allowed


@pytest.mark.django_db
def test_throttle_store_is_the_database_table_not_the_default_cache():
    from django.core.cache import cache, caches

    rate = throttle.Rate(limit=1, window=60)
    throttle.hit("test", "x", rate, now=1000.0)
    cache.clear()  # clearing the default cache (grants) must not reset an attacker's count
    assert not throttle.hit("test", "x", rate, now=1000.0).allowed
    assert caches["throttle"].__class__.__name__ == "DatabaseCache"


@pytest.mark.django_db
def test_require_allowed_raises_a_429_domain_error_in_chinese():
    rate = throttle.Rate(limit=1, window=600)
    throttle.require_allowed("test", "y", rate)
    with pytest.raises(throttle.ThrottledError) as caught:
        throttle.require_allowed("test", "y", rate)
    assert caught.value.status_code == 429
    assert "分钟后再试" in str(caught.value.message)
