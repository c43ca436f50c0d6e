"""Cases and inbox items for notification tests."""

import itertools

import factory

from wangge.cases.models import Case, Channel
from wangge.catalogue.choices import Kind, LimitUnit, Responsibility
from wangge.catalogue.models import Category
from wangge.notifications.models import Notification, NotificationKind
from wangge.people.tests.factories import UserFactory
from wangge.regions.levels import Level

_numbers = itertools.count(1)


def notification_category() -> Category:
    """A minor territorial category of its own, independent of the shipped catalogue."""
    major, _ = Category.objects.get_or_create(
        code="NT01", defaults={"kind": Kind.EVENT, "name": "通知测试"}
    )
    minor, _ = Category.objects.get_or_create(
        code="NT0101",
        defaults={
            "parent": major,
            "kind": Kind.EVENT,
            "name": "通知测试小类",
            "limit_amount": 3,
            "limit_unit": LimitUnit.DAYS,
            "responsibility": Responsibility.TERRITORIAL,
            "territorial_level": Level.COMMUNITY,
        },
    )
    return minor


def case_in(cell, **fields) -> Case:
    """A reported case in a grid cell, owned by the cell's community, with a reporter's contact."""
    values = {
        "number": f"20261130{next(_numbers):06d}",
        "channel": Channel.RESIDENT,
        "category": notification_category(),
        "description": "井盖缺失",
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
        "cell": cell,
        "cell_path": cell.path,
        "node": cell.parent,
        "reporter_name": "张三",
        "reporter_phone": "13812345678",
        "reporter_email": "zhangsan@example.cn",
    }
    values.update(fields)
    return Case.objects.create(**values)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.DISPATCHED
    title = factory.Sequence(lambda n: f"事件{n}已派遣")
    body = "请及时处置。"
