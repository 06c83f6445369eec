"""Comparing editions on a crafted pair, and carrying assignments over."""

from wenming.core.permissions import SYSTEM
from wenming.standards.actions import carry_over_assignments
from wenming.standards.diff import diff_frameworks
from wenming.standards.models import Assignment
from wenming.standards.tests.factories import SMALL_ROWS, assign, make_framework


def _new_edition_rows():
    rows = [dict(row) for row in SMALL_ROWS]
    # 1.1.1.1 unchanged; 1.1.1.2 keeps its code but gains points (changed);
    # 1.1.2.1 is renumbered 1.1.2.5 with a near-identical text (matched by text);
    # a new criterion 1.1.2.6 is added; nothing else is removed except as crafted below.
    rows[0]["points"] = 5.5
    rows[4]["points"] = 2
    rows[6].update(code="1.1.2.5", name="路灯安装率100%，亮灯率达到95%以上")
    rows.insert(
        7,
        {
            "code": "1.1.2.6",
            "parent_code": "1.1.2",
            "level": "标准",
            "name": "路面全部硬化",
            "points": 1,
            "methods": "实地考察",
        },
    )
    return rows


def _old_edition_rows():
    rows = [dict(row) for row in SMALL_ROWS]
    rows.insert(
        7,
        {
            "code": "1.1.2.2",
            "parent_code": "1.1.2",
            "level": "标准",
            "name": "无乱搭乱建",
            "points": 1,
            "methods": "实地考察",
        },
    )
    rows[0]["points"] = 5
    return rows


def test_diff_between_two_crafted_editions(in_scope):
    old = make_framework(in_scope.jurisdiction, rows=_old_edition_rows(), edition="2024")
    new = make_framework(in_scope.jurisdiction, rows=_new_edition_rows(), edition="2025")
    diff = diff_frameworks(old, new)
    assert [c.code for c in diff.added] == ["1.1.2.6"]
    assert [c.code for c in diff.removed] == ["1.1.2.2"]
    changed = {(c.old.code, c.new.code): c for c in diff.changed}
    assert set(changed) == {("1.1.1.2", "1.1.1.2"), ("1.1.2.1", "1.1.2.5")}
    assert set(changed[("1.1.1.2", "1.1.1.2")].fields) == {"points"}
    by_text = changed[("1.1.2.1", "1.1.2.5")]
    assert by_text.matched_by == "text" and by_text.similarity >= 0.75
    assert {"code", "name"} <= set(by_text.fields)
    assert [(c.old.code, c.matched_by) for c in diff.unchanged] == [("1.1.1.1", "code")]


def test_import_preview_shows_the_diff_against_the_previous_edition(in_scope):
    import io

    from wenming.standards.actions import import_framework
    from wenming.standards.tests.factories import workbook_file

    make_framework(in_scope.jurisdiction, rows=_old_edition_rows(), name="体系", edition="2024")
    outcome = import_framework(
        io.BytesIO(workbook_file(_new_edition_rows())),
        jurisdiction=in_scope.jurisdiction,
        name="体系",
        edition="2025",
        actor=SYSTEM,
        dry_run=True,
    )
    assert outcome.previous.edition == "2024"
    assert outcome.diff.summary() == {"added": 1, "removed": 1, "changed": 2, "unchanged": 1}
    assert outcome.as_dict()["diff"]["added_items"][0]["code"] == "1.1.2.6"


def test_assignments_carry_over_to_matching_criteria(in_scope):
    world = in_scope
    old = make_framework(world.jurisdiction, rows=_old_edition_rows(), edition="2024")
    new = make_framework(world.jurisdiction, rows=_new_edition_rows(), edition="2025")
    assign(old, world.unit, [world.sibling_unit], code="1.1.1.1")
    assign(old, world.sibling_unit, code="1.1.2.1")
    assign(old, world.unit, code="1.1.2.2")  # removed in the new edition
    created = carry_over_assignments(old, new, actor=SYSTEM)
    assert created == 3
    pairs = set(
        Assignment.objects.filter(indicator__framework=new).values_list(
            "indicator__code", "organization_id", "role"
        )
    )
    assert pairs == {
        ("1.1.1.1", world.unit.pk, "lead"),
        ("1.1.1.1", world.sibling_unit.pk, "co"),
        ("1.1.2.5", world.sibling_unit.pk, "lead"),
    }
    assert carry_over_assignments(old, new, actor=SYSTEM) == 0
