"""The OpenAPI schema is complete: every operation names itself, its tag, its summary, and
every answer it can give, errors included, with the body the API really sends."""

import enum
import typing

import pydantic
import pytest

from wangge.api.urls import api

SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    (f"{method.upper()} {path}", operation)
    for path, item in SCHEMA["paths"].items()
    for method, operation in item.items()
]
ERROR = {"$ref": "#/components/schemas/ErrorOut"}


@pytest.mark.parametrize(
    ("label", "operation"), OPERATIONS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_operation_has_an_id_a_tag_and_a_summary(label, operation):
    assert operation.get("operationId"), label
    assert operation.get("tags"), label
    assert operation.get("summary"), label


def test_operation_ids_are_unique():
    ids = [operation["operationId"] for _label, operation in OPERATIONS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("label", "operation"), OPERATIONS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_operation_documents_its_refusals_with_the_error_body(label, operation):
    responses = {int(code): answer for code, answer in operation["responses"].items()}
    expected = set()
    if operation.get("parameters") or operation.get("requestBody"):
        expected |= {400, 422}
    if any(p["in"] == "path" for p in operation.get("parameters", [])):
        expected.add(404)
    if operation.get("security"):
        expected |= {401, 403}
    assert expected <= set(responses), (label, sorted(expected - set(responses)))
    for code, answer in responses.items():
        if code >= 400:
            schema = answer["content"]["application/json"]["schema"]
            assert schema == ERROR, (label, code)
    assert any(200 <= code < 300 for code in responses), label


def _models(annotation, found):
    """Every pydantic model and enum an annotation reaches, with the names they carry."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
    elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
    else:
        for argument in typing.get_args(annotation):
            _models(argument, found)


def test_no_two_schemas_share_a_component_name():
    """ninja files each schema under its class name: a second class of the same name
    would silently replace the first, and the schema would lie about one of them."""
    found: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.response_models.values(), *operation.models]:
                    _models(model, found)
    names: dict[str, set[str]] = {}
    for model in found:
        names.setdefault(model.__name__, set()).add(
            f"{model.__module__}.{model.__qualname__}"
        )
    assert {name: where for name, where in names.items() if len(where) > 1} == {}
