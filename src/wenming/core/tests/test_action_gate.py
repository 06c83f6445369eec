"""Every action is gated: it takes an `actor` and refuses a missing one before touching the
database. Enumerated over every app's `actions` module, so a new action cannot slip past."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from wenming.core.permissions import PUBLIC

#: Public functions of actions modules that are not actions, and why.
NOT_ACTIONS = {
    # the second-factor steps of the throttled login (the failures and successes it counts are
    # in `accounts.login`, which is not an actions module)
    "wenming.accounts.actions.start_totp_enrolment",
    "wenming.accounts.actions.verify_totp",
    # checks and reads that write nothing
    "wenming.inspections.actions.active_checklists",
    "wenming.inspections.actions.may_perform",
    "wenming.organizations.actions.check_division_code",
    "wenming.organizations.actions.set_person_phone",
    "wenming.places.actions.wgs84_location",
    "wenming.standards.actions.frameworks.previous_edition",
    "wenming.standards.actions.agreements.agreement_items",
    "wenming.standards.actions.agreements.clean_items",
    "wenming.standards.actions.evidence.check_window",
    "wenming.volunteers.actions.checkin.make_code",
    "wenming.volunteers.actions.checkin.read_code",
    "wenming.volunteers.actions.checkin.clip_hours",
    "wenming.volunteers.actions.ledgers.star_level_for",
    "wenming.volunteers.actions.ledgers.points_for_hours",
    "wenming.volunteers.actions.registry.clean_name",
    "wenming.volunteers.actions.registry.clean_id_number",
    "wenming.volunteers.actions.registry.clean_phone",
    "wenming.volunteers.actions.registry.build_volunteer",
    "wenming.volunteers.actions.activities.series_dates",
    "wenming.volunteers.actions.rewards.new_code",
    "wenming.workorders.actions.intake.new_reference",
    "wenming.workorders.actions.intake.resolve_category",
    "wenming.workorders.actions.intake.clean_location",
    # notifications are written by the (gated) action that causes them, inside its
    # transaction; marking read touches only the caller's own rows
    "wenming.notifications.actions.notify",
    "wenming.notifications.actions.mark_read",
}

#: Actions the public may call (their permissions are in `PUBLIC_ACTIONS`).
PUBLIC_ALLOWED = {
    "wenming.workorders.actions.intake.report_problem",
    "wenming.volunteers.actions.registry.register_volunteer",
    "wenming.volunteers.actions.registry.create_volunteer_account",
    "wenming.volunteers.actions.registry.register_self",
    # a forgotten password: the person has no session, the link or code is the credential
    "wenming.accounts.actions.send_password_reset_code",
    "wenming.accounts.actions.use_password_reset_code",
    "wenming.accounts.actions.use_password_reset_link",
}


def _modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("wenming."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.actions")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.actions":
                raise
            continue
        yield module
        if hasattr(module, "__path__"):
            for info in pkgutil.iter_modules(module.__path__):
                if not info.name.startswith("_"):
                    yield importlib.import_module(f"{module.__name__}.{info.name}")


def _functions():
    found = []
    for module in _modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            found.append(f"{module.__name__}.{name}")
    return sorted(found)


ALL_FUNCTIONS = _functions()
ACTIONS = [name for name in ALL_FUNCTIONS if name not in NOT_ACTIONS]


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _call(function, actor):
    """Call `function` with stand-ins for every required argument and the given actor."""
    args, kwargs = [], {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "actor":
            kwargs["actor"] = actor
        elif parameter.default is not inspect.Parameter.empty:
            continue
        elif parameter.kind == inspect.Parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = mock.MagicMock(name=parameter.name)
        else:
            args.append(mock.MagicMock(name=parameter.name))
    return function(*args, **kwargs)


def test_the_enumeration_finds_the_actions_of_every_app():
    apps_found = {name.split(".")[1] for name in ACTIONS}
    assert {"workorders", "inspections", "standards", "tasks", "volunteers"} <= apps_found
    assert {"organizations", "accounts"} <= apps_found
    assert len(ACTIONS) > 60
    assert set(ALL_FUNCTIONS) >= NOT_ACTIONS, "the allow-list names a function that is gone"


@pytest.mark.parametrize("path", ACTIONS)
def test_every_action_requires_an_actor_keyword(path):
    parameters = inspect.signature(_resolve(path)).parameters
    assert "actor" in parameters, f"{path} takes no actor"
    actor = parameters["actor"]
    assert actor.kind == inspect.Parameter.KEYWORD_ONLY, f"{path}: actor is not keyword-only"
    assert actor.default is inspect.Parameter.empty, f"{path}: actor has a default"


# No `db` fixture: pytest-django refuses any query, so an action that reads or writes before
# its gate fails with "Database access not allowed" instead of PermissionDenied.
@pytest.mark.parametrize("path", ACTIONS)
@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_every_action_refuses_no_actor_before_touching_the_database(path, actor):
    with pytest.raises(PermissionDenied):
        _call(_resolve(path), actor)


@pytest.mark.parametrize("path", [name for name in ACTIONS if name not in PUBLIC_ALLOWED])
def test_the_public_may_call_only_the_listed_actions(path):
    with pytest.raises(PermissionDenied):
        _call(_resolve(path), PUBLIC)
