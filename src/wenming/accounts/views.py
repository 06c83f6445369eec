from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from wenming.accounts import actions
from wenming.accounts.forms import LoginForm, TokenForm, TotpForm
from wenming.accounts.models import ApiToken, User

PENDING_SESSION_KEY = "wenming_pending_user"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return settings.LOGIN_REDIRECT_URL


def _totp_required(user: User) -> bool:
    return user.totp_enabled or (settings.WENMING_REQUIRE_TOTP_FOR_ADMINS and user.is_office_admin)


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class LoginView(View):
    template_name = "accounts/login.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect(_next_url(request))
        return render(
            request,
            self.template_name,
            {"form": LoginForm(request=request), "next": request.GET.get("next", "")},
        )

    def post(self, request):
        form = LoginForm(request.POST, request=request)
        if form.is_valid():
            user = form.user
            if _totp_required(user):
                request.session[PENDING_SESSION_KEY] = user.pk
                request.session["wenming_pending_next"] = _next_url(request)
                return redirect("accounts:login-totp")
            login(request, user)
            return redirect(_next_url(request))
        return render(
            request, self.template_name, {"form": form, "next": request.POST.get("next", "")}
        )


class LoginTotpView(View):
    """Second step of login for accounts with a second factor (or admins when it is required)."""

    template_name = "accounts/login_totp.html"

    def _pending_user(self, request):
        user_id = request.session.get(PENDING_SESSION_KEY)
        return User.objects.filter(pk=user_id, is_active=True).first() if user_id else None

    def get(self, request):
        user = self._pending_user(request)
        if user is None:
            return redirect("accounts:login")
        enrol_uri = None if user.totp_enabled else actions.start_totp_enrolment(user)
        return render(
            request,
            self.template_name,
            {
                "form": TotpForm(request=request),
                "qr_svg": _qr_svg(enrol_uri) if enrol_uri else None,
            },
        )

    def post(self, request):
        user = self._pending_user(request)
        if user is None:
            return redirect("accounts:login")
        form = TotpForm(request.POST, request=request)
        if form.is_valid():
            code = form.cleaned_data["code"]
            ok = (
                actions.verify_totp(user, code)
                if user.totp_enabled
                else actions.enable_totp(user, code, actor=user)
            )
            if ok:
                next_url = (
                    request.session.get("wenming_pending_next") or settings.LOGIN_REDIRECT_URL
                )
                login(request, user, backend="wenming.accounts.backends.UsernameOrPhoneBackend")
                return redirect(next_url)
            if actions.record_failed_login(user):
                request.session.pop(PENDING_SESSION_KEY, None)
            form.add_error("code", _("The code is wrong or has expired."))
        return render(request, self.template_name, {"form": form, "qr_svg": None})


class LogoutView(View):
    def post(self, request):
        logout(request)
        return redirect("accounts:login")


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


class SecurityView(LoginRequiredMixin, View):
    template_name = "accounts/security.html"

    def get(self, request):
        return render(
            request,
            self.template_name,
            {"title": _("Security"), "form": TotpForm(request=request), "qr_svg": None},
        )

    def post(self, request):
        user = request.user
        if request.POST.get("action") == "start":
            uri = actions.start_totp_enrolment(user)
            return render(
                request,
                self.template_name,
                {"title": _("Security"), "form": TotpForm(request=request), "qr_svg": _qr_svg(uri)},
            )
        if request.POST.get("action") == "disable":
            actions.disable_totp(user, actor=user)
            messages.success(request, _("Two-factor login is off."))
            return redirect("accounts:security")
        form = TotpForm(request.POST, request=request)
        if form.is_valid() and actions.enable_totp(user, form.cleaned_data["code"], actor=user):
            messages.success(request, _("Two-factor login is on."))
            return redirect("accounts:security")
        form.add_error("code", _("The code is wrong or has expired."))
        return render(
            request, self.template_name, {"title": _("Security"), "form": form, "qr_svg": None}
        )


class TokenListView(LoginRequiredMixin, View):
    template_name = "accounts/token_list.html"

    def get(self, request):
        return self._render(request, TokenForm(request=request))

    def post(self, request):
        form = TokenForm(request.POST, request=request)
        if form.is_valid():
            _token, key = actions.create_api_token(
                request.user, form.cleaned_data["name"], actor=request.user
            )
            return self._render(request, TokenForm(request=request), new_key=key)
        return self._render(request, form)

    def _render(self, request, form, new_key=None):
        tokens = ApiToken.objects.filter(user=request.user)
        return render(
            request,
            self.template_name,
            {"title": _("API tokens"), "form": form, "tokens": tokens, "new_key": new_key},
        )


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        actions.revoke_api_token(token, actor=request.user)
        messages.success(request, _("The token was revoked."))
        return redirect("accounts:token-list")
