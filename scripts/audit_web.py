"""Lighthouse on the real site: `make audit-web`.

Serves the site as production does (gunicorn, osteofit.settings.production, collected static
files, PostgreSQL and Redis on loopback) in a database of its own with the built-in catalogue
synced, makes one signed-in person with a program and a logged session, and runs npm's
`lighthouse` with Debian's Chromium on the landing page, the catalogue, an exercise page and
that person's dashboard. Accessibility, best practices and SEO must each score 100; performance
is recorded, not judged (it depends on the machine). The scores go to docs/accessibility.md.

Nothing leaves the machine: Chromium resolves no host name but 127.0.0.1, and every request of
every report is checked to have gone to the site. Whatever happens, the server is stopped and
the database and Redis database it used are dropped. Exit status 0 means every page scored 100.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
DOC = ROOT / "docs" / "accessibility.md"
DATABASE = os.environ.get("AUDIT_DATABASE", "osteofit_audit")
REDIS_DB = int(os.environ.get("AUDIT_REDIS_DB", "13"))  # emptied before and after

PAGES = {
    "Landing": "/",
    "Catalogue": "/exercises/",
    "Exercise (Seated Row)": "/exercises/seated-row/",
    "Dashboard (signed in)": "/dashboard/",
}
SIGNED_IN = {"Dashboard (signed in)"}
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
REQUIRED = ("accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"
    " --disable-background-networking --disable-component-update --disable-default-apps"
    ' --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"'
)
START_MARK, END_MARK = "<!-- audit-web:start -->", "<!-- audit-web:end -->"

# A signed-in person as the browser tests make one (tests/tracking/factories.py): a program
# started through the services and one session logged through them; prints the session key.
PERSON = """
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from tests.tracking.factories import ProgramFactory, session_logged
program = ProgramFactory()
session_logged(program)
session = SessionStore()
session[SESSION_KEY] = str(program.user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = program.user.get_session_auth_hash()
session.save()
print(session.session_key)
"""


def say(message: str) -> None:
    print(f"audit-web: {message}", flush=True)


class AuditFailed(Exception):
    pass


def server_url(variable: str, default: str) -> str:
    parts = urlsplit(os.environ.get(variable) or default)
    return f"{parts.scheme}://{parts.netloc}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(env: dict[str, str], *command: str) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise AuditFailed(f"{' '.join(command[:3])} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(base + "/health/", headers={"X-Forwarded-Proto": "https"})
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AuditFailed(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise AuditFailed(f"the site did not answer {base}/health/ within {timeout:.0f} s")


def lighthouse(url: str, report: Path, headers: dict[str, str]) -> dict:
    """One Lighthouse run (mobile, Lighthouse's default), its JSON report parsed."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={json.dumps(headers)}",
        "--no-enable-error-reporting",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode or not report.exists():
        raise AuditFailed(f"lighthouse failed on {url}:\n{result.stdout}{result.stderr}")
    parsed = json.loads(report.read_text())
    if parsed.get("runtimeError") or any(
        parsed["categories"][key]["score"] is None for key in REQUIRED
    ):
        errors = [parsed.get("runtimeError", {}).get("message", "")] + [
            f"{key}: {audit.get('errorMessage')}"
            for key, audit in parsed["audits"].items()
            if audit.get("errorMessage")
        ]
        raise AuditFailed(f"lighthouse could not score {url}: " + "; ".join(filter(None, errors)))
    return parsed


def lighthouse_again_once(url: str, report: Path, headers: dict[str, str]) -> dict:
    """Lighthouse 12.2 sometimes loses Chromium 156's trace on a busy machine (NO_NAVSTART,
    "frame_sequence"): such a run is tried once more before it counts as a failure."""
    try:
        return lighthouse(url, report, headers)
    except AuditFailed as failure:
        say(f"trying {url} again: {str(failure).splitlines()[0]}")
        report.unlink(missing_ok=True)
        return lighthouse(url, report, headers)


def scores(result: dict) -> dict[str, int | None]:
    """Each category out of 100; None where Lighthouse could not score it (performance, when
    this Lighthouse cannot read this Chromium's trace)."""
    found = {key: result["categories"][key]["score"] for key in CATEGORIES}
    return {key: None if score is None else round(score * 100) for key, score in found.items()}


def shortfalls(result: dict) -> list[str]:
    """The audits that cost points in the categories that must score 100."""
    found = []
    for key in REQUIRED:
        for ref in result["categories"][key]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{CATEGORIES[key]}: {audit['title']} ({ref['id']})")
    return found


def requests_elsewhere(result: dict, base: str) -> list[str]:
    """Any request the page made to anywhere but the site (there must be none)."""
    items = (result["audits"].get("network-requests", {}).get("details") or {}).get("items", [])
    return [item["url"] for item in items if not item["url"].startswith((base, "data:"))]


def table(results: dict[str, dict[str, int]]) -> str:
    head = "| Page | " + " | ".join(CATEGORIES.values()) + " |"
    rule = "| --- |" + " ---: |" * len(CATEGORIES)
    rows = [
        f"| {page} | "
        + " | ".join("n/a" if score[key] is None else str(score[key]) for key in CATEGORIES)
        + " |"
        for page, score in results.items()
    ]
    return "\n".join([head, rule, *rows])


def record(results: dict[str, dict[str, int]], versions: str, problems: list[str]) -> None:
    """Replace the generated part of docs/accessibility.md, keeping the written part."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = "\n".join(
        [
            START_MARK,
            f"Last run: {stamp}, `make audit-web`, {versions}, Lighthouse's mobile settings.",
            "",
            table(results),
            "",
            *(
                ["Points lost:", "", *(f"- {problem}" for problem in problems), ""]
                if problems
                else []
            ),
            END_MARK,
        ]
    )
    text = DOC.read_text() if DOC.exists() else f"# Accessibility\n\n{START_MARK}\n{END_MARK}\n"
    pattern = re.compile(re.escape(START_MARK) + ".*?" + re.escape(END_MARK), re.S)
    DOC.write_text(pattern.sub(lambda _: block, text) if pattern.search(text) else text + block)


def versions() -> str:
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True)
    tool = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    name = re.search(r"Chromium [\d.]+", chromium.stdout)
    return f"Lighthouse {tool.stdout.strip()}, {name.group(0) if name else 'Chromium'}"


def main() -> int:
    if not LIGHTHOUSE.exists():
        say(f"{LIGHTHOUSE} is missing: run npm ci")
        return 1
    if not Path(CHROMIUM).exists():
        say(f"{CHROMIUM} is missing: apt-get install chromium")
        return 1
    postgres = server_url("DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    redis_server = server_url("REDIS_URL", "redis://127.0.0.1:6379")
    folder = Path(tempfile.mkdtemp(prefix="osteofit-audit-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "osteofit.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{postgres}/{DATABASE}",
        "REDIS_URL": f"{redis_server}/{REDIS_DB}",
        "CACHE_URL": f"{redis_server}/{REDIS_DB}",
        "EMAIL_URL": "memory:",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DEFAULT_FROM_EMAIL": "OsteoFit <audit@osteofit.example>",
        # Requests come as if through the site's HTTPS proxy (the header is sent below).
        "TRUSTED_PROXIES": "1",
        # Lighthouse fetches /robots.txt without the extra headers: plain HTTP must not redirect.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
    }
    server = None
    try:
        _database_fresh(postgres)
        _redis_empty(redis_server)
        say(f"PostgreSQL {postgres}/{DATABASE}, Redis {redis_server}/{REDIS_DB}")
        python = str(VENV_BIN / "python")
        run(env, python, "manage.py", "migrate", "--noinput", "-v0")
        run(env, python, "manage.py", "catalogue_sync")
        run(env, python, "manage.py", "compose_programs")
        run(env, python, "manage.py", "collectstatic", "--noinput", "-v0")
        session_key = run(env, python, "-c", PERSON).strip().splitlines()[-1]
        log = open(folder / "gunicorn.log", "wb")  # noqa: SIM115 (closed with the process)
        server = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "osteofit.wsgi",
                f"--bind=127.0.0.1:{port}",
                "--workers=2",
                "--logger-class=osteofit.gunicorn.RedactedLogger",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(base, server)
        results, problems, elsewhere = {}, [], []
        for page, path in PAGES.items():
            headers = {"X-Forwarded-Proto": "https"}
            if page in SIGNED_IN:
                headers["Cookie"] = f"sessionid={session_key}"
            say(f"lighthouse {path}")
            result = lighthouse_again_once(base + path, folder / f"{len(results)}.json", headers)
            if result.get("finalDisplayedUrl", "").rstrip("/") != (base + path).rstrip("/"):
                raise AuditFailed(f"{path} ended at {result.get('finalDisplayedUrl')}")
            results[page] = scores(result)
            problems += [f"{page}: {problem}" for problem in shortfalls(result)]
            elsewhere += requests_elsewhere(result, base)
        print(table(results))
        for problem in problems:
            say(f"points lost: {problem}")
        record(results, versions(), problems)
        say(f"scores written to {DOC.relative_to(ROOT)}")
        if elsewhere:
            raise AuditFailed("requests left the site: " + ", ".join(elsewhere))
        below = [
            f"{page} {CATEGORIES[key]} {score[key]}"
            for page, score in results.items()
            for key in REQUIRED
            if score[key] < 100
        ]
        if below:
            raise AuditFailed("below 100: " + ", ".join(below))
    except (AuditFailed, OSError, psycopg.Error, redis.RedisError) as failure:
        say(f"FAILED: {failure}")
        if (folder / "gunicorn.log").exists():
            print((folder / "gunicorn.log").read_text(errors="replace")[-3000:], file=sys.stderr)
        return 1
    finally:
        if server and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        _tidy(postgres, redis_server, folder)
    say("OK: accessibility, best practices and SEO 100 on every page")
    return 0


def _database_fresh(postgres: str) -> None:
    with psycopg.connect(f"{postgres}/postgres", autocommit=True, connect_timeout=5) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{DATABASE}"')


def _redis_empty(redis_server: str) -> None:
    redis.Redis.from_url(f"{redis_server}/{REDIS_DB}", socket_connect_timeout=5).flushdb()


def _tidy(postgres: str, redis_server: str, folder: Path) -> None:
    try:
        with psycopg.connect(f"{postgres}/postgres", autocommit=True, connect_timeout=5) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        _redis_empty(redis_server)
    except (psycopg.Error, redis.RedisError) as error:
        say(f"could not tidy up: {error}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
