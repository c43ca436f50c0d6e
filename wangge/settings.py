"""Settings for wangge, read from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wangge.core.encryption import generate_key
from wangge.core.env import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    local_secret,
)
from wangge.workbench import map_tiles

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("WANGGE_VAR_DIR", str(BASE_DIR / "var")))

# One switch for every production default (Secure cookies, HSTS, HTTPS redirect behind the
# proxy, a required secret key and host names); each can still be set on its own.
PRODUCTION = env_bool("WANGGE_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("WANGGE_PRODUCTION=1 cannot run with DEBUG=1.")
# SECRET_KEY or SECRET_KEY_FILE; a single-machine install keeps a generated one in var/.
if os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"):
    SECRET_KEY = env_secret("SECRET_KEY")
elif PRODUCTION:
    raise ImproperlyConfigured(
        "WANGGE_PRODUCTION=1 needs SECRET_KEY or SECRET_KEY_FILE."
    )
else:
    SECRET_KEY = local_secret(VAR_DIR / "secret_key")
# Reporters' phones and e-mails are encrypted at rest (core/encryption.py): Fernet keys,
# newest first; the first encrypts, all decrypt (rotation: README).
if os.environ.get("WANGGE_DATA_KEYS") or os.environ.get("WANGGE_DATA_KEYS_FILE"):
    WANGGE_DATA_KEYS = [
        k.strip() for k in env_secret("WANGGE_DATA_KEYS").split(",") if k.strip()
    ]
elif PRODUCTION:
    raise ImproperlyConfigured(
        "WANGGE_PRODUCTION=1 needs WANGGE_DATA_KEYS or WANGGE_DATA_KEYS_FILE."
    )
else:
    WANGGE_DATA_KEYS = [local_secret(VAR_DIR / "data_key", make=generate_key)]
if PRODUCTION and not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("WANGGE_PRODUCTION=1 needs ALLOWED_HOSTS (host names).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # django.contrib.staticfiles, collecting only what pages load (core/staticfiles.py).
    "wangge.core.staticfiles.StaticFilesConfig",
    "django_otp",
    # The libraries' admin sections, with translated names (administration/third_party.py).
    "wangge.administration.third_party.TwoFactorConfig",
    "wangge.administration.third_party.RecoveryCodesConfig",
    "wangge.administration.third_party.LoginSecurityConfig",
    "wangge.administration.third_party.TaskQueueConfig",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "wangge.core",
    "wangge.audit",
    "wangge.regions",
    "wangge.people",
    "wangge.access",
    "wangge.administration",
    "wangge.catalogue",
    "wangge.cases",
    "wangge.notifications",
    "wangge.linkage",
    "wangge.patrols",
    "wangge.webhooks",
    "wangge.assessment",
    "wangge.reviews",
    "wangge.workbench",
    "wangge.portal",
    "wangge.api",
    "wangge.open311",
    "wangge.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff who need a second factor are sent to pass (or enrol) one before any page.
    "wangge.workbench.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # 429 with Retry-After for whatever a service refused as too many (core/ratelimit.py).
    "wangge.core.ratelimit.RateLimitedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wangge.urls"
WSGI_APPLICATION = "wangge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "wangge" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL, or an SQLite file under var/.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wangge.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A kept connection is tested before a request reuses it: after a database
        # restart, the first request of each worker reconnects instead of failing.
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL plus IMMEDIATE transactions: the web server and the background worker can
    # write at once without "database is locked" (see docs/decisions.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:home"
# A reset link an administrator hands over is good for one day and one use.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)
LOGOUT_REDIRECT_URL = "login"

# Idle sessions expire: every request renews the cookie, silence ends it.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# nginx terminates TLS and says so in X-Forwarded-Proto; only its peers are believed.
WANGGE_TRUSTED_PROXIES = env_list(
    "WANGGE_TRUSTED_PROXIES", ["127.0.0.1/32", "::1/128"] if PRODUCTION else []
)
if WANGGE_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_REFERRER_POLICY = "same-origin"

# Login lockout: 5 failures lock the username for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Roles that must pass a second factor (TOTP) to sign in; superusers always must.
WANGGE_SECOND_FACTOR_ROLES = env_list("WANGGE_SECOND_FACTOR_ROLES", ["admin"])
WANGGE_SECOND_FACTOR_FOR_SUPERUSERS = env_bool(
    "WANGGE_SECOND_FACTOR_FOR_SUPERUSERS", True
)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "wangge")
# The client behind the trusted proxies, not the proxy (core/client_address.py).
AXES_CLIENT_IP_CALLABLE = "wangge.core.client_address.client_address"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    (
        "vendor/leaflet.markercluster",
        BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist",
    ),
    ("vendor/leaflet.heat", BASE_DIR / "node_modules" / "leaflet.heat" / "dist"),
    ("vendor/idb", BASE_DIR / "node_modules" / "idb" / "build"),
]
# The CJK web font: its own finder offers only the weights and format pages load.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "wangge.core.staticfiles.WebFontFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# Nothing is loaded from outside the intranet: same-origin scripts, styles and images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Maps draw boundaries on a plain background; a tile server (an intranet one) is used only
# when its URL template is set, and then the policy lets images load from it.
WANGGE_MAP_TILE_URL = env_str("WANGGE_MAP_TILE_URL", "")
WANGGE_MAP_TILE_ATTRIBUTION = env_str("WANGGE_MAP_TILE_ATTRIBUTION", "")
if _tile_source := map_tiles.csp_source(WANGGE_MAP_TILE_URL):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_tile_source)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

Q_CLUSTER = {
    "name": "wangge",
    "orm": "default",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 60,
    "retry": 120,
    "poll": 0.5,
    "catch_up": False,
    "ack_failures": False,
    "max_attempts": 5,
}

# Webhooks to units' own case systems: seconds to connect and to wait for an answer.
WANGGE_WEBHOOK_TIMEOUT_SECONDS = env_int("WANGGE_WEBHOOK_TIMEOUT_SECONDS", 5)

# Messages to reporters: an SMS provider class (dotted path); email over SMTP only when
# EMAIL_HOST is set, otherwise logged with the addresses masked.
WANGGE_SMS_BACKEND = env_str(
    "WANGGE_SMS_BACKEND", "wangge.notifications.channels.LoggingSmsBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "wangge.notifications.channels.LoggingEmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "wangge@localhost")

# Duplicate reports: same category within this distance and time window.
WANGGE_DUPLICATE_RADIUS_METRES = env_int("WANGGE_DUPLICATE_RADIUS_METRES", 100)
WANGGE_DUPLICATE_WINDOW_HOURS = env_int("WANGGE_DUPLICATE_WINDOW_HOURS", 72)
WANGGE_MAX_PHOTO_BYTES = env_int("WANGGE_MAX_PHOTO_BYTES", 10 * 1024 * 1024)
# Pixels a photo may declare (width × height); more is refused before decoding, since a
# tiny file can declare a giant image (a decompression bomb). 40 MP covers phone cameras.
WANGGE_MAX_PHOTO_PIXELS = env_int("WANGGE_MAX_PHOTO_PIXELS", 40_000_000)
# With nginx in front: the internal location that serves MEDIA_ROOT (e.g. /protected-media/).
# Photos are then checked here and sent by nginx (X-Accel-Redirect); empty = sent by Django.
WANGGE_X_ACCEL_REDIRECT = env_str("WANGGE_X_ACCEL_REDIRECT", "")
# A JSON report may carry its photos base64-encoded; larger bodies are refused (413).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 30 * 1024 * 1024)

# How often (seconds) a process checks whether cell boundaries changed since it built
# its locate index.
WANGGE_LOCATE_RECHECK_SECONDS = env_int("WANGGE_LOCATE_RECHECK_SECONDS", 5)

# How often (seconds) a process checks whether the working calendar (holidays, office
# hours) changed since it built its copy.
WANGGE_CALENDAR_RECHECK_SECONDS = env_int("WANGGE_CALENDAR_RECHECK_SECONDS", 5)

# How long (seconds) a process reuses a catalogue category it read for intake.
WANGGE_CATALOGUE_CACHE_SECONDS = env_int("WANGGE_CATALOGUE_CACHE_SECONDS", 30)

# How long (seconds) a process reuses the stage limits and escalation policies it read.
WANGGE_POLICY_CACHE_SECONDS = env_int("WANGGE_POLICY_CACHE_SECONDS", 30)

# Lifetime of a bearer token issued by POST /api/v1/auth/token.
WANGGE_API_TOKEN_HOURS = env_int("WANGGE_API_TOKEN_HOURS", 12)

# Limits per person and per address (hits, seconds), counted in the database
# (core/ratelimit.py); 429 with Retry-After past them. The portal's are its own.
WANGGE_RATE_LIMITS = {
    "sign_in_address": (env_int("WANGGE_SIGN_IN_PER_HOUR", 60), 3600),
    "export_user": (env_int("WANGGE_EXPORTS_PER_HOUR", 60), 3600),
    "intake_user": (env_int("WANGGE_INTAKE_PER_HOUR", 600), 3600),
}

# The public portal: the address its posters' QR codes point to (the intranet host; empty:
# the host of the request). Its limits per address see the client behind
# WANGGE_TRUSTED_PROXIES.
WANGGE_PUBLIC_BASE_URL = env_str("WANGGE_PUBLIC_BASE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Its DEBUG records on a missing variable copy the template's context, the
        # request's query and form data included (a searched phone number).
        "django.template": {"level": "INFO"},
        # One line per queued task would drown the server's log.
        "django-q": {"level": env_str("Q_LOG_LEVEL", "WARNING")},
    },
}
