"""The single-column indexes of three foreign keys go: a composite index leading with the
same column answers every lookup they did (`case_category_created`, `case_node_state`,
`event_case_time`), and each was one more index for every case and event written.

The indexes are dropped by name, found by introspection, rather than by Django's
AlterField, which on SQLite copies the whole table to drop one index."""

import django.db.models.deletion
from django.db import migrations, models

# (model, field) whose own index goes.
FIELDS = (("Case", "category"), ("Case", "node"), ("CaseEvent", "case"))


def _single_column_indexes(schema_editor, table: str, column: str) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, info in constraints.items()
        if info["index"]
        and not info["unique"]
        and not info["primary_key"]
        and info["columns"] == [column]
    ]


def drop_indexes(apps, schema_editor):
    for model_name, field_name in FIELDS:
        model = apps.get_model("cases", model_name)
        column = model._meta.get_field(field_name).column
        for name in _single_column_indexes(schema_editor, model._meta.db_table, column):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_indexes(apps, schema_editor):
    for model_name, field_name in FIELDS:
        model = apps.get_model("cases", model_name)
        field = model._meta.get_field(field_name)
        if not _single_column_indexes(
            schema_editor, model._meta.db_table, field.column
        ):
            schema_editor.execute(
                schema_editor._create_index_sql(model, fields=[field])
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_saved_filter_from_workbench"),
        ("catalogue", "0002_default_catalogue"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(drop_indexes, create_indexes, elidable=False)
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="category",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="catalogue.category",
                        verbose_name="category",
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="node",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="owned_cases",
                        to="regions.region",
                        verbose_name="platform node",
                    ),
                ),
                migrations.AlterField(
                    model_name="caseevent",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
            ],
        ),
    ]
