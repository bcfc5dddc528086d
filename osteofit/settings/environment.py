"""Every environment variable OsteoFit reads, parsed and checked in one place.

A bad value raises `ConfigurationError` naming the variable, so the process stops at start-up
with one clear line (see `osteofit.startup`) instead of failing later, deep inside Django.
"""

from __future__ import annotations

import os
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(ImproperlyConfigured):
    """A setting read from the environment is missing or malformed."""


def text(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ConfigurationError(f"{name} must be set in the environment.")
    return value


def flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}.")


def integer(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from None


def names(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def origins(name: str) -> list[str]:
    """Web origins (scheme, host and port, no path), comma-separated; none by default."""
    found = names(name, [])
    for origin in found:
        parts = urlsplit(origin)
        if (
            parts.scheme not in {"http", "https"}
            or not parts.hostname
            or parts.path
            or parts.query
            or parts.fragment
        ):
            raise ConfigurationError(
                f"{name} holds origins such as https://app.example.com (no path), not {origin!r}."
            )
    return found


def database(name: str = "DATABASE_URL", default: str | None = None) -> dict:
    """Parse a database URL (postgres://, sqlite:///) into a DATABASES entry."""
    url = text(name, default)
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in environ.Env.DB_SCHEMES or scheme not in _SUPPORTED_DATABASES:
        raise ConfigurationError(
            f"{name} is not a database URL OsteoFit understands: {_redact(url)!r} "
            "(expected postgres://user@host:port/name or sqlite:///path)."
        )
    try:
        config = environ.Env.db_url_config(url)
    except Exception as error:  # django-environ raises a mix of errors for bad URLs
        raise ConfigurationError(
            f"{name} could not be parsed ({error}): {_redact(url)!r}"
        ) from None
    if not config.get("NAME"):
        raise ConfigurationError(f"{name} names no database: {_redact(url)!r}.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable server fails a request in seconds (a friendly 503), not after the
        # operating system's TCP timeout of minutes. A ?connect_timeout= in the URL wins.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", integer("DATABASE_CONNECT_TIMEOUT", 5))
    return config


_SUPPORTED_DATABASES = {"postgres", "postgresql", "pgsql", "psql", "sqlite"}


def mailer(name: str = "EMAIL_URL", default: str | None = None) -> dict:
    """Parse an email URL into a MAILERS entry.

    smtp://user:password@host:587 (STARTTLS with smtp+tls://, implicit TLS with smtps://),
    file:///path/to/outbox, console:, memory:.
    """
    url = text(name, default)
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme in {"smtp", "smtp+tls", "smtps", "smtp+ssl"}:
        if not parts.hostname:
            raise ConfigurationError(f"{name} names no mail server host: {_redact(url)!r}.")
        options = {
            "host": parts.hostname,
            "port": parts.port or (465 if parts.scheme in {"smtps", "smtp+ssl"} else 587),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme == "smtp+tls",
            "use_ssl": parts.scheme in {"smtps", "smtp+ssl"},
            "timeout": int(query.get("timeout", "10")),
        }
        return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    if parts.scheme == "file":
        path = unquote(parts.path)
        if not path:
            raise ConfigurationError(f"{name} names no outbox folder: {url!r}.")
        return {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": path},
        }
    if parts.scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "memory":
        return {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    raise ConfigurationError(
        f"{name} is not an email URL OsteoFit understands: {_redact(url)!r} "
        "(expected smtp://, smtp+tls://, smtps://, file:///folder, console: or memory:)."
    )


def trusted_proxies(name: str = "TRUSTED_PROXIES") -> int:
    """How many proxies of our own stand in front of the site (load balancer, TLS terminator).

    0, the default, trusts no `X-Forwarded-*` header: the client is the connection's address.
    With n, the client is the n-th address from the right of `X-Forwarded-For`, and
    `X-Forwarded-Proto` says whether the visitor used HTTPS.
    """
    count = integer(name, 0)
    if count < 0:
        raise ConfigurationError(f"{name} must be 0 or more, not {count}.")
    return count


def https_url(name: str) -> str:
    """A required https:// address with a host, without a trailing slash (production)."""
    url = text(name).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigurationError(
            f"{name} must be the site's public https:// address (links in emails use it), "
            f"not {url!r}."
        )
    return url


def sender_address(name: str) -> str:
    """A required From address on a real domain, e.g. `OsteoFit <hello@osteofit.example>`."""
    value = text(name).strip()
    address = parseaddr(value)[1]
    domain = address.rpartition("@")[2].lower().rstrip(".")
    if address.count("@") != 1 or "." not in domain or domain.endswith(_LOCAL_DOMAINS):
        raise ConfigurationError(
            f"{name} must be the address the site's email comes from, on a real domain "
            f"(e.g. OsteoFit <hello@osteofit.example>), not {value!r}."
        )
    return value


_LOCAL_DOMAINS = (".localhost", ".local", ".localdomain", ".invalid")


def redis_url(name: str = "REDIS_URL") -> str | None:
    url = os.environ.get(name, "").strip()
    if not url:
        return None
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ConfigurationError(
            f"{name} must be a redis://host:port/db URL, not {_redact(url)!r}."
        )
    return url


def redis_database_number(url: str) -> int:
    """The database number in a redis:// URL (0 when it names none)."""
    path = urlsplit(url).path.strip("/")
    return int(path) if path.isdigit() else 0


def redis_database(url: str, number: int) -> str:
    """The same Redis server with another database number, e.g. for the cache beside the broker."""
    parts = urlsplit(url)
    return parts._replace(path=f"/{number}").geturl()


def _redact(url: str) -> str:
    """Hide a password so an error message never prints a secret."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
