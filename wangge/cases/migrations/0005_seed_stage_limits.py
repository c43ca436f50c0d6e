"""Seed the stage limits with the defaults of docs/decisions.md ("Stage clocks").

The values are written out here, not imported, so that this migration keeps meaning what it
did; `test_policy` checks they agree with `cases.policy.DEFAULT_STAGE_LIMITS`.
"""

from django.db import migrations

HOURS, DAYS = "hours", "days"
LEVELS = ("city", "district", "township", "community")
DESKS = {  # intake and dispatch: the desk of the node
    "city": (1, HOURS),
    "district": (2, HOURS),
    "township": (2, HOURS),
    "community": (4, HOURS),
}
SEED = {
    "intake": DESKS,
    "dispatch": DESKS,
    "acceptance": {level: (4, HOURS) for level in LEVELS},
    "verification": {level: (1, DAYS) for level in LEVELS},
}


def seed(apps, schema_editor):
    StageLimit = apps.get_model("cases", "StageLimit")
    for stage, levels in SEED.items():
        for level, (amount, unit) in levels.items():
            StageLimit.objects.get_or_create(
                stage=stage,
                node_level=level,
                defaults={"amount": amount, "unit": unit},
            )


def unseed(apps, schema_editor):
    StageLimit = apps.get_model("cases", "StageLimit")
    for stage, levels in SEED.items():
        for level, (amount, unit) in levels.items():
            StageLimit.objects.filter(
                stage=stage, node_level=level, amount=amount, unit=unit
            ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_stage_limits")]

    operations = [migrations.RunPython(seed, unseed)]
