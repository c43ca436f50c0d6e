"""The portal's codes and hashes: pure functions, no database."""

from wangge.portal import codes


def test_a_keyed_hash_matches_only_its_value_and_purpose(settings):
    stored = codes.keyed_hash("tracking", "ABCD2345")
    assert codes.matches("tracking", "ABCD2345", stored)
    assert not codes.matches("tracking", "ABCD2346", stored)
    assert not codes.matches("otp", "ABCD2345", stored)


def test_the_hash_depends_on_the_secret_key(settings):
    before = codes.keyed_hash("tracking", "ABCD2345")
    settings.SECRET_KEY = "another-secret"
    assert codes.keyed_hash("tracking", "ABCD2345") != before


def test_a_request_key_always_derives_the_same_tracking_code():
    first = codes.tracking_code_for("portal", "key-1")
    assert first == codes.tracking_code_for("portal", "key-1")
    assert first != codes.tracking_code_for("portal", "key-2")
    assert len(first) == codes.TRACKING_LENGTH
    assert set(first) <= set(codes.TRACKING_ALPHABET)


def test_tracking_codes_avoid_characters_read_alike():
    code = codes.new_tracking_code()
    assert len(code) == codes.TRACKING_LENGTH
    assert not set(code) & set("01ILO")


def test_a_typed_code_is_read_without_case_spaces_or_dash():
    assert codes.normalise_tracking_code(" 7kq2-m9xd ") == "7KQ2M9XD"
    assert codes.format_tracking_code("7KQ2M9XD") == "7KQ2-M9XD"


def test_mobile_numbers_are_normalised_and_others_refused():
    assert codes.normalise_phone("+86 138-1234-5678") == "13812345678"
    assert codes.normalise_phone("0371-65551234") == ""
    assert codes.normalise_phone("12345") == ""


def test_one_time_codes_have_six_digits():
    code = codes.new_otp()
    assert len(code) == codes.OTP_LENGTH and code.isdigit()
