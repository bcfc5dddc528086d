"""A person's program and log as a FHIR R4 Bundle (type `collection`), following the HL7
Physical Activity Implementation Guide where it fits, for clinic systems to import.

- Patient: only what the person gave (email as telecom; a name only when they gave one).
- CarePlan for the program, with one ServiceRequest per exercise (SNOMED CT 229065009
  "Exercise therapy", the prescription in `patientInstruction`, the training days in
  `occurrenceTiming`). Each move up or back is a progress annotation on the CarePlan activity
  of its exercise; safety pauses and resumes are CarePlan notes (docs/architecture.md says why).
- Per session: an Observation of pain before and one of pain after (LOINC 72514-3, 0-10), and
  one of effort (our own code: no LOINC code is the 0-10 effort of a strength session).
- Per ISO week: strength days per week (LOINC 82291-6, UCUM `d/wk`), as the IG's profile,
  from the bone-health week (days with strength work, `selectors.bone_health_weeks`).

Ids are `urn:uuid:`s derived from the site and the row, so two exports of the same data agree.
Validated with `fhir.resources`' R4B models: R4B changed none of the resources used here."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from tracking import progression, report, schedule, selectors
from tracking.models import EventKind, Program, Session

MEDIA_TYPE = "application/fhir+json"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PA_TEMPORARY_CODES = "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes"
EXERCISE_THERAPY = {"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}
PHYSICAL_THERAPY = {"system": SNOMED, "code": "91251008", "display": "Physical therapy procedure"}
PAIN_SCORE = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
STRENGTH_DAYS = {
    "system": LOINC,
    "code": "82291-6",
    "display": "Frequency of muscle-strengthening physical activity",
}
ACTIVITY_CATEGORY = [
    {"coding": [{"system": OBSERVATION_CATEGORY, "code": "activity", "display": "Activity"}]},
    {"coding": [{"system": PA_TEMPORARY_CODES, "code": "PhysicalActivity"}]},
]


def _own_system(name: str) -> str:
    return f"{settings.SITE_URL}/fhir/{name}"


def own_code(code: str, display: str) -> dict:
    """A coding in OsteoFit's own code system, for what no standard code says exactly."""
    return {"system": _own_system("CodeSystem/osteofit"), "code": code, "display": display}


PAIN_BEFORE = own_code("pain-before", "Pain before the session")
PAIN_AFTER = own_code("pain-after", "Pain after the session")
EFFORT = own_code("effort", "Effort of the session, 0-10")
WARNING_SIGN = own_code("warning-sign", "A warning sign during or after the session")


def _urn(kind: str, key) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{settings.SITE_URL}/{kind}/{key}')}"


def _moment(value: dt.datetime) -> str:
    return timezone.localtime(value, dt.UTC).isoformat()


def _entry(full_url: str, resource: dict) -> dict:
    return {"fullUrl": full_url, "resource": resource}


def _patient(user) -> tuple[str, dict]:
    patient = {"resourceType": "Patient", "telecom": [{"system": "email", "value": user.email}]}
    if user.first_name or user.last_name:
        name = {"text": user.get_full_name()}
        if user.last_name:
            name["family"] = user.last_name
        if user.first_name:
            name["given"] = [user.first_name]
        patient["name"] = [name]
    return _urn("patient", user.pk), patient


def _timing(program: Program, item: selectors.Item) -> dict:
    days = list(schedule.WEEKDAY_CODES) if item.daily else program.weekday_codes
    return {
        "repeat": {
            "frequency": item.rung.sessions_per_day,
            "period": 1,
            "periodUnit": "d",
            "dayOfWeek": days,
        }
    }


def _observation(patient: str, code: list[dict], text: str, effective: str, **value) -> dict:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": ACTIVITY_CATEGORY,
        "code": {"coding": code, "text": text},
        "subject": {"reference": patient},
        "performer": [{"reference": patient}],
        "effectiveDateTime": effective,
        **value,
    }


def _session_observations(patient: str, session: Session) -> list[dict]:
    when = _moment(session.performed_at)
    identifier = [{"system": _own_system("session"), "value": str(session.pk)}]
    observations = [
        (
            "pain-before",
            _observation(
                patient,
                [PAIN_SCORE, PAIN_BEFORE],
                "Pain before the session (0-10)",
                when,
                valueInteger=session.pain_before,
            ),
        ),
        (
            "pain-after",
            _observation(
                patient,
                [PAIN_SCORE, PAIN_AFTER],
                "Pain after the session (0-10)",
                when,
                valueInteger=session.pain_after,
            ),
        ),
        (
            "effort",
            _observation(patient, [EFFORT], "Effort (0-10)", when, valueInteger=session.effort),
        ),
    ]
    if session.red_flag:
        observations.append(
            (
                "warning-sign",
                _observation(
                    patient, [WARNING_SIGN], "Warning sign reported", when, valueBoolean=True
                ),
            )
        )
    return [
        _entry(_urn(f"session/{session.pk}", kind), {**observation, "identifier": identifier})
        for kind, observation in observations
    ]


