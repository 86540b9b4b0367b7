"""A flash sale's per-buyer count is kept per account and per identity number: rows get a key,
existing ones become the account's (`consumer:<id>`), the claim remembers the person's row."""

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Cast, Concat


def key_existing_rows(apps, schema_editor):
    buyers = apps.get_model("campaigns", "FlashSaleBuyer")
    buyers.objects.update(
        buyer_key=Concat(Value("consumer:"), Cast("consumer_id", models.CharField()))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_campaigns_flash_sales_vouchers"),
    ]

    operations = [
        migrations.AddField(
            model_name="flashsalebuyer",
            name="buyer_key",
            field=models.CharField(default="", max_length=80),
            preserve_default=False,
        ),
        migrations.RunPython(key_existing_rows, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="flashsalebuyer", name="flash_buyer_once"),
        migrations.AddConstraint(
            model_name="flashsalebuyer",
            constraint=models.UniqueConstraint(
                fields=("flash_sale", "buyer_key"), name="flash_buyer_key_once"
            ),
        ),
        migrations.AlterField(
            model_name="flashsalebuyer",
            name="consumer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="+",
                to="accounts.consumer",
            ),
        ),
        migrations.AddField(
            model_name="flashsaleclaim",
            name="identity_key",
            field=models.CharField(
                blank=True,
                default="",
                help_text="the person's buyer row it counted on",
                max_length=80,
            ),
        ),
    ]
