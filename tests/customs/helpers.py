from __future__ import annotations

from tradelane.inventory.models import Location, LocationKind


def bonded_warehouse(code: str = "CN-HZ-BONDED") -> Location:
    location, _ = Location.objects.get_or_create(
        code=code,
        defaults={
            "name": "Hangzhou bonded warehouse",
            "kind": LocationKind.BONDED_WAREHOUSE,
            "country": "CN",
            "city": "Hangzhou",
            "serves_market_id": "CN",
        },
    )
    return location
