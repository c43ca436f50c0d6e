"""The catalogue as GeoReport services: the minor categories and their extra questions.

A minor category (小类) is a service, its major category (大类) the service's group, and
its attributes the service definition. Category names are kept in one language (the
catalogue's); what GeoReport adds around them (types, hints, yes and no) is translated.
"""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext as _

from wangge.catalogue.choices import AttributeType
from wangge.catalogue.exceptions import CategoryNotFound
from wangge.catalogue.models import Category
from wangge.catalogue.selectors import catalogue_minor_get, catalogue_tree
from wangge.open311.errors import not_found

# GeoReport datatypes of the catalogue's attribute types.
DATATYPES = {
    AttributeType.TEXT: "string",
    AttributeType.NUMBER: "number",
    AttributeType.INTEGER: "number",
    AttributeType.BOOLEAN: "singlevaluelist",
    AttributeType.CHOICE: "singlevaluelist",
    AttributeType.DATE: "datetime",
}
# The keys a yes/no question takes.
YES, NO = "true", "false"


def _type_hints() -> dict[str, str]:
    return {
        AttributeType.TEXT: _("Text, at most 1000 characters."),
        AttributeType.NUMBER: _("A number."),
        AttributeType.INTEGER: _("A whole number."),
        AttributeType.BOOLEAN: _("Yes or no."),
        AttributeType.CHOICE: _("One of the values listed."),
        AttributeType.DATE: _("A date, such as 2026-11-30."),
    }


def service_list() -> list[dict]:
    """Every active minor category as a GeoReport service, in code order."""
    services = []
    for major in catalogue_tree():
        for minor in major["children"]:
            services.append(
                {
                    "service_code": minor["code"],
                    "service_name": minor["name"],
                    "description": minor["description"]
                    or minor["registration_conditions"],
                    "metadata": bool(minor["attributes"]),
                    "type": "realtime",
                    "keywords": ", ".join(
                        [minor["code"], major["name"], minor["kind_label"]]
                    ),
                    "group": major["name"],
                }
            )
    return services


def _values(attribute: dict) -> list[dict]:
    if attribute["type"] == AttributeType.BOOLEAN:
        return [{"key": YES, "name": _("Yes")}, {"key": NO, "name": _("No")}]
    return [{"key": choice, "name": choice} for choice in attribute["choices"]]


def service_definition(code: str) -> dict:
    """The extra questions of one active minor category; 404 for any other code."""
    try:
        minor = catalogue_minor_get(code)
    except CategoryNotFound:
        raise not_found(
            _("There is no service with service_code %(code)s.") % {"code": code}
        ) from None
    hints = _type_hints()
    attributes = []
    for order, attribute in enumerate(minor["attributes"], start=1):
        entry = {
            "variable": True,
            "code": attribute["code"],
            "datatype": DATATYPES[attribute["type"]],
            "required": attribute["required"],
            "datatype_description": " ".join(
                text for text in (attribute["help"], hints[attribute["type"]]) if text
            ),
            "order": order,
            "description": attribute["label"],
        }
        values = _values(attribute)
        if values:
            entry["values"] = values
        attributes.append(entry)
    return {"service_code": minor["code"], "attributes": attributes}


def catalogue_changeset():
    """When the catalogue last changed: the services' changeset for discovery."""
    return Category.objects.aggregate(latest=Max("updated_at"))["latest"]
