"""Account pages of our own: the overview, the data download and deleting the account.

The download and the deletion need the person to have confirmed it is them within the last
five minutes (allauth's reauthentication; the deletion form asks for the password itself)."""

import json

from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST
from rest_framework.utils.encoders import JSONEncoder

from osteofit import reauthentication
from osteofit.accounts import email_change, export, services
from tracking import links
from tracking.reminder_views import link_problem
from tracking.services.link_uses import link_used


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        strip=False,  # a password's spaces are part of it
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is really you.",
    )

    def __init__(self, *args, user, password_needed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not password_needed:
            del self.fields["password"]  # confirmed it is them a moment ago

    def clean_password(self):
        password = self.cleaned_data["password"]
        # allauth's check, so wrong guesses count towards the same limits as at the login.
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError("That password is not correct.")
        return password


@login_required
def overview(request):
    return render(request, "accounts/overview.html")


@login_required
@require_GET
@reauthentication_required
def my_data(request):
    """The data download as a page to read, beside its files; asks for the same confirmation."""
    document = export.account_export(user=request.user)
    return render(
        request, "accounts/my_data.html", {"data": export.account_export_readable(document)}
    )


@login_required
@require_GET
@reauthentication_required
def export_download(request):
    # DRF's encoder, so the file matches GET /api/v1/me/export/ to the microsecond.
    document = json.dumps(export.account_export(user=request.user), cls=JSONEncoder, indent=2)
    response = HttpResponse(document, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{export.export_filename()}"'
    return response


@login_required
def delete(request):
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        password_needed=not did_recently_reauthenticate(request),
    )
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, "Your account and all your data have been deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


def email_change_undo(request, token: str):
    """The link in the notice sent to the old address: GET asks, POST puts it back (once)."""
    try:
        link = links.email_undo_link_read(token)
    except links.LinkInvalid as error:
        return link_problem(request, error)
    user = get_user_model().objects.filter(pk=link.user_id, is_active=True).first()
    if user is None:
        return link_problem(request)
    if link_used(nonce=link.nonce):
        return render(request, "accounts/email_change_undone.html", {"already": True}, status=410)
    if request.method != "POST":
        return render(request, "accounts/email_change_undo.html", {"link": link})
    mine = request.user.is_authenticated and request.user.pk == user.pk
    try:
        email_change.email_change_undo(
            user=user, link=link, keep_session_key=request.session.session_key if mine else None
        )
    except email_change.UndoUsed:
        return render(request, "accounts/email_change_undone.html", {"already": True}, status=410)
    except email_change.UndoOutdated:
        return render(request, "accounts/email_change_undone.html", {"outdated": True}, status=409)
    except email_change.EmailTaken:
        return render(request, "accounts/email_change_undone.html", {"taken": True}, status=409)
    return render(request, "accounts/email_change_undone.html", {"link": link})


@login_required
@require_POST
def reauthenticate_by_code(request):
    """ "Email me a code" on the confirm-it-is-you page: allauth's login by code, sent to the
    account's own address, with the person signed out until they type it. Once they have, the
    session counts as freshly confirmed (`osteofit.reauthentication.mark_code_login`)."""
    limited = ratelimit.consume_or_429(request, action="reauthenticate", user=request.user)
    if limited:
        return limited
    user = request.user
    email = EmailAddress.objects.get_primary_email(user) or user.email
    next_url = request.POST.get("next", "")
    logout(request)
    reauthentication.code_login_expect(request, user)
    LoginCodeVerificationProcess.initiate(request=request, user=user, email=email, phone=None)
    confirm = reverse("account_confirm_login_code")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        confirm = f"{confirm}?{urlencode({'next': next_url})}"
    return redirect(confirm)
