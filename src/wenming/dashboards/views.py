from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.dashboards.queries import jurisdiction_counts


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "dashboards/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Overview"), counts=jurisdiction_counts(), panels=home_panels(self.request)
        )
        return context


def home_panels(request) -> list[str]:
    """Templates other apps contribute to the home page (their queues and alerts)."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import select_template

    panels = []
    for app in ("workorders", "standards", "tasks", "volunteers", "inspections"):
        try:
            select_template([f"{app}/partials/home_panel.html"])
        except TemplateDoesNotExist:
            continue
        panels.append(f"{app}/partials/home_panel.html")
    return panels
