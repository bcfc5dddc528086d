"""Browser pages for a person's program. Thin: parse with a form, call a service or selector."""

import datetime as dt
import hashlib
from functools import wraps

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.views.decorators.http import require_POST

from tracking import feeds, progression, schedule, selectors, services
from tracking.forms import (
    EntryFormSet,
    FloorAnswerForm,
    HistoryFilterForm,
    ProgramForm,
    ProgramSettingsForm,
    ResumeForm,
    SessionForm,
    add_service_errors,
)
from tracking.models import Program, Session
from tracking.page_cache import person_cached

HISTORY_PAGE_SIZE = 20


# --- saving in place --------------------------------------------------------------------------
# With JavaScript on, htmx posts the log and settings forms and swaps the answer into the page
# (templates/base.html loads it). The same view runs either way; only the answer's shape differs.


def partial_request(request) -> bool:
    """htmx sent the request and will swap the answer into the page it came from."""
    return request.headers.get("HX-Request") == "true"


def in_place(request, template: str, partial: str) -> str:
    """The page's template, or only its named partial for a form htmx posted. (A page htmx
    fetches after `HX-Location` replaces the whole body, so it gets the whole page.)"""
    if request.method == "POST" and partial_request(request):
        return f"{template}#{partial}"
    return template


def swaps_in_place(view):
    """Serve a view's forms to htmx as well as to plain browsers: a redirect becomes an
    `HX-Location` answer, so htmx fetches the next page and swaps it in without a full reload,
    the same outcome a plain browser gets from the redirect."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if partial_request(request) and response.status_code in (301, 302, 303, 307, 308):
            response = HttpResponse(status=204, headers={"HX-Location": response["Location"]})
        patch_vary_headers(response, ["HX-Request"])
        return response

    return wrapper


def _program_or_onboarding(request):
    program = selectors.program_active(request.user)
    if program is None:
        messages.info(request, "First, let's set up your program.")
    return program


def program_required(view):
    """Hand the view the person's running program; without one, send them to start it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        program = selectors.program_active(request.user)
        if program is None:
            return redirect("tracking:program_start")
        return view(request, program, *args, **kwargs)

    return wrapper


def _program_or_404(request) -> Program:
    program = selectors.program_active(request.user)
    if program is None:
        raise Http404("You have not started a program yet.")
    return program


@transaction.non_atomic_requests  # reads only: no transaction round trips
@login_required
def dashboard(request):
    board = person_cached(request.user, "dashboard-board", lambda: _board(request))
    if board is None:
        return redirect("tracking:program_start")
    context = {"board_html": board["html"]}
    if board["floor_unanswered"]:
        context["floor_form"] = FloorAnswerForm()
    return render(request, "tracking/dashboard.html", context)


def _board(request) -> dict | None:
    """The dashboard's content: the same for the person until their records or day change
    (rendered without the request, so nothing of one visit is kept for the next), and whether
    to ask the floor question (its form needs the request's CSRF token, so it is not kept)."""
    program = _program_or_onboarding(request)
    if program is None:
        return None
    html = render_to_string(
        "tracking/dashboard.html#board", {"board": selectors.dashboard(program)}
    )
    return {"html": html, "floor_unanswered": program.floor_unanswered}


def _program_kwargs(form) -> dict:
    data = form.cleaned_data
    return {
        "doctor_confirmed": data["doctor_confirmed"],
        "floor_ok": data["floor_ok"],
        "spinal_fracture": data["spinal_fracture"],
        "training_days": data["training_days"],
        "timezone_name": data["timezone"],
        # Program settings leave these to the reminders page: absent there, kept as they are.
        "reminder_time": data.get("reminder_time"),
        "reminders_enabled": data.get("reminders_enabled"),
    }


