"""Fifty session POSTs from one person at the same moment, as a phone with a flaky network and
an impatient thumb might send them: some repeat an Idempotency-Key, most are distinct sessions
spread over the last week (as far back as a session may be logged late), several a day, and
arriving in no particular order (so most are backdated and make the server replay the history).

Each request runs in its own thread with its own database connection, all released at once by a
barrier; PostgreSQL only (SQLite lets one writer in at a time, so nothing would race)."""

import datetime as dt

from django.test import Client

from tests.api.helpers import SESSIONS, send
from tests.concurrency import committed, in_threads, needs_real_concurrency
from tests.tracking.factories import ProgramFactory, local_noon
from tracking import services
from tracking.models import Entry, Prescription, ProgressionEvent, Session
from tracking.progression import BACKDATE_DAYS

REQUESTS = 50
KEYED = 40  # requests 0-39 carry a key...
KEYS = 25  # ...one of 25, so 15 of them repeat an earlier request exactly
DISTINCT = KEYS + (REQUESTS - KEYED)  # the last 10 carry no key: each is a session of its own


def body(n: int) -> dict:
    """Session n: a comfortable full session on one of the last seven days (a session may be
    logged at most seven days late), at noon plus n minutes, so several share a day."""
    moment = local_noon(days_ago=n % BACKDATE_DAYS + 1) + dt.timedelta(minutes=n)
    return {
        "performed_at": moment.isoformat(),
        "pain_before": 1,
        "pain_after": 1,
        "effort": 4,
        "red_flag": False,
        "notes": f"Session {n}.",
        "entries": [
            {"exercise": "back-extension", "sets": 1, "reps": 6, "hold_seconds": 3},
            {"exercise": "seated-row", "sets": 1, "reps": 6, "band": "extra-light"},
        ],
    }


def request(n: int) -> tuple[int, dict]:
    """What request n sends: (session number, headers)."""
    if n < KEYED:
        return n % KEYS, {"Idempotency-Key": f"key-{n % KEYS}"}
    return KEYS + (n - KEYED), {}


def progression_state(program) -> tuple:
    return (
        sorted(
            Prescription.objects.filter(program=program).values_list("exercise", "rung", "streak")
        ),
        sorted(
            ProgressionEvent.objects.filter(program=program).values_list(
                "kind", "exercise", "from_rung", "to_rung", "session", "reason"
            ),
            key=repr,
        ),
    )


@committed
def test_fifty_parallel_posts_store_each_distinct_session_once_and_progression_matches_a_replay():
    needs_real_concurrency()
    program = ProgramFactory()
    clients = [Client() for _ in range(REQUESTS)]
    for client in clients:
        client.force_login(program.user)

    def post(n):
        session, headers = request(n)
        return session, send(clients[n], "post", SESSIONS, body(session), **headers)

    answers = in_threads(post, REQUESTS)

    assert [r.status_code for _, r in answers] == [201] * REQUESTS, [
        (r.status_code, r.content[:200]) for _, r in answers if r.status_code != 201
    ]
    ids_by_session: dict[int, set[int]] = {}
    for session, response in answers:
        ids_by_session.setdefault(session, set()).add(response.json()["id"])
    assert all(len(ids) == 1 for ids in ids_by_session.values()), ids_by_session
    stored = Session.objects.filter(user=program.user)
    assert stored.count() == DISTINCT
    assert sorted(stored.values_list("notes", flat=True)) == sorted(
        f"Session {n}." for n in range(DISTINCT)
    )
    assert Entry.objects.filter(session__user=program.user).count() == 2 * DISTINCT

    as_logged = progression_state(program)
    assert as_logged[1], "nothing progressed, so the comparison below would prove nothing"
    services.program_recompute(program=program)
    assert progression_state(program) == as_logged
