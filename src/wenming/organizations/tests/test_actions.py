import pytest
from django.core.exceptions import ValidationError

from wenming.core.models import AuditEvent
from wenming.organizations import actions
from wenming.organizations.models import Division, Organization
from wenming.testing import error_codes


@pytest.fixture
def admin(world):
    # what the pages ask of whoever adds or changes organizations and divisions
    permissions = [
        "organizations.add_organization",
        "organizations.change_organization",
        "organizations.change_division",
    ]
    return world.member(world.office, permissions, scope="jurisdiction")


def test_create_under_parent_sets_path_and_audits(in_scope, admin):
    world = in_scope
    organization = actions.save_organization(
        jurisdiction=world.jurisdiction,
        data={"name": "汝州市园林绿化中心", "kind": "team", "parent": world.unit},
        actor=admin,
    )
    assert organization.path == f"{world.unit.path}{organization.pk}/"
    assert organization.depth == world.unit.depth + 1
    assert AuditEvent.objects.filter(
        action="organizations.organization.created", target_id=str(organization.pk)
    ).exists()


def test_moving_a_unit_moves_its_subtree(in_scope, admin):
    world = in_scope
    actions.save_organization(
        jurisdiction=world.jurisdiction,
        data={"parent": world.unit},
        instance=world.township,
        actor=admin,
    )
    world.village.refresh_from_db()
    world.township.refresh_from_db()
    assert world.township.path == f"{world.unit.path}{world.township.pk}/"
    assert world.village.path == f"{world.township.path}{world.village.pk}/"
    assert world.village.depth == 3


def test_cycle_is_refused_and_nothing_changes(in_scope, admin):
    world = in_scope
    before = world.township.path
    with pytest.raises(ValidationError) as error:
        actions.save_organization(
            jurisdiction=world.jurisdiction,
            data={"parent": world.village},
            instance=world.township,
            actor=admin,
        )
    assert error.value.error_dict["parent"][0].code == "organization_cycle"
    world.township.refresh_from_db()
    assert world.township.path == before
    assert world.township.parent_id == world.committee.pk


@pytest.mark.parametrize(
    ("credit_code", "code"),
    [("91350100M000100Y44", "check_digit"), ("12345", "length"), ("", "credit_code_required")],
)
def test_responsible_unit_needs_a_valid_credit_code(in_scope, admin, credit_code, code):
    world = in_scope
    count = Organization.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.save_organization(
            jurisdiction=world.jurisdiction,
            data={
                "name": "某局",
                "kind": "responsible_unit",
                "parent": world.committee,
                "credit_code": credit_code,
            },
            actor=admin,
        )
    assert code in error_codes(error.value)
    assert Organization.objects.count() == count


def test_duplicate_credit_code_is_refused(in_scope, admin):
    world = in_scope
    with pytest.raises(ValidationError):
        actions.save_organization(
            jurisdiction=world.jurisdiction,
            data={
                "name": "另一个局",
                "kind": "responsible_unit",
                "parent": world.committee,
                "credit_code": world.unit.credit_code,
            },
            actor=admin,
        )


def test_division_code_must_extend_its_parent(in_scope, admin):
    world = in_scope
    township = Division.objects.get(code="410482001")
    with pytest.raises(ValidationError) as error:
        actions.save_division(
            jurisdiction=world.jurisdiction,
            data={"code": "410482002101", "name": "错村", "level": "village", "parent": township},
            actor=admin,
        )
    assert error.value.error_dict["code"][0].code == "division_code_parent"
    with pytest.raises(ValidationError):
        actions.save_division(
            jurisdiction=world.jurisdiction,
            data={
                "code": "41048200",
                "name": "短码",
                "level": "township",
                "parent": Division.objects.get(code="410482"),
            },
            actor=admin,
        )
    assert not Division.objects.filter(name__in=["错村", "短码"]).exists()
