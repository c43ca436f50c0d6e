"""Consistent copies of the database and the media files, and their restore.

A backup is a folder holding the database (SQLite: a page-by-page copy made through
SQLite's online backup API; PostgreSQL: a `pg_dump` custom-format archive, which reads
one snapshot of a running database), the media files as a tar archive, and
`manifest.json`: when it was taken, from which engine, the row count of every table *in
the copy* and the SHA-256 of each file. Neither engine stops serving while it runs.

`restore` puts a backup back into the configured database (and the media folder) after
checking the files against their hashes; `compare` says where a database differs from a
manifest's counts, which is what the restore drill checks.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections

from wangge.core import clock

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why."""


@dataclass(frozen=True)
class Backup:
    folder: Path
    manifest: dict

    @property
    def tables(self) -> dict[str, int]:
        return self.manifest["tables"]


def backup(destination: Path, *, using: str = "default") -> Backup:
    """Write a consistent copy of the database and the media into a new folder."""
    connection = connections[using]
    taken_at = clock.now()
    folder = Path(destination) / taken_at.strftime("%Y%m%dT%H%M%S%fZ")
    folder.mkdir(parents=True, exist_ok=False)
    if connection.vendor == "sqlite":
        database = folder / SQLITE_FILE
        _sqlite_copy(connection, database)
        tables = _sqlite_counts(database)
    elif connection.vendor == "postgresql":
        database = folder / POSTGRES_FILE
        tables = _pg_dump(connection, database)
    else:
        raise BackupError(f"No backup for the {connection.vendor} engine.")
    media = folder / MEDIA_FILE
    _media_archive(Path(settings.MEDIA_ROOT), media)
    manifest = {
        "taken_at": taken_at.isoformat(),
        "engine": connection.vendor,
        "database": database.name,
        "media": media.name,
        "tables": tables,
        "sha256": {p.name: _sha256(p) for p in (database, media)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return Backup(folder, manifest)


def read(folder: Path) -> Backup:
    """A backup folder, its files checked against the manifest's hashes."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: {error}") from error
    for name, digest in manifest["sha256"].items():
        path = folder / name
        if not path.exists() or _sha256(path) != digest:
            raise BackupError(f"{path} is missing or does not match its checksum.")
    return Backup(folder, manifest)


def restore(folder: Path, *, using: str = "default") -> Backup:
    """Replace the database's content and the media folder with a backup's."""
    taken = read(folder)
    connection = connections[using]
    if taken.manifest["engine"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {taken.manifest['engine']} database; "
            f"this one is {connection.vendor}."
        )
    database = taken.folder / taken.manifest["database"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()
        _pg_restore(connection.settings_dict, database)
    _media_restore(taken.folder / taken.manifest["media"], Path(settings.MEDIA_ROOT))
    return taken


def compare(taken: Backup, *, using: str = "default") -> dict[str, tuple[int, int]]:
    """Tables whose row count differs from the backup's: {table: (backup, database)}."""
    counts = table_counts(using=using)
    return {
        table: (expected, counts.get(table, -1))
        for table, expected in taken.tables.items()
        if counts.get(table, -1) != expected
    }


def table_counts(*, using: str = "default") -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(_count_sql(connection.ops.quote_name(name)))
            counts[name] = cursor.fetchone()[0]
    return counts


def _sqlite_copy(connection, target: Path) -> None:
    # The online backup API copies pages under a read transaction of its own, so writers
    # of the web server and the worker go on; the copy is one consistent state.
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _sqlite_counts(path: Path) -> dict[str, int]:
    copy = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {name: _count(copy, _quoted(name)) for name in names}
    finally:
        copy.close()


def _quoted(name: str) -> str:
    """A table name from the database's own catalogue as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _count_sql(quoted_table: str) -> str:
    return f"SELECT COUNT(*) FROM {quoted_table}"  # nosec B608


def _count(sqlite, quoted_table: str) -> int:
    return sqlite.execute(_count_sql(quoted_table)).fetchone()[0]


def _pg_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
    return done.stdout


def _pg_dump(connection, target: Path) -> dict[str, int]:
    """Dump one snapshot and count the rows of that same snapshot.

    A repeatable-read transaction exports its snapshot; pg_dump reads through it
    (`--snapshot`) while the transaction counts every table, so the counts are those of
    the archive, whatever was written meanwhile.
    """
    args, env = _pg_env(connection.settings_dict)
    with psycopg.connect(**connection.get_connection_params()) as holder:
        holder.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with holder.transaction(), holder.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run(
                [
                    "pg_dump",
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(target),
                    connection.settings_dict["NAME"],
                ],
                env,
            )
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                "ORDER BY table_name"
            )
            names = [row[0] for row in cursor.fetchall()]
            counts = {}
            for name in names:
                cursor.execute(_count_sql(_quoted(name)))
                counts[name] = cursor.fetchone()[0]
    return counts


def _pg_restore(settings_dict: dict, archive: Path) -> None:
    args, env = _pg_env(settings_dict)
    _run(
        [
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            settings_dict["NAME"],
            str(archive),
        ],
        env,
    )


def _media_archive(media_root: Path, target: Path) -> None:
    with tarfile.open(target, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")


def _media_restore(archive: Path, media_root: Path) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("media")]
        if media_root.exists():
            shutil.rmtree(media_root)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = media_root.parent / f".{media_root.name}-restoring"
        shutil.rmtree(staging, ignore_errors=True)
        tar.extractall(staging, members=members, filter="data")
        source = staging / "media"
        if source.exists():
            source.rename(media_root)
        else:
            media_root.mkdir()
        shutil.rmtree(staging, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
