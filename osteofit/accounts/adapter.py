"""allauth's account adapter, where OsteoFit's sign-up differs from allauth's defaults."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import get_random_string


class AccountAdapter(DefaultAccountAdapter):
    # allauth's messages on the password, code and email pages, in our words.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "enter_current_password": "That is not your current password. Please check it.",
        "incorrect_password": "That password is not correct.",
        "incorrect_code": (
            "That code is not right. Check the email and type it again, or ask for a new code."
        ),
        "invalid_password_reset": "This link no longer works. Please ask for a new one.",
        "cannot_remove_primary_email": "You cannot remove your main email address.",
        "duplicate_email": "Your account already uses this email address.",
        "same_as_current": "That is the same as the current one. Please choose a different one.",
    }

    def respond_email_verification_sent(
        self, request: HttpRequest, user: AbstractBaseUser | None
    ) -> HttpResponse:
        """Having an OsteoFit account says a person has osteoporosis, so a sign-up for a taken
        address must not answer faster than one for a new address. With verification
        mandatory, allauth answers every sign-up here: a new address after its password was
        hashed for the new account; a taken address (allauth creates nobody and emails the
        owner instead) with no user. That one does the same hashing work; the hash is thrown
        away."""
        if user is None:
            make_password(get_random_string(32))
        return super().respond_email_verification_sent(request, user)
