"""Shared set-up of the benchmarks: a throwaway database, migrated, in this process."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_with_fresh_database(label: str) -> str:
    """Point Django at a new SQLite file (or a new PostgreSQL database when BENCH_POSTGRES_URL
    is set), migrate it, and return a description of where it is.

    The PostgreSQL database is dropped and made again: BENCH_DATABASE_NAME names it when
    several people run benchmarks on one server (default `wangge_bench_<label>`).
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    base = os.environ.get("BENCH_POSTGRES_URL")
    if base:
        import psycopg

        name = os.environ.get("BENCH_DATABASE_NAME") or f"wangge_bench_{label}"
        if not name.replace("_", "").isalnum():
            raise SystemExit(
                f"BENCH_DATABASE_NAME {name!r}: letters, digits and _ only"
            )
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
    else:
        folder = tempfile.mkdtemp(prefix=f"wangge-bench-{label}-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]
