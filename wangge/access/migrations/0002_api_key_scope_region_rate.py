import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def keys_reach_the_city(apps, schema_editor):
    """Keys made before keys had a region reached what their user's posts reached; they
    now reach the whole city. (With no city region there cannot have been any case.)"""
    ApiKey = apps.get_model("access", "ApiKey")
    Region = apps.get_model("regions", "Region")
    city = Region.objects.filter(parent__isnull=True).first()
    keys = ApiKey.objects.filter(region__isnull=True)
    if city is None:
        keys.delete()
    else:
        keys.update(region=city)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_api_key_from_api"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apikey",
            name="hits_per_minute",
            field=models.PositiveIntegerField(
                default=120,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="requests per minute",
            ),
        ),
        migrations.AddField(
            model_name="apikey",
            name="may_read",
            field=models.BooleanField(default=True, verbose_name="may read cases"),
        ),
        migrations.AddField(
            model_name="apikey",
            name="may_submit",
            field=models.BooleanField(default=True, verbose_name="may submit reports"),
        ),
        migrations.AddField(
            model_name="apikey",
            name="region",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.region",
                verbose_name="region",
            ),
        ),
        migrations.RunPython(keys_reach_the_city, migrations.RunPython.noop),
    ]
