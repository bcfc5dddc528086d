"""allauth's login and sign-up forms in the site's words (ACCOUNT_FORMS). Separate from
`forms.py`, which allauth imports while building its own sign-up form."""

from allauth.account import forms as allauth_forms


def _labelled_only(form) -> None:
    """Every field has a visible label, so no placeholder repeats it inside the box."""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _labelled_only(self)
        if "remember" in self.fields:
            self.fields["remember"].label = "Remember me on this device"


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _labelled_only(self)
        if "password2" in self.fields:
            self.fields["password2"].label = "Password again"
