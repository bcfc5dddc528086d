"""The log form's error summary names each question and, on its rows, the exercise; a form
sent after the login session ended brings the login page that says it was not saved."""

import re

import pytest

from tests.tracking.factories import ProgramFactory
from tests.tracking.test_views import submitted_answered

pytestmark = pytest.mark.django_db

LOG = "/sessions/new/"


@pytest.fixture
def program(client):
    program = ProgramFactory()
    client.force_login(program.user)
    return program


def summary_links(response) -> dict[str, str]:
    summary = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    assert summary, "no error summary"
    return dict(re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary.group(0)))


def test_a_row_left_empty_is_named_by_its_exercise_in_the_summary_and_under_the_field(
    client, program
):
    page = client.get(LOG)
    form = submitted_answered(page)
    name = re.search(r'<fieldset class="entry">\s*<legend>(.*?) <span', page.content.decode())[1]
    form["entries-0-reps"] = ""

    response = client.post(LOG, form)

    assert summary_links(response) == {
        "id_entries-0-reps": f"{name}: enter the repetitions you did."
    }
    assert re.search(
        rf'<p class="field-error" id="id_entries-0-reps_error">{re.escape(name)}: enter the '
        r"repetitions you did.</p>",
        response.content.decode(),
    )
    assert not program.sessions.exists()


def test_unanswered_questions_link_to_their_first_choice_and_are_named(client, program):
    form = submitted_answered(client.get(LOG))
    del form["pain_after"], form["red_flag"]

    links = summary_links(client.post(LOG, form))

    assert links == {
        "id_pain_after_0": (
            "How much pain did you have afterwards? Please choose a number from 0 to 10."
        ),
        "id_red_flag_0": links["id_red_flag_0"],
    }
    assert links["id_red_flag_0"].endswith("Please answer yes or no.")


def test_a_form_sent_after_the_login_session_ended_brings_a_login_page_saying_so(client):
    response = client.post(LOG, {"pain_before": "2"}, follow=True)

    html = response.content.decode()
    assert "You were logged out, so what you just sent was not saved." in html
    assert "<h1>Log in</h1>" in html


def test_the_login_page_reached_on_its_own_says_nothing_of_lost_answers(client):
    html = client.get("/accounts/login/?next=/sessions/new/").content.decode()

    assert "was not saved" not in html
