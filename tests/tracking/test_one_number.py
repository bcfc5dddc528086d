"""Each number that means something to the product is written once: changing it in the rules
module changes every interface that uses it. Shown here for the backdating window."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.tracking.factories import ProgramFactory, local_noon, session_logged
from tracking import progression

pytestmark = pytest.mark.django_db


def test_the_backdating_window_is_one_number_that_the_service_and_the_form_follow(
    client, monkeypatch
):
    program = ProgramFactory()
    monkeypatch.setattr(progression, "BACKDATE_DAYS", 3)

    session_logged(program, performed_at=local_noon(3), now=None)
    with pytest.raises(ValidationError, match="up to 3 days late"):
        session_logged(program, performed_at=local_noon(4), now=None)

    client.force_login(program.user)
    page = client.get(reverse("tracking:session_new")).content.decode()
    assert "up to 3 days late" in page


def test_the_rules_module_is_where_the_entry_bounds_come_from():
    from tracking.api.serializers import EntrySerializer
    from tracking.forms import EntryNumbersForm
    from tracking.models import Entry

    form = EntryNumbersForm()
    serializer = EntrySerializer()
    model_sets = {v.limit_value for v in Entry._meta.get_field("sets").validators}
    assert form.fields["sets"].max_value == serializer.fields["sets"].max_value
    assert form.fields["sets"].max_value == progression.SETS_MAX
    assert model_sets == {progression.SETS_MIN, progression.SETS_MAX}
    assert serializer.fields["reps"].max_value == progression.REPS_MAX
    assert form.fields["hold_seconds"].max_value == progression.HOLD_MAX


def test_the_database_refuses_the_entries_and_scores_the_rules_refuse():
    """The check constraints are built from the same bounds, so even a write that skips every
    validator cannot store what the rules call impossible."""
    from django.db import IntegrityError, transaction

    from tracking.models import Entry, Session

    session = session_logged(ProgramFactory(), performed_at=local_noon(0), now=None)
    entry = session.entries.first()
    for field, value in [("sets", progression.SETS_MAX + 1), ("reps", progression.REPS_MAX + 1)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Entry.objects.filter(pk=entry.pk).update(**{field: value})
    for field, value in [
        ("pain_before", progression.PAIN_MAX + 1),
        ("pain_after", progression.PAIN_MAX + 1),
        ("effort", progression.EFFORT_MAX + 1),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Session.objects.filter(pk=session.pk).update(**{field: value})
    constraint = next(c for c in Entry._meta.constraints if c.name == "entry_numbers_in_range")
    assert ("sets__lte", progression.SETS_MAX) in constraint.condition.children