def _week_observation(patient: str, program: Program, week: schedule.BoneWeek) -> dict:
    resource = _observation(
        patient,
        [STRENGTH_DAYS],
        "Days with strength work in the week",
        (week.start + dt.timedelta(days=6)).isoformat(),
        valueQuantity={
            "value": week.strength_days,
            "unit": "d/wk",
            "system": UCUM,
            "code": "d/wk",
        },
    )
    resource["identifier"] = [
        {"system": _own_system("week"), "value": f"{week.iso_year}-W{week.iso_week:02d}"}
    ]
    return _entry(_urn(f"program/{program.pk}/week", week.start.isoformat()), resource)


def bundle(user, *, now: dt.datetime | None = None) -> dict:
    """The person's Bundle as JSON-ready data, validated (a fixed number of queries)."""
    now = now or timezone.now()
    patient_url, patient = _patient(user)
    entries = [_entry(patient_url, patient)]
    program = selectors.program_active(user)
    if program is not None:
        entries += _program_entries(patient_url, program, now)
    sessions = selectors.sessions_for_user(user).order_by("performed_at", "id")
    for session in sessions:
        entries += _session_observations(patient_url, session)
    document = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _moment(now),
        "entry": entries,
    }
    Bundle.model_validate(document)  # raises on anything R4(B) does not allow
    return document


def _program_entries(patient: str, program: Program, now: dt.datetime) -> list[dict]:
    plan_url = _urn("program", program.pk)
    items = selectors.program_items(program)
    events = list(program.events.select_related("exercise").order_by("occurred_at", "id"))
    requests = []
    activities = []
    for item in items:
        request_url = _urn(f"program/{program.pk}/exercise", item.exercise.slug)
        side = " (each side)" if item.exercise.reps_per_side else ""
        requests.append(
            _entry(
                request_url,
                {
                    "resourceType": "ServiceRequest",
                    "status": "on-hold" if program.paused else "active",
                    "intent": "plan",
                    "category": [{"coding": [PHYSICAL_THERAPY]}],
                    "code": {"coding": [EXERCISE_THERAPY], "text": item.exercise.name},
                    "subject": {"reference": patient},
                    "basedOn": [{"reference": plan_url}],
                    "occurrenceTiming": _timing(program, item),
                    "patientInstruction": (
                        f"{item.exercise.name}: {progression.describe_rung(item.rung)}{side}."
                    ),
                },
            )
        )
        moves = [
            {"time": _moment(event.occurred_at), "text": event.message}
            for event in events
            if event.exercise_id == item.exercise.pk
            and event.kind in (EventKind.ADVANCE, EventKind.STEP_BACK)
        ]
        activity = {"reference": {"reference": request_url}}
        if moves:
            activity["progress"] = moves
        activities.append(activity)
    plan = {
        "resourceType": "CarePlan",
        "status": "on-hold" if program.paused else "active",
        "intent": "plan",
        "title": "OsteoFit home back-strengthening program",
        "description": (
            f"Training days {', '.join(program.weekday_codes)}; at least "
            f"{schedule.weekly_target(program.weekdays)} days a week. The person confirmed "
            "they asked their doctor which exercises suit them."
        ),
        "subject": {"reference": patient},
        "period": {"start": program.started_on.isoformat()},
        "created": _moment(program.created_at),
        "activity": activities,
    }
    notes = [
        {"time": _moment(event.occurred_at), "text": event.message}
        for event in events
        if event.kind in (EventKind.PAUSE, EventKind.RESUME)
    ]
    if notes:
        plan["note"] = notes
    today = selectors.local_now(program, now).date()
    first = schedule.week_start(program.started_on)
    all_weeks = (schedule.week_start(today) - first).days // 7 + 1
    strength = report.bone_weeks(program, weeks=all_weeks, today=today)
    weeks = [_week_observation(patient, program, week) for week in reversed(strength)]
    return [_entry(plan_url, plan), *requests, *weeks]


def filename(now: dt.datetime | None = None) -> str:
    return f"osteofit-fhir-{(now or timezone.now()):%Y-%m-%d}.json"
