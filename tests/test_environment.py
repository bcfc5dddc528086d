"""Settings come from environment variables, and a bad one stops start-up with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from osteofit.settings import environment as env

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def environ(monkeypatch):
    for name in ("DATABASE_URL", "EMAIL_URL", "REDIS_URL", "DEBUG", "ALLOWED_HOSTS", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_postgres_url_becomes_a_postgresql_database(environ):
    environ.setenv("DATABASE_URL", "postgres://osteo:s3cret@db.internal:6543/osteofit")
    config = env.database()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("osteofit", "osteo", "s3cret")
    assert (config["HOST"], config["PORT"]) == ("db.internal", 6543)


def test_without_a_database_url_the_default_is_used(environ):
    config = env.database(default="sqlite:////tmp/osteofit.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/osteofit.sqlite3"


@pytest.mark.parametrize("url", ["not a url", "mysql2://x@y/z", "postgres://host-only", ""])
def test_a_malformed_database_url_is_refused_naming_the_variable(environ, url):
    environ.setenv("DATABASE_URL", url)
    with pytest.raises(env.ConfigurationError, match="DATABASE_URL"):
        env.database()


def test_a_refused_url_never_shows_its_password(environ):
    environ.setenv("DATABASE_URL", "mysql2://osteo:hunter2@db/osteofit")
    with pytest.raises(env.ConfigurationError) as caught:
        env.database()
    assert "hunter2" not in str(caught.value)


def test_an_smtp_url_with_tls_becomes_an_smtp_mailer(environ):
    environ.setenv("EMAIL_URL", "smtp+tls://mailer%40site:p%40ss@mail.example:2525?timeout=5")
    mailer = env.mailer()
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example",
        "port": 2525,
        "username": "mailer@site",
        "password": "p@ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 5,
    }


def test_a_file_url_writes_email_to_an_outbox_folder(environ):
    environ.setenv("EMAIL_URL", "file:///var/tmp/outbox")
    assert env.mailer() == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": "/var/tmp/outbox"},
    }


def test_an_unknown_email_scheme_is_refused(environ):
    environ.setenv("EMAIL_URL", "carrier-pigeon://loft")
    with pytest.raises(env.ConfigurationError, match="EMAIL_URL"):
        env.mailer()


def test_redis_url_is_optional_but_must_be_redis_when_given(environ):
    assert env.redis_url() is None
    environ.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    assert env.redis_url() == "redis://127.0.0.1:6379/3"
    environ.setenv("REDIS_URL", "http://127.0.0.1:6379")
    with pytest.raises(env.ConfigurationError, match="REDIS_URL"):
        env.redis_url()


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("Yes", True)])
def test_flags_accept_the_usual_spellings(environ, raw, expected):
    environ.setenv("DEBUG", raw)
    assert env.flag("DEBUG", default=not expected) is expected


def test_a_flag_that_is_neither_true_nor_false_is_refused(environ):
    environ.setenv("DEBUG", "maybe")
    with pytest.raises(env.ConfigurationError, match="DEBUG"):
        env.flag("DEBUG", default=False)


def test_allowed_hosts_is_a_comma_separated_list(environ):
    environ.setenv("ALLOWED_HOSTS", "osteofit.example, www.osteofit.example")
    assert env.names("ALLOWED_HOSTS", []) == ["osteofit.example", "www.osteofit.example"]


def _manage(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    # The browser tests allow async-unsafe calls in this process; a deployment must not.
    unset = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_py_stops_with_one_line_on_a_malformed_database_url():
    result = _manage("check", DATABASE_URL="postgres//missing-colon")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("OsteoFit cannot start: DATABASE_URL")
    assert "Traceback" not in result.stderr


def test_production_without_a_secret_key_stops_with_one_line():
    overrides = {"DJANGO_SETTINGS_MODULE": "osteofit.settings.production"}
    environ = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**environ, **overrides},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip() == "OsteoFit cannot start: SECRET_KEY must be set in the environment."
    )


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="osteofit.settings.production",
        SECRET_KEY="x" * 20 + "production-secret-for-the-deploy-check-" + "y" * 20,
        ALLOWED_HOSTS="osteofit.example",
        DATABASE_URL=os.environ.get("DATABASE_URL", "sqlite:////tmp/osteofit-check.sqlite3"),
        EMAIL_URL="smtp+tls://mailer@mail.osteofit.example:587",
        SITE_URL="https://osteofit.example",
        DEFAULT_FROM_EMAIL="OsteoFit <hello@osteofit.example>",
        TRUSTED_PROXIES="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_cache_uses_its_own_redis_database_beside_the_broker():
    assert env.redis_database("redis://:secret@cache.internal:6379/0", 1) == (
        "redis://:secret@cache.internal:6379/1"
    )
    assert env.redis_database("redis://127.0.0.1:6379", 1) == "redis://127.0.0.1:6379/1"


def test_the_cache_database_follows_the_brokers_unless_given():
    assert env.redis_database_number("redis://127.0.0.1:6379/7") == 7
    assert env.redis_database_number("redis://127.0.0.1:6379") == 0


def test_with_redis_configured_clearing_the_cache_leaves_the_broker_database_alone(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set, so the cache is local memory (CI sets it)")
    assert settings.CACHES["default"]["LOCATION"] != settings.CELERY_BROKER_URL


def _production(**overrides: str | None) -> subprocess.CompletedProcess:
    """manage.py check in production mode; an override of None leaves the variable unset."""
    environment = {
        "DJANGO_SETTINGS_MODULE": "osteofit.settings.production",
        "SECRET_KEY": "x" * 20 + "production-secret-for-the-start-up-check-" + "y" * 20,
        "ALLOWED_HOSTS": "osteofit.example",
        "DATABASE_URL": "sqlite:////tmp/osteofit-check.sqlite3",
        "EMAIL_URL": "smtp+tls://mailer@mail.osteofit.example:587",
        "SITE_URL": "https://osteofit.example",
        "DEFAULT_FROM_EMAIL": "OsteoFit <hello@osteofit.example>",
    }
    unset = {name for name, value in overrides.items() if value is None}
    given = {name: value for name, value in overrides.items() if value is not None}
    environment = {k: v for k, v in {**environment, **given}.items() if k not in unset}
    return _manage("check", **environment)


def test_production_refuses_to_start_with_debug_on():
    result = _production(DEBUG="true")

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "OsteoFit cannot start: DEBUG must be off in production (it shows code and settings)."
    )


@pytest.mark.parametrize(
    "key",
    [
        "local-only-insecure-key-change-me",
        "django-insecure-" + "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
    ],
)
def test_production_refuses_to_start_with_a_development_secret_key(key):
    result = _production(SECRET_KEY=key)

    assert result.returncode == 2
    assert "SECRET_KEY is a development key" in result.stderr
    assert key not in result.stderr  # a secret is never printed


def test_production_refuses_a_short_secret_key():
    result = _production(SECRET_KEY="short-but-not-the-default")

    assert result.returncode == 2
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_production_starts_with_a_real_secret_and_debug_off():
    assert _production().returncode == 0


def test_a_postgres_url_gets_a_connect_timeout_so_an_unreachable_server_fails_fast(environ):
    environ.setenv("DATABASE_URL", "postgres://osteo@db.internal:5432/osteofit")
    assert env.database()["OPTIONS"]["connect_timeout"] == 5

    environ.setenv("DATABASE_URL", "postgres://osteo@db.internal:5432/osteofit?connect_timeout=2")
    assert env.database()["OPTIONS"]["connect_timeout"] == 2


def test_with_redis_configured_the_cache_falls_back_to_memory_when_redis_is_down(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set, so the cache is local memory (CI sets it)")
    cache = settings.CACHES["default"]
    assert cache["BACKEND"] == "osteofit.resilient_cache.ResilientRedisCache"
    assert cache["OPTIONS"]["socket_timeout"] <= 1


@pytest.mark.parametrize("name", ["SITE_URL", "DEFAULT_FROM_EMAIL"])
def test_production_refuses_to_start_without_the_public_address_or_the_sender(name):
    result = _production(**{name: None})

    assert result.returncode == 2
    assert result.stderr.strip() == f"OsteoFit cannot start: {name} must be set in the environment."


@pytest.mark.parametrize(
    "url", ["http://osteofit.example", "osteofit.example", "https://", "ftp://osteofit.example"]
)
def test_production_refuses_a_site_url_that_is_not_https(url):
    result = _production(SITE_URL=url)

    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith(
        "OsteoFit cannot start: SITE_URL must be the site's public https://"
    )


@pytest.mark.parametrize(
    "sender",
    ["OsteoFit <hello@osteofit.localhost>", "hello@localhost", "not an address", "me@site.local"],
)
def test_production_refuses_a_sender_that_is_not_on_a_real_domain(sender):
    result = _production(DEFAULT_FROM_EMAIL=sender)

    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("OsteoFit cannot start: DEFAULT_FROM_EMAIL must be the address")


def test_trusted_proxies_defaults_to_none_and_must_be_a_count(environ):
    environ.delenv("TRUSTED_PROXIES", raising=False)
    assert env.trusted_proxies() == 0
    environ.setenv("TRUSTED_PROXIES", "2")
    assert env.trusted_proxies() == 2
    for bad in ("-1", "two"):
        environ.setenv("TRUSTED_PROXIES", bad)
        with pytest.raises(env.ConfigurationError, match="TRUSTED_PROXIES"):
            env.trusted_proxies()


def test_one_count_of_trusted_proxies_reaches_drf_and_allauth(settings):
    assert settings.TRUSTED_PROXIES == 0
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
