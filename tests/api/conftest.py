import pytest
from rest_framework.throttling import SimpleRateThrottle


@pytest.fixture
def tiny_throttle_rates(monkeypatch):
    """Two requests a minute for anonymous clients and for each person. DRF copies
    DEFAULT_THROTTLE_RATES onto the throttle class when it is imported, so overriding the
    setting in a test changes nothing; the class attribute is what counts."""
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "2/minute"}
    )
