"""Take the README's screenshots from a running `tradelane serve` (http://127.0.0.1:8000, or
TRADELANE_URL). The provenance page needs parcels: serve a database `tradelane simulate` ran on.

    .venv/bin/python scripts/screenshots.py

Uses Debian's Chromium (/usr/bin/chromium) through Playwright; nothing is downloaded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = os.environ.get("TRADELANE_URL", "http://127.0.0.1:8000")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def admin_login(page: Page) -> None:
    page.goto(f"{BASE}/admin/login/")
    page.fill("#id_username", "operator@tradelane.test")
    page.fill("#id_password", "tradelane-demo")
    page.click("input[type=submit]")


def provenance(page: Page) -> None:
    """A delivered cold parcel's public provenance page (after `tradelane simulate`)."""
    page.goto(
        f"{BASE}/admin/logistics/shipment/?status__exact=delivered&temperature_class__exact=chilled"
    )
    link = page.query_selector("#result_list tbody th a")
    if link is None:
        print("no delivered chilled parcel yet: run `tradelane simulate` for the provenance page")
        return
    waybill = link.inner_text().strip()
    page.goto(f"{BASE}/p/{waybill}")
    page.screenshot(path=str(OUT / "provenance.png"), full_page=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{BASE}/api/v1/docs")
        page.wait_for_selector(".opblock")
        page.screenshot(path=str(OUT / "api-docs.png"))
        admin_login(page)
        page.goto(f"{BASE}/admin/merchants/merchant/?status__in=applied,in_review")
        page.screenshot(path=str(OUT / "admin-merchants.png"))
        page.goto(f"{BASE}/admin/catalog/product/?q=%E5%A5%B6%E7%B2%89")
        page.screenshot(path=str(OUT / "admin-products.png"))
        provenance(page)
        browser.close()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
