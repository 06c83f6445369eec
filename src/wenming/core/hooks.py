"""Named hooks: how one app's action causes an effect in an app above it without importing it.

An app lower in the map (work orders) must not import one above it (volunteers), and Django
signals hide who reacts to what. So the effect is a named hook instead: every name is declared
here, once, with what it means; the app that reacts registers one handler for it in its
`AppConfig.ready`, and the action that causes it calls it by name, inside its own transaction,
so the effect commits or rolls back with the change:

    hooks.register("workorders.report_validated", award_points_for_valid_report)  # ready()
    hooks.call("workorders.report_validated", work_order=order, actor=SYSTEM)     # action

`call` returns the handler's result, or `None` when no installed app registered one. Calling or
registering an undeclared name, or registering a name twice, raises `HookError`: a typo or two
apps answering the same event are programming errors, found at start-up or in the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Every hook, with what its handler is given and what it does.
HOOKS: dict[str, str] = {
    "workorders.report_validated": (
        "A resident's report was accepted as a valid case (work_order, actor): reward the reporter."
    ),
    "places.site_visits": (
        "The latest submitted visits of a site that a person may see (site, user), "
        "for the site's page; returns a list."
    ),
}

_handlers: dict[str, Callable[..., Any]] = {}


class HookError(RuntimeError):
    """An undeclared hook name, or a second handler for the same hook."""


def _declared(name: str) -> str:
    if name not in HOOKS:
        raise HookError(f"Undeclared hook {name!r}: declare it in wenming.core.hooks.HOOKS.")
    return name


def register(name: str, handler: Callable[..., Any]) -> None:
    """Make `handler` the one handler of hook `name` (call it from `AppConfig.ready`)."""
    _declared(name)
    if name in _handlers:
        raise HookError(f"Hook {name!r} already has a handler: {_handlers[name]!r}.")
    _handlers[name] = handler


def call(name: str, **kwargs) -> Any:
    """Run the handler of hook `name` with `kwargs`; `None` when nobody registered one."""
    handler = _handlers.get(_declared(name))
    if handler is None:
        return None
    return handler(**kwargs)


def handler_of(name: str) -> Callable[..., Any] | None:
    """The registered handler of `name` (for tests and the system pages)."""
    return _handlers.get(_declared(name))


def unregister(name: str) -> Callable[..., Any] | None:
    """Remove and return the handler of `name` (tests only: put it back with `register`)."""
    return _handlers.pop(_declared(name), None)
