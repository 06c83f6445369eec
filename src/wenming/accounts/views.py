from __future__ import annotations

import io
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from wenming.accounts import actions, queries, throttling
from wenming.accounts.forms import (
    LoginForm,
    NewPasswordForm,
    PasswordChangeForm,
    PasswordResetIssueForm,
    PasswordResetSmsConfirmForm,
    PasswordResetSmsRequestForm,
    TokenForm,
    TotpForm,
)
from wenming.accounts.login import record_login_failure, record_login_success, record_logout
from wenming.accounts.models import ApiToken, PasswordResetLink, User
from wenming.core import throttle
from wenming.core.client import client_address
from wenming.core.errors import DomainError
from wenming.core.permissions import PUBLIC, has_perm
from wenming.core.throttle import Rate

PENDING_SESSION_KEY = "wenming_pending_user"
PENDING_NEXT_KEY = "wenming_pending_next"
PENDING_SINCE_KEY = "wenming_pending_since"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return settings.LOGIN_REDIRECT_URL


def _totp_required(user: User) -> bool:
    return user.totp_enabled or (settings.WENMING_REQUIRE_TOTP_FOR_ADMINS and user.is_office_admin)


def _complete_login(request, user: User, next_url: str):
    """Both steps passed: open the session, clear the counts, remember this browser."""
    for key in (PENDING_SESSION_KEY, PENDING_NEXT_KEY, PENDING_SINCE_KEY):
        request.session.pop(key, None)
    login(request, user, backend="wenming.accounts.backends.UsernameOrPhoneBackend")
    record_login_success(request, user)
    response = redirect(next_url)
    throttling.remember_device(request, response, user)
    return response


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class LoginView(View):
    template_name = "accounts/login.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect(_next_url(request))
        return render(
            request,
            self.template_name,
            {
                "form": LoginForm(request=request),
                "next": request.GET.get("next", ""),
                "sms_reset": queries.sms_reset_available(),
            },
        )

    def post(self, request):
        form = LoginForm(request.POST, request=request)
        if form.is_valid():
            user = form.user
            if _totp_required(user):
                request.session.cycle_key()
                request.session[PENDING_SESSION_KEY] = user.pk
                request.session[PENDING_NEXT_KEY] = _next_url(request)
                request.session[PENDING_SINCE_KEY] = int(time.time())
                return redirect("accounts:login-totp")
            return _complete_login(request, user, _next_url(request))
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "next": request.POST.get("next", ""),
                "sms_reset": queries.sms_reset_available(),
            },
            status=429 if form.throttled else 200,
        )


class LoginTotpView(View):
    """Second step of login for accounts with a second factor (or admins when it is required).

    Its codes are counted and throttled like passwords, against the same account and address;
    the step expires `WENMING_LOGIN_SECOND_STEP_MINUTES` after the password was accepted.
    """

    template_name = "accounts/login_totp.html"

    def _pending_user(self, request):
        user_id = request.session.get(PENDING_SESSION_KEY)
        since = request.session.get(PENDING_SINCE_KEY) or 0
        if not user_id:
            return None
        if time.time() - since > settings.WENMING_LOGIN_SECOND_STEP_MINUTES * 60:
            for key in (PENDING_SESSION_KEY, PENDING_NEXT_KEY, PENDING_SINCE_KEY):
                request.session.pop(key, None)
            messages.warning(request, _("The login took too long. Please log in again."))
            return None
        return User.objects.filter(pk=user_id, is_active=True).first()

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
        status = 200
        if form.is_valid():
            key = throttling.account_key(user, "")
            known = throttling.is_known_device(request, user)
            if throttling.retry_after(request, key, known_device=known):
                form.add_error(
                    "code", _("The code is wrong or has expired. Please try again later.")
                )
                status = 429
            else:
                code = form.cleaned_data["code"]
                ok = (
                    actions.verify_totp(user, code)
                    if user.totp_enabled
                    else actions.enable_totp(user, code, actor=user)
                )
                if ok:
                    next_url = request.session.get(PENDING_NEXT_KEY) or settings.LOGIN_REDIRECT_URL
                    return _complete_login(request, user, next_url)
                record_login_failure(request, user, "", step="second_factor")
                form.add_error("code", _("The code is wrong or has expired."))
        return render(request, self.template_name, {"form": form, "qr_svg": None}, status=status)


