import pytest
from django.core.cache import cache

from exercises.catalogue_cache import catalogue_exercises
from exercises.catalogue_sync import catalogue_sync
from osteofit import public_pages
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and cached pages live in the cache (Redis in CI), public pages in the
    process (osteofit.public_pages); each test starts afresh."""
    cache.clear()
    public_pages.forget()
    yield
    cache.clear()
    public_pages.forget()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrations load the first catalogue content; the release step (`catalogue_sync`) brings
    it up to date, so the test database gets the same step."""
    with django_db_blocker.unblock():
        catalogue_sync()


@pytest.fixture
def catalogue_loaded(db):
    """The process's copy of the catalogue, loaded as on a warm server, so query counts show
    what each request costs and not the once-per-version load."""
    catalogue_exercises()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def signed_in_client(client, user):
    client.force_login(user)
    return client


def pytest_report_header(config):
    from django.conf import settings

    return [
        f"database: {settings.DATABASES['default']['ENGINE']}",
        f"broker: {settings.CELERY_BROKER_URL.split('://', 1)[0]}",
    ]


def catalogue_ensure() -> None:
    """Load the built-in catalogue if a transactional test emptied the database."""
    from exercises.models import Exercise

    if not Exercise.objects.exists():
        catalogue_sync()


@pytest.fixture(autouse=True)
def _catalogue_after_flush(request):
    """Transactional tests (live server, real workers, threads) start from an emptied
    database; give them the built-in catalogue, as the release step gave every other test."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        catalogue_ensure()


@pytest.fixture(scope="module")
def database_restored_afterwards(django_db_blocker):
    """A transactional test ends by emptying the database, catalogue included. This puts the
    catalogue back once the module is done, so whatever runs next finds it as migrations left
    it."""
    yield
    with django_db_blocker.unblock():
        catalogue_ensure()
