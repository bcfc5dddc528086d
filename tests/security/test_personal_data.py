"""Every row that belongs to a person: in their data download with every column, and gone when
they delete the account, with every trace no foreign key leads to. Which rows belong to a person
is found, not listed: every model with a foreign key to the user, or to a model found so, however
deep (apps.get_models()). A model added later fails
test_every_model_that_holds_personal_rows_is_accounted_for until it is put in one of the two
tables below: exported (with where its rows are in the download) or not exported (with why); a
column added later is in the download unless it is one of the secrets in SECRET_COLUMNS."""

import hashlib
import json

import pytest
import redis
from allauth.account.models import EmailAddress, EmailConfirmation
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session as StoredSession
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.utils.encoders import JSONEncoder

from osteofit.accounts.export import SECRET_COLUMNS, account_export
from osteofit.accounts.services import account_delete
from tests.factories import UserFactory
from tests.reminders.helpers import reminder_sent_and_week_answered
from tests.tracking.factories import ProgramFactory, session_logged, sessions_logged
from tracking import services
from tracking.models import Delivery, EventKind, ProgressionEvent, Session, WeekReflection
from tracking.services.programs import program_pause
from tracking.services.shares import share_create

pytestmark = pytest.mark.django_db

User = get_user_model()

# Where the rows of each model are in the data download.
EXPORTED = {
    "accounts.User": lambda doc: [doc["account"]] if doc["account"]["email"] else [],
    "account.EmailAddress": lambda doc: doc["account"]["email_addresses"],
    "tracking.Program": lambda doc: doc["programs"],
    "tracking.Prescription": lambda doc: [
        p for program in doc["programs"] for p in program["prescriptions"]
    ],
    "tracking.CalendarSeries": lambda doc: [
        s for program in doc["programs"] for s in program["calendar_series"]
    ],
    "tracking.Session": lambda doc: doc["sessions"],
    "tracking.Entry": lambda doc: [e for session in doc["sessions"] for e in session["entries"]],
    "tracking.ProgressionEvent": lambda doc: doc["events"],
    # A step back's ratchet: it holds the person's exercise down, and outlives the session
    # (and the event) that left it, so the download is the only place they can see it.
    "tracking.Ceiling": lambda doc: doc["ceilings"],
    "tracking.Delivery": lambda doc: doc["deliveries"],
    "tracking.WeekReflection": lambda doc: doc["reflections"],
    "tracking.Share": lambda doc: doc["shares"],
}
# The lists a row carries of its children, beside its own columns.
NESTED = {
    "accounts.User": {"email_addresses"},
    "tracking.Program": {"prescriptions", "calendar_series"},
    "tracking.Session": {"entries"},
}
NOT_EXPORTED = {
    "account.EmailConfirmation": "a pending confirmation key: a secret, not data about them",
    "admin.LogEntry": "the admin's record of what a staff member did, not data about them",
    "accounts.User_groups": "staff permission groups, not data about them",
    "accounts.User_user_permissions": "staff permissions, not data about them",
    "tracking.DeletedSession": "what is left of a session they deleted (its old id, time and "
    "retry key) for 90 days, so their apps can sync: the session itself is gone",
}


def personal_models() -> dict[type, str]:
    """Each model holding rows of a person, with the lookup from it to the user's id."""
    found: dict[type, str] = {User: "pk"}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models(include_auto_created=True):
            if model in found:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in found:
                    via = found[field.related_model]
                    found[model] = field.name if via == "pk" else f"{field.name}__{via}"
                    grew = True
                    break
    return found


def rows_of(user_pk: int) -> dict[str, set[int]]:
    return {
        model._meta.label: set(
            model._default_manager.filter(**{lookup: user_pk}).values_list("pk", flat=True)
        )
        for model, lookup in personal_models().items()
    }


def a_person_with_every_kind_of_row():
    """One row at least in every personal model, made the way the site makes them."""
    user = ProgramFactory().user
    program = user.programs.get()
    sessions_logged(program, 3)
    services.session_delete(session=session_logged(program))  # leaves its trace
    session_logged(program, pain_after=5)  # a step back, which leaves a ceiling
    address = EmailAddress.objects.get(user=user)
    EmailConfirmation.create(address)
    ProgressionEvent.objects.create(
        program=program,
        kind=EventKind.ADVANCE,
        reason="staff_adjusted",
        message="Moved up.",
        occurred_at=timezone.now(),
    )
    reminder_sent_and_week_answered(user)
    share_create(owner=user, label="Dr Patel, physio")
    user.groups.add(Group.objects.get_or_create(name="Helpers")[0])
    user.user_permissions.add(*ContentType.objects.get_for_model(User).permission_set.all()[:1])
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=User.objects.filter(pk=user.pk), action_flag=ADDITION
    )
    return user


