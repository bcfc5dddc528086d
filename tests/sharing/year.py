"""A year of a person's sessions, logged through the services as they happen: three days a
week, mostly comfortable (so exercises climb), a painful day now and then (a step back), one
warning sign (a safety pause, then a resume after medical advice) and a few notes."""

import datetime as dt

from tests.tracking.factories import ProgramFactory, local_noon, local_today, session_logged
from tracking import services

DAYS = 364


def a_year_of_sessions(*, days: int = DAYS, warning_at: int = 80):
    """`warning_at`: the count of sessions before the one that reports a warning sign."""
    program = ProgramFactory(
        today=local_today() - dt.timedelta(days=days), training_days=("mon", "wed", "fri")
    )
    logged = 0
    for ago in range(days, 0, -1):
        day = local_today() - dt.timedelta(days=ago)
        if day.weekday() not in program.weekdays:
            continue
        if logged % 17 == 11:  # a missed session now and then
            logged += 1
            continue
        answers = {"pain_before": 1, "pain_after": 1 + logged % 3, "effort": 5}
        if logged % 23 == 22:
            answers["pain_after"] = 5  # a painful day: a step back
        if logged == warning_at:
            answers["red_flag"] = True  # a warning sign: the program pauses
        session_logged(
            program,
            performed_at=local_noon(ago),
            notes="Felt strong today." if logged % 10 == 0 else "",
            **answers,
        )
        program.refresh_from_db()
        if program.paused:
            services.program_resume(program=program, seen_doctor=True)
        logged += 1
    program.refresh_from_db()
    return program
