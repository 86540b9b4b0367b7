"""`python -m tradelane.tools.loadgen.smoke BASE_URL`: the production check's requests against a
running server (CI starts `tradelane serve --production` and runs this). Each check prints one
line; the exit code is the number of failed checks."""

from __future__ import annotations

import re
import sys
import uuid
from collections.abc import Callable

import httpx

Check = Callable[[httpx.Client], str]  # returns what it saw; raises CheckFailed


class CheckFailed(Exception):
    pass


def expect(condition: bool, seen: object) -> None:
    """Like assert, but never skipped under `python -O`."""
    if not condition:
        raise CheckFailed(str(seen)[:500])


def health(c: httpx.Client) -> str:
    r = c.get("/healthz")
    expect(
        r.status_code == 200
        and {k: r.json().get(k) for k in ("status", "database", "queue")}
        == {"status": "ok", "database": "ok", "queue": "ok"},
        r.text,
    )
    return "database and queue ok"


def storefront_and_static(c: httpx.Client) -> str:
    page = c.get("/cn/")
    expect(
        page.status_code == 200 and "text/html" in page.headers["content-type"], page.status_code
    )
    found = re.search(r'/static/[^"\']+\.[0-9a-f]{12}\.css', page.text)
    if found is None:
        raise CheckFailed("no stylesheet with a hashed name in the page")
    css = c.get(found.group(0), headers={"Accept-Encoding": "gzip"})
    expect(css.status_code == 200, css.status_code)
    cache = css.headers.get("cache-control", "")
    expect("max-age=315360000" in cache and "immutable" in cache, cache)
    expect(css.headers.get("content-encoding") == "gzip", css.headers)
    return f"home page; {found.group(0)} gzip, {cache}"


def api_reads(c: httpx.Client) -> str:
    markets = c.get("/api/v1/markets")
    expect(markets.status_code == 200 and "CN" in {m["code"] for m in markets.json()}, markets.text)
    missing = c.get("/api/v1/markets/XX")
    expect(
        missing.status_code == 404 and {"code", "message"} <= set(missing.json()["error"]),
        missing.text,
    )
    return "markets listed; an unknown market answers the error shape"


def signup_and_token(c: httpx.Client) -> str:
    email = f"ci-{uuid.uuid4().hex[:10]}@check.test"
    body = {
        "email": email,
        "password": "a long passphrase 42",
        "display_name": "CI",
        "market": "AU",
    }
    refused = c.post("/api/v1/auth/signup", json={**body, "market": "XX"})
    expect(refused.status_code == 404 and "error" in refused.json(), refused.text)
    made = c.post("/api/v1/auth/signup", json=body)
    expect(made.status_code == 201, made.text)
    me = c.get("/api/v1/me", headers={"Authorization": f"Bearer {made.json()['token']['token']}"})
    expect(me.status_code == 200 and me.json()["market"] == "AU", me.text)
    return "signup refused for an unknown market, then made; token reads /me"


def production_settings(c: httpx.Client) -> str:
    foreign = c.get("/healthz", headers={"Host": "attacker.example"})
    expect(foreign.status_code == 400, f"a foreign Host answered {foreign.status_code}")
    behind_tls = c.get("/api/v1/markets", headers={"X-Forwarded-Proto": "https"})
    expect("strict-transport-security" in behind_tls.headers, behind_tls.headers)
    expect("Traceback" not in c.get("/api/v1/markets/XX").text, "a debug page")
    return "foreign Host refused; HSTS behind the TLS proxy; no debug pages"


CHECKS: list[Check] = [
    health,
    storefront_and_static,
    api_reads,
    signup_and_token,
    production_settings,
]


def main() -> int:
    failed = 0
    with httpx.Client(base_url=sys.argv[1], timeout=30) as client:
        for check in CHECKS:
            try:
                print(f"ok   {check.__name__}: {check(client)}")
            except (CheckFailed, httpx.HTTPError, KeyError, ValueError) as exc:
                failed += 1
                print(f"FAIL {check.__name__}: {exc!r}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
