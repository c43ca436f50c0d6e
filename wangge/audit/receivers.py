"""Sign-ins and the admin's change log, recorded as they happen."""

from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import post_save
from django.dispatch import receiver

from wangge.audit.models import AuditAction
from wangge.audit.services import audit_record, audit_request
from wangge.core.client_address import client_address


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    if request is not None:
        audit_request(request, AuditAction.SIGN_IN)
    else:
        audit_record(AuditAction.SIGN_IN, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            AuditAction.SIGN_OUT,
            actor=user,
            address=client_address(request) if request is not None else "",
        )


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # The username tried, never the password (Django already masks it in `credentials`).
    audit_record(
        AuditAction.SIGN_IN_FAILED,
        address=client_address(request) if request is not None else "",
        target=str(credentials.get("username", ""))[:150],
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_change")
def _admin_changed(sender, instance, created, **kwargs):
    if not created:
        return
    audit_record(
        AuditAction.ADMIN_CHANGE,
        actor=instance.user,
        target=f"{instance.content_type.app_label}.{instance.content_type.model}:"
        f"{instance.object_id}",
        object=instance.object_repr,
        flag=instance.get_action_flag_display(),
        change=instance.get_change_message(),
    )
