#!/usr/bin/env python
"""Django's command-line utility for OsteoFit."""

import sys


def main() -> None:
    from osteofit.startup import configured

    with configured():
        from django.conf import settings
        from django.core.management import execute_from_command_line

        settings.INSTALLED_APPS  # noqa: B018  read settings now, so a bad environment fails here
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
