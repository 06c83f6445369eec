"""The matrix helper itself: a denial by redirect to the login page must change nothing too."""

import pytest
from django.http import HttpResponse, HttpResponseRedirect

from wenming.testing import assert_matrix


def test_a_login_redirect_that_changed_the_state_fails_the_matrix(settings):
    # given a request that writes even though it answers with the login page
    state = {"writes": 0}

    def request(_client):
        state["writes"] += 1
        return HttpResponseRedirect("/accounts/login/?next=/x/")

    # when the matrix runs it as anonymous, then the write is reported
    with pytest.raises(AssertionError, match="state changed"):
        assert_matrix(
            {"anonymous": None},
            request,
            {"anonymous": 302},
            unchanged=lambda: state["writes"],
            client_factory=lambda _user: None,
        )


def test_an_anonymous_redirect_elsewhere_is_not_a_denial():
    def request(_client):
        return HttpResponseRedirect("/somewhere/")

    with pytest.raises(AssertionError, match="not to log in"):
        assert_matrix(
            {"anonymous": None}, request, {"anonymous": 302}, client_factory=lambda _user: None
        )


def test_only_the_member_with_the_permission_may_change_the_state():
    state = {"writes": 0}

    def request(_client):
        state["writes"] += 1
        return HttpResponse(status=200)

    with pytest.raises(AssertionError, match="other_unit: answered 200 but the state changed"):
        assert_matrix(
            {"other_unit": object(), "member_with": object()},
            request,
            {"other_unit": 200, "member_with": 200},
            unchanged=lambda: state["writes"],
            client_factory=lambda _user: None,
            must_change=("member_with",),
            only_they_change=True,
        )


def test_a_list_must_not_show_the_row_to_others():
    def request(_client):
        return HttpResponse("城管局的台账")

    with pytest.raises(AssertionError, match="other_unit: sees"):
        assert_matrix(
            {"other_unit": object()},
            request,
            {"other_unit": 200},
            client_factory=lambda _user: None,
            visible="台账",
        )
