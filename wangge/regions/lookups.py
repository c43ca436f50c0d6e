"""`path__under=prefix`: "lies in the subtree whose path is `prefix`", as an index can answer it.

Region paths ("/410100/410102/…/") make a subtree one prefix test. PostgreSQL answers
`LIKE 'prefix%'` from a `varchar_pattern_ops` index, so there `under` is `startswith`.
SQLite never uses an index for LIKE (its LIKE ignores case, its indexes do not), so there
`under` is the equivalent range `prefix <= path < prefix'`, where `prefix'` is the prefix
with its last character raised by one: exactly the strings that start with `prefix` in
the byte order SQLite compares in, and a range its indexes answer.
"""

from django.db.models import CharField, Lookup
from django.db.models.lookups import StartsWith


@CharField.register_lookup
class Under(Lookup):
    lookup_name = "under"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return compiler.compile(StartsWith(self.lhs, self.rhs))

    def as_sqlite(self, compiler, connection):
        prefix = self.rhs
        if not isinstance(prefix, str) or not prefix or ord(prefix[-1]) >= 0x10FFFF:
            return self.as_sql(compiler, connection)
        lhs, params = self.process_lhs(compiler, connection)
        above = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return f"({lhs} >= %s AND {lhs} < %s)", [*params, prefix, above]
