"""Settings for ALS Care, read from the environment.

With nothing set the portal runs on SQLite with development defaults. Production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only ever used on a developer's machine: production refuses to start without a key.
    SECRET_KEY = "development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "csp",
    "simple_history",
    "pgtrigger",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks",
    "django_tasks_db",
    "alscare.guide",
    "alscare.accounts",
    "alscare.diary",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Guide pages this process already holds, answered before the rest of the stack runs.
    "alscare.guide.page_cache.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "alscare.privacy.PrivateResponseMiddleware",
    "alscare.staff_mfa.StaffMFAMiddleware",
]

ROOT_URLCONF = "alscare.urls"
WSGI_APPLICATION = "alscare.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# allauth's rate limits (failed logins, password resets) live in the default cache, so in
# production every app server must count in the same place: Redis when REDIS_URL is set,
# otherwise a table in the database (`manage.py createcachetable`). Only development keeps
# a cache per process; the deploy check alscare.E001 refuses one in production.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
elif not DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "alscare_cache",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "diary:index"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# ACCOUNT_USER_MODEL_USERNAME_FIELD stays at its default: Django's User keeps its unique
# username, which allauth fills from the email address, since people sign up and log in by
# email only. Setting it to None made every signup after the first fail.
# Mandatory verification is what lets sign-up answer a known address exactly as an unknown
# one ("we sent you an email"): having an account on an ALS portal is health information.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "alscare.accounts.adapter.AccountAdapter"
# allauth's forms in the portal's words (alscare/accounts/forms.py).
ACCOUNT_FORMS = {
    name: f"alscare.accounts.forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
    }.items()
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# allauth limits logins per client address. Production runs behind one proxy (see
# SECURE_PROXY_SSL_HEADER), whose address every request would otherwise share: ten failed
# logins by one person would then lock everybody out. Set TRUSTED_PROXY_COUNT to the number
# of proxies in front of the app (0 if none).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0 if DEBUG else 1)

# Passkeys: sign in with a fingerprint, face or device PIN instead of typing a password,
# which matters to people whose hands or voice are failing.
MFA_SUPPORTED_TYPES = ["webauthn", "totp", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
# Browsers only offer passkeys on https, or on http://localhost during development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Clinic staff open the admin only with a passkey or an authenticator app (TOTP) on their
# account. Off in development, so the demo editor logs in with just a password.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", not DEBUG)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ALS Care <no-reply@localhost>")

# Mail is sent by a worker (`manage.py db_worker`), never inside a request: alscare.mail
# queues it in the database when the request's transaction commits.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True
# Dates read like the rest of the site ("20 November 2026"), in the admin too.
FORMAT_MODULE_PATH = ["alscare.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Every form draws its fields through one template (templates/forms/field.html).
FORM_RENDERER = "alscare.forms.PortalFormRenderer"

# Nothing is loaded from another host: a third party must never learn who reads about ALS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SESSION_COOKIE_HTTPONLY = True
# Messages name the patient ("The diary for ... is ready"): keep them in the session on the
# server, not in the readable (signed, not encrypted) cookie Django uses by default.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# How long after a review the next one falls due, in months (staff can change it per item).
GUIDE_REVIEW_INTERVAL_MONTHS = env_int("GUIDE_REVIEW_INTERVAL_MONTHS", 12)
GUIDE_CONTENT_DIR = BASE_DIR / "content"

# Error reports (technical 500 pages, emails to ADMINS) of signed-in pages show no POST
# values and no local variables: they could hold diary notes and ratings.
DEFAULT_EXCEPTION_REPORTER_FILTER = "alscare.diary.error_reports.HealthDataExceptionReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies and diary text must never reach logs; Django's request logger only
        # logs the path and status, which is all we keep.
        "django.request": {"level": "ERROR"},
    },
}

# The portal's own address, for links in mail the task worker sends outside any request
# (diary reminders and their unsubscribe link).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
