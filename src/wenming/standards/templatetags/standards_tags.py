from django import template

from wenming.core.permissions import has_perm

register = template.Library()


@register.simple_tag(takes_context=True)
def standards_home_counts(context):
    """Counts for the home panel, only those the person may see (a few aggregate queries)."""
    from wenming.standards.choices import AgreementStatus, EvidenceStatus, FrameworkStatus
    from wenming.standards.models import Evidence, Framework, ResponsibilityAgreement
    from wenming.standards.queries import ownership_summary

    user = context["request"].user
    counts = {"review": None, "returned": None, "to_acknowledge": 0, "unowned": 0}
    if has_perm(user, "standards.review_evidence"):
        counts["review"] = (
            Evidence.objects.restrict(user, "standards.review_evidence")
            .filter(status=EvidenceStatus.SUBMITTED)
            .count()
        )
    elif has_perm(user, "standards.submit_evidence"):
        counts["returned"] = (
            Evidence.objects.restrict(user, "standards.submit_evidence")
            .filter(status=EvidenceStatus.RETURNED)
            .count()
        )
    if has_perm(user, "standards.acknowledge_agreement"):
        counts["to_acknowledge"] = (
            ResponsibilityAgreement.objects.restrict(user, "standards.acknowledge_agreement")
            .filter(status=AgreementStatus.ISSUED)
            .count()
        )
    if has_perm(user, "standards.manage_framework", Framework):
        active = Framework.objects.filter(status=FrameworkStatus.ACTIVE).first()
        if active is not None:
            counts["unowned"] = ownership_summary(active)["unowned"]
    if (
        all(value in (None, 0) for value in counts.values())
        and counts["review"] is None
        and counts["returned"] is None
    ):
        return None
    return counts
