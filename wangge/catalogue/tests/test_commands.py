"""`import_catalogue` and `export_catalogue`: the same checks as the service, on files."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext

from wangge.catalogue.formats import write_catalogue
from wangge.catalogue.models import Category

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_export_then_import_a_file(tmp_path, capsys, fmt):
    path = tmp_path / f"catalogue.{fmt}"
    call_command("export_catalogue", "-o", str(path))
    call_command("import_catalogue", str(path))
    expected = gettext("%(created)s categories created, %(updated)s updated.") % {
        "created": 0,
        "updated": Category.objects.count(),
    }
    assert capsys.readouterr().out.strip() == expected


def test_export_to_stdout_is_json_by_default(capsys):
    call_command("export_catalogue")
    document = json.loads(capsys.readouterr().out)
    assert len(document["categories"]) == Category.objects.count()


def test_xlsx_needs_an_output_file():
    with pytest.raises(CommandError):
        call_command("export_catalogue", "--format", "xlsx")


def test_format_option_overrides_the_extension(tmp_path):
    path = tmp_path / "catalogue.txt"
    path.write_bytes(
        write_catalogue([{"code": "L01", "kind": "event", "name": "本地"}], "csv")
    )
    call_command("import_catalogue", str(path), "--format", "csv")
    assert Category.objects.filter(code="L01").exists()


def test_bad_file_prints_every_bad_row_and_imports_nothing(tmp_path, capsys):
    rows = [
        {"code": "L01", "kind": "event", "name": "本地"},
        {"code": "L0101", "parent": "L01", "kind": "event", "name": "甲"},
        {
            "code": "L0102",
            "parent": "L01",
            "kind": "gossip",
            "name": "乙",
            "limit_amount": 1,
            "limit_unit": "days",
            "responsibility": "territorial",
            "territorial_level": "community",
        },
    ]
    path = tmp_path / "bad.json"
    path.write_bytes(write_catalogue(rows, "json"))
    with pytest.raises(CommandError):
        call_command("import_catalogue", str(path))
    err = capsys.readouterr().err
    assert "L0101" in err and "L0102" in err
    assert not Category.objects.filter(code__startswith="L01").exists()


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "ok.json"
    path.write_bytes(
        write_catalogue([{"code": "L01", "kind": "event", "name": "本地"}], "json")
    )
    call_command("import_catalogue", str(path), "--dry-run")
    assert not Category.objects.filter(code="L01").exists()


def test_unknown_extension_is_refused(tmp_path):
    path = tmp_path / "catalogue.doc"
    path.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import_catalogue", str(path))
