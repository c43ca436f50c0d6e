"""`field__among=subquery`: `IN (subquery)` that PostgreSQL can still answer from an index
when it sits in an OR.

PostgreSQL turns `id IN (SELECT …)` beside other OR-ed terms into a hashed filter, which
no index answers, so the whole OR falls back to reading the table (a community's case
list read a million rows for co-handled cases). `id = ANY(ARRAY(SELECT …))` is computed
once and is an index condition like any list of ids, so a BitmapOr keeps every term on
its index. Elsewhere it is plain `IN (subquery)`, which SQLite already indexes in an OR.
"""

from django.db.models import Field, Lookup
from django.db.models.sql.query import Query


@Field.register_lookup
class Among(Lookup):
    lookup_name = "among"

    def get_prep_lookup(self):
        # As Django's `in` does: the order of a subquery's rows means nothing here.
        if isinstance(self.rhs, Query):
            self.rhs.clear_ordering(clear_default=True)
        return super().get_prep_lookup()

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]
