"""The Party member's own page (双报到): report to a community, claim its posts (认岗), and
see the points and activities that follow."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.core.views import errors_as_messages, errors_on_form, form_status
from wenming.volunteers import actions, queries
from wenming.volunteers.forms import PartyRegistrationForm
from wenming.volunteers.models import PartyPost
from wenming.volunteers.views.phone import VolunteerRequiredMixin


class MyPartyView(VolunteerRequiredMixin, TemplateView):
    template_name = "volunteers/my_party.html"

    def get_context_data(self, **kwargs):
        registration = queries.active_party_registration(self.volunteer)
        context = {
            "title": _("My Party member service"),
            "volunteer": self.volunteer,
            "balance": self.volunteer.balance,
            "registration": registration,
            "signups": queries.my_recent_activities(self.volunteer, limit=10),
        }
        if registration is None:
            context.setdefault("form", PartyRegistrationForm(request=self.request))
        else:
            posts = queries.party_posts(registration)
            context["claimed"] = [post for post in posts if post.claimed]
            context["open_posts"] = [post for post in posts if not post.claimed]
        context.update(kwargs)
        return super().get_context_data(**context)

    def post(self, request):
        here = reverse("volunteers:my-party")
        if request.POST.get("action") == "claim":
            registration = queries.active_party_registration(self.volunteer)
            if registration is None:
                return HttpResponseRedirect(here)
            post = get_object_or_404(PartyPost, pk=request.POST.get("post") or 0)
            with errors_as_messages(request):
                actions.claim_post(registration=registration, post=post, actor=request.user)
                messages.success(request, _("You claimed the post %(post)s.") % {"post": post})
            return HttpResponseRedirect(here)
        form = PartyRegistrationForm(request.POST, request=request)
        if form.is_valid():
            with errors_on_form(form):
                actions.register_party_member(
                    volunteer=self.volunteer,
                    community=form.cleaned_data["community"],
                    employer=form.cleaned_data["employer"],
                    actor=request.user,
                )
                messages.success(request, _("You have reported to your community."))
                return HttpResponseRedirect(here)
        return self.render_to_response(
            self.get_context_data(form=form), status=form_status(request)
        )
