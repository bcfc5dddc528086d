"""Settings shared by every mode. local, production and test change only what differs."""

import base64
import hashlib

from django.utils.csp import CSP

from osteofit.settings import environment as env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR

LOCAL_SECRET_KEY = "local-only-insecure-key-change-me"  # production refuses it
SECRET_KEY = env.text("SECRET_KEY", LOCAL_SECRET_KEY)
DEBUG = env.flag("DEBUG", False)
ALLOWED_HOSTS = env.names("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.names("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "osteofit.accounts",
    "exercises",
    "tracking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "osteofit.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "osteofit.middleware.PrivateAnswersMiddleware",
    # Before anything that may answer on its own (the body checks, CommonMiddleware), so a
    # preflight is answered, and every API answer carries its CORS headers; after
    # PrivateAnswersMiddleware, so the preflight's answer is marked like any other.
    "corsheaders.middleware.CorsMiddleware",
    "osteofit.middleware.ApiTrailingSlashMiddleware",
    "osteofit.middleware.FormBodiesOnlyMiddleware",
    "osteofit.middleware.JsonNestingLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "osteofit.middleware.SessionEndedMiddleware",
    "osteofit.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After AccountMiddleware: a session opened by a reminder's link reaches today's session only.
    "osteofit.limited_session.LimitedSessionMiddleware",
]

ROOT_URLCONF = "osteofit.urls"
WSGI_APPLICATION = "osteofit.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
            "libraries": {
                "drafts": "osteofit.drafts",
                "form_errors": "osteofit.form_errors",
                "lifetimes": "osteofit.accounts.lifetimes",
            },
        },
    },
]

