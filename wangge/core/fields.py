"""Model fields of the project's own."""

from django.db import models
from django.db.models.lookups import IsNull

from wangge.core import encryption


class EncryptedTextField(models.TextField):
    """Text stored encrypted (`core.encryption`), read back in clear.

    The ciphertext differs at every save, so the column cannot be searched: only
    `isnull` and the empty value (`""`, stored as is) may be filtered on. `max_length`
    bounds the clear text, as forms and model validation see it.
    """

    def from_db_value(self, value, expression, connection):
        return encryption.decrypt(value) if value is not None else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encryption.encrypt(value) if value is not None else value

    def get_lookup(self, lookup_name):
        if lookup_name in {"isnull", "exact"}:
            return IsNull if lookup_name == "isnull" else _EmptyOnly
        return None


class _EmptyOnly(models.lookups.Exact):
    """`field=""`: whether no value is stored; any other value cannot be looked up."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise ValueError("An encrypted field can only be compared with ''.")
        return super().get_prep_lookup()
