import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradelane.outbox import rules

SECRET = "whsec_test"


@given(body=st.binary(max_size=500), timestamp=st.integers(min_value=0, max_value=2**33))
def test_a_signed_body_verifies_and_any_change_does_not(body: bytes, timestamp: int) -> None:
    header = rules.signature_header(SECRET, timestamp, body)
    assert rules.signature_valid(SECRET, header, body, now=timestamp)
    assert not rules.signature_valid(SECRET, header, body + b" ", now=timestamp)
    assert not rules.signature_valid("whsec_other", header, body, now=timestamp)


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    # Computed independently: printf '1700000000.{}' | openssl dgst -sha256 -hmac whsec_test
    header = rules.signature_header(SECRET, 1_700_000_000, b"{}")
    assert header == (
        "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
    )


def test_old_or_future_timestamps_are_replays() -> None:
    header = rules.signature_header(SECRET, 1_000, b"x")
    assert rules.signature_valid(SECRET, header, b"x", now=1_300)
    assert not rules.signature_valid(SECRET, header, b"x", now=1_301)
    assert not rules.signature_valid(SECRET, header, b"x", now=699)


def test_malformed_headers_are_refused() -> None:
    for header in ["", "t=abc,v1=00", "v1=00", "t=1", "t=1,t=2,v1=00", "garbage"]:
        assert not rules.signature_valid(SECRET, header, b"x", now=1)


def test_several_v1_signatures_let_secrets_roll() -> None:
    good = rules.signature_header(SECRET, 5, b"x").split("v1=")[1]
    assert rules.signature_valid(SECRET, f"t=5,v1={'0' * 64},v1={good}", b"x", now=5)


def test_the_body_is_the_same_bytes_every_time() -> None:
    def body(data: dict) -> bytes:
        return rules.event_body(
            event_id="evt_1", event_type="order.paid", created="c", merchant_id=3, data=data
        )

    first = body({"b": 1, "a": "2"})
    assert first == body({"a": "2", "b": 1})
    assert (
        first
        == b'{"created":"c","data":{"a":"2","b":1},"id":"evt_1","merchant":3,"type":"order.paid"}'
    )


def test_back_off_doubles_with_jitter_and_is_capped() -> None:
    rng = random.Random(7)
    delays = [rules.retry_delay_seconds(n, 30, rng) for n in range(1, 20)]
    for n, delay in enumerate(delays, start=1):
        nominal = min(30 * 2 ** (n - 1), rules.MAX_RETRY_DELAY_SECONDS)
        assert nominal * 0.9 <= delay <= nominal * 1.1
    assert max(delays) <= rules.MAX_RETRY_DELAY_SECONDS * 1.1


def test_urls_that_may_not_receive_webhooks() -> None:
    def refused(url: str, insecure: bool = False) -> bool:
        return rules.url_problem(url, allow_insecure=insecure) is not None

    assert not refused("https://shop.example.com.au/hooks")
    assert refused("http://shop.example.com.au/hooks")
    assert refused("ftp://shop.example/hooks")
    assert refused("https://user:pw@shop.example/hooks")
    assert refused("https://localhost/hooks")
    assert refused("https://127.0.0.1/hooks")
    assert refused("https://10.1.2.3/hooks")
    assert refused("https://[::1]/hooks")
    assert refused("https://169.254.169.254/latest")  # cloud metadata
    assert refused("not a url")
    assert not refused("http://127.0.0.1:9000/hooks", insecure=True)
    assert refused("https://user:pw@127.0.0.1/", insecure=True)


@pytest.mark.parametrize(
    "host",
    [
        "localhost.",
        "LOCALHOST",
        "api.localhost.",
        "127.0.0.1.",
        "0x7f000001",
        "2130706433",
        "127.1",
        "0177.0.0.1",
        "0x7f.0.0.1",
        "017700000001",
        "10.1",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[::]",
        "[2002:7f00:1::]",  # 6to4 around 127.0.0.1
        "[64:ff9b::7f00:1]",  # NAT64 to 127.0.0.1
        "0.0.0.0",
        "[::10.0.0.1]",  # IPv4-compatible (deprecated), Python calls it global
        "[::127.0.0.1]",
        "[::8.8.8.8]",  # refused whatever it embeds: no public service is addressed so
        "[64:ff9b:1::a00:1]",  # local-use NAT64 (RFC 8215): translated inside the network
        "[64:ff9b:1::808:808]",
        "[fec0::1]",  # site-local (deprecated, RFC 3879), still routed inside some sites
        "[feff:ffff::1]",
    ],
)
def test_local_addresses_in_any_spelling_are_refused(host: str) -> None:
    assert rules.url_problem(f"https://{host}/hooks", allow_insecure=False) is not None


@pytest.mark.parametrize("host", ["1.1.1.1", "[2606:4700:4700::1111]", "8.8.8.8", "shop.example"])
def test_public_addresses_and_names_are_accepted(host: str) -> None:
    assert rules.url_problem(f"https://{host}/hooks", allow_insecure=False) is None


def test_a_public_address_in_a_numeric_shorthand_is_refused_too() -> None:
    # 16843009 is 1.1.1.1: libraries disagree on such forms, so only dotted quads are taken.
    assert rules.url_problem("https://16843009/hooks", allow_insecure=False) is not None
