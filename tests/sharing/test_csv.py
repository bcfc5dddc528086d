"""The sessions as CSV: one row per session and exercise, ISO dates, the right columns."""

import csv
import io

import pytest

from tests.reauth import reauthenticated
from tests.sharing.helpers import program_with_history
from tests.tracking.factories import session_logged
from tracking import exports
from tracking.models import Entry, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return program_with_history()


def rows(content: bytes) -> list[dict]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("path", ["/api/v1/me/export/csv/", "/account/export/csv/"])
def test_the_csv_has_a_row_per_session_and_exercise_with_iso_dates(client, program, path):
    reauthenticated(client, program.user)

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="osteofit-sessions-' in response["Content-Disposition"]
    table = rows(response.content)
    assert list(table[0]) == list(exports.COLUMNS)
    assert len(table) == Entry.objects.filter(session__user=program.user).count()
    sessions = {str(s.pk): s for s in Session.objects.filter(user=program.user)}
    for row in table:
        session = sessions[row["session_id"]]
        assert row["date"] == session.local_date.isoformat()
        assert (int(row["pain_before"]), int(row["pain_after"])) == (
            session.pain_before,
            session.pain_after,
        )
    assert [r["date"] for r in table] == sorted(r["date"] for r in table)


def test_a_note_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(program):
    session_logged(program, notes='=HYPERLINK("http://bad.example")')

    table = rows(exports.sessions_csv(program.user).encode())

    assert all(row["notes"].startswith("'=") for row in table if "HYPERLINK" in row["notes"])
