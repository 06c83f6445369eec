from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.utils.translation import gettext_lazy as _

from wenming.accounts import throttling
from wenming.core.forms import StyledForm

#: The one answer to a refused login, whatever the reason (wrong password, unknown name,
#: disabled account): it must not tell which names exist.
INVALID_LOGIN = _("The username or password is wrong.")
#: The same answer when the attempt was throttled, with a hint to wait.
THROTTLED_LOGIN = _("The username or password is wrong. Please try again later.")


class LoginForm(StyledForm):
    username = forms.CharField(label=_("Username or mobile phone"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    throttled = False

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            self.user = authenticate(self.request, username=username, password=password)
            if self.user is None:
                if getattr(self.request, "login_retry_after", 0):
                    self.throttled = True
                    raise forms.ValidationError(THROTTLED_LOGIN, code="throttled")
                raise forms.ValidationError(INVALID_LOGIN, code="invalid_login")
        return cleaned


class TotpForm(StyledForm):
    code = forms.CharField(label=_("Six-digit code from your authenticator app"), max_length=8)


def _expiry_choices():
    days = sorted({30, 90, 180, 365, settings.WENMING_API_TOKEN_DAYS})
    return [(str(value), _("%(days)s days") % {"days": value}) for value in days]


class TokenForm(StyledForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the reporting script."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=_expiry_choices,
        help_text=_("The token stops working after this time; create a new one then."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = str(settings.WENMING_API_TOKEN_DAYS)


class NewPasswordForm(StyledForm):
    """A new password typed twice and checked by the platform's password rules."""

    new_password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second:
            if first != second:
                self.add_error("new_password2", _("The two passwords differ."))
            else:
                try:
                    password_validation.validate_password(first, self.user)
                except forms.ValidationError as error:
                    self.add_error("new_password1", error)
        return cleaned


class PasswordChangeForm(NewPasswordForm):
    current_password = forms.CharField(
        label=_("Current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    revoke_tokens = forms.BooleanField(
        label=_("Also revoke all my API tokens"),
        required=False,
    )

    field_order = ["current_password", "new_password1", "new_password2", "revoke_tokens"]

    throttled = False

    def clean_current_password(self):
        """Checked like a login (counted and throttled), so a session left open cannot be used
        to guess the password."""
        from wenming.accounts.login import record_login_failure

        value = self.cleaned_data["current_password"]
        key = throttling.account_key(self.user, "")
        if throttling.retry_after(self.request, key, known_device=True):
            self.throttled = True
            raise forms.ValidationError(THROTTLED_PASSWORD, code="throttled")
        if not self.user.check_password(value):
            record_login_failure(self.request, self.user, "", step="password_change")
            raise forms.ValidationError(WRONG_PASSWORD, code="password_incorrect")
        return value


WRONG_PASSWORD = _("The current password is wrong.")
THROTTLED_PASSWORD = _("The current password is wrong. Please try again later.")


class PasswordResetIssueForm(StyledForm):
    username = forms.CharField(label=_("Username"), max_length=150)


class PasswordResetSmsRequestForm(StyledForm):
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)


class PasswordResetSmsConfirmForm(NewPasswordForm):
    code = forms.CharField(label=_("Code from the text message"), max_length=8)

    field_order = ["code", "new_password1", "new_password2"]
