"""The optional background tile layer of the maps (off by default: the intranet has no tiles).

Pure functions over the tile URL template, used by the settings (to let the Content
Security Policy load tiles from that server), by the system check and by the pages.
"""

from urllib.parse import urlsplit

TILE_SCHEMES = ("http", "https")


def is_web_url(url: str) -> bool:
    """Whether a tile URL template is an http(s) URL with a host."""
    parts = urlsplit(url)
    return parts.scheme in TILE_SCHEMES and bool(parts.netloc)


def csp_source(url: str) -> str | None:
    """The Content-Security-Policy source that allows images from the tile server.

    Leaflet's `{s}` subdomain placeholder becomes a wildcard: "https://{s}.tiles.example"
    needs "https://*.tiles.example". None when the URL is not an http(s) URL.
    """
    if not is_web_url(url):
        return None
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"
