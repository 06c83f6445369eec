"""Shared by the scenarios of residents' reports (the 随手拍 form, Open311): the public
jurisdiction without its per-address limit, so that the load measures the work, not the 429s."""

import time


def lift_report_limit(env, *, public_category: str | None = None):
    """Raise the jurisdiction's limit of reports per address (and offer `public_category` to
    residents); waits out the minute the server caches the public jurisdiction. Returns it."""
    from django.core.cache import cache
    from django_scopes import scopes_disabled

    from wenming.core.models import Jurisdiction
    from wenming.workorders.models import Category

    with scopes_disabled():
        jurisdiction = Jurisdiction.objects.order_by("code").first()
        jurisdiction.policy["resident_reports_per_ip"] = 10_000_000  # measure, do not throttle
        jurisdiction.save(update_fields=["policy"])
        if public_category:
            Category.objects.filter(jurisdiction=jurisdiction, code=public_category).update(
                is_public=True, is_active=True
            )
    cache.clear()
    # The server keeps the public jurisdiction (with its policy) cached for a minute.
    time.sleep(61)
    return jurisdiction
