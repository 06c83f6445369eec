"""Permissions of the volunteer area and who holds them by default."""

PERMISSIONS = [
    ("volunteers.view_volunteer", "查看志愿者"),
    ("volunteers.add_volunteer", "登记志愿者"),
    ("volunteers.change_volunteer", "修改志愿者"),
    ("volunteers.approve_volunteer", "审核志愿者"),
    ("volunteers.view_personal_data", "查看志愿者身份证号和手机号"),
    ("volunteers.import_volunteer", "导入志愿者"),
    ("volunteers.view_team", "查看志愿队伍"),
    ("volunteers.change_team", "管理志愿队伍"),
    ("volunteers.view_station", "查看志愿服务站点"),
    ("volunteers.change_station", "管理志愿服务站点和项目"),
    ("volunteers.view_activity", "查看志愿活动"),
    ("volunteers.change_activity", "发布和管理志愿活动"),
    ("volunteers.check_in_volunteer", "为志愿者签到签退"),
    ("volunteers.confirm_hours", "确认服务时长"),
    ("volunteers.view_ledger", "查看时长和积分台账"),
    ("volunteers.correct_ledger", "冲正时长和积分"),
    ("volunteers.issue_certificate", "出具志愿服务记录证明"),
    ("volunteers.view_partymemberregistration", "查看党员报到"),
    ("volunteers.change_partymemberregistration", "管理党员报到和岗位"),
    ("volunteers.view_rewardshop", "查看爱心超市"),
    ("volunteers.change_rewardshop", "管理爱心超市和兑换"),
]

_TEAM_WORK = [
    "volunteers.view_volunteer",
    "volunteers.add_volunteer",
    "volunteers.change_volunteer",
    "volunteers.approve_volunteer",
    "volunteers.view_personal_data",
    "volunteers.view_team",
    "volunteers.change_team",
    "volunteers.view_station",
    "volunteers.view_activity",
    "volunteers.change_activity",
    "volunteers.check_in_volunteer",
    "volunteers.confirm_hours",
    "volunteers.view_ledger",
    "volunteers.issue_certificate",
    "volunteers.view_partymemberregistration",
    "volunteers.view_rewardshop",
]

DEFAULT_GRANTS = {
    # The registry is run by the civilization office's staff, across the jurisdiction.
    "office_staff": sorted(
        {
            *_TEAM_WORK,
            "volunteers.import_volunteer",
            "volunteers.change_station",
            "volunteers.correct_ledger",
            "volunteers.change_partymemberregistration",
            "volunteers.change_rewardshop",
        }
    ),
    # Units run their own teams; townships their subtree (villages' teams and registries).
    "unit_admin": _TEAM_WORK,
    "township_admin": sorted(
        {*_TEAM_WORK, "volunteers.change_partymemberregistration", "volunteers.change_rewardshop"}
    ),
    "unit_staff": [
        "volunteers.view_volunteer",
        "volunteers.view_team",
        "volunteers.view_station",
        "volunteers.view_activity",
        "volunteers.check_in_volunteer",
        "volunteers.view_partymemberregistration",
    ],
    "inspector": ["volunteers.view_station", "volunteers.view_activity"],
}

#: What a person without an account may do here (see `core.permissions.PUBLIC_ACTIONS`).
PUBLIC_ACTIONS = [
    ("volunteers.register_self", "志愿者自助注册"),
]
