"""Load the shipped catalogue: national digital city management classes and the 2012 campaign.

Idempotent: categories are upserted by code, so running it again (or after an import that
already holds some of these codes) creates no duplicates.
"""

from django.db import migrations


def load_defaults(apps, schema_editor):
    from wangge.catalogue.services import catalogue_load_defaults

    catalogue_load_defaults(apps=apps)


def unload_defaults(apps, schema_editor):
    from wangge.catalogue.services import catalogue_unload_defaults

    catalogue_unload_defaults(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, unload_defaults)]
