"""Staff see every delivery in the admin, filtered by status and kind."""

import pytest

from tests.factories import UserFactory
from tests.reminders.helpers import MONDAY, WEDNESDAY, delivery_recorded, program_for
from tracking.models import Delivery, DeliveryKind, DeliveryStatus

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tracking/delivery/"


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def deliveries():
    program = program_for()
    rows = [
        (MONDAY, DeliveryKind.REMINDER, DeliveryStatus.SENT),
        (WEDNESDAY, DeliveryKind.REMINDER, DeliveryStatus.SKIPPED),
        (WEDNESDAY, DeliveryKind.SUMMARY, DeliveryStatus.FAILED),
    ]
    for day, kind, status in rows:
        delivery_recorded(program, day, status, kind)


def listed(response) -> list[tuple[str, str]]:
    return [(d.kind, d.status) for d in response.context["cl"].result_list]


def test_the_delivery_changelist_loads_with_status_and_kind_filters(staff_client, deliveries):
    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    assert len(listed(response)) == 3
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert {"status", "kind"} <= set(titles)


def test_the_delivery_changelist_filters_by_status(staff_client, deliveries):
    response = staff_client.get(CHANGELIST, {"status__exact": DeliveryStatus.FAILED})

    assert listed(response) == [(DeliveryKind.SUMMARY, DeliveryStatus.FAILED)]


def test_the_delivery_changelist_filters_by_kind(staff_client, deliveries):
    response = staff_client.get(CHANGELIST, {"kind__exact": DeliveryKind.REMINDER})

    assert sorted(listed(response)) == [
        (DeliveryKind.REMINDER, DeliveryStatus.SENT),
        (DeliveryKind.REMINDER, DeliveryStatus.SKIPPED),
    ]


def test_a_delivery_opens_in_the_admin(staff_client, deliveries):
    pk = Delivery.objects.get(status=DeliveryStatus.FAILED).pk

    assert staff_client.get(f"{CHANGELIST}{pk}/change/").status_code == 200


def test_the_delivery_changelist_is_for_staff_only(client, deliveries):
    client.force_login(UserFactory())

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
