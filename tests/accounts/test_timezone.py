import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from osteofit.accounts.middleware import UserTimezoneMiddleware
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _zone_seen_by_a_view(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return UserTimezoneMiddleware(lambda _: timezone.get_current_timezone_name())(request)


def test_pages_show_times_in_the_signed_in_persons_timezone():
    assert _zone_seen_by_a_view(UserFactory(timezone="America/Toronto")) == "America/Toronto"


def test_anonymous_visitors_see_the_site_timezone():
    assert _zone_seen_by_a_view(AnonymousUser()) == "UTC"


def test_an_unknown_timezone_is_refused_with_a_clear_message():
    user = UserFactory.build(timezone="Mars/Olympus")
    with pytest.raises(ValidationError, match="not a time zone we know"):
        user.full_clean()
