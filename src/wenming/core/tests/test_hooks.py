"""The hook registry: declared names only, one handler each, called by name."""

import pytest

from wenming.core import hooks


@pytest.fixture
def free_hook():
    """A declared hook with its installed handler taken away for the test, then put back."""
    name = "places.site_visits"
    installed = hooks.unregister(name)
    yield name
    hooks.unregister(name)
    if installed is not None:
        hooks.register(name, installed)


def test_every_hook_is_declared_with_a_description():
    assert hooks.HOOKS
    for name, description in hooks.HOOKS.items():
        app, _, event = name.partition(".")
        assert app and event, name
        assert description.strip(), name


def test_a_registered_handler_is_called_by_name_with_the_arguments(free_hook):
    calls = []
    hooks.register(free_hook, lambda **kwargs: calls.append(kwargs) or "answer")
    assert hooks.call(free_hook, site="S", user="U") == "answer"
    assert calls == [{"site": "S", "user": "U"}]


def test_calling_a_hook_nobody_registered_does_nothing(free_hook):
    assert hooks.call(free_hook, site="S", user="U") is None


def test_registering_a_second_handler_raises(free_hook):
    def first(**kwargs):
        return None

    hooks.register(free_hook, first)
    with pytest.raises(hooks.HookError):
        hooks.register(free_hook, lambda **kwargs: None)
    with pytest.raises(hooks.HookError):
        hooks.register(free_hook, first)
    assert hooks.handler_of(free_hook) is first


def test_undeclared_names_raise_on_register_and_on_call():
    with pytest.raises(hooks.HookError):
        hooks.register("workorders.no_such_event", lambda **kwargs: None)
    with pytest.raises(hooks.HookError):
        hooks.call("workorders.no_such_event")
    assert "workorders.no_such_event" not in hooks.HOOKS


def test_the_installed_apps_register_their_handlers_at_start_up():
    from wenming.inspections.queries import recent_site_visits
    from wenming.volunteers.actions import award_points_for_valid_report

    assert hooks.handler_of("workorders.report_validated") is award_points_for_valid_report
    assert hooks.handler_of("places.site_visits") is recent_site_visits
