"""What allauth's sign-up form and its app sign-up input are built on."""

from allauth.account.adapter import get_adapter
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class SignupForm(forms.Form):
    """allauth builds both sign-ups on this class (ACCOUNT_SIGNUP_FORM_CLASS). The page checks
    the password against the new person (an unsaved user with the submitted email); the app
    input checks it alone, so "too similar to the email" would slip through there. This runs
    every validator again for the app input, with that person, and reports on its field."""

    def clean(self) -> dict:
        cleaned_data = super().clean()
        # Only the app input has a single "password" field; the page's password1 is checked
        # against the person by allauth itself.
        password, email = cleaned_data.get("password"), cleaned_data.get("email")
        if "password" in self.fields and password and email:
            person = get_user_model()(email=email)
            try:
                get_adapter().clean_password(password, user=person)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned_data

    def signup(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        """allauth has already saved the email and password; nothing else is asked."""
