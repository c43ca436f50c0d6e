"""Event kinds: one enum on the model field, holding every workflow action."""

import ast
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.db.migrations.loader import MigrationLoader

import wangge
from wangge.cases.models import LIGHT_EVENTS, CaseEvent, EventKind
from wangge.cases.models.case import ESCALATABLE_SLUGS
from wangge.cases.sla import Light
from wangge.cases.tests.steps import file_case
from wangge.cases.workflow import Action


def test_every_workflow_action_is_an_event_kind_with_its_label():
    for action in Action:
        assert EventKind(action.value).label == action.label


def test_every_light_has_its_event_kind():
    assert set(LIGHT_EVENTS) == set(Light.values)


def test_the_event_field_offers_exactly_the_kinds():
    assert CaseEvent._meta.get_field("action").choices == EventKind.choices


@pytest.mark.django_db
def test_the_database_refuses_an_event_of_an_unknown_kind(tree, people):
    case = file_case(tree)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.create(
            case=case, action="made_up", to_state=case.state, node=case.node
        )


def _migrated_condition(name: str):
    """The condition of a partial index of `Case` as the migrations leave it."""
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    indexes = state.models["cases", "case"].options["indexes"]
    return next(index for index in indexes if index.name == name).condition


def test_the_sweeps_escalation_index_matches_the_states_derived_from_the_table():
    # The sweep's query must repeat the partial index's condition literally, or the
    # planner ignores the index: the derived list must stay the migrated literal.
    condition = dict(_migrated_condition("case_sweep_escalate").children)
    assert condition["state__in"] == ESCALATABLE_SLUGS


def _string_kinds_in(source: str) -> list[int]:
    """Lines where code spells an event or notification kind as a string literal."""

    def literal(node) -> bool:
        return isinstance(node, ast.Constant) and isinstance(node.value, str)

    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name == "event_record" and len(node.args) > 1 and literal(node.args[1]):
            lines.append(node.lineno)
        for keyword in node.keywords:
            counted = (keyword.arg or "").startswith("events__action")
            written = (name, keyword.arg) in {
                ("CaseEvent", "action"),
                ("notify_staff", "kind"),
            }
            if (counted or written) and literal(keyword.value):
                lines.append(node.lineno)
    return lines


def test_no_code_spells_an_event_or_notification_kind_as_a_string():
    root = Path(wangge.__file__).parent
    found = {
        str(path.relative_to(root)): lines
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        if (lines := _string_kinds_in(path.read_text()))
    }
    assert found == {}
