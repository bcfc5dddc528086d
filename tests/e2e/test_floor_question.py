"""A person whose program predates the floor question is asked it on the dashboard, in our
usual large radio buttons with neither chosen, and their answer changes the program at once."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import answer, screenshot
from tests.tracking.factories import ProgramFactory
from tracking.forms import FLOOR_OK_QUESTION as FLOOR_QUESTION
from tracking.models import Program

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dashboard_asks_the_floor_question_and_the_answer_replaces_floor_work(
    page, site, sign_in
):
    program = ProgramFactory(floor_ok=True)
    Program.objects.filter(pk=program.pk).update(floor_answered_at=None)
    sign_in(program.user)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(site + "/dashboard/")
    question = page.get_by_role("group", name=FLOOR_QUESTION)
    expect(question).to_be_visible()
    expect(question.get_by_role("radio", checked=True)).to_have_count(0)
    screenshot(page, "floor-question-phone")

    answer(page, FLOOR_QUESTION, "No")
    page.get_by_role("button", name="Save my answer").click()

    expect(page.get_by_text("Standing or seated exercises now replace")).to_be_visible()
    expect(page.get_by_role("group", name=FLOOR_QUESTION)).to_have_count(0)
