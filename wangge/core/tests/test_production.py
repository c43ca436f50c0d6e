"""WANGGE_PRODUCTION=1 turns on every production default; without what it needs it stops."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import RequestFactory, override_settings

from wangge.core.client_address import client_address
from wangge.core.encryption import generate_key

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    clean.update(DJANGO_SETTINGS_MODULE="wangge.settings", **env)
    for name in (
        "SECRET_KEY",
        "SECRET_KEY_FILE",
        "ALLOWED_HOSTS",
        "DEBUG",
        "WANGGE_DATA_KEYS",
        "WANGGE_DATA_KEYS_FILE",
    ):
        if name not in env:
            clean.pop(name, None)
    return subprocess.run(
        [sys.executable, str(MANAGE), *args], env=clean, capture_output=True, text=True
    )


def test_production_with_a_key_and_hosts_passes_every_deploy_check():
    done = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        WANGGE_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="wangge.example.gov.cn",
        WANGGE_DATA_KEYS=generate_key(),
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_production_without_a_secret_key_refuses_to_start():
    done = _manage(
        "check", WANGGE_PRODUCTION="1", ALLOWED_HOSTS="wangge.example.gov.cn"
    )
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr


def test_production_without_data_keys_refuses_to_start():
    done = _manage(
        "check",
        WANGGE_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="wangge.example.gov.cn",
    )
    assert done.returncode != 0
    assert "WANGGE_DATA_KEYS" in done.stderr


def test_production_without_host_names_refuses_to_start():
    done = _manage(
        "check",
        WANGGE_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        WANGGE_DATA_KEYS=generate_key(),
    )
    assert done.returncode != 0
    assert "ALLOWED_HOSTS" in done.stderr


def _request(peer, forwarded=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(WANGGE_TRUSTED_PROXIES=["127.0.0.1/32", "10.0.0.0/8"])
def test_the_client_is_the_right_most_address_before_the_trusted_proxies():
    request = _request("127.0.0.1", "203.0.113.9, 10.1.2.3")
    assert client_address(request) == "203.0.113.9"


@override_settings(WANGGE_TRUSTED_PROXIES=["127.0.0.1/32"])
def test_an_address_written_by_the_client_itself_is_not_believed():
    # The client sent "X-Forwarded-For: 1.1.1.1"; nginx appended the real address.
    request = _request("127.0.0.1", "1.1.1.1, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"


@override_settings(WANGGE_TRUSTED_PROXIES=["127.0.0.1/32"])
def test_a_forwarded_header_from_an_untrusted_peer_is_ignored():
    request = _request("198.51.100.7", "127.0.0.1")
    assert client_address(request) == "198.51.100.7"


@override_settings(WANGGE_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_peer_is_the_client():
    assert client_address(_request("127.0.0.1", "203.0.113.9")) == "127.0.0.1"
