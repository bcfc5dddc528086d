"""Account pages of our own: the overview, the data download and deleting the account."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from rest_framework.utils.encoders import JSONEncoder

from osteofit.accounts import services


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is really you.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not correct.")
        return password


@login_required
def overview(request):
    return render(request, "accounts/overview.html")


@login_required
@require_GET
def export_download(request):
    # DRF's encoder, so the file matches GET /api/v1/me/export/ to the microsecond.
    document = json.dumps(services.account_export(user=request.user), cls=JSONEncoder, indent=2)
    response = HttpResponse(document, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{services.export_filename()}"'
    return response


@login_required
def delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, "Your account and all your data have been deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