def test_every_model_that_holds_personal_rows_is_accounted_for():
    found = {model._meta.label for model in personal_models()}

    assert found - set(EXPORTED) - set(NOT_EXPORTED) == set(), "add these to a table above"
    assert (set(EXPORTED) | set(NOT_EXPORTED)) - found == set(), "these no longer exist"


def test_the_test_person_has_rows_in_every_personal_model():
    rows = rows_of(a_person_with_every_kind_of_row().pk)

    assert [label for label, pks in rows.items() if not pks] == []


def test_the_data_download_holds_every_exported_row():
    user = a_person_with_every_kind_of_row()
    rows = rows_of(user.pk)

    document = account_export(user=user)

    assert {label: len(rows_in(document)) for label, rows_in in EXPORTED.items()} == {
        label: len(rows[label]) for label in EXPORTED
    }


def test_deleting_the_account_removes_every_personal_row_and_only_theirs():
    user = a_person_with_every_kind_of_row()
    bystander = a_person_with_every_kind_of_row()
    theirs, bystanders = rows_of(user.pk), rows_of(bystander.pk)
    models = {model._meta.label: model for model in personal_models()}

    account_delete(user=user)

    left = {
        label: set(models[label]._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        for label, pks in theirs.items()
    }
    assert {label: pks for label, pks in left.items() if pks} == {}
    assert rows_of(bystander.pk) == bystanders
    assert User.objects.filter(pk=bystander.pk).exists()


# --- every column -----------------------------------------------------------------------------


def columns_of(label: str) -> set[str]:
    """The model's stored columns, read from the model, less the secrets listed in the export."""
    model = apps.get_model(label)
    return {
        field.name
        for field in model._meta.concrete_fields
        if f"{label}.{field.name}" not in SECRET_COLUMNS
    }


def test_the_data_download_holds_every_column_of_every_row_but_the_listed_secrets():
    document = account_export(user=a_person_with_every_kind_of_row())

    keys = {
        label: {frozenset(row) - NESTED.get(label, set()) for row in rows_in(document)}
        for label, rows_in in EXPORTED.items()
    }

    assert keys == {label: {frozenset(columns_of(label))} for label in EXPORTED}


def test_each_column_left_out_of_the_download_is_a_real_column_with_a_reason():
    for column, reason in SECRET_COLUMNS.items():
        label, name = column.rsplit(".", 1)
        assert name in {field.name for field in apps.get_model(label)._meta.concrete_fields}
        assert reason


def test_the_secrets_are_not_in_the_download():
    user = a_person_with_every_kind_of_row()

    text = json.dumps(account_export(user=user), cls=JSONEncoder)

    assert user.password not in text
    assert user.programs.get().calendar_token not in text


def test_the_download_holds_what_the_pages_never_show():
    user = a_person_with_every_kind_of_row()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    program = program_pause(program=user.programs.get())
    delivery = Delivery.objects.get(user=user)
    reflection = WeekReflection.objects.get(user=user)

    document = account_export(user=user)

    assert parse_datetime(document["account"]["last_login"]) == user.last_login
    assert parse_datetime(document["programs"][0]["paused_at"]) == program.paused_at
    assert parse_datetime(document["programs"][0]["updated_at"]) == program.updated_at
    assert document["deliveries"][0]["attempts"] == delivery.attempts
    assert parse_datetime(document["deliveries"][0]["due_at"]) == delivery.due_at
    assert parse_datetime(document["reflections"][0]["answered_at"]) == reflection.answered_at
    assert {event["to_text"] for event in document["events"]} >= {
        event.to_text for event in ProgressionEvent.objects.filter(program=program)
    }


# --- traces that no foreign key leads to --------------------------------------------------------


@pytest.fixture
def redis_cache():
    """The real Redis cache (CACHE_URL) the site runs on, read directly, key by key."""
    if not settings.CACHE_URL:
        pytest.skip("no Redis cache configured (set REDIS_URL): deletion's cache part untested")
    return redis.Redis.from_url(settings.CACHE_URL)


def keys_naming(person, keys: list[str]) -> dict[str, list[str]]:
    """The cache keys that belong to the person, by kind: their cached pages, DRF's throttle
    history, allauth's rate limits per user and per address (a hash of it)."""
    address = person.email.lower()
    hashes = {
        hashlib.sha256(key.encode()).hexdigest() for key in (address, f"testserver:{address}")
    }
    kinds = {
        "pages": lambda key: f":person:{person.pk}:" in key,
        "throttle": lambda key: key.endswith(f":throttle_user_{person.pk}"),
        "rate limit per user": lambda key: key.endswith(f":user:{person.pk}"),
        "rate limit per address": lambda key: key.rsplit(":", 1)[-1] in hashes,
    }
    return {kind: [key for key in keys if named(key)] for kind, named in kinds.items()}


def sessions_naming(person) -> list[str]:
    return [
        stored.session_key
        for stored in StoredSession.objects.all()
        if stored.get_decoded().get(SESSION_KEY) == str(person.pk)
        or person.email.lower() in json.dumps(stored.get_decoded()).lower()
    ]


def admin_log_naming(person, rows: dict[str, set[int]]) -> list[LogEntry]:
    """Admin log entries that point at one of the person's rows or quote their address."""
    pointing = [
        entry
        for entry in LogEntry.objects.select_related("content_type")
        if entry.content_type.model_class() is not None
        and entry.content_type.model_class()._meta.label in rows
        and entry.object_id
        in {str(pk) for pk in rows[entry.content_type.model_class()._meta.label]}
    ]
    quoting = LogEntry.objects.filter(
        Q(object_repr__icontains=person.email) | Q(change_message__icontains=person.email)
    )
    return [*pointing, *quoting]


def traces_left_by(person, client_factory, staff) -> None:
    """What using the site leaves of a person outside their rows: cached pages and throttles
    from browsing, a failed password, a pending login code in an anonymous session, a failed
    password change, and the admin's log of a staff member editing their records."""
    browser = client_factory()
    browser.force_login(person)
    for path in ("/dashboard/", "/progress/", "/sessions/", "/api/v1/sessions/", "/api/v1/me/"):
        assert browser.get(path).status_code == 200, path
    browser.post("/accounts/password/change/", {"oldpassword": "wrong", "password1": "x"})
    client_factory().post("/accounts/login/", {"login": person.email, "password": "wrong"})
    client_factory().post(reverse("account_request_login_code"), {"email": person.email})
    for queryset in (
        User.objects.filter(pk=person.pk),
        person.programs.all(),
        Session.objects.filter(user=person),
        EmailAddress.objects.filter(user=person),
    ):
        LogEntry.objects.log_actions(
            user_id=staff.pk,
            queryset=queryset,
            action_flag=CHANGE,
            change_message=[{"added": {"name": "email address", "object": person.email}}],
        )


def test_deleting_the_account_leaves_no_cache_key_session_or_admin_log_naming_the_person(
    redis_cache, django_capture_on_commit_callbacks
):
    person, bystander = a_person_with_every_kind_of_row(), a_person_with_every_kind_of_row()
    staff = UserFactory(is_staff=True, is_superuser=True)
    for someone in (person, bystander):
        traces_left_by(someone, Client, staff)
    theirs = rows_of(person.pk)
    keys = lambda: [key.decode() for key in redis_cache.scan_iter(count=1000)]  # noqa: E731
    before = keys_naming(person, keys())
    bystanders_keys = keys_naming(bystander, keys())
    assert [kind for kind, found in before.items() if not found] == []
    assert sessions_naming(person)
    about_them = {entry.pk for entry in admin_log_naming(person, theirs) if entry.user == staff}
    assert about_them
    bystanders_sessions = sessions_naming(bystander)
    bystanders_log = admin_log_naming(bystander, rows_of(bystander.pk))

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=person)

    assert {kind: found for kind, found in keys_naming(person, keys()).items() if found} == {}
    assert sessions_naming(person) == []
    assert admin_log_naming(person, theirs) == []
    # The staff member's record of their work stays, saying only that it was a deleted account.
    assert set(
        LogEntry.objects.filter(pk__in=about_them).values_list("object_repr", "object_id")
    ) == {("deleted account", None)}
    assert LogEntry.objects.filter(pk__in=about_them).count() == len(about_them)
    # Nobody else's traces went with them.
    assert keys_naming(bystander, keys()) == bystanders_keys
    assert sessions_naming(bystander) == bystanders_sessions
    assert admin_log_naming(bystander, rows_of(bystander.pk)) == bystanders_log


def test_the_data_download_costs_the_same_queries_however_long_the_history(
    django_assert_num_queries,
):
    short, long = a_person_with_every_kind_of_row(), a_person_with_every_kind_of_row()
    sessions_logged(long.programs.get(), 12)
    account_export(user=short)  # the catalogue copy and content types, loaded once

    # one query per list in the document (the share links and calendar series included),
    # however long each is
    with django_assert_num_queries(12):
        account_export(user=short)
    with django_assert_num_queries(12):
        document = account_export(user=long)

    assert len(document["sessions"]) == 16


def test_deleting_a_person_in_the_admin_removes_the_same_traces_as_deleting_the_account(
    django_capture_on_commit_callbacks,
):
    person = a_person_with_every_kind_of_row()
    staff = UserFactory(is_staff=True, is_superuser=True)
    traces_left_by(person, Client, staff)
    theirs = rows_of(person.pk)
    assert sessions_naming(person)
    admin = Client()
    admin.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        answer = admin.post(
            reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"}
        )

    assert answer.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert sessions_naming(person) == []
    # Django's own "deleted" entry, written just before, keeps no name either.
    assert admin_log_naming(person, theirs) == []
