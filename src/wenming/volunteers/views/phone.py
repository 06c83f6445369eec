"""Phone pages (390 px) for volunteers: my page, activities, sign-up, scanning a code."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.core import throttle
from wenming.core.client import client_address
from wenming.core.headers import allow_features
from wenming.core.permissions import PUBLIC
from wenming.core.views import errors_as_messages, errors_on_form
from wenming.volunteers import actions, queries
from wenming.volunteers.choices import CheckMethod, ScanKind, SignupStatus
from wenming.volunteers.forms import RegisterForm
from wenming.volunteers.models import (
    Activity,
    Attendance,
    Certificate,
    Redemption,
    RewardItem,
    Signup,
)


class VolunteerRequiredMixin(LoginRequiredMixin):
    """Pages for a signed-in person who is a registered volunteer."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.volunteer = queries.volunteer_of(request.user)
        if self.volunteer is None:
            return HttpResponseRedirect(reverse("volunteers_public:register"))
        # The menu asks too: the answer is known.
        request.user._wenming_is_volunteer = True
        request.user._wenming_is_party_member = self.volunteer.is_party_member
        return super().dispatch(request, *args, **kwargs)


MY_CERTIFICATES_SHOWN = 20
#: Self-registrations (every POST, valid or not) allowed per client address: enough for a
#: team registering its members at one table, too few to probe which ID numbers are known.
REGISTER_RATE = throttle.Rate(limit=10, window=600)
#: Certificate checks allowed per client address.
VERIFY_RATE = throttle.Rate(limit=30, window=600)


class MyPageView(VolunteerRequiredMixin, TemplateView):
    """Hours, points and stars from the rollup; no sum over ledger rows; the latest activities
    as plain rows (bounded, whatever the length of the history)."""

    template_name = "volunteers/me.html"

    def get_context_data(self, **kwargs):
        volunteer = self.volunteer
        return super().get_context_data(
            title=_("My volunteer service"),
            volunteer=volunteer,
            balance=volunteer.balance,
            stars=range(volunteer.balance.star_level),
            signups=queries.my_recent_activities(volunteer),
            next_activities=queries.my_next_activities(volunteer),
            ledger=queries.my_hours_ledger(volunteer, self.request.jurisdiction),
            next_star=queries.star_progress(self.request.jurisdiction, volunteer.balance),
            certificates=Certificate.objects.filter(volunteer=volunteer).select_related("team")[
                :MY_CERTIFICATES_SHOWN
            ],
            redemptions=Redemption.objects.filter(volunteer=volunteer).select_related("item")[:10],
            **kwargs,
        )


class OpenActivitiesView(VolunteerRequiredMixin, TemplateView):
    template_name = "volunteers/open_activities.html"

    def get_context_data(self, **kwargs):
        mine = set(
            Signup.objects.filter(volunteer=self.volunteer)
            .exclude(status=SignupStatus.CANCELLED)
            .values_list("activity_id", flat=True)
        )
        return super().get_context_data(
            title=_("Volunteer activities"),
            activities=queries.open_activities()[:50],
            mine=mine,
            **kwargs,
        )


class MyActivityView(VolunteerRequiredMixin, TemplateView):
    """One activity for a volunteer: details, sign up, cancel, what happened."""

    template_name = "volunteers/my_activity.html"

    def _activity(self, public_id):
        return get_object_or_404(
            queries.visible_activity(self.request.user).select_related("team"), public_id=public_id
        )

    def get(self, request, public_id):
        activity = self._activity(public_id)
        signup = (
            Signup.objects.filter(activity=activity, volunteer=self.volunteer)
            .exclude(status=SignupStatus.CANCELLED)
            .first()
        )
        attendance = Attendance.objects.filter(activity=activity, volunteer=self.volunteer).first()
        return self.render_to_response(
            self.get_context_data(
                title=activity.title, activity=activity, signup=signup, attendance=attendance
            )
        )

    def post(self, request, public_id):
        activity = self._activity(public_id)
        with errors_as_messages(request):
            if request.POST.get("action") == "cancel":
                signup = get_object_or_404(
                    Signup,
                    activity=activity,
                    volunteer=self.volunteer,
                    status__in=[SignupStatus.SIGNED_UP, SignupStatus.WAITING],
                )
                actions.cancel_signup(signup=signup, actor=request.user)
                messages.success(request, _("Your sign-up is cancelled."))
            else:
                signup = actions.sign_up(
                    activity=activity, volunteer=self.volunteer, actor=request.user
                )
                if signup.status == SignupStatus.SIGNED_UP:
                    messages.success(request, _("You are signed up."))
                else:
                    messages.info(request, _("The activity is full: you are on the waiting list."))
        return HttpResponseRedirect(reverse("volunteers:my-activity", args=[activity.public_id]))


