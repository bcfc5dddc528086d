"""Every row that belongs to a person: in their data download, and gone when they delete the
account. Which rows belong to a person is found, not listed: every model with a foreign key to
the user, or to a model found so, however deep (apps.get_models()). A model added later fails
test_every_model_that_holds_personal_rows_is_accounted_for until it is put in one of the two
tables below: exported (with how to count it in the download) or not exported (with why)."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from osteofit.accounts.services import account_delete, account_export
from tests.reminders.helpers import reminder_sent_and_week_answered
from tests.tracking.factories import ProgramFactory, session_logged, sessions_logged
from tracking.models import EventKind, ProgressionEvent

pytestmark = pytest.mark.django_db

User = get_user_model()

# How many rows of each model the data download holds.
EXPORTED = {
    "accounts.User": lambda doc: 1 if doc["account"]["email"] else 0,
    "account.EmailAddress": lambda doc: len(doc["account"]["email_addresses"]),
    "tracking.Program": lambda doc: len(doc["programs"]),
    "tracking.Prescription": lambda doc: sum(len(p["prescriptions"]) for p in doc["programs"]),
    "tracking.Session": lambda doc: len(doc["sessions"]),
    "tracking.Entry": lambda doc: sum(len(s["entries"]) for s in doc["sessions"]),
    "tracking.ProgressionEvent": lambda doc: len(doc["events"]),
    # A step back's ratchet: it holds the person's exercise down, and outlives the session
    # (and the event) that left it, so the download is the only place they can see it.
    "tracking.Ceiling": lambda doc: len(doc["ceilings"]),
    "tracking.Delivery": lambda doc: len(doc["deliveries"]),
    "tracking.WeekReflection": lambda doc: len(doc["reflections"]),
}
NOT_EXPORTED = {
    "account.EmailConfirmation": "a pending confirmation key: a secret, not data about them",
    "admin.LogEntry": "the admin's record of what a staff member did, not data about them",
    "accounts.User_groups": "staff permission groups, not data about them",
    "accounts.User_user_permissions": "staff permissions, not data about them",
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

    assert {label: count(document) for label, count in EXPORTED.items()} == {
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
