# The browser tests here use the e2e suite's Chromium, live server and sign-in fixtures.
from tests.e2e.conftest import browser_context_args, browser_type_launch_args, sign_in, site

__all__ = ["browser_context_args", "browser_type_launch_args", "sign_in", "site"]
