"""Today's guided session, `/today/`: check-in, one exercise per screen, check-out, save.

Each step is a plain page and form; where it stands is kept in the login session
(`tracking.guided`), so the whole session works without JavaScript and resumes where the
person left it. With htmx the forms post in place and the next screen is swapped in
(`swaps_in_place`); `static/js/guided.js` adds the repetition counter and the hold timer.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from exercises.models import Equipment
from tracking import progression, selectors, services
from tracking.forms import (
    EntryNumbersForm,
    FloorAnswerForm,
    add_service_errors,
    effort_field,
    pain_field,
    warning_sign_field,
)
from tracking.guided import SESSION_KEY, Done, Guide, Stage
from tracking.views import in_place, program_required, swaps_in_place

CUES_SHOWN = 3


class CheckInForm(forms.Form):
    pain_before = pain_field("How much pain do you have right now?")
    red_flag = warning_sign_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["red_flag"].label = "Anything new or worrying since last time?"


class ExerciseForm(EntryNumbersForm):
    """What was done of the exercise on screen, prefilled with today's dose."""

    def __init__(self, *args, guided: selectors.GuidedItem, **kwargs):
        rung = guided.rung
        kwargs.setdefault(
            "initial",
            {"sets": rung.sets, "reps": rung.reps, "hold_seconds": rung.hold_seconds or None},
        )
        super().__init__(*args, exercise=guided.exercise, hold=bool(rung.hold_seconds), **kwargs)
        self.fields["sets"].label = "Sets done"


class CheckOutForm(forms.Form):
    pain_after = pain_field("How much pain do you have now?")
    effort = effort_field()
    red_flag = warning_sign_field()
    notes = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Notes (optional)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["red_flag"].label = "Anything worrying during or after the session?"


def _guide(request, day) -> Guide:
    return Guide.from_session(request.session.get(SESSION_KEY), day)


def _keep(request, guide: Guide | None) -> None:
    if guide is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = guide.to_session()


def _plan(today: selectors.Today, guide: Guide) -> list[selectors.GuidedItem]:
    """The exercises of this guided session, in the order fixed at check-in."""
    by_slug = {g.exercise.slug: g for g in today.plan(gentle=guide.gentle)}
    if guide.stage == Stage.CHECK_IN:
        return list(by_slug.values())
    return [by_slug[slug] for slug in guide.exercises if slug in by_slug]


def _done_from(form: ExerciseForm, guided: selectors.GuidedItem, *, partial: bool) -> Done:
    data = form.cleaned_data if form.is_valid() else {}
    rung = guided.rung
    return Done(
        exercise=guided.exercise.slug,
        sets=data.get("sets", 1 if partial else rung.sets),
        reps=data.get("reps", 0 if partial else rung.reps),
        hold_seconds=data.get("hold_seconds") or None,
        band=rung.band if guided.exercise.equipment == Equipment.RESISTANCE_BAND else None,
    )


@swaps_in_place
@login_required
@program_required
def today(request, program):
    today = selectors.today(program)
    guide = _guide(request, today.today)
    context = {"program": program, "today": today, "guide": guide, "stage": guide.stage}

    if request.method == "POST":
        action = request.POST.get("action", "")
        answer = _act(request, program, today, guide, action, context)
        if answer is not None:
            return answer
    return _screen(request, program, today, _guide(request, today.today), context)


def _act(request, program, today, guide, action, context):
    """Move the guide on for one button; a redirect when it moved, None to show the screen
    again (with the form's errors in `context`)."""
    if action == "restart":
        _keep(request, None)
        return redirect("tracking:today")
    if program.paused:
        return redirect("tracking:today")
    if action == "again":
        _keep(request, Guide(day=today.today, again=True))
        return redirect("tracking:today")
    if guide.stage == Stage.CHECK_IN and action == "check_in":
        if program.floor_unanswered:
            return None  # the floor question comes first: the screen asks it again
        form = CheckInForm(request.POST)
        if not form.is_valid():
            context["form"] = form
            return None
        plan = tuple(g.exercise.slug for g in today.plan(gentle=False))
        guide = guide.checked_in(
            pain_now=form.cleaned_data["pain_before"],
            warning_sign=form.cleaned_data["red_flag"],
            exercises=plan,
        )
        if form.cleaned_data["red_flag"]:
            services.program_safety_stop(program=program)
        _keep(request, guide)
        return redirect("tracking:today")
    if guide.stage == Stage.GENTLE_OFFER and action in ("gentle", "rest"):
        if action == "gentle":
            plan = tuple(g.exercise.slug for g in today.plan(gentle=True))
            guide = guide.gentle_chosen(plan)
        else:
            guide = guide.rest_chosen()
        _keep(request, guide)
        return redirect("tracking:today")
    if guide.stage == Stage.EXERCISE and action in ("done", "skip", "hurt"):
        plan = {g.exercise.slug: g for g in _plan(today, guide)}
        guided = plan.get(guide.current)
        if guided is None or action == "skip":
            guide = guide.exercise_skipped()
        elif action == "hurt":
            form = ExerciseForm(request.POST, guided=guided)
            guide = guide.exercise_hurt(_done_from(form, guided, partial=True))
        else:
            form = ExerciseForm(request.POST, guided=guided)
            if not form.is_valid():
                context["form"] = form
                return None
            guide = guide.exercise_done(_done_from(form, guided, partial=False))
        _keep(request, guide)
        return redirect("tracking:today")
    if guide.stage == Stage.CHECK_OUT and action == "check_out":
        form = CheckOutForm(request.POST)
        if not form.is_valid():
            context["form"] = form
            return None
        return _save(request, program, guide, form, context)
    # A button from a screen that is no longer current (another tab, the back button): show
    # where the session really is.
    return redirect("tracking:today")