DATABASES = {"default": env.database(default=f"sqlite:///{VAR_DIR / 'osteofit.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.integer("CONN_MAX_AGE", 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.redis_url()
# The cache gets its own Redis database (CACHE_URL, by default the one after the broker's), so
# clearing it never drops queued tasks, and two copies on different REDIS_URL databases (CI,
# a developer's test run) never share or clear each other's cache.
CACHE_URL = env.redis_url("CACHE_URL") or (
    REDIS_URL and env.redis_database(REDIS_URL, env.redis_database_number(REDIS_URL) + 1)
)
if CACHE_URL:
    # Redis down must not take pages down: osteofit.resilient_cache carries on in local memory,
    # and the short timeouts make a hung Redis cost half a second now and then, not every request.
    CACHES = {
        "default": {
            "BACKEND": "osteofit.resilient_cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "RETRY_AFTER": 5,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Content Security Policy (Django's own). Scripts only from this site or carrying the
# request's nonce (`<script nonce="{{ csp_nonce }}">`); the one inline handler the pages use,
# the print buttons' `window.print()`, is allowed by its hash. Styles allow inline attributes
# (the admin and the API docs set them). Local and test runs send it as Report-Only, so a
# violation shows in the browser console without breaking anything; production enforces it.
_PRINT_HANDLER = base64.b64encode(hashlib.sha256(b"window.print()").digest()).decode()
CONTENT_SECURITY_POLICY = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, CSP.UNSAFE_HASHES, f"'sha256-{_PRINT_HANDLER}'"],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CSP_REPORT_ONLY = CONTENT_SECURITY_POLICY
SECURE_REFERRER_POLICY = "same-origin"
# Browser features no OsteoFit page uses, refused for the site and anything it could embed
# (osteofit.middleware.PermissionsPolicyMiddleware sends it on every answer). Only features
# Chromium recognises, so its console stays free of warnings.
PERMISSIONS_POLICY = [
    "accelerometer", "autoplay", "browsing-topics",
    "camera", "display-capture", "encrypted-media", "gamepad", "geolocation", "gyroscope",
    "hid", "identity-credentials-get", "idle-detection", "local-fonts", "magnetometer",
    "microphone", "midi", "otp-credentials", "payment", "picture-in-picture",
    "publickey-credentials-create", "publickey-credentials-get", "screen-wake-lock", "serial",
    "storage-access", "usb", "window-management", "xr-spatial-tracking",
]  # fmt: skip
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, taking the person loaded with the session (osteofit.sessions:
# session and user in one query; a session of the old backends' names is read as these).
SESSION_ENGINE = "osteofit.sessions"
AUTHENTICATION_BACKENDS = [
    "osteofit.sessions.SessionUserBackend",
    "osteofit.sessions.SessionAuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "tracking:dashboard"

# django-allauth: email is the login, confirmed before the account can be used.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# A short code in the email works the same in the browser and in an app.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OsteoFit] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "request_login_code": "20/m/ip,3/m/key",
}
# Sign-up answers the same, as fast, whether or not the address is taken, and the app's
# sign-up checks the password against the email like the page does (osteofit.accounts).
ACCOUNT_ADAPTER = "osteofit.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "osteofit.accounts.forms.SignupForm"
# Every allauth form a person meets, with labels in our words.
ACCOUNT_FORMS = {
    name: f"osteofit.accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
        "request_login_code": "RequestLoginCodeForm",
        "confirm_login_code": "ConfirmLoginCodeForm",
        "confirm_email_verification_code": "ConfirmEmailVerificationCodeForm",
    }.items()
}
# Sensitive actions (adding, removing or choosing an email address; the export, deletion and the
# calendar address) need the password given again within the last five minutes.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.text("STATIC_ROOT", str(VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.text("MEDIA_ROOT", str(VAR_DIR / "media"))

MAILERS = {"default": env.mailer(default=f"file://{VAR_DIR / 'outbox'}")}
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "OsteoFit <hello@osteofit.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Proxies of our own in front of the site (TRUSTED_PROXIES, default 0: none). One number for
# everything that asks who the client is: DRF's throttles (NUM_PROXIES below), allauth's rate
# limits, /health/'s loopback check, and, in production, whether X-Forwarded-Proto is believed.
TRUSTED_PROXIES = env.trusted_proxies()
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES

# allauth's headless API (/_allauth/app/v1/...) for phone apps and scripts; its emails link to
# the browser pages, which work for everyone.
HEADLESS_CLIENTS = ("app", "browser")
HEADLESS_TOKEN_STRATEGY = "osteofit.sessions.SessionTokenStrategy"  # one load per token
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_SPECIFICATION_TEMPLATE_NAME = "headless/spec/swagger_local.html"  # no outside hosts


def headless_frontend_urls(site_url: str) -> dict[str, str]:
    """Where allauth's headless emails send people (production recomputes it from its URL)."""
    return {
        "account_confirm_email": f"{site_url}/accounts/confirm-email/{{key}}/",
        "account_reset_password_from_key": f"{site_url}/accounts/password/reset/key/{{key}}/",
        "account_signup": f"{site_url}/accounts/signup/",
    }


HEADLESS_FRONTEND_URLS = headless_frontend_urls(SITE_URL)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: its challenge makes "not signed in" a 401 (osteofit.api_auth).
        "osteofit.api_auth.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "osteofit.api_errors.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bodies only, and pages that refuse nonsense: every new view gets both by default.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "osteofit.api_input.StrictPageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "600/minute"},
    # 0: X-Forwarded-For is ignored, so a made-up one cannot dodge the anonymous throttle.
    "NUM_PROXIES": TRUSTED_PROXIES,
}
# Cross-origin calls (a web front-end on another origin): only from CORS_ALLOWED_ORIGINS (none
# by default), only to the API and allauth's headless API, with a session token, never a cookie.
CORS_ALLOWED_ORIGINS = env.origins("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/(api|_allauth)/"
CORS_ALLOW_HEADERS = [
    "x-session-token",
    "idempotency-key",
    "if-match",
    "if-none-match",
    "content-type",
]
CORS_EXPOSE_HEADERS = ["ETag", "Location", "Retry-After", "Idempotent-Replayed"]
CORS_ALLOW_CREDENTIALS = False

SPECTACULAR_SETTINGS = {
    "TITLE": "OsteoFit API",
    "DESCRIPTION": "Exercise catalogue, programs, session logs and progress for OsteoFit.",
    "VERSION": "1.0.0",
    "COMPONENT_SPLIT_REQUEST": True,
    # The export shows two "kind"s and a "status" of the models' own choices: named by model.
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "tracking.models.EventKind",
        "DeliveryKindEnum": "tracking.models.DeliveryKind",
        "DeliveryStatusEnum": "tracking.models.DeliveryStatus",
        # Training days and the weekly summary's day: one set of weekday codes.
        "WeekdayEnum": "tracking.schedule.WEEKDAY_CODES",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Tags and operation ids from the path after the version: "program", "sessions_create".
    "SCHEMA_PATH_PREFIX": r"/api/v1/",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "osteofit.schema.postprocess",
    ],
    # The one security scheme, SessionToken, comes from the authentication class's extension.
}

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport under var/, so a
# laptop runs worker and beat with no broker server at all.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if REDIS_URL:
    # A Redis that hangs fails a publish within seconds instead of holding the caller.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 10}
else:
    _queue = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers and beat wait out a broker outage of any length (Celery's default gives up after 100
# tries, about three quarters of an hour) and carry on when it returns.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TIMEZONE = "UTC"
REMINDER_SWEEP_SECONDS = env.integer("REMINDER_SWEEP_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-reminders": {
        "task": "tracking.tasks.dispatch_due_reminders",
        "schedule": REMINDER_SWEEP_SECONDS,
        # A sweep that waited longer than its interval is superseded by the next one.
        "options": {"expires": REMINDER_SWEEP_SECONDS},
    },
    "forget-expired-link-uses": {
        "task": "tracking.tasks.forget_expired_link_uses",
        "schedule": 60 * 60,
        "options": {"expires": 60 * 60},
    },
    # Deleted sessions' traces, kept for syncing apps, go after tracking.services'
    # SESSION_TRACE_DAYS.
    "forget-deleted-sessions": {
        "task": "tracking.tasks.forget_deleted_sessions",
        "schedule": 60 * 60,
        "options": {"expires": 60 * 60},
    },
}
# Where beat remembers when each entry last ran; the one beat process must be able to write it.
CELERY_BEAT_SCHEDULE_FILENAME = env.text(
    "BEAT_SCHEDULE_FILE", str(VAR_DIR / "celery" / "beat-schedule")
)

# Secret-bearing paths (/r/..., /calendar/..., /share/...) are redacted in every line: on the
# loggers that write request paths (so each of their handlers sees the redacted record) and on
# the console handler, for whatever else reaches it. gunicorn's: osteofit/gunicorn.py.
_REDACTED = ["secrets_redacted"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secrets_redacted": {"()": "osteofit.secret_paths.SecretsRedacted"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": _REDACTED}
    },
    "loggers": {
        "django.request": {"filters": _REDACTED},
        "django.security.csrf": {"filters": _REDACTED},
        # runserver's request lines (`make run`); its own handler is replaced by ours.
        "django.server": {"filters": _REDACTED, "handlers": ["console"], "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
}
