"""`RestrictedQuerySet`: the one way views and the API narrow rows to what a person may see.

Modelled on NetBox's `RestrictedQuerySet.restrict(user, action)`.
"""

from __future__ import annotations

from django.db import models

from wenming.core.grants import grant_for


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str) -> RestrictedQuerySet:
        """Rows of `user`'s jurisdiction that `user` may `action`, by the organization tree."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser and user.jurisdiction_id is None:
            return self
        queryset = self.filter(jurisdiction_id=user.jurisdiction_id)
        if user.is_superuser:
            return queryset
        grant = grant_for(user, action)
        custom = getattr(self.model, "scope_filter", None)
        if custom is not None:
            condition = custom(user, grant)
            return queryset if condition is None else queryset.filter(condition)
        if not grant.allowed:
            return self.none()
        if grant.everywhere:
            return queryset
        scope_path = self.model.scope_path
        if scope_path is None:
            # Shared rows: readable with the permission anywhere, changed only jurisdiction-wide.
            view = action.partition(".")[2].startswith("view")
            return queryset if view else self.none()
        return queryset.filter(grant.as_q(scope_path))
