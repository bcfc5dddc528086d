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
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import redis
from loopback import ROOT, Scratch, Stack, StackFailed, free_port, production_env

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


def wait_until_up(base: str, stack: Stack, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(base + "/health/", headers={"X-Forwarded-Proto": "https"})
    while time.monotonic() < deadline:
        stack.check_running()
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise StackFailed(f"the site did not answer {base}/health/ within {timeout:.0f} s")


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
        raise StackFailed(f"lighthouse failed on {url}:\n{result.stdout}{result.stderr}")
    parsed = json.loads(report.read_text())
    if parsed.get("runtimeError") or any(
        parsed["categories"][key]["score"] is None for key in REQUIRED
    ):
        errors = [parsed.get("runtimeError", {}).get("message", "")] + [
            f"{key}: {audit.get('errorMessage')}"
            for key, audit in parsed["audits"].items()
            if audit.get("errorMessage")
        ]
        raise StackFailed(f"lighthouse could not score {url}: " + "; ".join(filter(None, errors)))
    return parsed


def lighthouse_again_once(url: str, report: Path, headers: dict[str, str]) -> dict:
    """Lighthouse 12.2 sometimes loses Chromium 156's trace on a busy machine (NO_NAVSTART,
    "frame_sequence"): such a run is tried once more before it counts as a failure."""
    try:
        return lighthouse(url, report, headers)
    except StackFailed as failure:
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
    scratch = Scratch(DATABASE, (REDIS_DB,))
    folder = Path(tempfile.mkdtemp(prefix="osteofit-audit-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = production_env(
        port,
        folder,
        scratch,
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="memory:",
        DEFAULT_FROM_EMAIL="OsteoFit <audit@osteofit.example>",
        # Lighthouse fetches /robots.txt without the extra headers: plain HTTP must not redirect.
        SECURE_SSL_REDIRECT="false",
    )
    stack = Stack(env, folder, say)
    say(str(scratch))
    try:
        scratch.fresh()
        entries = stack.procfile()
        stack.run("release", entries["release"])
        stack.run("collectstatic", "python manage.py collectstatic --noinput -v0")
        session_key = (
            stack.run("person", f"python -c {shlex.quote(PERSON)}").strip().splitlines()[-1]
        )
        stack.start("web", entries["web"])
        wait_until_up(base, stack)
        results, problems, elsewhere = {}, [], []
        for page, path in PAGES.items():
            headers = {"X-Forwarded-Proto": "https"}
            if page in SIGNED_IN:
                headers["Cookie"] = f"sessionid={session_key}"
            say(f"lighthouse {path}")
            result = lighthouse_again_once(base + path, folder / f"{len(results)}.json", headers)
            if result.get("finalDisplayedUrl", "").rstrip("/") != (base + path).rstrip("/"):
                raise StackFailed(f"{path} ended at {result.get('finalDisplayedUrl')}")
            results[page] = scores(result)
            problems += [f"{page}: {problem}" for problem in shortfalls(result)]
            elsewhere += requests_elsewhere(result, base)
        print(table(results))
        for problem in problems:
            say(f"points lost: {problem}")
        record(results, versions(), problems)
        say(f"scores written to {DOC.relative_to(ROOT)}")
        if elsewhere:
            raise StackFailed("requests left the site: " + ", ".join(elsewhere))
        below = [
            f"{page} {CATEGORIES[key]} {score[key]}"
            for page, score in results.items()
            for key in REQUIRED
            if score[key] < 100
        ]
        if below:
            raise StackFailed("below 100: " + ", ".join(below))
    except (StackFailed, OSError, psycopg.Error, redis.RedisError) as failure:
        say(f"FAILED: {failure}")
        print(stack.logs(), file=sys.stderr)
        return 1
    finally:
        stack.stop()
        scratch.tidy(say)
        shutil.rmtree(folder, ignore_errors=True)
    say("OK: accessibility, best practices and SEO 100 on every page")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
