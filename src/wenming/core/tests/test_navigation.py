"""The left navigation and the seed steps are declared by the apps, in the order core fixes."""

import types

import pytest
from django.utils import translation

from wenming.core import navigation
from wenming.core.navigation import NavItem, build_navigation, collect_navigation
from wenming.core.seed import seeders


def labels(sections):
    return [
        (section["label"], [item["label"] for item in section["items"]]) for section in sections
    ]


def test_sections_keep_core_order_and_entries_of_several_apps_interleave(world):
    admin = world.member(world.office, superuser=True)
    with translation.override("zh-hans"):
        sections = [
            (str(s), [str(i) for i in items])
            for s, items in labels(build_navigation(admin, "/tasks/"))
        ]
    assert [label for label, _items in sections] == [
        "组织与人员",
        "标准与责任",
        "督查督办",
        "考核评比",
        "志愿服务",
        "数据与报表",
        "系统管理",
    ]
    assert dict(sections)["标准与责任"] == [
        "测评体系",
        "目标责任书",
        "任务与民生工程",
        "月度活动安排",
        "资料档案",
    ]


def test_an_entry_without_the_permission_is_hidden_and_an_empty_section_too(world):
    member = world.member(world.unit, ["tasks.view_task"])
    sections = build_navigation(member, "/tasks/")
    standards = next(s for s in sections if s["label"] == navigation.SECTIONS[1].label)
    assert [item["url"] for item in standards["items"]] == ["/tasks/"]
    assert standards["active"] and standards["items"][0]["active"]
    assert navigation.SECTIONS[0].label not in [s["label"] for s in sections]


def test_an_entry_for_an_unknown_section_is_refused(monkeypatch):
    module = types.SimpleNamespace(
        __name__="elsewhere.navigation", MENU={"nowhere": [NavItem("x", "core:calendar")]}
    )
    monkeypatch.setattr(navigation, "app_modules", lambda name: [module])
    try:
        with pytest.raises(ValueError, match="nowhere"):
            collect_navigation()
    finally:
        monkeypatch.undo()
        collect_navigation()


def test_seed_steps_run_in_their_declared_order():
    names = [module.__name__.split(".")[1] for module in seeders()]
    assert names == [
        "organizations",
        "places",
        "standards",
        "tasks",
        "inspections",
        "workorders",
        "volunteers",
        "assessments",
    ]
