"""Shipments get an unguessable public token for their provenance page; existing ones get
theirs here, before 0007 makes the column required and unique."""

import secrets

from django.db import migrations, models


def backfill(apps, schema_editor):
    Shipment = apps.get_model("logistics", "Shipment")
    todo = list(Shipment.objects.filter(public_token__isnull=True).only("pk"))
    for shipment in todo:
        shipment.public_token = secrets.token_urlsafe(16)
    Shipment.objects.bulk_update(todo, ["public_token"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("logistics", "0005_shipment_synced_at")]

    operations = [
        migrations.AddField(
            model_name="shipment",
            name="public_token",
            field=models.CharField(max_length=32, null=True, editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
