"""Fill the roll-up counters (`CaseTally`) from the cases already stored."""

from django.db import migrations


def fill(apps, schema_editor):
    # The roll-up's own rebuild, so the marks are counted exactly as the services count
    # them; a fresh database has no case and nothing to fill.
    Case = apps.get_model("cases", "Case")
    if Case.objects.exists():
        from wangge.cases.rollups import tally_rebuild

        tally_rebuild()


def empty(apps, schema_editor):
    apps.get_model("cases", "CaseTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_case_rollups")]

    operations = [migrations.RunPython(fill, empty)]
