"""Staff pages: the reward shop (items, redemptions, hand-over) and Party members (双报到)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from wenming.core.excel import Column
from wenming.core.exports import export_response
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
    errors_as_messages,
)
from wenming.volunteers import actions
from wenming.volunteers.models import (
    Certificate,
    PartyMemberRegistration,
    PointsEntry,
    Redemption,
    RewardItem,
    ServiceHoursEntry,
)


class ShopView(PermissionRequiredMixin, TemplateView):
    permission = "volunteers.view_rewardshop"
    template_name = "volunteers/shop.html"

    def get(self, request):
        return self.render_to_response(
            {
                "title": _("Reward shop"),
                "items": RewardItem.objects.select_related("station").order_by(
                    "station__name", "points_price"
                )[:200],
                "redemptions": Redemption.objects.select_related("item", "volunteer")[:50],
                "can_change": has_perm(request.user, "volunteers.change_rewardshop"),
            }
        )

    def post(self, request):
        # A keeper of some shop; the action checks the shop of the code's item.
        if not has_perm(request.user, "volunteers.change_rewardshop", RewardItem):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        with errors_as_messages(request):
            redemption = actions.hand_over_redemption(
                code=request.POST.get("code", ""), actor=request.user
            )
            messages.success(
                request,
                _("Handed over: %(item)s × %(quantity)s")
                % {"item": redemption.item.name, "quantity": redemption.quantity},
            )
        return HttpResponseRedirect(reverse("volunteers:shop"))


class PartyListView(ObjectListView):
    model = PartyMemberRegistration
    permission = "volunteers.view_partymemberregistration"
    select_related = ("volunteer", "community", "employer")
    ordering = ("-registered_on", "-id")
    title = _("Party members' registration")
    template_name = "volunteers/party_list.html"
    search_fields = ("volunteer__name__icontains", "employer__name__icontains")
    columns = (
        TableColumn("volunteer__name_masked", pgettext_lazy("volunteers", "name")),
        TableColumn("community__name", _("residence community")),
        TableColumn("employer__name", _("employer unit")),
        TableColumn("registered_on", _("registered on")),
        TableColumn("status", _("status")),
    )
    export_columns = (
        Column("volunteer__name_masked", "姓名"),
        Column("community__name", "报到社区", width=30),
        Column("employer__name", "工作单位", width=30),
        Column("registered_on", "报到日期"),
    )


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    end_month = start.month + 3
    end = (
        datetime.date(year + 1, 1, 1) if end_month > 12 else datetime.date(year, end_month, 1)
    ) - datetime.timedelta(days=1)
    return start, end


class PartyFeedbackView(PermissionRequiredMixin, TemplateView):
    """The quarterly feedback sheet to employer units: one row per registered member.

    A report over one quarter is a period sum, which the rollups cannot give; it is two
    grouped queries over indexed ledger columns, not a query per member."""

    permission = "volunteers.view_partymemberregistration"

    def get(self, request):
        today = timezone.localdate()
        year = int(request.GET.get("year") or today.year)
        quarter = int(request.GET.get("quarter") or (today.month - 1) // 3 + 1)
        start, end = quarter_bounds(year, max(1, min(4, quarter)))
        registrations = list(
            PartyMemberRegistration.objects.restrict(request.user, self.permission)
            .filter(status="active")
            .select_related("volunteer", "community", "employer")
            .annotate(posts=Count("claims"))
            .order_by("employer__name", "volunteer__name")
        )
        ids = [r.volunteer_id for r in registrations]
        hours = dict(
            ServiceHoursEntry.objects.filter(
                volunteer_id__in=ids, served_on__gte=start, served_on__lte=end
            )
            .values("volunteer_id")
            .annotate(total=Sum("hours"))
            .values_list("volunteer_id", "total")
        )
        points = dict(
            PointsEntry.objects.filter(
                Q(points__gt=0),
                volunteer_id__in=ids,
                created_at__date__gte=start,
                created_at__date__lte=end,
            )
            .values("volunteer_id")
            .annotate(total=Sum("points"))
            .values_list("volunteer_id", "total")
        )
        rows = [
            {
                "employer": r.employer.name,
                "name": r.volunteer.name,
                "community": r.community.name,
                "posts": r.posts,
                "hours": float(hours.get(r.volunteer_id) or 0),
                "points": points.get(r.volunteer_id) or 0,
            }
            for r in registrations
        ]
        columns = [
            Column("employer", "工作单位", width=30),
            Column("name", "党员姓名"),
            Column("community", "报到社区", width=24),
            Column("posts", "认领岗位数"),
            Column("hours", "本季度服务时长"),
            Column("points", "本季度积分"),
        ]
        return export_response(
            request,
            model=PartyMemberRegistration,
            columns=columns,
            objects=rows,
            title=f"{year}年第{quarter}季度",
            filename=f"党员双报到反馈-{year}Q{quarter}.xlsx",
            filters={"year": year, "quarter": quarter},
        )


class CertificateDownloadView(PermissionRequiredMixin, TemplateView):
    """The PDF, for the volunteer themself or staff of the issuing team."""

    permission = None

    def get(self, request, public_id):
        from django.http import Http404

        from wenming.core.files import file_response
        from wenming.volunteers.files import certificate_filename

        certificate = get_object_or_404(
            Certificate.objects.restrict(request.user, "volunteers.issue_certificate"),
            public_id=public_id,
        )
        if not certificate.pdf:
            raise Http404
        return file_response(
            certificate.pdf,
            filename=certificate_filename(certificate),
            content_type="application/pdf",
        )
