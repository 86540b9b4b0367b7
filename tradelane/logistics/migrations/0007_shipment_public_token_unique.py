import django.db.models
from django.db import migrations

import tradelane.logistics.rules


class Migration(migrations.Migration):
    dependencies = [("logistics", "0006_shipment_public_token")]

    operations = [
        migrations.AlterField(
            model_name="shipment",
            name="public_token",
            field=django.db.models.CharField(
                default=tradelane.logistics.rules.provenance_token,
                editable=False,
                help_text="the public provenance page's address (/p/<token>); the waybill is not public",
                max_length=32,
                unique=True,
            ),
        ),
    ]
