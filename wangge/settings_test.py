"""Test settings: the real settings with a fast hasher and deterministic knobs."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault(
    "WANGGE_DATA_KEYS", "vQ2vJ6m3v0Zl0o8cH1wQmS6rj3l7yX3m1cJmNnS0Zyk="
)

from wangge.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WANGGE_LOCATE_RECHECK_SECONDS = 0
WANGGE_CALENDAR_RECHECK_SECONDS = 0
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
# Never collected: WhiteNoise would serve `make run`'s var/static before the finders, so a
# browser test would check yesterday's stylesheets instead of the sources.
STATIC_ROOT = VAR_DIR / "test-static"  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
LANGUAGE_CODE = "zh-hans"
WANGGE_CATALOGUE_CACHE_SECONDS = 0
WANGGE_POLICY_CACHE_SECONDS = 0
# Signing in is tested with a second factor where it is the subject (access, workbench);
# elsewhere the staff of a test sign in with their password alone.
WANGGE_SECOND_FACTOR_ROLES: list[str] = []
WANGGE_SECOND_FACTOR_FOR_SUPERUSERS = False
