from django.db import migrations

# (market, temperature class, currency, first kg, each further kg, transit days) in minor units.
# Illustrative parcel rates from AU/NZ hubs; operators edit them in the admin.
RATES = [
    ("CN", "ambient", "CNY", 6800, 3200, 6),
    ("CN", "chilled", "CNY", 12800, 5600, 4),
    ("CN", "frozen", "CNY", 14800, 6400, 4),
    ("AU", "ambient", "AUD", 1095, 350, 3),
    ("AU", "chilled", "AUD", 1995, 600, 2),
    ("AU", "frozen", "AUD", 2295, 700, 2),
    ("NZ", "ambient", "NZD", 1495, 450, 4),
    ("NZ", "chilled", "NZD", 2495, 800, 3),
    ("NZ", "frozen", "NZD", 2795, 900, 3),
    ("SG", "ambient", "SGD", 1450, 550, 5),
    ("SG", "chilled", "SGD", 2650, 900, 4),
    ("MY", "ambient", "MYR", 4200, 1600, 6),
    ("MY", "chilled", "MYR", 7800, 2600, 5),
]


def create_rates(apps, schema_editor):
    ShippingRate = apps.get_model("logistics", "ShippingRate")
    for market, cls, currency, first, extra, days in RATES:
        ShippingRate.objects.update_or_create(
            market_id=market,
            temperature_class=cls,
            defaults={
                "currency": currency,
                "first_kg_minor": first,
                "additional_kg_minor": extra,
                "transit_days": days,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("logistics", "0001_initial"), ("markets", "0002_reference_markets")]
    operations = [migrations.RunPython(create_rates, migrations.RunPython.noop)]
