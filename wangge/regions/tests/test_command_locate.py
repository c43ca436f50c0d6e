"""The `locate` management command."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from wangge.regions import crs
from wangge.regions.management.commands.locate import Command


def run(capsys, *args):
    call_command("locate", *args)
    return json.loads(capsys.readouterr().out)


def test_prints_the_path_from_city_to_cell_as_json(tree, capsys):
    cell = tree["410102001001001"]
    path = run(capsys, str(cell.centroid_lon), str(cell.centroid_lat))
    assert [step["code"] for step in path] == cell.ancestor_codes
    assert path[0] == {"level": "city", "code": "410100", "name": "郑州市"}
    assert path[-1]["level"] == "cell"


def test_prints_chinese_names_unescaped(tree, capsys):
    cell = tree["410102001001001"]
    call_command("locate", str(cell.centroid_lon), str(cell.centroid_lat))
    assert "郑州市" in capsys.readouterr().out


def test_converts_gcj02_input(tree, capsys):
    cell = tree["410102001001001"]
    lon, lat = crs.wgs84_to_gcj02(cell.centroid_lon, cell.centroid_lat)
    path = run(capsys, str(lon), str(lat), "--crs", "gcj02")
    assert path[-1]["code"] == cell.code


def test_exits_1_with_a_message_outside_every_cell(tree, capsys):
    with pytest.raises(SystemExit) as exit_info, translation.override("en"):
        Command().run_from_argv(["manage.py", "locate", "112.0", "30.0"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "outside every grid cell" in captured.err
    assert captured.out == ""


def test_refuses_an_unknown_crs_naming_it(tree):
    with pytest.raises(CommandError, match="epsg:3857"), translation.override("en"):
        call_command("locate", "113.1", "34.1", "--crs", "epsg:3857")


def test_reads_negative_coordinates_as_numbers_not_options(tree):
    with (
        pytest.raises(CommandError, match="outside every grid cell"),
        translation.override("en"),
    ):
        call_command("locate", "-70.5", "-33.4")
