"""The person's own report page: what it shows, for which period, and its notes switch."""

import pytest

from tests.sharing.helpers import REPORT, program_with_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return program_with_history()


def test_the_report_shows_what_is_prescribed_now_and_asks_to_see_the_doctor_first(client, program):
    client.force_login(program.user)

    response = client.get(REPORT)

    assert response.status_code == 200
    assert "Prescribed now" in response.text
    assert "Back Extension" in response.text
    assert "Ask your doctor first" in response.text


def test_notes_appear_only_when_the_person_ticks_include_my_notes(client, program):
    client.force_login(program.user)

    assert "Knees a bit stiff." not in client.get(REPORT).text
    assert "Knees a bit stiff." in client.get(REPORT, {"notes": "on"}).text


def test_the_period_is_twelve_weeks_unless_the_person_chooses(client, program):
    client.force_login(program.user)

    default = client.get(REPORT).context["report"]
    four = client.get(REPORT, {"period": "4"}).context["report"]
    everything = client.get(REPORT, {"period": "all"}).context["report"]

    assert (len(default.weeks), len(four.weeks)) == (12, 4)
    assert everything.period_weeks is None
    assert everything.date_from == program.started_on


def test_a_period_not_offered_falls_back_to_twelve_weeks(client, program):
    client.force_login(program.user)

    assert len(client.get(REPORT, {"period": "5"}).context["report"].weeks) == 12


def test_the_pdf_download_is_a_pdf(client, program):
    client.force_login(program.user)

    response = client.get("/report/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment;" in response["Content-Disposition"]


def test_without_weasyprint_the_page_still_works_and_says_why_there_is_no_pdf(
    client, program, monkeypatch
):
    from tracking import report_pdf

    monkeypatch.setattr(report_pdf, "_weasyprint", lambda: "WeasyPrint cannot start here (x).")
    client.force_login(program.user)

    page = client.get(REPORT)
    download = client.get("/report/pdf/")

    assert page.status_code == 200
    assert "A PDF download is not available on this server" in page.text
    assert "Download as PDF" not in page.text
    assert download.status_code == 503
