"""Time zone names, for every app that stores one (a person's, a program's). Here rather than
in `accounts` so that `tracking` needs nothing from `accounts`: the apps depend one way."""

import functools
import zoneinfo

from django.core.exceptions import ValidationError


@functools.cache
def known_timezones() -> frozenset[str]:
    """Every IANA zone name on this system (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in known_timezones():
        raise ValidationError(
            "%(value)s is not a time zone we know. Choose one such as Europe/London.",
            params={"value": value},
            code="invalid_timezone",
        )


OTHER_REGION = "Other"


def city_of(name: str) -> str:
    """What a person looks for in a zone name: its place, with spaces ("New York",
    "Argentina / Buenos Aires"); a name without a region ("UTC") is shown whole."""
    place = name.split("/", 1)[1] if "/" in name else name
    return place.replace("_", " ").replace("/", " / ")


@functools.cache
def grouped_timezones() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Every known zone as (region, ((IANA name, city), ...)), regions and cities sorted, for a
    <select> with one optgroup per region. Names without a region go under "Other", last."""
    regions: dict[str, list[tuple[str, str]]] = {}
    for name in known_timezones():
        region = name.split("/", 1)[0] if "/" in name else OTHER_REGION
        regions.setdefault(region, []).append((name, city_of(name)))
    order = sorted(regions, key=lambda region: (region == OTHER_REGION, region))
    return tuple(
        (region, tuple(sorted(regions[region], key=lambda choice: (choice[1], choice[0]))))
        for region in order
    )
