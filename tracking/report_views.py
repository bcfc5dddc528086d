"""The report pages: the person's own (`/report/`, its PDF, its share links) and the shared,
read-only view a link opens (`/shared/<token>/`). Thin: a form, a service or the builder."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from tracking import exports, fhir, report_forms, report_pdf, sharing
from tracking.models import Share
from tracking.report import report as report_build
from tracking.selectors import program_active
from tracking.services import shares
from tracking.views import program_required

# What every answer through a share link carries: never stored, never passed on, never indexed.
SHARED_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


def _person(user) -> str:
    return user.get_full_name() or user.email


def _report_page(request, program, *, share_form=None, status=200):
    period_form = report_forms.ReportForm(request.GET or None)
    period_weeks, include_notes = period_form.choice()
    query = request.GET.copy()
    return render(
        request,
        "tracking/report.html",
        {
            "report": report_build(program, period_weeks=period_weeks, include_notes=include_notes),
            "period_form": period_form,
            "share_form": share_form or report_forms.ShareForm(),
            "shares": list(Share.objects.filter(owner=request.user)),
            "pdf_missing": report_pdf.pdf_missing(),
            "query": query.urlencode(),
        },
        status=status,
    )


@transaction.non_atomic_requests  # reads only
@login_required
@program_required
def report(request, program):
    return _report_page(request, program)


@login_required
@program_required
@require_safe
def report_download(request, program):
    missing = report_pdf.pdf_missing()
    if missing:
        return HttpResponse(
            f"No PDF can be made on this server: {missing} The report page prints as it is.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    period_weeks, include_notes = report_forms.ReportForm(request.GET or None).choice()
    html = render_to_string(
        "tracking/report_pdf.html",
        {
            "report": report_build(program, period_weeks=period_weeks, include_notes=include_notes),
            "person": _person(request.user),
            "pdf": True,
        },
    )
    response = HttpResponse(report_pdf.pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="osteofit-report-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return response


@login_required
@require_POST
@reauthentication_required
@program_required
def share_create(request, program):
    """A new link, after the person confirmed it is them; its address is shown this once."""
    form = report_forms.ShareForm(request.POST)
    if not form.is_valid():
        return _report_page(request, program, share_form=form, status=400)
    data = form.cleaned_data
    created = shares.share_create(
        owner=request.user,
        label=data["label"],
        period_weeks=data["period"],
        include_notes=data["include_notes"],
        expires_in_days=data["expires_in_days"],
    )
    url = request.build_absolute_uri(reverse("tracking:shared", args=[created.token]))
    return render(
        request,
        "tracking/report_share_created.html",
        {
            "share": created.share,
            "url": url,
            "period_words": sharing.period_words(created.share.period_weeks),
        },
        status=201,
    )


@login_required
@require_POST
def share_revoke(request, pk: int):
    if not shares.share_revoke(owner=request.user, share_id=pk):
        raise Http404("You have no such link.")
    messages.success(request, "The link is withdrawn: it no longer opens anything.")
    return redirect("tracking:report")


@require_safe  # GET and HEAD only: nothing can be written through a link
def shared(request, token: str):
    """The report behind a share link, for its owner only, with nothing else of the site."""
    try:
        share = shares.share_open(token=token)
    except Share.DoesNotExist:
        # A plain page of its own: the site's 404 page has the site's navigation.
        return _shared_answer(render(request, "tracking/report_not_found.html", status=404))
    except shares.ShareExpired:
        return _shared_answer(render(request, "tracking/report_gone.html", status=410))
    program = program_active(share.owner)
    if program is None:
        return _shared_answer(render(request, "tracking/report_unavailable.html"))
    context = {
        "share": share,
        "person": _person(share.owner),
        "report": report_build(
            program, period_weeks=share.period_weeks, include_notes=share.include_notes
        ),
    }
    return _shared_answer(render(request, "tracking/report_shared.html", context))


def _shared_answer(response: HttpResponse) -> HttpResponse:
    for header, value in SHARED_HEADERS.items():
        response[header] = value
    return response


# --- the account's data page: the standard and the spreadsheet downloads ---------------------


@login_required
@require_safe
@reauthentication_required
def export_fhir(request):
    response = HttpResponse(
        json.dumps(fhir.bundle(request.user), indent=2), content_type=fhir.MEDIA_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{fhir.filename()}"'
    return response


@login_required
@require_safe
@reauthentication_required
def export_csv(request):
    response = HttpResponse(exports.sessions_csv(request.user), content_type=exports.CSV_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.csv_filename()}"'
    return response
