"""The wire to a merchant's endpoint refuses to become a way into our network: a name is
resolved once, checked, and the connection goes to that checked address (a second DNS answer
cannot redirect it), and a failure tells the merchant no more than "could not connect"."""

import socket
from typing import Any

import pytest

from tests.outbox.helpers import Receiver, http_receiver
from tradelane.outbox import transport

PUBLIC = "93.184.216.34"  # a public address; the fake network below answers for it locally


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch):
    """A rebinding name and a small fake internet: `hooks.example.com` resolves to a public
    address the first time and to 127.0.0.1 after that; a connection to the public address
    reaches the `public` receiver, one to 127.0.0.1 the `internal` one (the service an attacker
    wants to reach)."""
    public, internal = Receiver(), Receiver()
    answers = {"hooks.example.com": [PUBLIC, "127.0.0.1"]}
    lookups: list[str] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in answers:
            lookups.append(host)
            address = answers[host][0] if len(lookups) == 1 else answers[host][-1]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    with http_receiver(public) as public_url, http_receiver(internal) as internal_url:
        ports = {
            PUBLIC: int(public_url.rsplit(":", 1)[1].split("/")[0]),
            "127.0.0.1": int(internal_url.rsplit(":", 1)[1].split("/")[0]),
        }

        def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
            host, _port = address
            resolved = str(socket.getaddrinfo(host, None)[0][4][0])
            return real_connect(("127.0.0.1", ports[resolved]), *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", create_connection)
        yield {"public": public, "internal": internal, "lookups": lookups}


def test_a_rebinding_name_cannot_redirect_the_connection(network, settings) -> None:
    settings.WEBHOOK_ALLOW_INSECURE_URLS = False
    result = transport.http_post("http://hooks.example.com/hooks", b"{}", {"X-Test": "1"})
    assert network["internal"].requests == []  # nothing reached the private address
    assert result.status_code is not None  # the public one answered
    [(headers, body)] = network["public"].requests
    assert headers["Host"] == "hooks.example.com"  # sent as to the name it was registered with
    assert (body, headers["X-Test"]) == (b"{}", "1")
    assert network["lookups"] == ["hooks.example.com"]  # resolved once


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting(
    network, settings
) -> None:
    settings.WEBHOOK_ALLOW_INSECURE_URLS = False
    network["lookups"].append("hooks.example.com")  # the next answer is 127.0.0.1
    result = transport.http_post("http://hooks.example.com/hooks", b"{}", {})
    assert result.status_code is None
    assert "private" in result.error
    assert network["internal"].requests == []
    assert network["public"].requests == []


def test_https_connects_to_the_address_and_verifies_the_name(monkeypatch, settings) -> None:
    settings.WEBHOOK_ALLOW_INSECURE_URLS = False
    seen: dict[str, Any] = {}

    def send(url: str, **kwargs: Any) -> Any:
        seen.update(url=url, **kwargs)
        raise transport.httpx.ConnectError("refused")

    monkeypatch.setattr(transport, "_resolve", lambda host, port: [PUBLIC])
    monkeypatch.setattr(transport, "_post", send)
    transport.http_post("https://hooks.example.com:8443/in?x=1", b"{}", {})
    assert seen["url"] == f"https://{PUBLIC}:8443/in?x=1"
    assert seen["headers"]["Host"] == "hooks.example.com:8443"
    assert seen["extensions"] == {"sni_hostname": "hooks.example.com"}  # SNI and certificate


def test_ipv6_addresses_are_bracketed(monkeypatch, settings) -> None:
    settings.WEBHOOK_ALLOW_INSECURE_URLS = False
    seen: dict[str, Any] = {}
    monkeypatch.setattr(transport, "_resolve", lambda host, port: ["2606:2800:220:1::1"])
    monkeypatch.setattr(
        transport, "_post", lambda url, **kw: seen.update(url=url) or pytest.fail("sent")
    )
    with pytest.raises(pytest.fail.Exception):
        transport.http_post("https://hooks.example.com/in", b"{}", {})
    assert seen["url"] == "https://[2606:2800:220:1::1]/in"


@pytest.mark.parametrize("port", [1, 9])
def test_a_refused_connection_says_only_could_not_connect(port: int, settings) -> None:
    settings.WEBHOOK_ALLOW_INSECURE_URLS = True  # a local port, as a port scan would try
    result = transport.http_post(f"http://127.0.0.1:{port}/", b"{}", {})
    assert result == transport.SendResult(None, "could not connect")


def test_an_unknown_name_says_only_could_not_resolve(settings) -> None:
    settings.WEBHOOK_ALLOW_INSECURE_URLS = False
    result = transport.http_post("https://no-such-host.invalid/", b"{}", {})
    assert result == transport.SendResult(None, "could not resolve the host name")


def test_a_refused_address_falls_back_to_the_next_checked_one(monkeypatch, settings) -> None:
    settings.WEBHOOK_ALLOW_INSECURE_URLS = True
    receiver = Receiver(statuses=[204])
    with http_receiver(receiver) as url:  # listens on 127.0.0.1 only
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        monkeypatch.setattr(transport, "_resolve", lambda host, p: ["127.0.0.2", "127.0.0.1"])
        result = transport.http_post(f"http://localhost:{port}/hooks", b"{}", {})
    assert result.status_code == 204
    assert len(receiver.requests) == 1


@pytest.mark.parametrize("address", ["::10.0.0.1", "64:ff9b:1::a00:1", "fec0::1"])
def test_a_name_resolving_to_an_address_python_calls_global_is_refused(
    address: str, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.WEBHOOK_ALLOW_INSECURE_URLS = False
    monkeypatch.setattr(transport, "_resolve", lambda host, port: [address])
    connected: list[str] = []
    monkeypatch.setattr(transport, "_post", lambda url, **kwargs: connected.append(url))
    result = transport.http_post("https://hooks.example.com/hooks", b"{}", {})
    assert result == transport.SendResult(None, transport.PRIVATE)
    assert connected == []
