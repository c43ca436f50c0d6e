"""Channels: the SMS provider comes from settings at each send; email goes through Django's mail."""

import logging

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from wangge.notifications.channels import (
    EmailChannel,
    LoggingEmailBackend,
    LoggingSmsBackend,
    channel_for,
    mask_email,
    sms_backend,
)
from wangge.notifications.checks import check_sms_backend
from wangge.notifications.tests.backends import FailingSmsBackend, RecordingSmsBackend


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("zhangsan@example.cn", "z*******@example.cn"),
        ("a@example.cn", "a*@example.cn"),
        ("", ""),
        ("13812345678", "138****5678"),
    ],
)
def test_mask_email_keeps_the_first_letter_and_the_domain(address, masked):
    assert mask_email(address) == masked


def test_the_default_sms_provider_only_logs_with_the_number_masked(settings, caplog):
    del settings.WANGGE_SMS_BACKEND
    backend = sms_backend()
    assert isinstance(backend, LoggingSmsBackend)
    with caplog.at_level(logging.INFO, logger="wangge.notifications.channels"):
        backend.send("13812345678", "已受理")
    assert "SMS to 138****5678: 已受理" in caplog.text
    assert "13812345678" not in caplog.text


def test_the_default_sms_provider_masks_a_one_time_code_in_the_log(caplog):
    with caplog.at_level(logging.INFO, logger="wangge.notifications.channels"):
        LoggingSmsBackend().send(
            "13812345678", "您的验证码是 204613，10分钟内有效。案件20261130000042已受理"
        )
    assert "204613" not in caplog.text
    assert "验证码是 ******，10分钟内有效。案件20261130000042已受理" in caplog.text


def test_the_sms_provider_is_read_from_settings_at_each_send(settings):
    settings.WANGGE_SMS_BACKEND = (
        "wangge.notifications.tests.backends.RecordingSmsBackend"
    )
    assert isinstance(channel_for("sms"), RecordingSmsBackend)
    settings.WANGGE_SMS_BACKEND = (
        "wangge.notifications.tests.backends.FailingSmsBackend"
    )
    assert isinstance(channel_for("sms"), FailingSmsBackend)


def test_sms_options_reach_the_provider(settings):
    settings.WANGGE_SMS_BACKEND = "wangge.notifications.channels.LoggingSmsBackend"
    settings.WANGGE_SMS_OPTIONS = {"sign_name": "郑州网格"}
    assert sms_backend().options == {"sign_name": "郑州网格"}


def test_email_goes_through_django_mail_with_subject_and_sender(settings):
    settings.DEFAULT_FROM_EMAIL = "platform@wangge.example"
    channel_for("email").send("li@example.cn", "正文", subject="主题")
    [message] = mail.outbox
    assert (message.to, message.subject, message.body, message.from_email) == (
        ["li@example.cn"],
        "主题",
        "正文",
        "platform@wangge.example",
    )


def test_email_without_a_subject_gets_a_default_one():
    EmailChannel().send("li@example.cn", "正文")
    assert mail.outbox[0].subject


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValueError, match="unknown outbound channel"):
        channel_for("pigeon")


def test_the_logging_email_backend_logs_masked_recipients(caplog):
    message = EmailMessage("主题", "正文", "p@wangge.example", ["zhangsan@example.cn"])
    with caplog.at_level(logging.INFO, logger="wangge.notifications.channels"):
        assert LoggingEmailBackend().send_messages([message]) == 1
    assert "z*******@example.cn" in caplog.text
    assert "zhangsan@" not in caplog.text


def test_system_check_accepts_the_default_sms_provider(settings):
    del settings.WANGGE_SMS_BACKEND
    assert check_sms_backend() == []


@pytest.mark.parametrize(
    "path",
    [
        "wangge.notifications.channels.NoSuchBackend",
        "wangge.notifications.channels.EmailMessage",
    ],
)
def test_system_check_reports_a_provider_that_is_missing_or_not_a_channel(
    settings, path
):
    settings.WANGGE_SMS_BACKEND = path
    [error] = check_sms_backend()
    assert error.id == "notifications.E001"
    assert path in error.msg
