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


def _relabelled(form, labels: dict[str, str]) -> None:
    """Every field has a visible label in our words, so no placeholder repeats it in the box."""
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]


def in_our_words(base: type, labels: dict[str, str]) -> type:
    """allauth's form `base` with `labels` for its fields."""

    def __init__(self, *args, **kwargs):
        base.__init__(self, *args, **kwargs)
        _relabelled(self, labels)

    return type(base.__name__, (base,), {"__init__": __init__, "__module__": __name__})


CODE = {"code": "The code from the email"}
AGAIN = {"password2": "Password again"}

LoginForm = in_our_words(allauth_forms.LoginForm, LABELS)
SignupForm = in_our_words(allauth_forms.SignupForm, {**LABELS, **AGAIN})
ChangePasswordForm = in_our_words(allauth_forms.ChangePasswordForm, {**LABELS, **NEW_PASSWORD})
SetPasswordForm = in_our_words(allauth_forms.SetPasswordForm, {**LABELS, **AGAIN})
ResetPasswordForm = in_our_words(allauth_forms.ResetPasswordForm, LABELS)
ResetPasswordKeyForm = in_our_words(allauth_forms.ResetPasswordKeyForm, {**LABELS, **NEW_PASSWORD})
AddEmailForm = in_our_words(allauth_forms.AddEmailForm, {**LABELS, "email": "New email address"})
ReauthenticateForm = in_our_words(
    allauth_forms.ReauthenticateForm, {**LABELS, "password": "Your password"}
)
RequestLoginCodeForm = in_our_words(allauth_forms.RequestLoginCodeForm, LABELS)
ConfirmLoginCodeForm = in_our_words(allauth_forms.ConfirmLoginCodeForm, CODE)
ConfirmEmailVerificationCodeForm = in_our_words(
    allauth_forms.ConfirmEmailVerificationCodeForm, CODE
)
