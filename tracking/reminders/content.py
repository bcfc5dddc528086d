"""What a reminder and a weekly summary say: the context of each email, the tips that answer
"what got in the way", and the message itself with the headers mail clients need.

Everything the emails of one batch need is loaded up front in a fixed number of queries, so a
batch of a hundred costs the same handful of queries as a batch of one.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from exercises.catalogue_cache import catalogue_exercises
from tracking import links, progression
from tracking.ladders import ladder_of, rung_at
from tracking.models import (
    Delivery,
    DeliveryKind,
    Entry,
    EventKind,
    Obstacle,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
    WeekReflection,
)
from tracking.reminders.mime import ReminderEmail
from tracking.schedule import (
    WHAT_COUNTS,
    bone_health_window,
    days_done_by_week,
    summary_week,
    training_dates,
    week_start,
    weekly_target,
)

TIPS = {
    Obstacle.PAIN: (
        "If the exercises hurt, do fewer repetitions or rest an extra day, and log how it "
        "feels: the program eases back on its own. Ask your doctor if pain keeps coming back."
    ),
    Obstacle.NO_TIME: (
        "The whole routine takes about fifteen minutes. Try linking it to something you do "
        "every day, such as after breakfast or before the news."
    ),
    Obstacle.FORGOT: (
        "Set your reminder for a time you are usually at home, and keep your mat or band "
        "where you will see it."
    ),
    Obstacle.UNWELL: (
        "Rest until you feel better, then start gently. You can pause your program from your "
        "settings so nothing counts as missed."
    ),
}


class BatchContext:
    """Everything the emails of one batch need, loaded in a fixed number of queries."""

    def __init__(
        self,
        programs,
        exercises_by_program,
        dates_by_user,
        logged,
        events_by_program,
        reflections,
        kinds_by_user=None,
    ):
        self.kinds_by_user = kinds_by_user or {}
        self.programs = programs
        self.exercises_by_program = exercises_by_program
        self.dates_by_user = dates_by_user
        self.logged = logged
        self.events_by_program = events_by_program
        self.reflections = reflections

    @classmethod
    def load(cls, deliveries: list[Delivery]) -> BatchContext:
        program_ids = {d.program_id for d in deliveries}
        user_ids = {d.user_id for d in deliveries}
        programs = {p.pk: p for p in Program.objects.filter(pk__in=program_ids)}
        rungs_by_program: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for program_id, exercise_id, rung in (
            Prescription.objects.filter(program_id__in=program_ids)
            .order_by("program_id", "position")
            .values_list("program_id", "exercise_id", "rung")
        ):
            rungs_by_program[program_id].append((exercise_id, rung))
        exercises_by_program = _exercise_lists(rungs_by_program)
        earliest = min(d.local_date for d in deliveries) - dt.timedelta(days=8)
        dates_by_user: dict[int, set[dt.date]] = defaultdict(set)
        for user_id, day in (
            Session.objects.filter(user_id__in=user_ids, local_date__gte=earliest)
            .values_list("user_id", "local_date")
            .distinct()
        ):
            dates_by_user[user_id].add(day)
        logged = {(d.user_id, d.local_date) for d in deliveries} & {
            (user_id, day) for user_id, days in dates_by_user.items() for day in days
        }
        events_by_program: dict[int, list[ProgressionEvent]] = defaultdict(list)
        reflections: dict[int, WeekReflection] = {}
        kinds_by_user: dict[int, dict[dt.date, set[str]]] = defaultdict(dict)
        if any(d.kind == DeliveryKind.SUMMARY for d in deliveries):
            done = list(
                Entry.objects.filter(
                    session__user_id__in=user_ids, session__local_date__gte=earliest
                )
                .order_by()
                .values_list("session__user_id", "session__local_date", "exercise_id")
                .distinct()
            )
            kinds = catalogue_exercises(including={e for _, _, e in done})
            for user_id, day, exercise_id in done:
                kinds_by_user[user_id].setdefault(day, set()).add(kinds[exercise_id].kind)
            for event in ProgressionEvent.objects.filter(
                program_id__in=program_ids,
                occurred_at__gte=dt.datetime.combine(earliest, dt.time(0), dt.UTC),
            ).select_related("exercise"):
                events_by_program[event.program_id].append(event)
            for reflection in WeekReflection.objects.filter(user_id__in=user_ids).order_by(
                "user_id", "-week_start"
            ):
                reflections.setdefault(reflection.user_id, reflection)
        return cls(
            programs,
            exercises_by_program,
            dates_by_user,
            logged,
            events_by_program,
            reflections,
            kinds_by_user,
        )

    def message(
        self, delivery: Delivery, *, carrying: Delivery | None = None
    ) -> mail.EmailMultiAlternatives:
        """The email for `delivery`; a summary `carrying` that day's reminder opens with it
        (the button, then the day's exercises) and offers to stop either."""
        program = self.programs[delivery.program_id]
        if delivery.kind == DeliveryKind.REMINDER:
            return _email(delivery, "reminder", self._reminder_context(delivery, program))
        context = self._summary_context(delivery, program)
        if carrying is not None:
            context["today"] = self._reminder_context(carrying, program)
            context["reminder_unsubscribe_url"] = _unsubscribe_url(carrying)
        return _email(delivery, "summary", context)

    def _reminder_context(self, delivery: Delivery, program: Program) -> dict:
        day = delivery.local_date
        so_far = [d for d in self.dates_by_user.get(delivery.user_id, ()) if d <= day]
        token = links.log_token(delivery.user, day)
        exercises_html, exercises_text = self.exercises_by_program.get(program.pk, ("", ""))
        return {
            "user": delivery.user,
            "day": day,
            "exercises_html": exercises_html,
            "exercises_text": exercises_text,
            "done": days_done_by_week(so_far).get(week_start(day), 0),
            "target": weekly_target(program.weekdays),
            "log_url": _absolute(reverse("tracking:log_link", args=[token])),
        }

    def summary_week(self, delivery: Delivery):
        """The week this summary judges (schedule.summary_week), None if the program has not
        run for a day of it yet."""
        program = self.programs[delivery.program_id]
        day = delivery.local_date
        resumes = [
            timezone.localtime(event.occurred_at, program.zone).date()
            for event in self.events_by_program.get(program.pk, [])
            if event.kind == EventKind.RESUME
        ]
        return summary_week(
            self.dates_by_user.get(delivery.user_id, set()),
            program.weekdays,
            day,
            program.started_on,
            max((d for d in resumes if d < day), default=None),
        )

    def _summary_context(self, delivery: Delivery, program: Program) -> dict:
        day = delivery.local_date
        # The summary looks back over the seven days before it, whichever weekday it comes on,
        # so this is a window of days, not an ISO week; days before the start are not judged.
        week = self.summary_week(delivery)
        first, done, target = week.first, week.done, week.target
        zone = program.zone
        changes = [
            event
            for event in self.events_by_program.get(program.pk, [])
            if first <= timezone.localtime(event.occurred_at, zone).date() < day
        ]
        reflection = self.reflections.get(delivery.user_id)
        short = week.short
        bone = bone_health_window(
            self.kinds_by_user.get(delivery.user_id, {}),
            program.weekdays,
            first,
            day - dt.timedelta(days=1),
            max(program.started_on, week.begins),
        )
        return {
            "bone": bone,
            "what_counts": WHAT_COUNTS,
            "user": delivery.user,
            "day": day,
            "first": first,
            "begins": week.begins,
            "whole": week.whole,
            "done": done,
            "target": target,
            "changes": changes,
            "upcoming": training_dates(program.weekdays, day, day + dt.timedelta(days=6)),
            "reminder_time": program.reminder_time,
            "short": short,
            "obstacles": [
                (
                    label,
                    _absolute(
                        reverse(
                            "tracking:reflection_link",
                            args=[links.reflection_token(delivery.user_id, first, value)],
                        )
                    ),
                )
                for value, label in Obstacle.choices
            ]
            if short
            else [],
            # Only last week's answer earns a tip; an old one would repeat every week.
            "tip": TIPS.get(reflection.obstacle)
            if reflection and reflection.week_start >= first - dt.timedelta(days=7)
            else None,
        }


def _exercise_lists(
    rungs_by_program: dict[int, list[tuple[int, int]]],
) -> dict[int, tuple[str, str]]:
    """Each program's exercise list as HTML and as text. Everyone on the same rungs has the
    same list, so each distinct list is rendered once a batch, not once an email."""
    used = {e for rungs in rungs_by_program.values() for e, _ in rungs}
    exercises = catalogue_exercises(including=used)
    ladders = {pk: ladder_of(exercises[pk]) for pk in used}
    texts: dict[tuple[int, int], str] = {}
    lists: dict[tuple[tuple[int, int], ...], tuple[str, str]] = {}
    by_program = {}
    for program_id, rungs in rungs_by_program.items():
        key = tuple(rungs)
        if key not in lists:
            items = []
            for exercise_id, rung in rungs:
                if (exercise_id, rung) not in texts:
                    ladder = ladders[exercise_id]
                    texts[exercise_id, rung] = progression.describe_rung(rung_at(ladder, rung))
                exercise = exercises[exercise_id]
                items.append((exercise, texts[exercise_id, rung], _exercise_url(exercise)))
            lists[key] = (
                render_to_string("email/_exercises.html", {"items": items}),
                render_to_string("email/_exercises.txt", {"items": items}),
            )
        by_program[program_id] = lists[key]
    return by_program


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _exercise_url(exercise) -> str:
    return _absolute(reverse("exercises:detail", args=[exercise.slug]))


def _site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _unsubscribe_url(delivery: Delivery) -> str:
    token = links.unsubscribe_token(delivery.user_id, delivery.kind)
    return _absolute(reverse("tracking:unsubscribe", args=[token]))


def _email(delivery: Delivery, template: str, context: dict) -> mail.EmailMultiAlternatives:
    # A summary carrying the day's reminder is still the summary: its one-click unsubscribe
    # stops summaries, after which that day's reminder comes on its own.
    unsubscribe = _unsubscribe_url(delivery)
    context = {
        **context,
        "unsubscribe_url": unsubscribe,
        "settings_url": _absolute(reverse("tracking:reminder_settings")),
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
    message = ReminderEmail(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        to=[delivery.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Message-ID": email.utils.make_msgid(domain=_site_domain()),
            "X-OsteoFit-Delivery": str(delivery.pk),
        },
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    return message
