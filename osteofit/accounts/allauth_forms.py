"""allauth's forms in the site's words (ACCOUNT_FORMS): labels a person would say, never a
placeholder repeating the label. Separate from `forms.py`, which allauth imports while building
its own sign-up form."""

from allauth.account import forms as allauth_forms

# One wording for each kind of field, whichever allauth form it is on.
LABELS = {
    "remember": "Remember me on this device",
    "oldpassword": "Your current password",
    "email": "Email",
}
NEW_PASSWORD = {"password1": "New password", "password2": "New password again"}


def _in_our_words(form, labels: dict[str, str]) -> None:
    """Every field has a visible label in our words, so no placeholder repeats it in the box."""
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, LABELS)


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, {**LABELS, "password2": "Password again"})


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, {**LABELS, **NEW_PASSWORD})


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, {**LABELS, "password2": "Password again"})


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, LABELS)


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, {**LABELS, **NEW_PASSWORD})


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, {**LABELS, "email": "New email address"})


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, {**LABELS, "password": "Your password"})


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, LABELS)


class ConfirmLoginCodeForm(allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, {"code": "The code from the email"})


class ConfirmEmailVerificationCodeForm(allauth_forms.ConfirmEmailVerificationCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_our_words(self, {"code": "The code from the email"})
