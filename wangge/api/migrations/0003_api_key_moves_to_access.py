from django.db import migrations


class Migration(migrations.Migration):
    """The API key moves to the access app; its table stays (access.ApiKey uses it)."""

    dependencies = [("api", "0002_token_prefix")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApiKey")],
            database_operations=[],
        )
    ]
