"""Pages reached from emails (log today's session, unsubscribe, what got in the way) and the
reminder settings page. Email links work without a password; each is signed for one purpose,
and the one that signs in is used once and opens only a limited session."""

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from osteofit.limited_session import limited_login
from tracking import links, reminders, selectors, services
from tracking.forms import ReminderSettingsForm, add_service_errors
from tracking.models import DeliveryKind, Obstacle
from tracking.services.link_uses import link_use, link_used
from tracking.views import in_place, partial_request, program_required, swaps_in_place


def link_problem(request, error: links.LinkInvalid | None = None):
    """The one page for an emailed link that cannot work: 410 once it has expired, else 400."""
    error = error or links.LinkInvalid()
    return render(
        request,
        "tracking/link_invalid.html",
        {"expired": error.expired, "old": error.old},
        status=410 if error.expired else 400,
    )


def _masked(email: str) -> str:
    """Enough of an address to recognise your own, not enough to learn someone else's."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}"


def log_link(request, token: str):
    """One click from a reminder, then one button: today's guided session, in a limited session.

    Opening the link (GET, or a mail scanner's HEAD) only asks; the button (a POST, which link
    checkers and prefetchers do not send) uses it up and signs in to a session that can log
    today's session and nothing else (`osteofit.limited_session`). A second use is refused
    kindly; someone else signed in on this device is asked which account to use."""
    try:
        link = links.log_link_read(token)
    except links.LinkInvalid as error:
        return link_problem(request, error)
    user = get_user_model().objects.filter(pk=link.user_id, is_active=True).first()
    if user is None or not link.still_valid_for(user):
        return link_problem(request)
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("tracking:today")  # already signed in as them: nothing to use up
    if link_used(nonce=link.nonce):
        return render(request, "tracking/link_used.html", status=410)
    someone_else = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        if not link_use(nonce=link.nonce, max_age=links.LOG_LINK_MAX_AGE):
            return render(request, "tracking/link_used.html", status=410)
        if someone_else is not None:
            logout(request)
        limited_login(request, user)
        messages.info(
            request,
            "You can log today's session. For anything else we will ask for your password "
            "or send you a code.",
        )
        return redirect("tracking:today")
    return render(
        request,
        "tracking/log_link_confirm.html",
        {"account": _masked(user.email), "someone_else": someone_else},
    )


@csrf_exempt
def unsubscribe(request, token: str):
    """GET asks; POST (a button, or a mail client's one-click RFC 8058 request) unsubscribes."""
    try:
        link = links.unsubscribe_link_read(token)
    except links.LinkInvalid as error:
        return link_problem(request, error)
    kind = DeliveryKind(link.kind) if link.kind in DeliveryKind.values else None
    if kind is None:
        return link_problem(request)
    done = False
    if request.method == "POST":
        services.emails_unsubscribe(user_id=link.user_id, kind=kind)
        done = True
    return render(
        request, "tracking/unsubscribe.html", {"kind": kind, "done": done, "token": token}
    )


def reflection_link(request, token: str):
    """One click from the weekly summary: what got in the way this week."""
    try:
        link = links.reflection_link_read(token)
    except links.LinkInvalid as error:
        return link_problem(request, error)
    if link.obstacle not in Obstacle.values:
        return link_problem(request)
    if not get_user_model().objects.filter(pk=link.user_id, is_active=True).exists():
        return link_problem(request)  # the account was deleted or closed
    if request.method == "POST":
        services.week_reflection_record(
            user_id=link.user_id, week_start=link.week_start, obstacle=Obstacle(link.obstacle)
        )
        return render(
            request,
            "tracking/reflection_thanks.html",
            {"obstacle": Obstacle(link.obstacle), "tip": reminders.TIPS.get(link.obstacle)},
        )
    return render(
        request,
        "tracking/reflection_confirm.html",
        {"obstacle": Obstacle(link.obstacle), "week_start": link.week_start},
    )


def _reminder_settings_form(program, data=None) -> ReminderSettingsForm:
    return ReminderSettingsForm(
        data,
        initial={
            "reminders_enabled": program.reminders_enabled,
            "reminder_time": program.reminder_time,
            "weekly_summary_enabled": program.weekly_summary_enabled,
            "weekly_summary_day": program.weekly_summary_day,
        },
    )


@swaps_in_place
@login_required
@program_required
def reminder_settings(request, program):
    form = _reminder_settings_form(program, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_settings_update(program=program, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your reminder settings are saved.")
            if not partial_request(request):
                return redirect("tracking:reminder_settings")
            # Saved in place: the form as the page shows it after saving, message beside it.
            form = _reminder_settings_form(program)
    return render(
        request,
        in_place(request, "tracking/reminder_settings.html", "reminders-swap"),
        {
            "form": form,
            "program": program,
            "deliveries": selectors.recent_deliveries(request.user),
            "now": timezone.localtime(timezone.now(), program.zone),
        },
    )
