"""Encryption of personal data at rest (pure: no database)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from wangge.core import encryption

OLD, NEW = encryption.generate_key(), encryption.generate_key()


def test_a_value_is_stored_encrypted_and_read_back(settings):
    settings.WANGGE_DATA_KEYS = [NEW]
    stored = encryption.encrypt("13812345678")
    assert stored.startswith(encryption.PREFIX)
    assert "13812345678" not in stored
    assert encryption.encrypt("13812345678") != stored  # a fresh IV each time
    assert encryption.decrypt(stored) == "13812345678"


def test_empty_stays_empty_and_clear_legacy_values_read_as_they_are(settings):
    settings.WANGGE_DATA_KEYS = [NEW]
    assert encryption.encrypt("") == ""
    assert encryption.decrypt("") == ""
    assert encryption.decrypt("13812345678") == "13812345678"


def test_rotation_moves_a_value_to_the_newest_key(settings):
    settings.WANGGE_DATA_KEYS = [OLD]
    stored = encryption.encrypt("zhang@example.cn")
    settings.WANGGE_DATA_KEYS = [NEW, OLD]
    rotated = encryption.rotate(stored)
    settings.WANGGE_DATA_KEYS = [NEW]
    assert encryption.decrypt(rotated) == "zhang@example.cn"
    with pytest.raises(ImproperlyConfigured, match="rotate_data_key"):
        encryption.decrypt(stored)


def test_a_malformed_key_is_a_configuration_error(settings):
    settings.WANGGE_DATA_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="Fernet"):
        encryption.encrypt("x")
