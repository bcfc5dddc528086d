"""How long a code or link works, in words, from the setting that decides it."""

import pytest

from osteofit.accounts.lifetimes import in_words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (180, "3 minutes"),
        (60, "1 minute"),
        (900, "15 minutes"),
        (3600, "1 hour"),
        (7200, "2 hours"),
        (5400, "90 minutes"),
        (259_200, "3 days"),
        (86_400, "1 day"),
        (30, "1 minute"),
    ],
)
def test_a_lifetime_is_said_in_the_largest_unit_that_fits_exactly(seconds, words):
    assert in_words(seconds) == words
