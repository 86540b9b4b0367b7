import django.db.models
from django.db import migrations

import tradelane.logistics.models


class Migration(migrations.Migration):
    """Events already recorded keep a blank nonce (their hashes were computed without one and
    still verify); only events recorded from now on get a random one."""

    dependencies = [("logistics", "0007_shipment_public_token_unique")]

    operations = [
        migrations.AddField(
            model_name="trackingevent",
            name="nonce",
            field=django.db.models.CharField(blank=True, default="", editable=False, max_length=32),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="trackingevent",
            name="nonce",
            field=django.db.models.CharField(
                blank=True,
                default=tradelane.logistics.models.event_nonce,
                editable=False,
                help_text="private, never shown; blank on events recorded before nonces (hashed without)",
                max_length=32,
            ),
        ),
    ]
