"""The data of a fault test, written and read in the database DATABASE_URL names.

Run in a process of its own, beside the servers under test, never in the test's process:
    python -m wangge.tests.stage prepare CLIENTS   → people who report, as JSON
    python -m wangge.tests.stage messages N        → N reporter messages queued for delivery
    python -m wangge.tests.stage report            → cases, events, keys and messages, as JSON
"""

import json
import os
import sys

PASSWORD = "pass-Word-42"
CELL = "410102001001001"
CATEGORY = "E0605"  # 其他问题, in the shipped catalogue: no extra questions


def prepare(clients: int) -> dict:
    from wangge.people.roles import Role
    from wangge.people.tests.factories import UserFactory, staff
    from wangge.regions.tests.factories import build_tree

    tree = build_tree()
    cell = tree[CELL]
    names = [f"faults-worker-{i}" for i in range(clients)]
    for name in names:
        staff(name, Role.GRID_WORKER, cell)
    UserFactory(username="faults-resident")
    return {
        "clients": names,
        "password": PASSWORD,
        "category": CATEGORY,
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
    }


def messages(count: int) -> dict:
    from django.db import transaction

    from wangge.notifications.services import notify_reporter

    ids = []
    for index in range(count):
        with transaction.atomic():
            [message] = notify_reporter(
                None, phone=f"1380000{index:04d}", body=f"message-{index}"
            )
        ids.append(message.pk)
    return {"messages": ids}


def report() -> dict:
    from django_q.models import OrmQ

    from wangge.cases.models import Case, CaseEvent, IdempotencyRecord
    from wangge.notifications.models import OutboundMessage

    events: dict[int, list] = {}
    for case_id, action, to_state in CaseEvent.objects.values_list(
        "case_id", "action", "to_state"
    ):
        events.setdefault(case_id, []).append([action, to_state])
    return {
        "cases": [
            {"number": number, "description": description, "events": events.get(pk, [])}
            for pk, number, description in Case.objects.values_list(
                "pk", "number", "description"
            )
        ],
        "keys": {
            f"{owner} {key}": number
            for owner, key, number in IdempotencyRecord.objects.values_list(
                "owner", "key", "case__number"
            )
        },
        "messages": [
            {"body": body, "status": status, "attempts": attempts}
            for body, status, attempts in OutboundMessage.objects.values_list(
                "body", "status", "attempts"
            )
        ],
        "queued_tasks": OrmQ.objects.count(),
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.tests.settings_faults")
    import django

    django.setup()
    command, *args = argv
    done = {
        "prepare": lambda: prepare(int(args[0])),
        "messages": lambda: messages(int(args[0])),
        "report": report,
    }[command]()
    sys.stdout.write(json.dumps(done, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
