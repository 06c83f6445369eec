from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.core.forms import StyledForm


class LoginForm(StyledForm):
    username = forms.CharField(label=_("Username or mobile phone"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": _("The username or password is wrong."),
        "locked": _("Too many failed attempts. The account is locked until %(time)s."),
        "inactive": _("This account is disabled."),
    }

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            self.user = authenticate(self.request, username=username, password=password)
            locked_until = getattr(self.request, "login_locked_until", None)
            if locked_until is not None:
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"time": timezone.localtime(locked_until).strftime("%H:%M")},
                )
            if self.user is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_login"], code="invalid_login"
                )
        return cleaned


class TotpForm(StyledForm):
    code = forms.CharField(label=_("Six-digit code from your authenticator app"), max_length=8)


class TokenForm(StyledForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the reporting script."),
    )
