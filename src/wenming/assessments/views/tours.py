"""Tour pages: the office's list, set-up form, progress and close; the scorer's 我的观摩评分
and score sheet (made for a phone on site); the results once the tour is closed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.assessments.actions import tours as actions
from wenming.assessments.forms_tours import ScoreForm, TourForm
from wenming.assessments.models import Tour, TourItem, TourStop
from wenming.assessments.queries import tours as queries
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ACTION_ERRORS,
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
    action_done,
    add_action_error,
    errors_as_messages,
    errors_on_form,
    form_status,
)

MANAGE = actions.MANAGE


class TourListView(ObjectListView):
    model = Tour
    permission = "assessments.view_tour"
    search_fields = ("title__icontains",)
    ordering = ("-date", "-pk")
    title = _("Observation tours")
    add_url_name = "assessments:tour-add"
    add_permission = MANAGE
    search_placeholder = _("Title")
    columns = (
        TableColumn("title", _("title"), link=True),
        TableColumn("date", _("date")),
        TableColumn("rule", _("rule")),
        TableColumn("status", _("status")),
    )


class TourCreateView(PermissionRequiredMixin, TemplateView):
    permission = MANAGE
    permission_model = Tour
    template_name = "assessments/tours/tour_form.html"

    def _form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return TourForm(data, request=self.request, jurisdiction=self.request.jurisdiction)

    def _render(self, form, status=200):
        response = self.render_to_response({"form": form, "title": _("New observation tour")})
        response.status_code = status
        return response

    def get(self, request, *args, **kwargs):
        return self._render(self._form())

    def post(self, request, *args, **kwargs):
        form = self._form()
        if form.is_valid():
            data = form.cleaned_data
            with errors_on_form(form):
                tour = actions.create_tour(
                    request.jurisdiction,
                    title=data["title"],
                    date=data["date"],
                    rule=data["rule"],
                    stop_unit_ids=[unit.pk for unit in data["stops"]],
                    scorers=[user.username for user in data["scorers"]],
                    items=data["items"],
                    actor=request.user,
                )
                return action_done(request, tour.get_absolute_url(), _("The tour is set up."))
        return self._render(form, form_status(request))


def _visible_tour(request, pk) -> Tour:
    return get_object_or_404(queries.visible_tours(request.user), pk=pk)


class TourDetailView(LoginRequiredMixin, TemplateView):
    """The tour, and who has scored which stop (never the points)."""

    template_name = "assessments/tours/tour_detail.html"

    def get_context_data(self, **kwargs):
        tour = _visible_tour(self.request, kwargs["pk"])
        stops = list(TourStop.objects.filter(tour=tour).select_related("organization"))
        scorers = [
            link.user for link in tour.scorer_links.select_related("user__person").order_by("pk")
        ]
        done = queries.progress(tour)
        rows = [
            (
                stop,
                [scorer.pk in done.get(stop.pk, ()) for scorer in scorers],
                len(done.get(stop.pk, ())),
            )
            for stop in stops
        ]
        return super().get_context_data(
            tour=tour,
            title=tour.title,
            items=list(TourItem.objects.filter(tour=tour)),
            scorers=scorers,
            rows=rows,
            can_manage=has_perm(self.request.user, MANAGE, tour),
            is_scorer=any(scorer.pk == self.request.user.pk for scorer in scorers),
            **kwargs,
        )


class TourCloseView(PermissionRequiredMixin, TemplateView):
    permission = MANAGE
    permission_model = Tour
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        tour = get_object_or_404(Tour, pk=kwargs["pk"])
        if not has_perm(request.user, MANAGE, tour):
            raise PermissionDenied
        with errors_as_messages(request):
            actions.close_tour(tour, actor=request.user)
            messages.success(request, _("The tour is closed; its results are out."))
        return redirect(tour.get_absolute_url())


class MyToursView(LoginRequiredMixin, TemplateView):
    """我的观摩评分: the tours the person scores, with how many stops they have scored."""

    template_name = "assessments/tours/my_tours.html"

    def get_context_data(self, **kwargs):
        tours = list(queries.scored_by(self.request.user).order_by("-date", "-pk"))
        counts = queries.my_progress(self.request.user, tours)
        rows = [(tour, *counts.get(tour.pk, (0, 0))) for tour in tours]
        return super().get_context_data(rows=rows, title=_("My tour scoring"), **kwargs)


class TourScoreView(LoginRequiredMixin, TemplateView):
    """The scorer's sheet: choose the stop, one number per item with its maximum, submit;
    their own scores of the tour below."""

    template_name = "assessments/tours/tour_score.html"

    def setup_tour(self, request, pk):
        self.tour = get_object_or_404(Tour, pk=pk)
        if not queries.is_scorer(request.user, self.tour):
            raise PermissionDenied
        self.items = list(TourItem.objects.filter(tour=self.tour))
        mine = queries.my_score_sets(self.tour, request.user)
        self.mine = mine
        scored = {score_set.stop_id for score_set in mine}
        self.stops = list(TourStop.objects.filter(tour=self.tour).select_related("organization"))
        self.open_stops = [stop for stop in self.stops if stop.pk not in scored]

    def _form(self, data=None):
        initial = {}
        if "unit" in self.request.GET:
            initial["unit"] = self.request.GET["unit"]
        return ScoreForm(
            data, request=self.request, items=self.items, stops=self.open_stops, initial=initial
        )

    def _render(self, form, status=200):
        response = self.render_to_response(
            self.get_context_data(
                tour=self.tour,
                title=self.tour.title,
                form=form if self.tour.is_open and self.open_stops else None,
                items=self.items,
                stops=self.stops,
                mine=self.mine,
            )
        )
        response.status_code = status
        return response

    def get(self, request, *args, **kwargs):
        self.setup_tour(request, kwargs["pk"])
        return self._render(self._form())

    def post(self, request, *args, **kwargs):
        self.setup_tour(request, kwargs["pk"])
        form = self._form(request.POST)
        if form.is_valid():
            try:
                actions.score_stop(
                    self.tour,
                    unit_id=form.cleaned_data["unit"],
                    points=form.points(),
                    actor=request.user,
                )
            except actions.ScoreRefusedError as error:
                self._item_errors(form, error)
            except ACTION_ERRORS as error:
                add_action_error(form, error)
            else:
                url = reverse("assessments:tour-score", args=[self.tour.pk])
                return action_done(request, url, _("Your score is submitted."))
        return self._render(form, form_status(request))

    def _item_errors(self, form, error) -> None:
        by_id = {item.pk: item for item in self.items}
        details = error.details if isinstance(error.details, list) else []
        placed = False
        for detail in details:
            item = by_id.get(detail.get("item_id"))
            if item is not None:
                form.add_error(form.field_name(item), str(detail["message"]))
                placed = True
        if not placed:
            add_action_error(form, error)


class TourResultsView(LoginRequiredMixin, TemplateView):
    """The ranked results, once the tour is closed; before, only that they are not out."""

    template_name = "assessments/tours/tour_results.html"

    def get_context_data(self, **kwargs):
        tour = _visible_tour(self.request, kwargs["pk"])
        rows = queries.results(tour) if not tour.is_open else []
        return super().get_context_data(
            tour=tour, title=_("Results: %(title)s") % {"title": tour.title}, rows=rows, **kwargs
        )