class LogoutView(View):
    def post(self, request):
        if request.user.is_authenticated:
            record_logout(request.user)
        logout(request)
        return redirect("accounts:login")


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _security_context(request, **context):
    return {
        "title": _("Security"),
        "can_reset_passwords": has_perm(request.user, "accounts.reset_password", PasswordResetLink),
        **context,
    }


class SecurityView(LoginRequiredMixin, View):
    template_name = "accounts/security.html"

    def get(self, request):
        return render(
            request,
            self.template_name,
            _security_context(request, form=TotpForm(request=request), qr_svg=None),
        )

    def post(self, request):
        user = request.user
        if request.POST.get("action") == "start":
            uri = actions.start_totp_enrolment(user)
            return render(
                request,
                self.template_name,
                _security_context(request, form=TotpForm(request=request), qr_svg=_qr_svg(uri)),
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
            request, self.template_name, _security_context(request, form=form, qr_svg=None)
        )


class TokenListView(LoginRequiredMixin, View):
    template_name = "accounts/token_list.html"

    def get(self, request):
        return self._render(request, TokenForm(request=request))

    def post(self, request):
        form = TokenForm(request.POST, request=request)
        if form.is_valid():
            _token, key = actions.create_api_token(
                request.user,
                form.cleaned_data["name"],
                actor=request.user,
                days=form.cleaned_data["days"],
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


@method_decorator(
    sensitive_post_parameters("current_password", "new_password1", "new_password2"),
    name="dispatch",
)
class PasswordChangeView(LoginRequiredMixin, View):
    """Every signed-in person may change their own password."""

    template_name = "accounts/password_change.html"

    def get(self, request):
        form = PasswordChangeForm(request=request, user=request.user)
        return render(request, self.template_name, {"title": _("Change password"), "form": form})

    def post(self, request):
        form = PasswordChangeForm(request.POST, request=request, user=request.user)
        if form.is_valid():
            actions.change_password(
                request.user,
                form.cleaned_data["new_password1"],
                actor=request.user,
                revoke_tokens=form.cleaned_data["revoke_tokens"],
            )
            update_session_auth_hash(request, request.user)  # this session stays, others end
            messages.success(request, _("Your password was changed. Other sessions were ended."))
            return redirect("accounts:security")
        return render(
            request,
            self.template_name,
            {"title": _("Change password"), "form": form},
            status=429 if form.throttled else 200,
        )


class PasswordResetIssueView(LoginRequiredMixin, View):
    """An administrator issues a one-time link with which a person sets a new password."""

    template_name = "accounts/password_reset_issue.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm(
            request.user, "accounts.reset_password", PasswordResetLink
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, **context):
        return render(
            request,
            self.template_name,
            {"title": _("Password reset link"), "form": form, **context},
        )

    def get(self, request):
        return self._render(request, PasswordResetIssueForm(request=request))

    def post(self, request):
        form = PasswordResetIssueForm(request.POST, request=request)
        if not form.is_valid():
            return self._render(request, form)
        users = User.objects.filter(username=form.cleaned_data["username"].strip())
        if request.user.jurisdiction_id is not None:
            users = users.filter(jurisdiction_id=request.user.jurisdiction_id)
        target = users.first()
        if target is None:
            form.add_error("username", _("No account with this username in your jurisdiction."))
            return self._render(request, form)
        try:
            link, key = actions.issue_password_reset_link(target, actor=request.user)
        except DomainError as error:
            form.add_error("username", error.message)
            return self._render(request, form)
        url = request.build_absolute_uri(reverse("accounts:password-reset", args=[key]))
        return self._render(
            request, PasswordResetIssueForm(request=request), link=link, link_url=url
        )


@method_decorator(sensitive_post_parameters("new_password1", "new_password2"), name="dispatch")
class PasswordResetView(View):
    """The person opens the one-time link and sets a new password (no login needed)."""

    template_name = "accounts/password_reset.html"

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        # The key is in the URL: not cached; the site-wide `same-origin` referrer policy keeps
        # it from other sites (`no-referrer` would make the form's POST fail the CSRF origin
        # check, since browsers then send `Origin: null`).
        response["Cache-Control"] = "no-store"
        return response

    def _render(self, request, form, link, status=200):
        return render(
            request,
            self.template_name,
            {"title": _("Set a new password"), "form": form, "link": link},
            status=status,
        )

    def get(self, request, key):
        link = queries.password_reset_link_for_key(key)
        if link is None:
            return self._render(request, None, None, status=404)
        return self._render(request, NewPasswordForm(request=request, user=link.user), link)

    def post(self, request, key):
        link = queries.password_reset_link_for_key(key)
        if link is None:
            return self._render(request, None, None, status=404)
        form = NewPasswordForm(request.POST, request=request, user=link.user)
        if form.is_valid():
            try:
                actions.use_password_reset_link(
                    key, form.cleaned_data["new_password1"], actor=PUBLIC
                )
            except DomainError:
                return self._render(request, None, None, status=404)
            messages.success(request, _("Your new password is set. Please log in."))
            return redirect("accounts:login")
        return self._render(request, form, link)