@login_required
def program_start(request):
    if selectors.program_active(request.user) is not None:
        return redirect("tracking:program_settings")
    form = ProgramForm(
        request.POST or None,
        initial={
            "timezone": request.user.timezone,
            "reminder_time": dt.time(9, 0),
            "reminders_enabled": True,
            "training_days": ["mon", "wed", "fri"],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_start(user=request.user, **_program_kwargs(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if program.spinal_fracture:
                messages.warning(
                    request,
                    "Because you have had a spinal fracture, your program starts with standing "
                    "and seated exercises on the lightest band. Floor exercises and stronger "
                    "bands wait until your physiotherapist says yes: record it in your program "
                    "settings when they do.",
                )
            messages.success(request, "Your program is ready. Here is what to do today.")
            return redirect("tracking:dashboard")
    return render(request, "tracking/program_start.html", {"form": form})


def _program_settings_form(program, data=None) -> ProgramSettingsForm:
    return ProgramSettingsForm(
        data,
        initial={
            "doctor_confirmed": program.doctor_confirmed,
            # Never asked: no answer shown, so saving the settings asks it.
            "floor_ok": None if program.floor_unanswered else program.floor_ok,
            "spinal_fracture": program.spinal_fracture,
            "physio_cleared": program.physio_cleared_on is not None,
            "training_days": program.weekday_codes,
            "timezone": program.timezone,
        },
    )


@swaps_in_place
@login_required
@program_required
def program_settings(request, program):
    form = _program_settings_form(program, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_update(
                program=program,
                physio_cleared=form.cleaned_data["physio_cleared"],
                **_program_kwargs(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your program settings are saved.")
            if not partial_request(request):
                return redirect("tracking:program_settings")
            # Saved in place: the form as the page shows it after saving, message beside it.
            form = _program_settings_form(program)
    return render(
        request,
        in_place(request, "tracking/program_settings.html", "settings-swap"),
        {"form": form, "program": program, "resume_form": ResumeForm()},
    )


FLOOR_ANSWER_NEXT = {"dashboard": "tracking:dashboard", "today": "tracking:today"}


@login_required
@require_POST
def floor_answer(request):
    """The floor question for a program started before it was asked (dashboard, `/today/`)."""
    program = _program_or_404(request)
    back = FLOOR_ANSWER_NEXT.get(request.POST.get("next", ""), "tracking:dashboard")
    form = FloorAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["floor_ok"][0])
        return redirect(back)
    program, left = services.program_floor_answer(
        program=program, floor_ok=form.cleaned_data["floor_ok"]
    )
    if left:
        messages.success(
            request,
            "Thank you. Standing or seated exercises now replace your floor exercises ("
            + ", ".join(left)
            + "). You can change your answer in your program settings.",
        )
    elif program.floor_ok:
        messages.success(request, "Thank you. Your answer is saved; your exercises stay the same.")
    else:
        messages.success(
            request, "Thank you. Your answer is saved; your program has no floor exercises."
        )
    return redirect(back)


@login_required
@require_POST
def program_pause(request):
    program = _program_or_404(request)
    services.program_pause(program=program)
    messages.success(request, "Your program is paused. No reminders until you resume it.")
    return redirect("tracking:program_settings")


@login_required
def program_resume(request):
    program = _program_or_404(request)
    # Bound on every POST: the form is only a checkbox, so a valid POST may carry no fields.
    form = ResumeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_resume(program=program, seen_doctor=form.cleaned_data["seen_doctor"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Welcome back. Your program is running again.")
            return redirect("tracking:dashboard")
    return render(request, "tracking/program_resume.html", {"form": form, "program": program})


# The calendar address is a secret that shows the person's training days to whoever holds it, so
# seeing it and replacing it need a fresh confirmation that it is them (allauth's page asks,
# then carries on with the request).


@login_required
@reauthentication_required
def calendar(request):
    program = _program_or_404(request)
    feed_url = request.build_absolute_uri(
        reverse("tracking:calendar_feed", args=[program.calendar_token])
    )
    webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    return render(
        request,
        "tracking/calendar.html",
        {"program": program, "feed_url": feed_url, "webcal_url": webcal_url},
    )


@login_required
@require_POST
@reauthentication_required
def calendar_alarm(request):
    program = _program_or_404(request)
    services.calendar_alarm_set(program=program, enabled=request.POST.get("calendar_alarm") == "on")
    messages.success(request, "Saved. Your calendar app shows the change at its next update.")
    return redirect("tracking:calendar")


@login_required
@require_POST
@reauthentication_required
def calendar_reset(request):
    program = _program_or_404(request)
    services.calendar_token_reset(program=program)
    messages.success(request, "Your calendar link has changed. The old link no longer works.")
    return redirect("tracking:calendar")


def _entry_initial(items, session=None):
    logged = {entry.exercise_id: entry for entry in session.entries.all()} if session else {}
    initial = []
    for item in items:
        entry = logged.get(item.exercise.pk)
        rung = item.rung
        initial.append(
            {
                "exercise": item.exercise.slug,
                "done": entry is not None if session else True,
                "sets": entry.sets if entry else rung.sets,
                "reps": entry.reps if entry else rung.reps,
                "hold_seconds": entry.hold_seconds if entry else rung.hold_seconds,
                "band": (entry.band.slug if entry and entry.band else rung.band),
            }
        )
    return initial


def _entries_from(formset) -> list[services.EntryInput]:
    return [
        services.EntryInput.of(form.cleaned_data)
        for form in formset.forms
        if form.cleaned_data.get("done")
    ]


def _session_page(request, program, *, session=None):
    items = selectors.program_items(program)
    now = selectors.local_now(program)
    if session is None:
        due = {item.exercise.pk for item in selectors.items_due(program, items, now.date())}
        items = [item for item in items if item.exercise.pk in due] + [
            item for item in items if item.exercise.pk not in due
        ]
        initial = {"performed_at": now.replace(second=0, microsecond=0, tzinfo=None)}
        entry_initial = _entry_initial(items)
        for row, item in zip(entry_initial, items, strict=True):
            row["done"] = item.exercise.pk in due
    else:
        local = timezone.localtime(session.performed_at, program.zone)
        initial = {
            "performed_at": local.replace(tzinfo=None),
            "pain_before": session.pain_before,
            "pain_after": session.pain_after,
            "effort": session.effort,
            "red_flag": session.red_flag,
            "notes": session.notes,
        }
        entry_initial = _entry_initial(items, session)
    exercises = [item.exercise for item in items]
    form = SessionForm(request.POST or None, initial=initial)
    formset = EntryFormSet(
        request.POST or None, initial=entry_initial, exercises=exercises, prefix="entries"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        fields = {
            "performed_at": timezone.make_aware(
                data["performed_at"].replace(tzinfo=None), program.zone
            ),
            "pain_before": data["pain_before"],
            "pain_after": data["pain_after"],
            "effort": data["effort"],
            "red_flag": data["red_flag"],
            "notes": data["notes"],
            "entries": _entries_from(formset),
        }
        try:
            if session is None:
                saved = services.session_log(user=request.user, **fields)
            else:
                saved = services.session_update(session=session, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Tagged so the browser forgets its draft of the form (static/js/drafts.js).
            messages.success(
                request,
                "Session saved. Well done." if session is None else "Your changes are saved.",
                extra_tags="draft-saved",
            )
            program.refresh_from_db()
            if program.paused_for_safety:
                return redirect("tracking:program_resume")
            advice = progression.pain_after_advice(saved.pain_after, saved.red_flag)
            if advice:
                messages.warning(request, advice)
            return redirect(reverse("tracking:dashboard") + f"#session-{saved.pk}")
    return render(
        request,
        in_place(request, "tracking/session_form.html", "session-form"),
        {
            "form": form,
            "formset": formset,
            "rows": list(zip(formset.forms, items, strict=False)),
            "session": session,
            "program": program,
            "backdate_days": progression.BACKDATE_DAYS,
        },
    )


@swaps_in_place
@login_required
def session_new(request):
    program = _program_or_onboarding(request)
    if program is None:
        return redirect("tracking:program_start")
    if program.paused_for_safety:
        messages.warning(request, services.SAFETY_PAUSED_LOGGING)
        return redirect("tracking:program_resume")
    return _session_page(request, program)


def _own_session(request, pk) -> Session:
    return get_object_or_404(
        Session.objects.prefetch_related("entries__band"), pk=pk, user=request.user
    )


@swaps_in_place
@login_required
def session_edit(request, pk: int):
    session = _own_session(request, pk)
    program = selectors.program_active(request.user)
    if program is None or session.program_id != program.pk:
        raise Http404
    return _session_page(request, program, session=session)


@login_required
def session_delete(request, pk: int):
    session = _own_session(request, pk)
    if request.method == "POST":
        services.session_delete(session=session)
        messages.success(request, "The session is deleted and your program recalculated.")
        return redirect("tracking:history")
    return render(request, "tracking/session_confirm_delete.html", {"session": session})


@login_required
def history(request):
    filters = HistoryFilterForm(request.GET or None)
    bounds = filters.cleaned_data if filters.is_valid() else {}
    sessions = selectors.sessions_for_user(
        request.user, date_from=bounds.get("date_from"), date_to=bounds.get("date_to")
    )
    page = Paginator(sessions, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tracking/history.html",
        {"page": page, "filters": filters, "query": query.urlencode()},
    )


@transaction.non_atomic_requests  # reads only: no transaction round trips
@login_required
@program_required
def progress(request, program):
    """Each exercise's steps up its ladder since the start, as charts with their figures."""
    ladders = selectors.ladder_history(program)
    return render(
        request,
        "tracking/progress.html",
        {
            "program": program,
            "ladders": ladders,
            "any_changes": any(history.changes for history in ladders),
        },
    )


@login_required
@program_required
def weekly_plan(request, program):
    """This week on one printable sheet: days, exercises, prescriptions and boxes to tick, then
    how to do each exercise (steps and pictures), so the sheet works away from the screen."""
    today = selectors.local_now(program).date()
    monday = schedule.week_start(today)
    days = selectors.schedule_for(
        program, date_from=monday, date_to=monday + dt.timedelta(days=6), today=today
    )
    return render(
        request,
        "tracking/weekly_plan.html",
        {
            "program": program,
            "days": days,
            "monday": monday,
            "exercises": selectors.exercises_due_in(days),
        },
    )


# The feed is behind its secret address, not a login: calendar apps fetch it on their own.
def calendar_feed(request, token: str):
    """Never kept stale: no cache on the server, and the answer is `private, no-store`
    (`PrivateAnswersMiddleware`, for this secret address; it used to say `max-age=3600`), so
    a pause drops the training days at the very next fetch. An app that sends the ETag back
    gets a 304 while nothing changed."""
    program = get_object_or_404(Program, calendar_token=token, active=True)
    body = feeds.program_calendar(program)
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    unchanged = get_conditional_response(request, etag=etag)
    response = unchanged or HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Content-Disposition"] = 'inline; filename="osteofit.ics"'
    return response
