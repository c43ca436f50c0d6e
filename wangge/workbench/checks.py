"""System checks for the configuration the staff pages depend on."""

from django.conf import settings
from django.core.checks import Warning, register

from wangge.workbench.map_tiles import is_web_url


@register()
def check_map_tile_url(app_configs=None, **kwargs):
    """WANGGE_MAP_TILE_URL, when set, must be an http(s) URL template such as https://host/{z}/{x}/{y}.png."""
    url = getattr(settings, "WANGGE_MAP_TILE_URL", "")
    if not url or is_web_url(url):
        return []
    return [
        Warning(
            "WANGGE_MAP_TILE_URL is set but is not an http(s) URL; maps will not load tiles.",
            hint="Use a template such as https://tiles.example.gov.cn/{z}/{x}/{y}.png, "
            "or leave it empty for plain maps.",
            obj="settings.WANGGE_MAP_TILE_URL",
            id="workbench.W001",
        )
    ]
