from django.db import migrations

MARKETS = [
    ("CN", "China (mainland)", "中国大陆", "CNY", "zh-hans", "cn_cbec"),
    ("AU", "Australia", "澳大利亚", "AUD", "en", "au_gst"),
    ("NZ", "New Zealand", "新西兰", "NZD", "en", "nz_gst"),
    ("SG", "Singapore", "新加坡", "SGD", "en", "sg_gst"),
    ("MY", "Malaysia", "马来西亚", "MYR", "en", "my_lvg"),
]


def create_markets(apps, schema_editor):
    Market = apps.get_model("markets", "Market")
    for code, name_en, name_zh, currency, language, regime in MARKETS:
        Market.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_zh_hans": name_zh,
                "currency": currency,
                "language": language,
                "import_regime": regime,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("markets", "0001_initial")]
    operations = [migrations.RunPython(create_markets, migrations.RunPython.noop)]
