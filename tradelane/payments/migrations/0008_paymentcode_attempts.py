"""A payment code counts the charges tried with it (before each reaches the wallet) instead of
the refusals counted after each rolled back: charges sent at once were all checked against the
wallet before any refusal was counted."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0007_paymentcode_refusals_void"),
    ]

    operations = [
        migrations.RenameField(model_name="paymentcode", old_name="refusals", new_name="attempts"),
        migrations.AlterField(
            model_name="paymentcode",
            name="attempts",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="charges tried with it, counted before each reaches the wallet"
            ),
        ),
        migrations.AlterField(
            model_name="paymentcode",
            name="voided_at",
            field=models.DateTimeField(
                blank=True,
                help_text="its last attempt refused: it no longer pays, at any amount",
                null=True,
            ),
        ),
    ]
