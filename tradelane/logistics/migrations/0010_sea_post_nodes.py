"""Singapore and Malaysia join the network as delivery zones reached by the national posts'
international parcels, on a database whose network was loaded before they were in the file
(a fresh database gets them from `load_network`)."""

from django.db import migrations

NODES = [
    ("SG-SIN", "Singapore delivery zone", "新加坡", "SG"),
    ("MY-KUL", "Malaysia delivery zone (Kuala Lumpur)", "马来西亚", "MY"),
]
LANES = [  # origin, destination, partner, currency, hours, per kg, per parcel
    ("SYD", "SG-SIN", "SXPOST", "AUD", 144, 1180, 2450),
    ("SYD", "MY-KUL", "SXPOST", "AUD", 168, 1180, 2450),
    ("AKL", "SG-SIN", "KIWIPOST", "NZD", 168, 1290, 2690),
    ("AKL", "MY-KUL", "KIWIPOST", "NZD", 192, 1290, 2690),
]


def add(apps, schema_editor):  # type: ignore[no-untyped-def]
    Node = apps.get_model("logistics", "Node")
    Lane = apps.get_model("logistics", "Lane")
    Partner = apps.get_model("logistics", "LogisticsPartner")  # noqa: N806
    if not Node.objects.exists():
        return  # the network is not loaded yet; load_network brings everything
    for code, name, name_zh, country in NODES:
        Node.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_zh": name_zh,
                "kind": "last_mile",
                "country": country,
                "region": country,
            },
        )
    for origin, destination, partner, currency, hours, per_kg, per_parcel in LANES:
        found = Partner.objects.filter(code=partner).first()
        start = Node.objects.filter(code=origin).first()
        if found is None or start is None:
            continue
        Lane.objects.update_or_create(
            code=f"{origin}>{destination}:{partner}",
            defaults={
                "partner": found,
                "origin": start,
                "destination": Node.objects.get(code=destination),
                "mode": "air",
                "customs_mode": "any",
                "departure_weekdays": "12345",
                "cutoff_hour": 15,
                "transit_mean_hours": hours,
                "transit_sd_hours": 24,
                "currency": currency,
                "cost_per_kg_minor": per_kg,
                "cost_per_parcel_minor": per_parcel,
                "capacity_kg": 20000,
                "capacity_parcels": 20000,
                "temperature_classes": ["ambient"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("logistics", "0009_shipment_national_post")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
