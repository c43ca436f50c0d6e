"""Seed the working calendar: public holidays and make-up working days of 2004–2026 from
the chinese-calendar package, and the default office hours 08:30–12:00 and 13:30–17:30.

Only the days that break the weekday rule get a row: holidays on Monday–Friday and
weekend days worked in exchange (调休). Later years are entered in the admin.
"""

import datetime

from django.db import migrations

DEFAULT_OFFICE_HOURS = [
    (datetime.time(8, 30), datetime.time(12, 0)),
    (datetime.time(13, 30), datetime.time(17, 30)),
]


def _chinese_name(english: str) -> str:
    from chinese_calendar import Holiday

    return Holiday(english).chinese


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("core", "CalendarDay")
    OfficeHours = apps.get_model("core", "OfficeHours")
    rows = [
        CalendarDay(
            date=day, kind="holiday", name=_chinese_name(name), source="package"
        )
        for day, name in chinese_calendar.holidays.items()
        if day.weekday() < 5
    ] + [
        CalendarDay(
            date=day, kind="makeup_workday", name=_chinese_name(name), source="package"
        )
        for day, name in chinese_calendar.workdays.items()
        if day.weekday() >= 5
    ]
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        sorted((row for row in rows if row.date not in existing), key=lambda r: r.date)
    )
    if not OfficeHours.objects.exists():
        OfficeHours.objects.bulk_create(
            OfficeHours(start=start, end=end) for start, end in DEFAULT_OFFICE_HOURS
        )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    OfficeHours = apps.get_model("core", "OfficeHours")
    CalendarDay.objects.filter(source="package").delete()
    for start, end in DEFAULT_OFFICE_HOURS:
        OfficeHours.objects.filter(start=start, end=end).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_working_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
