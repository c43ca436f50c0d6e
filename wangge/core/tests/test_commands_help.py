"""Every command of the project prints its help: operators start there."""

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_COMMANDS = sorted(
    (name, app) for name, app in get_commands().items() if app.startswith("wangge.")
)


@pytest.mark.parametrize(
    ("name", "app"), PROJECT_COMMANDS, ids=[n for n, _ in PROJECT_COMMANDS]
)
def test_command_prints_its_help(name, app, capsys):
    command = load_command_class(app, name)
    with pytest.raises(SystemExit) as stopped:
        command.run_from_argv(["manage.py", name, "--help"])
    assert stopped.value.code == 0
    assert name in capsys.readouterr().out


def test_the_contract_commands_exist():
    names = {name for name, _ in PROJECT_COMMANDS}
    assert {
        "seed_demo",
        "sweep_deadlines",
        "create_api_key",
        "locate",
        "backup",
        "verify_audit",
    } <= names
