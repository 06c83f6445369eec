"""Permission matrix of the accounts pages and API operations (see testing.matrix).

Changing one's own password is open to every signed-in person and touches only their account;
issuing a reset link needs `accounts.reset_password` over the whole jurisdiction.
"""

import pytest

from wenming.accounts.models import PasswordResetLink
from wenming.testing import PASSWORD
from wenming.testing.matrix import Case, params, refreshed, run_case, snapshot

#: Every signed-in person may act on their own account.
SELF_SERVICE = {"other_unit": 200, "other_jurisdiction": 200, "member_without": 200}
NEW_PASSWORD = "Wenming-neu-2026!"


def _liaison(world):
    return {"liaison": world.member(world.unit, [], username="liaison")}


CASES = [
    Case("accounts:password-change", expected=SELF_SERVICE),
    Case(
        "POST /api/v1/me/password",
        method="post",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        # each actor changes their own password, never the member's
        changed=lambda g: refreshed(g.users["member_with"], "password"),
        expected=SELF_SERVICE,
    ),
    Case(
        "accounts:password-reset-issue",
        ["accounts.reset_password"],
        owner="office",
        scope="jurisdiction",
        # the other jurisdiction's administrator gets the form for their own accounts
        expected={"other_jurisdiction": 200},
    ),
    Case(
        "accounts:password-reset-issue",
        ["accounts.reset_password"],
        label="issue",
        owner="office",
        scope="jurisdiction",
        setup=_liaison,
        method="post",
        data={"username": "liaison"},
        changed=lambda g: snapshot(PasswordResetLink, "user_id"),
        # the other jurisdiction's administrator finds no such account: the form says so
        expected={"other_jurisdiction": 200},
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_permission_matrix(world, case):
    run_case(case, world)
