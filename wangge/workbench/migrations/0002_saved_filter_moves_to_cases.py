from django.db import migrations


class Migration(migrations.Migration):
    """Saved filters move to the cases app; their table stays (cases.SavedFilter uses it)."""

    dependencies = [("workbench", "0001_saved_filters")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SavedFilter")],
            database_operations=[],
        )
    ]
