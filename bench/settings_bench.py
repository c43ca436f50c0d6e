"""The real settings plus one bare view, for bench/intake.py's baseline."""

from wangge.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
