"""Rewriting the stored values of encrypted columns: turning encryption on, key rotation.

The rows are read and written with plain SQL, past the field's own conversion, so the
same code serves the migrations (clear → encrypted, and back) and `rotate_data_key`.
"""

from django.apps import apps as django_apps
from django.db import connection

from wangge.core import encryption
from wangge.core.fields import EncryptedTextField


def _rows(model, columns):
    quoted = ", ".join(connection.ops.quote_name(c) for c in ["id", *columns])
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted} FROM {table}")  # nosec B608
        return cursor.fetchall()


def rewrite(model, columns, change) -> int:
    """Apply `change` to every non-empty stored value of `columns`; rows changed."""
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    updates = []
    for pk, *values in _rows(model, columns):
        changed = [change(v) if v else v for v in values]
        if changed != values:
            updates.append([*changed, pk])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE id = %s",  # nosec B608
            updates,
        )
    return len(updates)


def encrypted_columns() -> list[tuple[type, list[str]]]:
    """Every installed model with encrypted fields, and their columns."""
    found = []
    for model in django_apps.get_models():
        columns = [
            f.column
            for f in model._meta.local_fields
            if isinstance(f, EncryptedTextField)
        ]
        if columns:
            found.append((model, columns))
    return found


def rotate_all() -> int:
    """Re-encrypt every stored value under the newest key; the number of rows changed."""
    return sum(
        rewrite(model, columns, encryption.rotate)
        for model, columns in encrypted_columns()
    )


def encrypt_columns(app_label, model_name, columns):
    """A RunPython pair: encrypt the clear values of `columns`; reversed, decrypt them."""

    def forwards(apps, schema_editor):
        rewrite(apps.get_model(app_label, model_name), columns, encryption.encrypt)

    def backwards(apps, schema_editor):
        rewrite(apps.get_model(app_label, model_name), columns, encryption.decrypt)

    return forwards, backwards
