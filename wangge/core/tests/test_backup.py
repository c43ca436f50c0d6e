"""The restore drill: back up (under load on PostgreSQL), restore, compare."""

import datetime
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from wangge.core import backup
from wangge.core.models import CalendarDay, CalendarDayKind

pytestmark = pytest.mark.django_db(transaction=True)


def _days(start: datetime.date, count: int) -> list[CalendarDay]:
    return [
        CalendarDay(
            date=start + datetime.timedelta(days=n), kind=CalendarDayKind.WORKDAY
        )
        for n in range(count)
    ]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "a.jpg").write_bytes(b"\xff\xd8 photo")
    return settings.MEDIA_ROOT


def test_a_backup_restores_the_rows_and_media_it_holds(tmp_path, media):
    before = CalendarDay.objects.count()
    CalendarDay.objects.bulk_create(_days(datetime.date(2030, 1, 1), 40))
    taken = backup.backup(tmp_path / "backups")
    assert taken.tables["core_calendarday"] == before + 40

    CalendarDay.objects.filter(date__year=2030).delete()
    CalendarDay.objects.bulk_create(_days(datetime.date(2031, 1, 1), 3))
    (media / "photos" / "a.jpg").unlink()
    (media / "stray.txt").write_text("written after the backup")

    backup.restore(taken.folder)

    assert backup.compare(taken) == {}
    assert CalendarDay.objects.filter(date__year=2030).count() == 40
    assert not CalendarDay.objects.filter(date__year=2031).exists()
    assert (media / "photos" / "a.jpg").read_bytes() == b"\xff\xd8 photo"
    assert not (media / "stray.txt").exists()


def test_a_tampered_backup_is_refused_before_anything_is_overwritten(tmp_path, media):
    CalendarDay.objects.bulk_create(_days(datetime.date(2030, 1, 1), 2))
    taken = backup.backup(tmp_path / "backups")
    database = taken.folder / taken.manifest["database"]
    database.write_bytes(database.read_bytes()[:-10] + b"0123456789")
    CalendarDay.objects.bulk_create(_days(datetime.date(2031, 1, 1), 1))

    with pytest.raises(backup.BackupError, match="checksum"):
        backup.restore(taken.folder)
    assert CalendarDay.objects.filter(date__year=2031).count() == 1


def test_the_manifest_names_the_engine_and_the_files_checksums(tmp_path, media):
    taken = backup.backup(tmp_path / "backups")
    manifest = json.loads((taken.folder / backup.MANIFEST).read_text())
    assert manifest["engine"] == connection.vendor
    assert set(manifest["sha256"]) == {manifest["database"], backup.MEDIA_FILE}
    assert "django_migrations" in manifest["tables"]


def test_the_command_backs_up_and_a_restore_needs_yes(tmp_path, media, capsys):
    call_command("backup", "--to", str(tmp_path / "backups"))
    assert "backups" in capsys.readouterr().out
    (folder,) = (tmp_path / "backups").iterdir()
    with pytest.raises(CommandError, match="--yes"):
        call_command("backup", "--restore", str(folder))
    call_command("backup", "--restore", str(folder), "--yes")
    assert str(folder) in capsys.readouterr().out


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump reads one snapshot of a live server",
)
def test_a_backup_taken_under_load_counts_exactly_what_it_holds(tmp_path, media):
    before = CalendarDay.objects.count()
    stop = threading.Event()
    written = []

    def write():
        day = datetime.date(2040, 1, 1)
        try:
            while not stop.is_set():
                CalendarDay.objects.create(date=day, kind=CalendarDayKind.WORKDAY)
                written.append(day)
                day += datetime.timedelta(days=1)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        taken = backup.backup(tmp_path / "backups")
    finally:
        stop.set()
        writer.join()
    held = taken.tables["core_calendarday"] - before
    assert 20 <= held <= len(written)

    backup.restore(taken.folder)

    assert backup.compare(taken) == {}
    restored = sorted(
        CalendarDay.objects.filter(date__year__gte=2040).values_list("date", flat=True)
    )
    assert restored == written[:held]
