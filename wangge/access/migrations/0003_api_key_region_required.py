import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from the fill before it: PostgreSQL alters no table with pending FK checks."""

    dependencies = [("access", "0002_api_key_scope_region_rate")]

    operations = [
        migrations.AlterField(
            model_name="apikey",
            name="region",
            field=models.ForeignKey(
                help_text="Where the client may submit reports and what it may read.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.region",
                verbose_name="region",
            ),
        ),
    ]
