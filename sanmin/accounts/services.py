"""Changing accounts: staff accounts, their second factor, and staff sign-in.

Staff sign in in two steps, a password then a TOTP code (or enrolment of a first
device). Both steps count failures on the account; `LOGIN_MAX_FAILURES` of them lock
it for `LOGIN_LOCK_MINUTES`. The counter is changed only by conditional UPDATEs, so
concurrent attempts can neither skip the lock nor lock twice. Every outcome is in the
audit log; passwords and codes never are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_otp
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanmin.accounts import backends
from sanmin.accounts.models import STAFF_ROLES, ReviewerBody, Role, User
from sanmin.accounts.selectors import user_by_username, user_totp_device
from sanmin.audit.models import Outcome
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Department, District
from sanmin.core.logging import redact

BACKEND = backends.PATH


class LoginRefused(Exception):
    """A sign-in step failed. `reason` is one of the class constants."""

    INVALID = "invalid"  # wrong name, password or code, or locked: not said which
    CITIZEN = "citizen"  # right password, but citizens sign in through 爱山东
    LOCKED = "locked"  # said only after the password was right
    ENROL = "enrol"  # the user has no confirmed device yet

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Staff accounts ---------------------------------------------------------------------


def _scope_errors(
    *,
    role: str,
    district: District | None,
    department: Department | None,
    reviewer_body: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if role == Role.DISTRICT and district is None:
        errors["district"] = "区（市）工作人员必须指定所属区（市）"
    if role != Role.DISTRICT and district is not None:
        errors["district"] = "只有区（市）工作人员可以指定所属区（市）"
    if role == Role.DEPARTMENT and department is None:
        errors["department"] = "部门工作人员必须指定所属部门"
    if role != Role.DEPARTMENT and department is not None:
        errors["department"] = "只有部门工作人员可以指定所属部门"
    if role == Role.REVIEWER and reviewer_body not in ReviewerBody.values:
        errors["reviewer_body"] = "资格审查人员必须指定审查单位（市公安局或市信访局）"
    if role != Role.REVIEWER and reviewer_body:
        errors["reviewer_body"] = "只有资格审查人员可以指定审查单位"
    return errors


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    role: str,
    display_name: str,
    district: District | None = None,
    department: Department | None = None,
    reviewer_body: str = "",
    actor: Any,
) -> User:
    """Create a staff account with its role and scope.

    1. The role must be a staff role; the scope must fit it (district staff have a
       district, department staff a department, reviewers a body, nobody else any).
    2. The user name must be free and the password must pass the password rules.
    3. The account is created (without a second factor: it is enrolled at first
       sign-in, or by `staff_totp_device_create`) and the creation audited.
    Raises ValidationError with messages in Chinese; nothing is stored then.
    """
    username = username.strip()
    errors: dict[str, Any] = {}
    if role not in STAFF_ROLES:
        errors["role"] = "角色无效：工作人员账号不能是市民角色"
    if not username:
        errors["username"] = "请填写用户名"
    elif User.objects.filter(username=username).exists():
        errors["username"] = f"用户名“{username}”已被使用"
    if not display_name.strip():
        errors["display_name"] = "请填写姓名"
    errors.update(
        _scope_errors(
            role=role,
            district=district,
            department=department,
            reviewer_body=reviewer_body,
        )
    )
    candidate = User(username=username, role=role, display_name=display_name)
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    user = User(
        username=username,
        role=role,
        display_name=display_name.strip(),
        district=district,
        department=department,
        reviewer_body=reviewer_body,
    )
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action="staff.create",
        target=user,
        detail={
            "username": user.username,
            "role": user.role,
            "district": district.code if district else None,
            "department": department.code if department else None,
            "reviewer_body": reviewer_body,
        },
    )
    return user


@transaction.atomic
def staff_totp_device_create(*, user: User, actor: Any = None) -> TOTPDevice:
    """Give a staff member a new confirmed TOTP device, replacing any old one.

    For demo seeding and for an operator re-issuing a device: the caller shows the
    secret (`device.config_url`) to its owner once.
    """
    if user.role not in STAFF_ROLES:
        raise ValidationError("只有工作人员需要动态验证码设备")
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    audit_record(
        actor=actor,
        action="staff.totp.create",
        target=user,
        detail={"device": device.persistent_id, "replaced": removed},
    )
    return device


@transaction.atomic
def staff_totp_reset(
    *, user: User, actor: Any, request: HttpRequest | None = None
) -> int:
    """Remove a staff member's devices: they enrol again at their next sign-in."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    audit_record(
        actor=actor,
        action="staff.totp.reset",
        target=user,
        detail={"removed": removed},
        request=request,
    )
    return removed


