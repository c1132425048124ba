"""Behind a proxy, submitters are limited one by one, and a forged header buys nobody a new limit."""

from django.test import RequestFactory

from testimonials.ratelimit import client_address


def request_from(peer: str, forwarded: str = ""):
    extra = {"REMOTE_ADDR": peer}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/tell-us/", **extra)


def test_without_trusted_proxies_the_peer_address_counts_and_the_header_is_ignored(settings):
    settings.RATE_LIMIT_TRUSTED_PROXIES = 0

    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_one_proxy_the_address_it_saw_counts(settings):
    settings.RATE_LIMIT_TRUSTED_PROXIES = 1

    assert client_address(request_from("10.0.0.2", "203.0.113.1")) == "203.0.113.1"
    assert client_address(request_from("10.0.0.2", "203.0.113.2")) == "203.0.113.2"


def test_a_forged_entry_before_the_proxys_own_is_not_trusted(settings):
    settings.RATE_LIMIT_TRUSTED_PROXIES = 1

    # The client sent "1.2.3.4" itself; the proxy appended the address it really saw.
    assert client_address(request_from("10.0.0.2", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_missing_header_falls_back_to_the_peer(settings):
    settings.RATE_LIMIT_TRUSTED_PROXIES = 1

    assert client_address(request_from("198.51.100.7")) == "198.51.100.7"
