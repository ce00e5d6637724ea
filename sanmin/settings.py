"""Sanmin settings, read from the environment.

Every value has a safe default for a laptop; production sets SANMIN_ENV=production,
which turns the defaults strict (no simulators, DEBUG off, secure cookies).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


PRODUCTION = env_str("SANMIN_ENV", "development") == "production"
DATA_DIR = Path(env_str("SANMIN_DATA_DIR", str(Path.cwd() / "var")))

SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else "dev-only-not-secret")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "sanmin.admin_site.SanminAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "sanmin.core",
    "sanmin.accounts",
    "sanmin.audit",
    "sanmin.campaigns",
    "sanmin.identity",
    "sanmin.representatives",
    "sanmin.reporting",
    "sanmin.evaluation",
    "sanmin.suggestions",
    "sanmin.surveys",
    "sanmin.notifications",
    "sanmin.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "sanmin.accounts.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sanmin.core.middleware.CareModeMiddleware",
]

ROOT_URLCONF = "sanmin.urls"
WSGI_APPLICATION = "sanmin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sanmin.core.context_processors.site",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
        config["CONN_HEALTH_CHECKS"] = True
        if config["ENGINE"] == "django.db.backends.postgresql":
            config["ENGINE"] = "sanmin.core.postgresql"  # a cheaper health check
        return dict(config)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("SQLITE_PATH", str(DATA_DIR / "sanmin.sqlite3")),
        "OPTIONS": {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write
            # lock at BEGIN so concurrent writers queue instead of failing mid-way.
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=10000;PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["sanmin.accounts.backends.AccountBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sign-in lockout: this many failures within the window lock the account.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)
OTP_TOTP_ISSUER = "三民平台"

# One language, so no LocaleMiddleware: it negotiated nothing on every request.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Upload limits, checked before anything is stored.
UPLOAD_MAX_VIDEO_MB = env_int("UPLOAD_MAX_VIDEO_MB", 500)
UPLOAD_MAX_PDF_MB = env_int("UPLOAD_MAX_PDF_MB", 20)
UPLOAD_MAX_SHEET_MB = env_int("UPLOAD_MAX_SHEET_MB", 20)
# 云征集: attachments of a suggestion, and handling deadlines.
UPLOAD_MAX_ATTACHMENT_MB = env_int("UPLOAD_MAX_ATTACHMENT_MB", 10)
SUGGESTION_MAX_ATTACHMENTS = env_int("SUGGESTION_MAX_ATTACHMENTS", 5)
SUGGESTION_DEADLINE_DAYS = env_int("SUGGESTION_DEADLINE_DAYS", 15)
SUGGESTION_DUE_SOON_HOURS = env_int("SUGGESTION_DUE_SOON_HOURS", 72)
# 云评议: a window closes this many hours after it opens (the office may move it).
EVALUATION_WINDOW_HOURS = env_int("EVALUATION_WINDOW_HOURS", 24)
# Suspicious patterns: more than VOTERS representatives from one device or network
# within MINUTES, or a ballot cast within SECONDS of its window opening.
EVALUATION_PATTERN_VOTERS = env_int("EVALUATION_PATTERN_VOTERS", 5)
EVALUATION_PATTERN_MINUTES = env_int("EVALUATION_PATTERN_MINUTES", 10)
EVALUATION_PATTERN_SECONDS = env_int("EVALUATION_PATTERN_SECONDS", 60)
# Audit log: events are spread over this many hash chains ("lanes"), each locked on
# its own on PostgreSQL, so concurrent writers do not wait for each other's commits.
# SQLite writes lane 0 only (its writers are serial anyway). See sanmin/audit.
AUDIT_LANES = env_int("AUDIT_LANES", 8)
# Seconds between rounds of `sanmin scheduler` (reminders due, outbox sweep).
SCHEDULER_INTERVAL = env_int("SCHEDULER_INTERVAL", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Database sessions, read with the signed-in user in one plain statement
# (sanmin/accounts/sessions.py, middleware.py).
SESSION_ENGINE = "sanmin.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Personal data: the key file holds the data key and the look-up key (base64).
SANMIN_KEY_FILE = env_str("SANMIN_KEY_FILE", str(DATA_DIR / "keys.json"))
SANMIN_CIPHER = env_str("SANMIN_CIPHER", "sanmin.core.crypto.AesGcmCipher")

# 爱山东 identity provider: "simulator" (local, offline) or "aishandong" (real).
# See sanmin/identity/providers/aishandong.py for the protocol and every name below.
IDENTITY_PROVIDER = env_str(
    "IDENTITY_PROVIDER", "aishandong" if PRODUCTION else "simulator"
)
# Seconds a sign-in may take between /identity/start/ and the callback.
IDENTITY_STATE_MAX_AGE = env_int("IDENTITY_STATE_MAX_AGE", 600)
AISHANDONG_SIMULATOR_ENABLED = env_bool("AISHANDONG_SIMULATOR_ENABLED", not PRODUCTION)
# How the simulator adapter reaches the simulator's ticket and user-info endpoints:
# "http" (a real request; the server needs more than one worker or thread) or
# "local" (the same handlers called in-process, for the test client).
AISHANDONG_SIMULATOR_TRANSPORT = env_str("AISHANDONG_SIMULATOR_TRANSPORT", "http")
# Origin the server uses to reach the simulator; empty: the host of the request.
AISHANDONG_SIMULATOR_URL = env_str("AISHANDONG_SIMULATOR_URL", "")
AISHANDONG_BASE_URL = env_str("AISHANDONG_BASE_URL", "")
AISHANDONG_APP_MARK = env_str("AISHANDONG_APP_MARK", "sanmin")
AISHANDONG_APP_SECRET = env_str("AISHANDONG_APP_SECRET", "")
AISHANDONG_MIN_LEVEL = env_int("AISHANDONG_MIN_LEVEL", 3)
AISHANDONG_TIMEOUT = env_int("AISHANDONG_TIMEOUT", 10)
AISHANDONG_LOGIN_PATH = env_str("AISHANDONG_LOGIN_PATH", "/sso/login")
AISHANDONG_TOKEN_PATH = env_str("AISHANDONG_TOKEN_PATH", "/sso/ticket/token")
AISHANDONG_USERINFO_PATH = env_str("AISHANDONG_USERINFO_PATH", "/sso/user/info")
AISHANDONG_LOGOUT_PATH = env_str("AISHANDONG_LOGOUT_PATH", "")
# Overrides of parameter and field names, "ours=theirs" pairs separated by commas,
# e.g. "return_url=redirectUrl,app_mark=appId" / "level=authLevel,phone=phoneNo".
AISHANDONG_REQUEST_PARAMS = env_str("AISHANDONG_REQUEST_PARAMS", "")
AISHANDONG_RESPONSE_FIELDS = env_str("AISHANDONG_RESPONSE_FIELDS", "")
AISHANDONG_SUCCESS_CODES = env_str("AISHANDONG_SUCCESS_CODES", "0,200")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "sanmin.core.logging.RedactPersonalData"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Refusals are recorded in the audit log; a traceback per 403 is noise.
        "django.request": {"level": "ERROR"},
    },
}

# SMS (sanmin/notifications): "console" writes what would be sent to the log and to
# DATA_DIR/sms-outbox.jsonl; "aliyun" sends through Alibaba Cloud SMS (SendSms).
SMS_GATEWAY = env_str("SMS_GATEWAY", "console")
SMS_ACCESS_KEY_ID = env_str("SMS_ACCESS_KEY_ID")
SMS_ACCESS_KEY_SECRET = env_str("SMS_ACCESS_KEY_SECRET")
SMS_SIGN_NAME = env_str("SMS_SIGN_NAME", "青岛市人民政府办公厅")
SMS_ENDPOINT = env_str("SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
SMS_REGION_ID = env_str("SMS_REGION_ID", "cn-hangzhou")
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 10)
# The provider's approved template id for each of our codes, "code=id" pairs:
# "ballot_receipt=SMS_1,evaluation_reminder=SMS_2,evaluation_reminder_closing=SMS_3".
SMS_TEMPLATE_IDS = env_str("SMS_TEMPLATE_IDS", "")
# The console gateway's file; empty: DATA_DIR/sms-outbox.jsonl.
SMS_OUTBOX_FILE = env_str("SMS_OUTBOX_FILE", "")
# No reminders in these local hours ("HH:MM-HH:MM", may wrap midnight; empty: none).
SMS_QUIET_HOURS = env_str("SMS_QUIET_HOURS", "21:30-08:00")
SMS_TIME_ZONE = env_str("SMS_TIME_ZONE", "Asia/Shanghai")
# At most this many messages to one number within an hour; the rest wait.
SMS_RATE_PER_HOUR = env_int("SMS_RATE_PER_HOUR", 5)
# Provider errors that may pass are retried this often, waiting RETRY × 2^n seconds.
SMS_MAX_ATTEMPTS = env_int("SMS_MAX_ATTEMPTS", 5)
SMS_RETRY_SECONDS = env_int("SMS_RETRY_SECONDS", 60)
# A message claimed longer ago than this without an answer is marked failed (its
# worker died; whether it went out is unknown, so it is not sent again).
SMS_SENDING_TIMEOUT = env_int("SMS_SENDING_TIMEOUT", 600)
# A queued message whose send task has not run after this many seconds is enqueued
# again by the sweep.
SMS_REQUEUE_SECONDS = env_int("SMS_REQUEUE_SECONDS", 300)
# Secret path segment of the delivery-report endpoint /notifications/reports/<token>/
# (the provider's HTTP push); empty: the endpoint answers 404.
SMS_REPORT_TOKEN = env_str("SMS_REPORT_TOKEN", "")
# 评议提醒: minutes after a window opens and before it closes, comma-separated.
REMINDER_AFTER_OPEN_MINUTES = env_str("REMINDER_AFTER_OPEN_MINUTES", "30,120")
REMINDER_BEFORE_CLOSE_MINUTES = env_str("REMINDER_BEFORE_CLOSE_MINUTES", "60")

# Benchmark mode (`sanmin bench ballots` sets it on its own server only): mounts the
# bare insert endpoint of sanmin/bench/urls.py. Never on in production.
SANMIN_BENCH = env_bool("SANMIN_BENCH", False) and not PRODUCTION
