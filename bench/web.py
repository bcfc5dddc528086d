"""HTTP throughput and latency, each endpoint side by side with a bare Django view, in one run.

gunicorn serves the production settings (bench/web_settings.py) on loopback against the data
set of bench/data.py; `wrk` (from Debian) drives each endpoint from another process with
BENCH_CONNECTIONS connections, signed in as BENCH_PEOPLE different people in turn. The machine
is shared and noisy, so what compares is the ratio to the baseline measured minutes apart in
the same run (the baseline runs first and last). After the load, each endpoint is requested
in this process to count its queries and time them, and the two heaviest queries are shown
with EXPLAIN (ANALYZE, BUFFERS). Not part of `make test`:

    make bench-http
    BENCH_SECONDS=20 BENCH_CONNECTIONS=16 make bench-http
    BENCH_GUNICORN_WORKERS=3 BENCH_GUNICORN_THREADS=2 make bench-http
    BENCH_PROFILE=1 make bench-http        # also py-spy each endpoint (pip install py-spy)
    BENCH_SERVER=granian make bench-http   # granian's WSGI server instead (pip install granian)

(Named web.py, not http.py: scripts in bench/ run with bench/ first on sys.path, where an
http.py would shadow the standard library's http package for every one of them.)
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import data  # noqa: E402

HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP_SECONDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "200"))
# 3 workers x 2 threads (gthread) served the most on 2 cores, against 2 or 4 sync workers and
# 2 x 4 threads (docs/performance.md): threads overlap a request's database waits with another's
# Python, and gthread keeps connections alive.
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_GUNICORN_THREADS", "2"))
SERVER = os.environ.get("BENCH_SERVER", "gunicorn")  # or granian (pip install granian)
PROFILE = os.environ.get("BENCH_PROFILE", "") not in ("", "0")
ONLY = os.environ.get("BENCH_ONLY", "")  # run only endpoints whose name contains this
P99_LIMIT_MS = 100.0
OUT = ROOT / "var" / "bench"
LOGIN = "/_allauth/app/v1/auth/login"


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    auth: str  # none | cookie (the browser's session) | token (X-Session-Token, as the app)
    target: float | None  # least share of the baseline's requests/s (issue 20)


BASELINE = Endpoint("baseline: bare view, no database", "GET", "/bench/bare/", "none", None)
ENDPOINTS = (
    BASELINE,
    Endpoint("exercise catalogue page", "GET", "/exercises/", "cookie", 0.3),
    Endpoint("exercise catalogue page, anonymous", "GET", "/exercises/", "none", 0.5),
    Endpoint("landing page, anonymous", "GET", "/", "none", 0.5),
    Endpoint("dashboard page", "GET", "/dashboard/", "cookie", 0.2),
    Endpoint("GET /api/v1/sessions/ (page 1)", "GET", "/api/v1/sessions/", "token", 0.2),
    Endpoint("GET /api/v1/progress/", "GET", "/api/v1/progress/", "token", 0.2),
    Endpoint("POST /api/v1/sessions/", "POST", "/api/v1/sessions/", "token", 0.05),
    Endpoint("guided session /today/ (GET)", "GET", "/today/", "cookie", 0.2),
    Endpoint("baseline again (drift check)", "GET", "/bench/bare/", "none", None),
)


@dataclass
class Result:
    endpoint: Endpoint
    rps: float
    p50: float  # ms
    p90: float
    p99: float
    requests: int
    errors: int


# --- set-up -----------------------------------------------------------------------------------


def _wrk() -> str:
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is missing: `apt-get install -y wrk` (make bench-http does it).")
    return found


def _request(method, path, *, body=None, headers=None, timeout=30) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json"} if payload else {}
        connection.request(method, path, body=payload, headers={**all_headers, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _server_command() -> list[str]:
    """The production server (gunicorn's gthread workers) or, for comparison, granian's WSGI
    interface with the same processes and threads."""
    if SERVER == "granian":
        return [
            str(ROOT / ".venv" / "bin" / "granian"),
            "--interface=wsgi",
            f"--host={HOST}",
            f"--port={PORT}",
            f"--workers={WORKERS}",
            f"--blocking-threads={THREADS}",
            "--log-level=warning",
            "--no-ws",
            "osteofit.wsgi:application",
        ]
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "osteofit.wsgi:application",
        f"--bind={HOST}:{PORT}",
        f"--workers={WORKERS}",
        "--log-level=warning",
        "--no-control-socket",
    ]
    if THREADS > 1:
        command += ["--worker-class=gthread", f"--threads={THREADS}"]
    return command


def _start_server() -> subprocess.Popen:
    command = _server_command()
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **data.environment()})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _request("GET", BASELINE.path, timeout=2)[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit(f"{SERVER} exited during start-up; see its output above.")
        time.sleep(0.3)
    server.terminate()
    sys.exit(f"{SERVER} did not answer within 60 s.")


def _tokens(count: int, saved: Path) -> list[str]:
    """Session tokens of `count` people: the last run's, while they still sign people in
    (argon2 makes signing in 200 people take half a minute), or new ones."""
    if saved.exists():
        tokens = saved.read_text().split()
        if len(tokens) >= count:
            status, _ = _request("GET", "/api/v1/me/", headers={"X-Session-Token": tokens[-1]})
            if status == 200:
                print(f"reusing {count} signed-in sessions from {saved.name}")
                return tokens[:count]
    started = time.perf_counter()
    tokens = _sign_in(count)
    print(f"{count} people signed in through {LOGIN} in {time.perf_counter() - started:.1f} s")
    saved.write_text("\n".join(tokens) + "\n")
    return tokens


def _sign_in(count: int) -> list[str]:
    """Sign in `count` generated people through allauth's app API; their session tokens."""

    def one(n: int) -> str:
        status, body = _request(
            "POST",
            LOGIN,
            body={"email": f"bench{n}@example.com", "password": data.PASSWORD},
        )
        if status != 200:
            raise RuntimeError(f"signing in bench{n}@example.com answered {status}: {body[:200]}")
        return json.loads(body)["meta"]["session_token"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        tokens = list(pool.map(one, range(count)))
    # The app token is the Django session key: the same value signs the browser in.
    status, _ = _request("GET", "/dashboard/", headers={"Cookie": f"sessionid={tokens[0]}"})
    if status != 200:
        sys.exit(f"the dashboard answered {status} to a signed-in cookie; cannot measure it.")
    return tokens


def _session_body() -> dict:
    """A comfortable session with every exercise of a program, a minute ago."""
    from exercises.models import Exercise

    entries = []
    for exercise in Exercise.objects.filter(recommended=True).prefetch_related("rungs__band"):
        first = exercise.rungs.all()[0]
        entry = {"exercise": exercise.slug, "sets": first.sets, "reps": first.reps}
        if first.hold_seconds:
            entry["hold_seconds"] = first.hold_seconds
        if first.band_id:
            entry["band"] = first.band.slug
        entries.append(entry)
    performed_at = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1)
    return {
        "performed_at": performed_at.isoformat(),
        "pain_before": 1,
        "pain_after": 1,
        "effort": 4,
        "red_flag": False,
        "notes": "",
        "entries": entries,
    }


# --- load -------------------------------------------------------------------------------------


def _wrk_run(endpoint: Endpoint, seconds: int, tokens_file: Path, body_file: Path) -> dict:
    env = {
        **os.environ,
        "BENCH_METHOD": endpoint.method,
        "BENCH_PATH": endpoint.path,
        "BENCH_AUTH": endpoint.auth,
        "BENCH_TOKENS": str(tokens_file),
        "BENCH_BODY": str(body_file) if endpoint.method == "POST" else "",
    }
    command = [
        _wrk(),
        f"--threads={min(2, CONNECTIONS)}",
        f"--connections={CONNECTIONS}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={ROOT / 'bench' / 'wrk.lua'}",
        f"http://{HOST}:{PORT}{endpoint.path}",
    ]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH_RESULT "))
    return json.loads(line.removeprefix("BENCH_RESULT "))


def _measure(endpoint: Endpoint, tokens_file: Path, body_file: Path, server) -> Result:
    _wrk_run(endpoint, WARMUP, tokens_file, body_file)
    profiler = _profile_start(endpoint, server) if PROFILE else None
    raw = _wrk_run(endpoint, SECONDS, tokens_file, body_file)
    if profiler:
        _profile_report(endpoint, profiler)
    errors = sum(raw[k] for k in ("non_2xx_3xx", "connect", "read", "write", "timeout"))
    return Result(
        endpoint=endpoint,
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        p50=raw["p50_us"] / 1000,
        p90=raw["p90_us"] / 1000,
        p99=raw["p99_us"] / 1000,
        requests=raw["requests"],
        errors=errors,
    )


# --- py-spy (optional) ------------------------------------------------------------------------


def _profile_start(endpoint: Endpoint, server: subprocess.Popen):
    spy = shutil.which("py-spy") or str(ROOT / ".venv" / "bin" / "py-spy")
    if not Path(spy).exists():
        sys.exit("BENCH_PROFILE needs py-spy: .venv/bin/pip install py-spy")
    out = OUT / f"profile-{re.sub(r'[^a-z0-9]+', '-', endpoint.name.lower()).strip('-')}.txt"
    command = [spy, "record", "--pid", str(server.pid), "--subprocesses", "--format", "raw"]
    command += ["--duration", str(SECONDS), "--rate", "200", "--nonblocking", "-o", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, out


# Where a request's time goes, as shares of the workers' busy samples (a sample may be in
# several: rendering a template that runs a query counts under both).
PROFILE_PARTS = (
    ("waiting on PostgreSQL (psycopg send/receive)", ("_execute_send", "psycopg/waiting")),
    ("Django ORM: compiling SQL", ("SQLCompiler.as_sql",)),
    ("Django ORM: model instances from rows", ("Model.from_db",)),
    ("Django ORM: prefetch_related", ("prefetch_related_objects",)),
    ("template rendering", ("Template.render",)),
    ("DRF serializers", ("to_representation",)),
    ("session and user lookup", ("SessionStore.load", "get_user (django/contrib/auth")),
    ("allauth X-Session-Token lookup", ("XSessionTokenAuthentication",)),
    ("DRF throttling (cache)", ("throttl",)),
    ("transaction (ATOMIC_REQUESTS) and savepoints", ("Atomic.__exit__", "Atomic.__enter__")),
    ("gunicorn socket write and close", ("(gunicorn/util.py",)),
)
PROJECT_FRAME = re.compile(r"\((tracking|exercises|osteofit)/")


def _profile_report(endpoint: Endpoint, profiler) -> None:
    """Where the workers' time went: shares of busy samples by part of the stack, by the
    project's own functions (inclusive), and by leaf function."""
    process, out = profiler
    process.wait(timeout=SECONDS + 30)
    leaf, parts, project, total = Counter(), Counter(), Counter(), 0
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if "handle_request" not in stack and "handle (gunicorn" not in stack:
            continue  # a worker waiting for a connection is not time spent on a request
        n = int(count)
        total += n
        frames = stack.split(";")
        leaf[_short(frames[-1])] += n
        for name, needles in PROFILE_PARTS:
            if any(needle in stack for needle in needles):
                parts[name] += n
        for frame in {f for f in frames if PROJECT_FRAME.search(f)}:
            project[_short(frame)] += n
    print(f"\n  py-spy, {endpoint.name}: {total} samples in requests ({out.name})")
    for title, counter, top in (
        ("parts of the stack", parts, 12),
        ("project code, inclusive", project, 8),
        ("leaf functions", leaf, 6),
    ):
        print(f"    {title}:")
        for frame, n in counter.most_common(top):
            print(f"      {100 * n / max(total, 1):5.1f}%  {frame}")


def _short(frame: str) -> str:
    return re.sub(r"/.*?/site-packages/|/work/main/|" + re.escape(str(ROOT)) + "/", "", frame)


# --- queries ----------------------------------------------------------------------------------


@dataclass
class Sql:
    sql: str
    params: tuple
    seconds: float


def _queries(tokens: list[str], body: dict, sample: int = 30) -> dict[str, list]:
    """Each endpoint requested in this process as `sample` people: per request its wall time,
    time in SQL and queries (every statement with its parameters and duration)."""
    from django.db import connection
    from django.test import Client

    found: dict[str, list] = {}
    for endpoint in ENDPOINTS[1:-1]:
        runs = []
        # One client: a new one builds a new handler, and WhiteNoise's start-up alone (scanning
        # every static file) costs more than most requests.
        client = Client(SERVER_NAME=HOST)
        for token in [tokens[0], *tokens[:sample]]:  # the first request warms up
            client.cookies.clear()
            headers = {}
            if endpoint.auth == "cookie":
                client.cookies["sessionid"] = token
            elif endpoint.auth == "token":
                headers["X-Session-Token"] = token
            statements: list[Sql] = []

            def timed(execute, sql, params, many, context, statements=statements):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    statements.append(Sql(sql, params, time.perf_counter() - started))

            started = time.perf_counter()
            with connection.execute_wrapper(timed):
                if endpoint.method == "POST":
                    response = client.post(
                        endpoint.path, body, content_type="application/json", headers=headers
                    )
                else:
                    response = client.get(endpoint.path, headers=headers)
            wall = time.perf_counter() - started
            if response.status_code >= 400:
                raise RuntimeError(f"{endpoint.name} answered {response.status_code} in-process")
            runs.append((wall, statements))
        found[endpoint.name] = runs[1:]
    return found


def _shape(sql: str) -> str:
    return " ".join(sql.split())[:140]


def _explain(sql: Sql) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql.sql, sql.params)
        return "\n".join(row[0] for row in cursor.fetchall())


# --- report -----------------------------------------------------------------------------------


def _table(results: list[Result]) -> str:
    baselines = [r.rps for r in results if r.endpoint.target is None]
    baseline = statistics.mean(baselines)
    lines = [
        f"| endpoint | req/s | p50 ms | p99 ms | ratio to baseline | target | p99 < "
        f"{P99_LIMIT_MS:.0f} ms | errors | result |",
        "|---|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for r in results:
        ratio = r.rps / baseline
        p99_ok = r.p99 < P99_LIMIT_MS
        ratio_ok = r.endpoint.target is None or ratio >= r.endpoint.target
        verdict = "pass" if (p99_ok and ratio_ok and r.errors == 0) else "**MISS**"
        target = "—" if r.endpoint.target is None else f"≥ {r.endpoint.target:g}"
        lines.append(
            f"| {r.endpoint.name} | {r.rps:,.0f} | {r.p50:.1f} | {r.p99:.1f} | {ratio:.2f} | "
            f"{target} | {'yes' if p99_ok else 'no'} | {r.errors} | {verdict} |"
        )
    return "\n".join(lines)


def _query_report(found: dict[str, list]) -> list[Sql]:
    print("\nPer request, in this process (median of", len(next(iter(found.values()))), "people):")
    print(f"  {'endpoint':<34} {'queries':>7} {'wall ms':>8} {'SQL ms':>7}  slowest query (ms)")
    by_shape: dict[str, list[Sql]] = defaultdict(list)
    for name, runs in found.items():
        walls = [wall * 1000 for wall, _ in runs]
        sqls = [sum(s.seconds for s in st) * 1000 for _, st in runs]
        counts = [len(st) for _, st in runs]
        shapes: dict[str, list[float]] = defaultdict(list)
        for _, statements in runs:
            for s in statements:
                shapes[_shape(s.sql)].append(s.seconds)
                if s.sql.lstrip().upper().startswith("SELECT"):
                    by_shape[s.sql].append(s)
        # An anonymous public page may run no query at all.
        slowest = max(shapes.items(), key=lambda item: statistics.median(item[1]), default=None)
        slowest = slowest or ("(no query)", [0.0])
        print(
            f"  {name:<34} {statistics.median(counts):>7.0f} {statistics.median(walls):>8.1f} "
            f"{statistics.median(sqls):>7.1f}  {1000 * statistics.median(slowest[1]):.2f}: "
            f"{slowest[0][:90]}"
        )
    print("\nQueries of one request (the person at the median of the sample), with ms:")
    for name, runs in found.items():
        _, statements = sorted(runs, key=lambda run: len(run[1]))[len(runs) // 2]
        print(f"  {name}:")
        for s in statements:
            print(f"    {1000 * s.seconds:6.2f}  {_shape(s.sql)[:110]}")
    # Ranked by median time, so one stall of a shared machine does not pick the query.
    heaviest = sorted(
        by_shape.values(), key=lambda runs: statistics.median(s.seconds for s in runs), reverse=True
    )[:2]
    return [sorted(runs, key=lambda s: s.seconds)[len(runs) // 2] for runs in heaviest]


def main() -> None:
    _wrk()
    data.ensure()
    os.environ.update(data.environment())
    import django

    django.setup()
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [data.PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        check=True,
    )
    print(f"static files collected in {time.perf_counter() - started:.1f} s")

    server = _start_server()
    load = os.getloadavg()
    try:
        tokens_file, body_file = OUT / "tokens.txt", OUT / "session.json"
        tokens = _tokens(PEOPLE, tokens_file)
        tokens_file.write_text("\n".join(tokens) + "\n")  # wrk takes every line in turn
        body = _session_body()
        body_file.write_text(json.dumps(body))
        print(
            f"{SERVER}: {WORKERS} workers × {THREADS} thread(s); wrk: {CONNECTIONS} connections, "
            f"{WARMUP} s warm-up then {SECONDS} s per endpoint"
        )
        results = []
        for endpoint in ENDPOINTS:
            if ONLY and ONLY not in endpoint.name and endpoint.target is not None:
                continue
            result = _measure(endpoint, tokens_file, body_file, server)
            print(
                f"  {endpoint.name:<34} {result.rps:>8,.0f} req/s  p50 {result.p50:6.1f} ms  "
                f"p99 {result.p99:6.1f} ms  errors {result.errors}",
                flush=True,
            )
            results.append(result)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"load average before/after: {load[0]:.1f} / {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"\n{dt.date.today():%Y-%m-%d}, {data.USERS:,} people × {data.WEEKS} weeks:\n")
    print(_table(results))

    found = _queries(tokens, body)
    for n, sql in enumerate(_query_report(found), start=1):
        text = " ".join(sql.sql.split())
        print(f"\nHeaviest query {n} (median {1000 * sql.seconds:.2f} ms):\n{text}")
        print(f"params: {sql.params}\n{_explain(sql)}")
    (OUT / "web.json").write_text(
        json.dumps(
            [
                {"endpoint": r.endpoint.name, "rps": r.rps, "p50_ms": r.p50, "p99_ms": r.p99}
                | {"errors": r.errors, "requests": r.requests}
                for r in results
            ],
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
