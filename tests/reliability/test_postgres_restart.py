"""PostgreSQL restarted while the site is under load.

Real processes: a private PostgreSQL cluster (initdb + pg_ctl, never the shared server),
gunicorn with production settings in front of it, and a few threads sending page views, API
reads and API writes through HTTP. Mid-load the cluster is stopped (pg_ctl -m fast, which ends
every connection) and started again two seconds later.

While it is down every request fails fast with a friendly 503 page, or the API's JSON error, and
Retry-After (osteofit.views.server_error). Once it is back the same gunicorn processes answer
normally: Django's CONN_HEALTH_CHECKS drops the dead persistent connections and opens new ones.
"""

import threading
import time
import uuid

import pytest

from tests.api.helpers import session_body
from tests.factories import PASSWORD
from tests.reliability import processes
from tests.reliability.processes import request
from tests.tracking.factories import ZONE

SEED = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from tracking import services
import datetime as dt
user = get_user_model().objects.create_user(email="load@example.com", password="{PASSWORD}")
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
services.program_start(user=user, doctor_confirmed=True, floor_ok=True, spinal_fracture=False,
    training_days=["mon", "wed", "fri"], reminder_time=dt.time(9), timezone_name="{ZONE}",
    today=dt.date.today() - dt.timedelta(days=30))
"""
FAST = 3.0  # seconds: the slowest a request may be, even while the database is away
OUTAGE = 2.0


@pytest.fixture
def cluster():
    server = processes.PrivatePostgres().create()
    yield server
    server.destroy()


@pytest.fixture
def site(cluster, tmp_path):
    env = processes.production_env(
        DATABASE_URL=cluster.create_database("osteofit"),
        EMAIL_URL=f"file://{tmp_path}/outbox",
        CONN_MAX_AGE="60",
    )
    processes.manage(env, "migrate", "--noinput", "-v0")
    processes.manage(env, "shell", "-c", SEED)
    web, base = processes.gunicorn(env, tmp_path)
    yield web, base
    web.stop()


def children_of(pid: int) -> set[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        return {int(child) for child in listing.read().split()}


def test_a_postgres_restart_under_load_gives_fast_503s_and_the_site_recovers_by_itself(
    cluster, site
):
    web, base = site
    login = request(
        "POST",
        f"{base}/_allauth/app/v1/auth/login",
        {"email": "load@example.com", "password": PASSWORD},
    )
    assert login.status == 200, login.body
    session_token = login.json()["meta"]["session_token"]
    token = {"X-Session-Token": session_token}
    # A signed-in page: an anonymous public page is served from the process's copy and never
    # sees the outage (tests/security/test_public_pages.py). The app's token is also the
    # site's session key.
    cookie = {"Cookie": f"sessionid={session_token}"}
    calls = {
        "page": lambda: request("GET", f"{base}/dashboard/", headers=cookie),
        "api read": lambda: request("GET", f"{base}/api/v1/progress/", headers=token),
        "api write": lambda: request(
            "POST",
            f"{base}/api/v1/sessions/",
            session_body(),
            headers={**token, "Idempotency-Key": uuid.uuid4().hex},
        ),
    }
    for kind, call in calls.items():
        assert call().status in {200, 201}, kind
    workers = children_of(web.process.pid)
    answers: list[tuple[str, processes.Answer]] = []
    stop = threading.Event()

    def load(kind):
        while not stop.is_set():
            answers.append((kind, calls[kind]()))
            time.sleep(0.25)  # about twelve requests a second in all, below the API throttles

    threads = [threading.Thread(target=load, args=(kind,)) for kind in calls]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)
        cluster.stop("fast")
        time.sleep(OUTAGE)
        cluster.start()
        back = time.monotonic()
        time.sleep(4)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    statuses = {answer.status for _, answer in answers}
    assert statuses <= {200, 201, 503}, [(k, a.status, a.body[:300]) for k, a in answers]
    unavailable = [(kind, answer) for kind, answer in answers if answer.status == 503]
    assert {kind for kind, _ in unavailable} == set(calls), "the outage was not seen by all"
    for kind, answer in unavailable:
        assert answer.headers["retry-after"] == "15"
        if kind == "page":
            assert b"OsteoFit is back in a moment" in answer.body
            assert answer.headers["content-type"].startswith("text/html")
        else:
            assert answer.json() == {
                "detail": answer.json()["detail"],
                "code": "service_unavailable",
                "fields": {},
            }
    assert max(answer.seconds for _, answer in answers) < FAST
    recovered = [(kind, a.status) for kind, a in answers if a.started > back + 1]
    assert {kind for kind, _ in recovered} == set(calls)
    assert all(status in {200, 201} for _, status in recovered), recovered
    # Served by the very same processes: nothing was restarted.
    assert web.alive
    assert children_of(web.process.pid) == workers
