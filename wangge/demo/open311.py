"""The demo's Open311 client: the 12345 hotline's app, with a city-wide key and a few requests.

The requests go through the GeoReport face's own service (`open311.services`), so they
enter the unified intake with the `open311` channel like a real client's. The key's
secret is never written anywhere: who wants to try the endpoint creates a key of their
own (`manage.py create_api_key`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from wangge.access.api_keys import KeyScope, api_key_create
from wangge.access.jurisdiction import confine_to_region
from wangge.open311.services import request_submit
from wangge.regions.levels import Level
from wangge.regions.models import Region

CLIENT = "12345-hotline-app"
# (service_code, description, answers), filed at cells spread over the city.
REQUESTS = (
    ("C0101", "人行道上井盖缺失，夜间很危险。", {"cover_type": "污水井盖"}),
    ("E0401", "雨后路口积水，行人绕行。", {"depth_cm": "15"}),
    ("E0101", "小区门口垃圾堆放两天无人清运。", {"amount": "一般（约1立方米）"}),
    ("C0104", "路灯连续三晚不亮。", {"lamp_count": "3"}),
)


def seed_open311(write: Callable[[str], object] = print) -> list[str]:
    """Create the hotline app's key (submit and read, the whole city) and file its requests.

    Returns the numbers of the cases filed; writes the key's name, never its secret.
    """
    _secret, key = api_key_create(name=CLIENT, scopes=[KeyScope.SUBMIT, KeyScope.READ])
    confine_to_region(key.user, key.region.path)
    cells = list(
        Region.objects.filter(level=Level.CELL)
        .exclude(centroid_lon__isnull=True)
        .order_by("code")
        .values_list("centroid_lon", "centroid_lat")
    )
    numbers = []
    if not cells:
        return numbers
    step = max(1, len(cells) // len(REQUESTS))
    for index, (code, description, answers) in enumerate(REQUESTS):
        lon, lat = cells[(index * step) % len(cells)]
        form = {
            "service_code": [code],
            "lat": [str(lat)],
            "long": [str(lon)],
            "description": [description],
            "device_id": [f"demo-device-{index + 1}"],
            **{f"attribute[{k}]": [v] for k, v in answers.items()},
        }
        submitted = request_submit(key=key, user=key.user, form=form)
        numbers.append(submitted.case.number)
    write(
        "  "
        + _("Open311 client %(name)s filed %(count)d requests: %(numbers)s")
        % {"name": CLIENT, "count": len(numbers), "numbers": ", ".join(numbers)}
    )
    return numbers
