from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from wenming.notifications.actions import mark_read
from wenming.notifications.models import Notification


class InboxView(LoginRequiredMixin, ListView):
    template_name = "notifications/inbox.html"
    paginate_by = 30
    extra_context = {"title": _("Notifications")}

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)


class MarkReadView(LoginRequiredMixin, View):
    def post(self, request):
        ids = request.POST.getlist("id") or None
        mark_read(request.user, [int(i) for i in ids if i.isdigit()] if ids else None)
        return redirect("notifications:inbox")