@method_decorator(allow_features("geolocation"), name="dispatch")
class ScanView(VolunteerRequiredMixin, TemplateView):
    """The page a volunteer's camera opens from the QR: it reads the location and posts it."""

    template_name = "volunteers/scan.html"

    def _activity(self, request):
        public_id = request.GET.get("a") or request.POST.get("a")
        try:
            uuid.UUID(str(public_id))
        except ValueError:
            raise Http404 from None
        return get_object_or_404(
            Activity.objects.select_related("team", "jurisdiction"), public_id=public_id
        )

    def get(self, request):
        activity = self._activity(request)
        kind = (
            ScanKind.CHECK_OUT if request.GET.get("k") == ScanKind.CHECK_OUT else ScanKind.CHECK_IN
        )
        return self.render_to_response(
            self.get_context_data(
                title=activity.title,
                activity=activity,
                kind=kind,
                code=request.GET.get("c", ""),
                idempotency_key=uuid.uuid4().hex,
            )
        )

    def post(self, request):
        activity = self._activity(request)
        kind = request.POST.get("k")
        function = (
            actions.check_out_volunteer
            if kind == ScanKind.CHECK_OUT
            else actions.check_in_volunteer
        )
        outcome = function(
            activity=activity,
            volunteer=self.volunteer,
            method=CheckMethod.CODE,
            code=request.POST.get("c", ""),
            latitude=request.POST.get("lat") or None,
            longitude=request.POST.get("lng") or None,
            idempotency_key=request.POST.get("idempotency_key", "")[:100],
            actor=request.user,
        )
        return render(
            request,
            "volunteers/partials/scan_result.html",
            {"outcome": outcome, "activity": activity, "kind": kind},
            status=200,
        )


class RegisterView(TemplateView):
    """Public: a resident registers as a volunteer and gets an account (log in by phone)."""

    template_name = "volunteers/register.html"

    def get(self, request):
        if request.user.is_authenticated and queries.volunteer_of(request.user):
            return HttpResponseRedirect(reverse("volunteers:me"))
        return self.render_to_response(
            {"form": RegisterForm(request=request), "title": _("Register as a volunteer")}
        )

    def post(self, request):
        form = RegisterForm(request.POST, request=request)
        try:
            throttle.require_allowed("volunteers.register", client_address(request), REGISTER_RATE)
        except throttle.ThrottledError as error:
            form.add_error(None, error.message)
            return self.render_to_response(
                {"form": form, "title": _("Register as a volunteer")}, status=429
            )
        if form.is_valid():
            data = form.cleaned_data
            with errors_on_form(form):
                actions.register_self(
                    jurisdiction=request.jurisdiction,
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    password=data["password"],
                    division=data.get("village") or data.get("township"),
                    skills=data.get("skills", ""),
                    availability=data.get("availability", ""),
                    actor=PUBLIC,
                )
                # The same answer whether the person is new or the ID number or phone is
                # known already: the next page says how to log in, or where to appeal.
                return HttpResponseRedirect(reverse("volunteers_public:registered"))
        return self.render_to_response(
            {"form": form, "title": _("Register as a volunteer")}, status=422
        )


class RegisteredView(TemplateView):
    """Public: what to do after registering (the same page whatever the outcome was)."""

    template_name = "volunteers/registered.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Registration received"), **kwargs)


class VerifyCertificateView(TemplateView):
    """Public: anyone checks a certificate by its code; only masked identity and hours."""

    template_name = "volunteers/verify.html"

    def get(self, request):
        code = "".join((request.GET.get("code") or "").split()).upper()[:16]
        certificate = None
        if code:
            decision = throttle.hit("volunteers.verify", client_address(request), VERIFY_RATE)
            if not decision.allowed:
                message = throttle.ThrottledError(decision.retry_after).message
                return self.render_to_response(
                    {"code": code, "throttled": message, "title": _("Verify a certificate")},
                    status=429,
                )
            # Codes are unique across the platform: the page serves every jurisdiction.
            certificate = (
                Certificate.objects.with_scopes_disabled()
                .filter(verification_code=code)
                .select_related("volunteer", "team__organization")
                .first()
            )
        return self.render_to_response(
            {"code": code, "certificate": certificate, "title": _("Verify a certificate")}
        )


class ShopForVolunteerView(VolunteerRequiredMixin, TemplateView):
    template_name = "volunteers/my_shop.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Reward shop"),
            items=RewardItem.objects.filter(is_active=True, stock__gt=0).select_related("station"),
            balance=self.volunteer.balance,
            **kwargs,
        )

    def post(self, request):
        item = get_object_or_404(RewardItem, pk=request.POST.get("item"), is_active=True)
        with errors_as_messages(request):
            redemption = actions.redeem_item(
                volunteer=self.volunteer, item=item, actor=request.user
            )
            messages.success(
                request,
                _("Redeemed. Show the code %(code)s at the shop.") % {"code": redemption.code},
            )
        return HttpResponseRedirect(reverse("volunteers:my-shop"))
