"""`import_regions` and `export_regions`: output, exit codes, and nothing written on error."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import translation

from wangge.regions.management.commands.import_regions import Command as ImportCommand
from wangge.regions.models import Region
from wangge.regions.tests.transfer_files import (
    box,
    city_420100,
    csv_file,
    feature,
    geojson_file,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "zhengzhou.geojson"
    path.write_bytes(geojson_file(*city_420100()).getvalue())
    return path


@pytest.fixture
def bad_file(tmp_path):
    features = city_420100()
    features[0]["properties"]["parent"] = "420102009009"
    features.append(feature("410104001", "township", "410104", box(113.1, 34.1, 0.1)))
    path = tmp_path / "bad.geojson"
    path.write_bytes(geojson_file(*features).getvalue())
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_the_counts(tree, good_file):
    out, _err = run("import_regions", str(good_file))
    assert out.strip() == "Imported: 31 regions created, 0 updated, 0 unchanged."
    assert Region.objects.filter(path__startswith="/420100/").count() == 31


def test_import_prints_every_problem_and_exits_1_without_writing(tree, bad_file):
    before = Region.objects.count()
    with pytest.raises(CommandError) as raised:
        run("import_regions", str(bad_file))
    assert raised.value.returncode == 1
    assert str(raised.value) == "2 problems found; nothing was imported."
    assert Region.objects.count() == before


def test_import_lists_each_problem_as_code_colon_reason(tree, bad_file):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_regions", str(bad_file), stderr=err)
    assert err.getvalue().splitlines() == [
        "420103002002002: unknown parent 420102009009: neither in the file nor in the database",
        "410104001: unknown parent 410104: neither in the file nor in the database",
    ]


def test_the_command_line_exit_status_is_1_on_error_and_0_on_success(
    tree, bad_file, good_file, capsys, monkeypatch
):
    # run_from_argv closes every connection when done, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        ImportCommand().run_from_argv(["manage.py", "import_regions", str(bad_file)])
    assert exited.value.code == 1
    assert "unknown parent 410104" in capsys.readouterr().err
    ImportCommand().run_from_argv(
        ["manage.py", "import_regions", str(good_file)]
    )  # no SystemExit
    assert "31 regions created" in capsys.readouterr().out


def test_dry_run_writes_nothing(tree, good_file):
    before = Region.objects.count()
    out, _err = run("import_regions", str(good_file), "--dry-run")
    assert "31 regions would be created" in out
    assert Region.objects.count() == before


def test_the_format_follows_the_extension_unless_given(tree, tmp_path):
    csv_path = tmp_path / "regions.csv"
    csv_path.write_bytes(csv_file(*city_420100()).getvalue())
    run("import_regions", str(csv_path))
    assert Region.objects.filter(path__startswith="/420100/").count() == 31

    odd_name = tmp_path / "regions.txt"
    odd_name.write_bytes(csv_file(*city_420100()).getvalue())
    with pytest.raises(CommandError):
        run("import_regions", str(odd_name))  # read as GeoJSON: not JSON
    out, _err = run(
        "import_regions", str(odd_name), "--format", "csv", "--mode", "upsert"
    )
    assert "0 updated, 31 unchanged" in out


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("import_regions", str(tmp_path / "nothing.geojson"))


def test_export_writes_the_subtree_to_a_file(tree, tmp_path):
    target = tmp_path / "out.geojson"
    _out, err = run("export_regions", "--root", "410102001", "-o", str(target))
    codes = [
        f["properties"]["code"] for f in json.loads(target.read_text())["features"]
    ]
    assert codes == sorted(code for code in tree if code.startswith("410102001"))
    assert err.strip() == "7 regions exported."


def test_export_to_stdout_as_csv(tree):
    out, _err = run("export_regions", "--root", "410103002002", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "code,name,level,parent,kind,boundary"
    assert [line.split(",")[0] for line in lines[1:]] == [
        "410103002002",
        "410103002002001",
        "410103002002002",
    ]


def test_export_of_an_unknown_root_is_an_error(tree):
    with pytest.raises(CommandError, match="No region has the code 999999"):
        run("export_regions", "--root", "999999")


def test_export_then_import_through_the_commands_round_trips(tree, tmp_path):
    target = tmp_path / "all.csv"
    run("export_regions", "-o", str(target))
    out, _err = run("import_regions", str(target), "--mode", "upsert")
    assert out.strip() == "Imported: 0 regions created, 0 updated, 31 unchanged."
