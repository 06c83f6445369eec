"""Which home a person lands on, decided from their grants and memberships (never a name).

The order matters: the office (a jurisdiction-wide grant to run the work) before a township
(a subtree grant rooted at a township government), before the supervision group (who performs
inspections), before a unit (any other membership with permissions); a person whose only tie
to the platform is a volunteer registration lands on 我的志愿服务.
"""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from wenming.core.grants import RoleScope, cached_memberships, grant_for
from wenming.organizations.choices import OrganizationKind
from wenming.organizations.models import Organization
from wenming.volunteers.queries import is_volunteer


class Home(TextChoices):
    OFFICE = "office", _("Civilization office")
    TOWNSHIP = "township", _("Township")
    INSPECTOR = "inspector", _("Supervision group")
    UNIT = "unit", _("Unit")
    VOLUNTEER = "volunteer", _("Volunteer")
    NONE = "none", _("No role yet")


#: Jurisdiction-wide grants of any of these make the person the office: they run the city's
#: work (accept and dispatch orders, manage tasks, agreements, evidence review).
OFFICE_PERMISSIONS = (
    "workorders.dispatch",
    "tasks.manage_task",
    "standards.manage_agreement",
    "standards.review_evidence",
)
INSPECTOR_PERMISSION = "inspections.perform_inspection"


def home_of(user) -> str:
    """The `Home` of a signed-in user (memoised on the user object for the request)."""
    cached = getattr(user, "_wenming_home", None)
    if cached is not None:
        return cached
    home = _decide(user)
    user._wenming_home = home
    return home


def _decide(user) -> str:
    if not user.is_authenticated:
        return Home.NONE
    if user.is_superuser:
        return Home.OFFICE
    rows = [row for row in cached_memberships(user) if row[2]]
    if not rows:
        return Home.VOLUNTEER if is_volunteer(user) else Home.NONE
    if any(grant_for(user, name).everywhere for name in OFFICE_PERMISSIONS):
        return Home.OFFICE
    subtree_ids = [org.pk for org, scope, _perms in rows if scope == RoleScope.SUBTREE]
    if (
        subtree_ids
        and Organization.objects.filter(
            pk__in=subtree_ids, kind=OrganizationKind.TOWNSHIP_GOVERNMENT
        ).exists()
    ):
        return Home.TOWNSHIP
    if grant_for(user, INSPECTOR_PERMISSION).allowed:
        return Home.INSPECTOR
    return Home.UNIT
