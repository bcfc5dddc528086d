"""The time zone list: cities grouped by region, and every IANA name still a choice."""

from osteofit.timezones import OTHER_REGION, grouped_timezones, known_timezones
from tracking.forms import ProgramForm


def test_every_known_time_zone_is_still_a_choice_by_its_iana_name():
    values = [name for _, cities in grouped_timezones() for name, _ in cities]

    assert sorted(values) == sorted(known_timezones())


def test_time_zones_are_grouped_by_region_with_cities_named_in_words():
    groups = dict(grouped_timezones())

    assert ("America/New_York", "New York") in groups["America"]
    assert ("Europe/London", "London") in groups["Europe"]
    assert ("America/Argentina/Buenos_Aires", "Argentina / Buenos Aires") in groups["America"]
    assert ("UTC", "UTC") in groups[OTHER_REGION]
    assert list(groups)[-1] == OTHER_REGION
    assert list(groups)[:-1] == sorted(list(groups)[:-1])
    cities = [city for _, city in groups["Europe"]]
    assert cities == sorted(cities)


def test_the_program_form_shows_one_optgroup_per_region_and_accepts_an_iana_name():
    form = ProgramForm()
    html = str(form["timezone"])

    assert '<optgroup label="Europe">' in html
    assert '<option value="America/New_York">New York</option>' in html
    assert form.fields["timezone"].valid_value("Pacific/Auckland")