def _save(request, program, guide: Guide, form: CheckOutForm, context):
    data = form.cleaned_data
    if not guide.done:
        if data["red_flag"]:
            services.program_safety_stop(program=program)
        _keep(request, None)
        if data["red_flag"]:
            return redirect("tracking:safety")
        messages.info(request, "Nothing was done, so there is nothing to log today. That is fine.")
        return redirect("tracking:today")
    try:
        session = services.session_log(
            user=request.user,
            pain_before=guide.pain_before,
            pain_after=data["pain_after"],
            effort=data["effort"],
            red_flag=data["red_flag"],
            notes=data["notes"],
            gentle=guide.gentle,
            entries=[services.EntryInput.of(done) for done in guide.done],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        context["form"] = form
        return None
    _keep(request, None)
    request.session["guided_saved"] = {
        "day": guide.day.isoformat(),
        "summary": session.summary,
        "advice": progression.pain_after_advice(session.pain_after, session.red_flag),
    }
    # Tagged so the browser forgets its draft of the answers (static/js/drafts.js).
    messages.success(request, "Session saved.", extra_tags="draft-saved")
    program.refresh_from_db(fields=["paused", "pause_reason"])
    if program.paused_for_safety:
        return redirect("tracking:safety")
    return redirect("tracking:today")


def _screen(request, program, today: selectors.Today, guide: Guide, context):
    context.update(guide=guide, stage=guide.stage)
    template = "tracking/today.html"
    if program.paused:
        context["stage"] = "paused"
        return render(request, template, context)
    if guide.stage == Stage.CHECK_IN and today.logged and not guide.again:
        saved = request.session.get("guided_saved") or {}
        context["stage"] = "logged"
        saved_today = saved.get("day") == str(today.today)
        context["changes"] = saved.get("summary", []) if saved_today else []
        context["advice"] = saved.get("advice") if saved_today else None
        context["twice_a_day"] = [
            item for item in today.still_due if item.rung.sessions_per_day > 1
        ]
        return render(request, template, context)
    plan = _plan(today, guide)
    context["plan"] = plan
    if guide.stage == Stage.CHECK_IN:
        if not plan:
            context["stage"] = "nothing_due"
            return render(request, template, context)
        context.setdefault("form", CheckInForm())
        if program.floor_unanswered:
            context["floor_form"] = FloorAnswerForm()
    elif guide.stage == Stage.EXERCISE:
        guided = next((g for g in plan if g.exercise.slug == guide.current), None)
        if guided is None:
            guide = guide.exercise_skipped()
            _keep(request, guide)
            return _screen(request, program, today, guide, context)
        exercise = guided.exercise
        context.update(
            guided=guided,
            number=guide.index + 1,
            steps=list(exercise.steps.all()),
            cues=list(exercise.cues.all())[:CUES_SHOWN],
            hold_seconds=guided.rung.hold_seconds or 0,
        )
        context.setdefault("form", ExerciseForm(guided=guided))
    elif guide.stage == Stage.CHECK_OUT:
        context.setdefault("form", CheckOutForm())
        context["done_names"] = _names(plan, guide)
    return render(request, in_place(request, template, "guided"), context)


def _names(plan: list[selectors.GuidedItem], guide: Guide) -> list[str]:
    names = {g.exercise.slug: g.exercise.name for g in plan}
    return [names.get(d.exercise, d.exercise) for d in guide.done]


def safety(request):
    """What to do when something is wrong: stop, nothing is lost, who to contact."""
    program = selectors.program_active(request.user)
    return render(request, "tracking/safety.html", {"program": program})
