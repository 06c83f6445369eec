"""Every model of ours is tenant-owned (ADR 0002) unless it is listed here with the reason."""

from __future__ import annotations

from django.apps import apps

from wenming.core.models import TenantModel

#: Models that are not `TenantModel`, each with why it cannot be one.
GLOBAL_MODELS = {
    "core.Jurisdiction": "the tenant itself",
    "core.AuditEvent": (
        "the jurisdiction may be empty (a platform operator's or a system event); scoped on "
        "jurisdiction by its own manager and append-only, so it has no updated_at"
    ),
    "accounts.User": (
        "platform operators have no jurisdiction, and login finds the account before any scope "
        "is open"
    ),
    "accounts.ApiToken": (
        "found by the key's hash before the jurisdiction is known (the middleware resolves "
        "tokens first); owned through its user"
    ),
    "accounts.PasswordResetLink": (
        "found by the key's hash from a page without login, before any scope is open; owned "
        "through its user"
    ),
}


def _our_models():
    return [model for model in apps.get_models() if model.__module__.startswith("wenming.")]


def test_every_model_of_ours_is_a_tenant_model_unless_listed():
    untenanted = sorted(
        model._meta.label
        for model in _our_models()
        if not issubclass(model, TenantModel) and model._meta.label not in GLOBAL_MODELS
    )
    assert untenanted == [], (
        "models without a jurisdiction: derive them from core.models.TenantModel, or add them "
        "to GLOBAL_MODELS with the reason"
    )


def test_the_allow_list_names_only_existing_models_that_are_not_tenant_models():
    labels = {model._meta.label: model for model in _our_models()}
    stale = sorted(
        label
        for label in GLOBAL_MODELS
        if label not in labels or issubclass(labels[label], TenantModel)
    )
    assert stale == []
