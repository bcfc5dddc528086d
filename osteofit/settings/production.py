"""Production: stateless web and worker processes configured wholly from the environment.

Secrets have no defaults here, so a missing SECRET_KEY or DATABASE_URL stops the process.
"""

from osteofit.settings import environment as env
from osteofit.settings.base import *  # noqa: F403
from osteofit.settings.base import (
    CONTENT_SECURITY_POLICY,
    LOCAL_SECRET_KEY,
    TRUSTED_PROXIES,
    headless_frontend_urls,
)

SECRET_KEY = env.text("SECRET_KEY")
if SECRET_KEY == LOCAL_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
    raise env.ConfigurationError("SECRET_KEY is a development key; set a secret one.")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise env.ConfigurationError("SECRET_KEY must be at least 50 characters of random text.")
DEBUG = env.flag("DEBUG", False)
if DEBUG:
    raise env.ConfigurationError("DEBUG must be off in production (it shows code and settings).")
ALLOWED_HOSTS = env.names("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise env.ConfigurationError("ALLOWED_HOSTS must list the site's host names.")

DATABASES = {"default": env.database()}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.integer("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

MAILERS = {"default": env.mailer()}
# Links in emails must reach the site, over HTTPS (mail providers require it for one-click
# unsubscribe), and mail must come from the site's real domain, not the local default.
SITE_URL = env.https_url("SITE_URL")
HEADLESS_FRONTEND_URLS = headless_frontend_urls(SITE_URL)
DEFAULT_FROM_EMAIL = env.sender_address("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

if TRUSTED_PROXIES:
    # Only a proxy of our own may say the visitor used HTTPS; with none, anyone could.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CSP = CONTENT_SECURITY_POLICY
SECURE_CSP_REPORT_ONLY = {}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
