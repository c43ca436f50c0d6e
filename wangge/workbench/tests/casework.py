"""Helpers of the case page tests: file cases and move them along through the services."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wangge.cases import services
from wangge.cases.models import Case
from wangge.cases.tests.conftest import CELL, TERRITORIAL

PHONE = "13812345678"


def file_case(tree, actor=None, *, cell: str = CELL, **overrides) -> Case:
    """A report taken in through `case_create` at the centre of `cell`."""
    region = tree[cell]
    fields = {
        "category": TERRITORIAL,
        "description": "楼道里堆满杂物，堵住了消防通道",
        "lon": region.centroid_lon,
        "lat": region.centroid_lat,
        "channel": "resident",
        "address": "经八路12号院3号楼",
        "reporter_name": "王女士",
        "reporter_phone": PHONE,
    }
    fields.update(overrides)
    return services.case_create(report=services.Report(**fields), actor=actor).case


def act(case: Case, action: str, actor, note: str = "", **params) -> Case:
    return services.case_transition(
        case=case, action=action, actor=actor, note=note, params=params
    )


def dispatched(tree, people, **overrides) -> Case:
    """A territorial case registered and dispatched by the community desk to its community."""
    case = file_case(tree, people.resident, **overrides)
    act(case, "register", people.community_desk)
    return act(case, "dispatch", people.community_desk)


def handled(tree, people, **overrides) -> Case:
    case = dispatched(tree, people, **overrides)
    act(case, "accept", people.secretary)
    return act(case, "handle", people.secretary, note="已清理")


def closed(tree, people, **overrides) -> Case:
    case = handled(tree, people, **overrides)
    services.case_photo_add(
        case=case, actor=people.worker, stage="verification", name="v.png", data=png()
    )
    return act(case, "verify_pass", people.worker)


def png(size: int = 8, colour=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str = "site.png", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else png(), "image/png")


def english(client, user):
    """Sign `user` in on `client`, reading the pages in English."""
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
