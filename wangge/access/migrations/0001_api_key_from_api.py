import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """access.ApiKey takes over the api app's table as it is (state only)."""

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("api", "0003_api_key_moves_to_access"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiKey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.SlugField(unique=True, verbose_name="name")),
                        (
                            "key_hash",
                            models.CharField(
                                max_length=64,
                                unique=True,
                                verbose_name="key hash (SHA-256)",
                            ),
                        ),
                        (
                            "prefix",
                            models.CharField(max_length=16, verbose_name="key prefix"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="created at"
                            ),
                        ),
                        (
                            "last_used_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="last used at"
                            ),
                        ),
                        (
                            "revoked_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="revoked at"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="api_keys",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="acts as user",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "api_apikey",
                        "verbose_name": "API key",
                        "verbose_name_plural": "API keys",
                        "ordering": ["name"],
                    },
                ),
            ],
            database_operations=[],
        )
    ]