@transaction.atomic
def staff_unlock(*, user: User, actor: Any, request: HttpRequest | None = None) -> None:
    """Lift a sign-in lock and clear the failure count."""
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    user.refresh_from_db(fields=["failed_logins", "locked_until"])
    audit_record(actor=actor, action="staff.unlock", target=user, request=request)


@transaction.atomic
def staff_set_active(
    *, user: User, active: bool, actor: Any, request: HttpRequest | None = None
) -> None:
    """Enable or disable an account; a disabled account cannot sign in."""
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.refresh_from_db(fields=["is_active"])
    audit_record(
        actor=actor,
        action="staff.enable" if active else "staff.disable",
        target=user,
        request=request,
    )


@transaction.atomic
def user_password_change(
    *, user: User, new_password: str, request: HttpRequest
) -> None:
    """Set a new password (already validated by the form) and keep the session."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    auth.update_session_auth_hash(request, user)
    audit_record(
        actor=user, action="auth.password.change", target=user, request=request
    )


# Sign-in ------------------------------------------------------------------------------


def _unlocked(now: dt.datetime) -> Q:
    return Q(locked_until__isnull=True) | Q(locked_until__lte=now)


def _locked_now(user: User) -> bool:
    now = timezone.now()
    return not User.objects.filter(_unlocked(now), pk=user.pk).exists()


def _failure_register(*, user: User, reason: str, request: HttpRequest) -> bool:
    """Count one failed step; returns True when this failure locked the account.

    1. Add one to the counter, only while the account is not locked (a locked
       account's counter does not move).
    2. Lock when the counter reached the limit, only while still unlocked, and start
       the counter again; of concurrent failures only one can match this UPDATE.
    Both run in one transaction with their audit events.
    """
    now = timezone.now()
    limit = settings.LOGIN_MAX_FAILURES
    minutes = settings.LOGIN_LOCK_MINUTES
    with transaction.atomic():
        counted = (
            User.objects.filter(_unlocked(now), pk=user.pk).update(
                failed_logins=F("failed_logins") + 1, locked_until=None
            )
            == 1
        )
        locked = (
            counted
            and User.objects.filter(
                _unlocked(now), pk=user.pk, failed_logins__gte=limit
            ).update(failed_logins=0, locked_until=now + dt.timedelta(minutes=minutes))
            == 1
        )
        audit_record(
            actor=user,
            action="auth.login.failed",
            target=user,
            outcome=Outcome.FAILURE,
            detail={"reason": reason if counted else "locked"},
            request=request,
        )
        if locked:
            audit_record(
                actor=user,
                action="auth.lockout",
                target=user,
                outcome=Outcome.SUCCESS,
                detail={"failures": limit, "minutes": minutes},
                request=request,
            )
    return locked


def login_password_check(*, username: str, password: str, request: HttpRequest) -> User:
    """First step: the password. Returns the staff member, or raises LoginRefused.

    1. An unknown name, a wrong password, a disabled or locked account all give the
       same refusal (INVALID), after the same password-hashing work, so the answer
       does not tell whether the name exists.
    2. A wrong password counts towards the lock (a locked account's does not).
    3. A citizen with the right password is told to use 爱山东 (CITIZEN).
    Success is not audited here: the sign-in is recorded after the second factor.
    """
    user = user_by_username(username=username.strip())
    if user is None:
        User().set_password(password)  # the same hashing time as a real check
        audit_record(
            actor=redact(username.strip())[:150] or "（空）",
            action="auth.login.failed",
            object_type="accounts.user",
            outcome=Outcome.FAILURE,
            detail={"reason": "unknown-user"},
            request=request,
        )
        raise LoginRefused(LoginRefused.INVALID)
    password_ok = user.check_password(password)
    if user.is_locked():
        audit_record(
            actor=user,
            action="auth.login.failed",
            target=user,
            outcome=Outcome.DENIED,
            detail={"reason": "locked"},
            request=request,
        )
        raise LoginRefused(LoginRefused.INVALID)
    if not password_ok:
        _failure_register(user=user, reason="password", request=request)
        raise LoginRefused(LoginRefused.INVALID)
    if not user.is_active:
        audit_record(
            actor=user,
            action="auth.login.failed",
            target=user,
            outcome=Outcome.DENIED,
            detail={"reason": "inactive"},
            request=request,
        )
        raise LoginRefused(LoginRefused.INVALID)
    if user.role not in STAFF_ROLES:
        audit_record(
            actor=user,
            action="auth.login.failed",
            target=user,
            outcome=Outcome.DENIED,
            detail={"reason": "citizen"},
            request=request,
        )
        raise LoginRefused(LoginRefused.CITIZEN)
    return user


def _login_complete(*, request: HttpRequest, user: User, device: TOTPDevice) -> None:
    """Clear the counter (only if still unlocked), open the session, audit."""
    now = timezone.now()
    cleared = User.objects.filter(_unlocked(now), pk=user.pk).update(
        failed_logins=0, locked_until=None
    )
    if cleared != 1:
        raise LoginRefused(LoginRefused.LOCKED)
    auth.login(request, user, backend=BACKEND)
    django_otp.login(request, device)
    audit_record(
        actor=user,
        action="auth.login",
        target=user,
        detail={"role": user.role, "device": device.persistent_id},
        request=request,
    )


def login_token_verify(*, request: HttpRequest, user: User, token: str) -> None:
    """Second step: the TOTP code of the user's device; signs the user in.

    Raises LoginRefused: ENROL without a confirmed device, LOCKED when the account is
    or becomes locked, INVALID for a wrong (or replayed, or throttled) code.
    """
    device = user_totp_device(user=user)
    if device is None:
        raise LoginRefused(LoginRefused.ENROL)
    if _locked_now(user):
        raise LoginRefused(LoginRefused.LOCKED)
    verified = django_otp.verify_token(user, device.persistent_id, token)
    if verified is None:
        locked = _failure_register(user=user, reason="otp", request=request)
        raise LoginRefused(LoginRefused.LOCKED if locked else LoginRefused.INVALID)
    with transaction.atomic():
        _login_complete(request=request, user=user, device=verified)


@transaction.atomic
def login_enrol_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device a staff member is enrolling (created once, then kept,
    so that reloading the page does not invalidate a QR code already scanned)."""
    device = user_totp_device(user=user, confirmed=False)
    if device is not None:
        return device
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    audit_record(
        actor=user,
        action="auth.totp.enrol.start",
        target=user,
        detail={"device": device.persistent_id},
    )
    return device


def login_enrol_confirm(*, request: HttpRequest, user: User, token: str) -> None:
    """Confirm the device being enrolled with a code from it; signs the user in.

    Raises LoginRefused as `login_token_verify` does; INVALID also when there is no
    device being enrolled, or one was confirmed meanwhile.
    """
    device = user_totp_device(user=user, confirmed=False)
    if device is None or user_totp_device(user=user) is not None:
        raise LoginRefused(LoginRefused.INVALID)
    if _locked_now(user):
        raise LoginRefused(LoginRefused.LOCKED)
    verified = django_otp.verify_token(user, device.persistent_id, token)
    if verified is None:
        locked = _failure_register(user=user, reason="otp-enrol", request=request)
        raise LoginRefused(LoginRefused.LOCKED if locked else LoginRefused.INVALID)
    with transaction.atomic():
        verified.confirmed = True
        verified.save(update_fields=["confirmed"])
        audit_record(
            actor=user,
            action="auth.totp.enrol",
            target=user,
            detail={"device": verified.persistent_id},
            request=request,
        )
        _login_complete(request=request, user=user, device=verified)


def user_logout(*, request: HttpRequest) -> None:
    """End the session (staff or citizen); audited when someone was signed in."""
    user = request.user
    if user.is_authenticated:
        audit_record(
            actor=user,
            action="auth.logout",
            target=user,  # type: ignore[arg-type]
            request=request,
        )
    auth.logout(request)
