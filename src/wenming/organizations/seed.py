"""Demo organisation of a city shaped like Ruzhou (see shared seed figures)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.contrib.auth import get_user_model

from wenming.core.crypto import keyed_hash
from wenming.core.validators import CREDIT_CODE_ALPHABET, credit_code_check_character
from wenming.organizations.choices import DivisionLevel, OrganizationKind, Position
from wenming.organizations.models import Division, Membership, Organization, Person
from wenming.organizations.roles import ensure_default_roles

#: `wenming seed` runs the apps by this number, smallest first: organizations come first, every
#: other app reads their units, townships, villages and roles.
SEED_ORDER = 10

WORKING_GROUPS = [
    "综合组",
    "宣传策划组",
    "资料组",
    "督导组",
    "环境整治组",
    "志愿服务组",
    "未成年人思想道德建设组",
    "后勤保障组",
]
SUB_COMMANDS = ["市容环境", "交通秩序", "市场秩序", "公共服务", "社区创建", "校园创建", "乡村文明"]
DEPARTMENTS = [
    "城市管理局",
    "住房和城乡建设局",
    "交通运输局",
    "公安局交通管理大队",
    "市场监督管理局",
    "教育体育局",
    "卫生健康委员会",
    "文化广电和旅游局",
    "民政局",
    "生态环境局",
    "自然资源和规划局",
    "商务局",
    "财政局",
    "人力资源和社会保障局",
    "农业农村局",
    "水利局",
    "司法局",
    "应急管理局",
    "退役军人事务局",
    "统计局",
    "审计局",
    "信访局",
    "机关事务管理局",
    "医疗保障局",
    "林业局",
    "供销合作社",
    "总工会",
    "团市委",
    "妇联",
    "科协",
    "残联",
    "融媒体中心",
    "人民医院",
    "中医院",
    "第一高级中学",
    "实验中学",
    "公交公司",
    "供电公司",
    "自来水公司",
    "燃气公司",
    "邮政分公司",
    "电信分公司",
    "移动分公司",
    "联通分公司",
    "农商银行",
    "工商银行汝州支行",
    "农业银行汝州支行",
    "建设银行汝州支行",
    "中国银行汝州支行",
    "汽车站",
    "火车站",
    "住房公积金中心",
    "行政审批和政务信息管理局",
    "城市管理执法大队",
    "园林绿化中心",
    "环卫处",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强红梅海燕晓东春雨振华国庆玉兰淑珍德明文博子涵浩然梓轩欣怡思远嘉怡宇轩一鸣"
VILLAGE_WORDS = "东西南北前后上下大小张王李刘陈杨赵黄周吴河山沟岭庄营寨湾坡店桥楼集屯堡岗洼口庙"


def _credit_code(rng, registrar: str = "1", kind: str = "1") -> str:
    body = "".join(rng.choice(CREDIT_CODE_ALPHABET[:10]) for _ in range(8))
    body += rng.choice(CREDIT_CODE_ALPHABET)
    first = f"{registrar}{kind}410482{body}"
    return first + credit_code_check_character(first)


def person_name(rng) -> str:
    given_length = rng.choice((1, 2, 2))
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(given_length))


def demo_phone(rng) -> str:
    return "1" + rng.choice("3589") + "".join(str(rng.randrange(10)) for _ in range(9))


def _create_level(parent_and_specs, jurisdiction) -> list[Organization]:
    """Bulk-create organizations whose parents exist, and give them their materialised paths."""
    created = Organization.objects.bulk_create(
        [
            Organization(jurisdiction=jurisdiction, parent=parent, **spec)
            for parent, spec in parent_and_specs
        ]
    )
    for organization, (parent, _spec) in zip(created, parent_and_specs, strict=True):
        organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
        organization.depth = organization.path.count("/") - 2
    Organization.objects.bulk_update(created, ["path", "depth"])
    return created


def seed_divisions(context) -> dict[str, Division]:
    jurisdiction, rng = context.jurisdiction, context.random
    county = Division.objects.create(
        jurisdiction=jurisdiction, code="410482", name="汝州市", level=DivisionLevel.COUNTY
    )
    path = Path(__file__).parent / "data" / "ruzhou-townships.csv"
    with path.open(encoding="utf-8") as handle:
        townships = Division.objects.bulk_create(
            [
                Division(
                    jurisdiction=jurisdiction,
                    code=row["code"],
                    name=row["name"],
                    level=DivisionLevel.TOWNSHIP,
                    kind=row["kind"],
                    parent=county,
                )
                for row in csv.DictReader(handle)
            ]
        )
    villages = []
    total = context.size["villages"]
    for index in range(total):
        township = townships[index % len(townships)]
        number = index // len(townships) + 1
        is_community = township.kind == "subdistrict"
        stem = rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS)
        villages.append(
            Division(
                jurisdiction=jurisdiction,
                code=f"{township.code}{(1 if is_community else 2)}{number:02d}",
                name=f"{stem}{'社区' if is_community else '村'}",
                level=DivisionLevel.VILLAGE,
                kind="community" if is_community else "village",
                parent=township,
                is_generated=True,
            )
        )
    Division.objects.bulk_create(villages)
    context.shared["townships"] = townships
    return {"county": county}


def seed(context) -> None:
    jurisdiction, rng = context.jurisdiction, context.random
    roles = ensure_default_roles(jurisdiction)
    if Organization.objects.exists():
        context.write("organizations: already seeded")
        context.shared["roles"] = roles
        return
    seed_divisions(context)
    townships = context.shared["townships"]
    villages = list(Division.objects.filter(level=DivisionLevel.VILLAGE).order_by("code"))
    [committee] = _create_level(
        [
            (
                None,
                {
                    "kind": OrganizationKind.COMMITTEE,
                    "name": "汝州市精神文明建设委员会",
                    "short_name": "市文明委",
                },
            )
        ],
        jurisdiction,
    )
    office, command = _create_level(
        [
            (
                committee,
                {
                    "kind": OrganizationKind.OFFICE,
                    "name": "汝州市精神文明建设委员会办公室",
                    "short_name": "市文明办",
                    "sort_order": 1,
                },
            ),
            (
                committee,
                {
                    "kind": OrganizationKind.COMMAND,
                    "name": "汝州市创建全国文明城市指挥部",
                    "short_name": "创建指挥部",
                    "sort_order": 2,
                },
            ),
        ],
        jurisdiction,
    )
    groups = _create_level(
        [
            (
                command,
                {
                    "kind": OrganizationKind.WORKING_GROUP,
                    "name": name,
                    "short_name": name,
                    "sort_order": i,
                },
            )
            for i, name in enumerate(WORKING_GROUPS)
        ],
        jurisdiction,
    )
    sub_commands = _create_level(
        [
            (
                command,
                {
                    "kind": OrganizationKind.SUB_COMMAND,
                    "name": f"{name}分指挥部",
                    "short_name": f"{name}分指挥部",
                    "sort_order": 10 + i,
                },
            )
            for i, name in enumerate(SUB_COMMANDS)
        ],
        jurisdiction,
    )
    unit_specs = []
    for index in range(context.size["responsible_units"]):
        base = DEPARTMENTS[index % len(DEPARTMENTS)]
        name = (
            f"汝州市{base}"
            if index < len(DEPARTMENTS)
            else f"汝州市{base}第{index // len(DEPARTMENTS) + 1}分部"
        )
        unit_specs.append(
            (
                sub_commands[index % len(sub_commands)],
                {
                    "kind": OrganizationKind.RESPONSIBLE_UNIT,
                    "name": name,
                    "short_name": name.removeprefix("汝州市")[:50],
                    "credit_code": _credit_code(rng),
                    "sort_order": index,
                },
            )
        )
    responsible_units = _create_level(unit_specs, jurisdiction)
    township_governments = _create_level(
        [
            (
                committee,
                {
                    "kind": OrganizationKind.TOWNSHIP_GOVERNMENT,
                    "name": f"{t.name}{'办事处' if t.kind == 'subdistrict' else '人民政府'}",
                    "short_name": t.name,
                    "division": t,
                    "sort_order": 100 + i,
                },
            )
            for i, t in enumerate(townships)
        ],
        jurisdiction,
    )
    by_township = {g.division_id: g for g in township_governments}
    village_committees = _create_level(
        [
            (
                by_township[v.parent_id],
                {
                    "kind": OrganizationKind.VILLAGE_COMMITTEE,
                    "name": f"{v.name}{'居民委员会' if v.kind == 'community' else '村民委员会'}",
                    "short_name": v.name,
                    "division": v,
                },
            )
            for v in villages
        ],
        jurisdiction,
    )
    civilized_specs = [
        (
            committee,
            {
                "kind": OrganizationKind.CIVILIZED_UNIT,
                "name": "国家税务总局汝州市税务局",
                "short_name": "市税务局",
                "credit_code": _credit_code(rng, "1", "1"),
                "sort_order": 200,
            },
        )
    ]
    for index in range(context.size["civilized_units"] - 1):
        township = townships[index % len(townships)]
        kind_name = rng.choice(
            [
                "中心学校",
                "卫生院",
                "供电所",
                "邮政支局",
                "信用社",
                "派出所",
                "市场监管所",
                "财政所",
                "中学",
                "敬老院",
            ]
        )
        civilized_specs.append(
            (
                committee,
                {
                    "kind": OrganizationKind.CIVILIZED_UNIT,
                    "name": f"汝州市{township.name}{kind_name}{'' if index < 21 else index // 21 + 1}",
                    "credit_code": _credit_code(rng, "1", "2"),
                    "division": township,
                    "sort_order": 201 + index,
                },
            )
        )
    civilized_units = _create_level(civilized_specs, jurisdiction)
    _seed_people(
        context,
        roles,
        office,
        groups,
        sub_commands,
        responsible_units,
        township_governments,
        civilized_units,
        village_committees,
    )
    context.shared.update(
        roles=roles,
        committee=committee,
        office=office,
        command=command,
        groups=groups,
        sub_commands=sub_commands,
        responsible_units=responsible_units,
        township_governments=township_governments,
        civilized_units=civilized_units,
        village_committees=village_committees,
    )
    context.write(
        f"organizations: {len(townships)} townships, {len(villages)} villages, {len(responsible_units)} responsible units, "
        f"{len(civilized_units)} civilized units"
    )


def _seed_people(
    context,
    roles,
    office,
    groups,
    sub_commands,
    responsible_units,
    township_governments,
    civilized_units,
    village_committees,
):
    jurisdiction, rng = context.jurisdiction, context.random
    plans = []  # (organization, position, role codes)
    for organization in [
        office,
        *groups,
        *sub_commands,
        *responsible_units,
        *township_governments,
        *civilized_units,
    ]:
        role = {"office": "office_staff", "township_government": "township_admin"}.get(
            organization.kind, "unit_admin"
        )
        if organization.kind == OrganizationKind.WORKING_GROUP and organization.name == "督导组":
            role = "inspector"
        elif organization.kind == OrganizationKind.WORKING_GROUP and organization.name == "资料组":
            role = "evidence_reviewer"
        plans.append((organization, Position.HEAD, [role]))
        plans.append((organization, Position.LIAISON, [role]))
    for organization in village_committees:
        plans.append((organization, Position.HEAD, ["unit_staff"]))
    people = []
    for _organization, _position, _roles in plans:
        phone = demo_phone(rng)
        people.append(
            Person(
                jurisdiction=jurisdiction,
                name=person_name(rng),
                phone=phone,
                phone_hash=keyed_hash(phone),
                phone_tail=phone[-4:],
            )
        )
    people = Person.objects.bulk_create(people)
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                jurisdiction=jurisdiction,
                person=person,
                organization=organization,
                position=position,
            )
            for person, (organization, position, _roles) in zip(people, plans, strict=True)
        ]
    )
    through = Membership.roles.through
    through.objects.bulk_create(
        [
            through(membership_id=membership.pk, role_id=roles[code].pk)
            for membership, (_o, _p, codes) in zip(memberships, plans, strict=True)
            for code in codes
        ]
    )
    _seed_demo_accounts(
        context, roles, office, groups, responsible_units, township_governments, civilized_units
    )


def _seed_demo_accounts(
    context, roles, office, groups, responsible_units, township_governments, civilized_units
):
    """Demo logins, one per kind of user, all with the administrator's password."""
    User = get_user_model()
    jurisdiction = context.jurisdiction
    inspection_group = next(g for g in groups if g.name == "督导组")
    evidence_group = next(g for g in groups if g.name == "资料组")
    accounts = [
        ("office", "文明办 王主任", office, "office_staff"),
        ("inspector", "督导组 李督导", inspection_group, "inspector"),
        ("reviewer", "资料组 张审核", evidence_group, "evidence_reviewer"),
        ("unit", "城市管理局 联络员", responsible_units[0], "unit_admin"),
        ("township", "煤山街道 管理员", township_governments[0], "township_admin"),
        ("taxbureau", "市税务局 联络员", civilized_units[0], "unit_admin"),
    ]
    for username, display_name, organization, role_code in accounts:
        user = User.objects.create_user(
            username=username,
            password=context.password,
            jurisdiction=jurisdiction,
            display_name=display_name,
        )
        person = Person.objects.create(
            jurisdiction=jurisdiction, name=display_name.split()[-1], user=user
        )
        membership = Membership.objects.create(
            jurisdiction=jurisdiction,
            person=person,
            organization=organization,
            position=Position.LIAISON,
        )
        membership.roles.add(roles[role_code])
    admin_person = Person.objects.create(
        jurisdiction=jurisdiction, name="系统管理员", user=context.admin
    )
    membership = Membership.objects.create(
        jurisdiction=jurisdiction,
        person=admin_person,
        organization=office,
        position=Position.MEMBER,
    )
    membership.roles.add(roles["office_admin"])
    context.shared["demo_usernames"] = [username for username, *_ in accounts]