SMS_RESET_USER_KEY = "wenming_sms_reset_user"
SMS_RESET_SINCE_KEY = "wenming_sms_reset_since"
#: Code requests: per address and per typed number, an hour.
SMS_REQUEST_ADDRESS_RATE = Rate(5, 60 * 60)
SMS_REQUEST_PHONE_RATE = Rate(3, 60 * 60)
#: Code entries per address, an hour (each code also dies after five wrong tries).
SMS_CONFIRM_ADDRESS_RATE = Rate(10, 60 * 60)


class _SmsResetAvailableMixin:
    """Only when a real SMS gateway is configured: otherwise these pages do not exist."""

    def dispatch(self, request, *args, **kwargs):
        if not queries.sms_reset_available():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordResetSmsView(_SmsResetAvailableMixin, View):
    """Ask for a code by text message. The answer is the same whether the number is known."""

    template_name = "accounts/password_reset_sms.html"

    def _render(self, request, form, status=200):
        return render(
            request,
            self.template_name,
            {"title": _("Reset by text message"), "form": form},
            status=status,
        )

    def get(self, request):
        return self._render(request, PasswordResetSmsRequestForm(request=request))

    def post(self, request):
        form = PasswordResetSmsRequestForm(request.POST, request=request)
        if not form.is_valid():
            return self._render(request, form)
        phone = form.cleaned_data["phone"].strip()
        try:
            throttle.require_allowed(
                "password-reset-sms", client_address(request), SMS_REQUEST_ADDRESS_RATE
            )
            throttle.require_allowed("password-reset-sms-phone", phone, SMS_REQUEST_PHONE_RATE)
        except throttle.ThrottledError:
            form.add_error(None, _("Too many attempts. Please try again later."))
            return self._render(request, form, status=429)
        user = actions.send_password_reset_code(phone, actor=PUBLIC)
        request.session[SMS_RESET_USER_KEY] = user.pk if user else 0
        request.session[SMS_RESET_SINCE_KEY] = int(time.time())
        messages.info(
            request,
            _(
                "If the number belongs to an account, a code was sent to it. It is valid for 10 minutes."
            ),
        )
        return redirect("accounts:password-reset-sms-confirm")


@method_decorator(
    sensitive_post_parameters("code", "new_password1", "new_password2"), name="dispatch"
)
class PasswordResetSmsConfirmView(_SmsResetAvailableMixin, View):
    template_name = "accounts/password_reset_sms_confirm.html"

    def _render(self, request, form, status=200):
        return render(
            request,
            self.template_name,
            {"title": _("Reset by text message"), "form": form},
            status=status,
        )

    def get(self, request):
        if SMS_RESET_USER_KEY not in request.session:
            return redirect("accounts:password-reset-sms")
        return self._render(request, PasswordResetSmsConfirmForm(request=request))

    def post(self, request):
        if SMS_RESET_USER_KEY not in request.session:
            return redirect("accounts:password-reset-sms")
        user_id = request.session.get(SMS_RESET_USER_KEY) or None
        form = PasswordResetSmsConfirmForm(request.POST, request=request)
        if not form.is_valid():
            return self._render(request, form)
        try:
            throttle.require_allowed(
                "password-reset-sms-confirm", client_address(request), SMS_CONFIRM_ADDRESS_RATE
            )
        except throttle.ThrottledError:
            form.add_error(None, _("Too many attempts. Please try again later."))
            return self._render(request, form, status=429)
        try:
            actions.use_password_reset_code(
                user_id, form.cleaned_data["code"], form.cleaned_data["new_password1"], actor=PUBLIC
            )
        except DomainError as error:
            form.add_error("code", error.message)
            return self._render(request, form)
        request.session.pop(SMS_RESET_USER_KEY, None)
        request.session.pop(SMS_RESET_SINCE_KEY, None)
        messages.success(request, _("Your new password is set. Please log in."))
        return redirect("accounts:login")
