"""Demo volunteers for a city shaped like Ruzhou (shared seed figures).

49,138 real-name volunteers at ruzhou scale (4,900 small) with synthetic, checksum-valid ID
numbers (marked generated), teams of the units, stations (the center, 5 squares, civilized
units, 21 townships, 239 villages), 5 groups of civilized units with their projects, a year
of Friday volunteer days (activities, sign-ups, attendance, ledgers and rollups for a sample of
volunteers each week), stars, Party members and a reward shop.

Encryption is the cost: each volunteer's ID number and phone are Fernet-encrypted once, in
bulk_create; everything derived (birth date, sex, masks, rollups) is computed here directly.
"""

from __future__ import annotations

import datetime
import time
import uuid
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone

from wenming.core.crypto import keyed_hash
from wenming.core.validators import mask_id_number, mask_phone
from wenming.organizations.models import Person, UnitGroup
from wenming.organizations.seed import person_name
from wenming.places.models import RoadSegment
from wenming.volunteers.actions.ledgers import points_for_hours, star_level_for
from wenming.volunteers.choices import (
    ActivityStatus,
    AttendanceStatus,
    CheckMethod,
    HoursReason,
    PointsReason,
    StationKind,
    VolunteerStatus,
)
from wenming.volunteers.fastinsert import fast_insert
from wenming.volunteers.models import (
    Activity,
    Attendance,
    PartyMemberRegistration,
    PartyPost,
    PointsEntry,
    PostClaim,
    RewardItem,
    ServiceHoursEntry,
    ServiceProject,
    Signup,
    Station,
    Team,
    TeamMembership,
    Volunteer,
    VolunteerBalance,
)
from wenming.volunteers.synthetic import BASE_DATE, synthetic_id_number, synthetic_phone

#: `wenming seed` runs the apps by this number, smallest first: after organizations, whose units
#: and villages host teams and stations.
SEED_ORDER = 60

SKILLS = [
    "",
    "",
    "医疗救护",
    "法律咨询",
    "文艺演出",
    "心理疏导",
    "交通劝导",
    "环境保护",
    "助老助残",
    "教育辅导",
]
SQUARES = ["钟楼广场", "望嵩文化广场", "汝州市民广场", "广成游园", "丹阳广场"]
PROJECTS = [
    "文明交通劝导",
    "背街小巷清洁",
    "关爱留守儿童",
    "敬老院陪伴",
    "公益广告维护",
    "垃圾分类宣传",
    "文明餐桌行动",
    "图书馆志愿服务",
    "政务大厅引导",
    "医院导诊",
    "公园文明引导",
    "集贸市场秩序",
    "共享单车整理",
    "文明旅游宣传",
    "防诈骗宣传",
    "健康义诊",
    "助残服务",
    "环境卫生整治",
    "家风家训宣讲",
    "学雷锋便民服务",
    "无偿献血宣传",
    "疫苗接种引导",
    "扶贫帮困",
    "科普进社区",
]
ITEMS = [("毛巾", 50), ("洗衣液", 120), ("食用油", 300), ("雨伞", 200)]
ROADS = [
    "向阳路",
    "丹阳路",
    "朝阳路",
    "广成路",
    "望嵩路",
    "洗耳河路",
    "汝瓷大道",
    "钟楼街",
    "府前街",
]
CENTER = (Decimal("34.167000"), Decimal("112.845000"))


def seed(context) -> None:
    if Volunteer.objects.exists():
        context.write("volunteers: already seeded")
        return
    started = time.perf_counter()

    stations = _stations(context)
    teams = _teams(context)
    volunteers = _volunteers(context, teams)
    _groups_and_projects(context, stations)
    activities, hours_by_volunteer = _volunteer_days(context, teams, volunteers)
    _rollups(context, volunteers, hours_by_volunteer)
    parties = _party_members(context, volunteers)
    _shop(context, stations)
    _demo_account(context, volunteers[0])
    context.write(
        f"volunteers: {len(volunteers)} volunteers, {len(teams)} teams, {len(stations)} stations, "
        f"{len(activities)} volunteer-day activities, {parties} Party members "
        f"({time.perf_counter() - started:.1f} s)"
    )


def _stations(context) -> list[Station]:
    jurisdiction = context.jurisdiction
    shared = context.shared
    rows = [
        Station(
            jurisdiction=jurisdiction,
            kind=StationKind.SERVICE_CENTER,
            name="汝州市志愿服务中心",
            organization=shared.get("office"),
            area_m2=450,
            latitude=CENTER[0],
            longitude=CENTER[1],
            star_level=5,
        )
    ]
    for index, name in enumerate(SQUARES):
        rows.append(
            Station(
                jurisdiction=jurisdiction,
                kind=StationKind.SQUARE,
                name=f"{name}志愿服务站",
                latitude=CENTER[0] + Decimal(index) / 200,
                longitude=CENTER[1] - Decimal(index) / 200,
                star_level=3,
            )
        )
    for unit in shared.get("civilized_units", []):
        rows.append(
            Station(
                jurisdiction=jurisdiction,
                kind=StationKind.CIVILIZED_UNIT,
                name=f"{unit.short_name or unit.name}志愿服务站",
                organization=unit,
                division_id=unit.division_id,
                star_level=2,
            )
        )
    for government in shared.get("township_governments", []):
        rows.append(
            Station(
                jurisdiction=jurisdiction,
                kind=StationKind.TOWNSHIP,
                name=f"{government.short_name}志愿服务所",
                organization=government,
                division_id=government.division_id,
                star_level=3,
            )
        )
    villages = shared.get("village_committees", [])
    star_villages = villages[: min(len(villages), 239 if context.scale == "ruzhou" else 24)]
    for committee in star_villages:
        rows.append(
            Station(
                jurisdiction=jurisdiction,
                kind=StationKind.VILLAGE,
                name=f"{committee.short_name}志愿服务站",
                organization=committee,
                division_id=committee.division_id,
                star_level=2,
            )
        )
    return Station.objects.bulk_create(rows)


def _teams(context) -> list[Team]:
    shared = context.shared
    organizations = [
        *shared.get("responsible_units", []),
        *shared.get("civilized_units", []),
        *shared.get("township_governments", []),
    ]
    teams = [
        Team(
            jurisdiction=context.jurisdiction,
            organization=organization,
            name=f"{organization.short_name or organization.name}志愿服务队",
            leader_name=person_name(context.random),
        )
        for organization in organizations
    ]
    return Team.objects.bulk_create(teams)


def _volunteers(context, teams) -> list[SimpleNamespace]:
    """The registry, written with plain INSERTs (see `fastinsert`): returns light records."""
    jurisdiction, rng = context.jurisdiction, context.random
    committees = context.shared.get("village_committees", [])
    now = timezone.now()
    rows = []
    for index in range(context.size["volunteers"]):
        id_number = synthetic_id_number(index)
        phone = synthetic_phone(index)
        day, sequence = divmod(index, 1000)
        committee = committees[index % len(committees)] if committees else None
        approved = bool(index % 50)
        rows.append(
            {
                "jurisdiction": jurisdiction.pk,
                "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "name": person_name(rng),
                "id_number": id_number,
                "id_number_hash": keyed_hash(id_number),
                "id_number_mask": mask_id_number(id_number),
                "phone": phone,
                "phone_hash": keyed_hash(phone),
                "phone_tail": phone[-4:],
                "phone_mask": mask_phone(phone),
                "birth_date": BASE_DATE + datetime.timedelta(days=day % 25_000),
                "sex": "male" if sequence % 2 else "female",
                "division": committee.division_id if committee else None,
                "organization": committee.pk if committee else None,
                "skills": rng.choice(SKILLS),
                "availability": "",
                "status": VolunteerStatus.APPROVED if approved else VolunteerStatus.PENDING,
                "approved_at": now if approved else None,
                "is_party_member": False,
                "is_generated": True,
                "user": None,
            }
        )
    fast_insert(Volunteer, rows)
    pks = dict(Volunteer.objects.values_list("id_number_hash", "pk"))
    volunteers = [
        SimpleNamespace(
            pk=pks[row["id_number_hash"]],
            name=row["name"],
            phone=row["phone"],
            phone_hash=row["phone_hash"],
            phone_tail=row["phone_tail"],
            status=row["status"],
        )
        for row in rows
    ]
    memberships = [
        {
            "jurisdiction": jurisdiction.pk,
            "team": teams[index % len(teams)].pk,
            "volunteer": volunteer.pk,
            "is_organizer": index < len(teams),
        }
        for index, volunteer in enumerate(volunteers)
    ]
    fast_insert(TeamMembership, memberships)
    counts: defaultdict[Team, int] = defaultdict(int)
    for index in range(len(volunteers)):
        counts[teams[index % len(teams)]] += 1
    for team, count in counts.items():
        team.member_count = count
    Team.objects.bulk_update(list(counts), ["member_count"], batch_size=500)
    return volunteers


def _groups_and_projects(context, stations) -> None:
    jurisdiction, rng = context.jurisdiction, context.random
    units = context.shared.get("civilized_units", [])
    if len(units) < 5:
        return
    groups = UnitGroup.objects.bulk_create(
        [
            UnitGroup(
                jurisdiction=jurisdiction, name=f"文明单位第{number}组", lead_unit=units[number - 1]
            )
            for number in range(1, 6)
        ]
    )
    through = UnitGroup.units.through
    through.objects.bulk_create(
        [
            through(unitgroup_id=groups[index % 5].pk, organization_id=unit.pk)
            for index, unit in enumerate(units)
        ]
    )
    now = timezone.now()
    projects = []
    for index, title in enumerate(PROJECTS):
        group = groups[index % 5] if index < 23 else None
        projects.append(
            ServiceProject(
                jurisdiction=jurisdiction,
                title=title,
                station=rng.choice(stations),
                group=group,
                claimed_at=now if group else None,
            )
        )
    ServiceProject.objects.bulk_create(projects)


def _road_names() -> list[tuple[str, object]]:
    segments = list(RoadSegment.objects.filter(is_main_road=True).order_by("code")[:18])
    if segments:
        return [(segment.name, segment) for segment in segments]
    return [(f"{ROADS[i % len(ROADS)]}第{i // len(ROADS) + 1}段", None) for i in range(18)]


def _volunteer_days(context, teams, volunteers):
    """52 past Fridays and the next one; a weekly sample of volunteers serves 2 hours each."""
    jurisdiction, rng = context.jurisdiction, context.random
    zone = timezone.get_current_timezone()
    roads = _road_names()
    today = timezone.localdate()
    last_friday = today - datetime.timedelta(days=(today.weekday() - 4) % 7 or 7)
    fridays = [last_friday - datetime.timedelta(weeks=week) for week in range(52)]
    upcoming = last_friday + datetime.timedelta(weeks=1)
    per_activity = 25 if context.scale == "ruzhou" else 5
    approved = [v for v in volunteers if v.status == VolunteerStatus.APPROVED]
    points_per = points_for_hours(jurisdiction, Decimal("2"))
    activities = []
    plan = []  # (activity index, volunteer, checked_in_at, checked_out_at)
    for day in [*fridays, upcoming]:
        past = day != upcoming
        start = datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=zone)
        for index, (road_name, segment) in enumerate(roads):
            team = teams[index % len(teams)]
            activities.append(
                Activity(
                    jurisdiction=jurisdiction,
                    team=team,
                    title=f"志愿服务日 · {road_name}文明劝导",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    place=road_name,
                    latitude=CENTER[0] + Decimal(index) / 500,
                    longitude=CENTER[1] + Decimal(index) / 500,
                    radius_m=500,
                    quota=30,
                    status=ActivityStatus.FINISHED if past else ActivityStatus.PUBLISHED,
                    is_volunteer_day=True,
                    road_segment=segment,
                    signed_up_count=per_activity if past else 0,
                    checked_in_count=per_activity if past else 0,
                    checked_out_count=per_activity if past else 0,
                )
            )
            if past:
                for volunteer in rng.sample(approved, per_activity):
                    arrive = start + datetime.timedelta(minutes=rng.randrange(-15, 10))
                    leave = start + datetime.timedelta(hours=2, minutes=rng.randrange(-5, 20))
                    plan.append((len(activities) - 1, volunteer, arrive, leave))
    activities = Activity.objects.bulk_create(activities, batch_size=1000)
    hours_by_volunteer: dict[int, list] = defaultdict(lambda: [Decimal(0), 0, 0])
    base = {"jurisdiction": jurisdiction.pk}
    two = Decimal("2.00")
    fast_insert(
        Signup,
        (
            {
                **base,
                "activity": activities[a].pk,
                "volunteer": v.pk,
                "status": "signed_up",
                "cancelled_at": None,
                "promoted_at": None,
            }
            for a, v, _arrive, _leave in plan
        ),
    )
    fast_insert(
        Attendance,
        (
            {
                **base,
                "activity": activities[a].pk,
                "volunteer": v.pk,
                "status": AttendanceStatus.CONFIRMED,
                "checked_in_at": arrive,
                "checked_out_at": leave,
                "check_in_method": CheckMethod.CODE,
                "check_out_method": CheckMethod.CODE,
                "distance_m": None,
                "hours": two,
                "closing_reason": "",
                "confirmed_by": None,
                "confirmed_at": leave,
            }
            for a, v, arrive, leave in plan
        ),
    )
    activity_ids = [a.pk for a in activities]
    attendance_pks = {
        (activity_id, volunteer_id): pk
        for activity_id, volunteer_id, pk in Attendance.objects.filter(
            activity_id__in=activity_ids
        ).values_list("activity_id", "volunteer_id", "pk")
    }
    fast_insert(
        ServiceHoursEntry,
        (
            {
                **base,
                "volunteer": v.pk,
                "note": "",
                "created_by": None,
                "team": activities[a].team_id,
                "activity": activities[a].pk,
                "attendance": attendance_pks[(activities[a].pk, v.pk)],
                "served_on": activities[a].starts_at.astimezone(zone).date(),
                "hours": two,
                "reason": HoursReason.SERVICE,
                "reverses": None,
            }
            for a, v, _arrive, _leave in plan
        ),
    )
    entries = ServiceHoursEntry.objects.filter(attendance__isnull=False).values_list(
        "pk", "volunteer_id"
    )
    fast_insert(
        PointsEntry,
        (
            {
                **base,
                "volunteer": volunteer_id,
                "note": "",
                "created_by": None,
                "points": points_per,
                "reason": PointsReason.SERVICE,
                "reference": f"hours:{pk}",
                "hours_entry": pk,
                "reverses": None,
            }
            for pk, volunteer_id in entries
        ),
    )
    for _a, volunteer, _arrive, _leave in plan:
        totals = hours_by_volunteer[volunteer.pk]
        totals[0] += two
        totals[1] += points_per
        totals[2] += 1
    # Long-serving volunteers carry over hours from before the platform, so stars show.
    veterans = rng.sample(approved, max(1, len(approved) // 100))
    carried = []
    for index, volunteer in enumerate(veterans):
        hours = Decimal([120, 350, 650, 1100, 1600][index % 5])
        carried.append(
            ServiceHoursEntry(
                jurisdiction=jurisdiction,
                volunteer_id=volunteer.pk,
                team_id=teams[index % len(teams)].pk,
                served_on=fridays[-1],
                hours=hours,
                reason=HoursReason.IMPORTED,
                note="平台上线前的服务时长",
            )
        )
        hours_by_volunteer[volunteer.pk][0] += hours
    ServiceHoursEntry.objects.bulk_create(carried, batch_size=2000)
    return activities, hours_by_volunteer


def _rollups(context, volunteers, hours_by_volunteer) -> None:
    thresholds = context.jurisdiction.get_policy("volunteer_star_thresholds")
    rows = []
    for volunteer in volunteers:
        hours, points, count = hours_by_volunteer.get(volunteer.pk, (Decimal(0), 0, 0))
        rows.append(
            {
                "jurisdiction": context.jurisdiction.pk,
                "volunteer": volunteer.pk,
                "total_hours": hours,
                "points_balance": points,
                "points_earned": points,
                "star_level": star_level_for(hours, thresholds),
                "activity_count": count,
            }
        )
    fast_insert(VolunteerBalance, rows)


def _party_members(context, volunteers) -> int:
    jurisdiction, rng = context.jurisdiction, context.random
    committees = context.shared.get("village_committees", [])
    employers = context.shared.get("responsible_units", [])
    if not committees or not employers:
        return 0
    count = 2000 if context.scale == "ruzhou" else 200
    members = [v for v in volunteers[1:] if v.status == VolunteerStatus.APPROVED][:count]
    posts = PartyPost.objects.bulk_create(
        [
            PartyPost(jurisdiction=jurisdiction, community=committee, title=title, places=20)
            for committee in committees[:60]
            for title in ("楼栋长", "文明劝导员", "政策宣讲员")
        ]
    )
    posts_by_community = defaultdict(list)
    for post in posts:
        posts_by_community[post.community_id].append(post)
    today = timezone.localdate()
    registrations = PartyMemberRegistration.objects.bulk_create(
        [
            PartyMemberRegistration(
                jurisdiction=jurisdiction,
                volunteer_id=volunteer.pk,
                community=committees[index % min(60, len(committees))],
                employer=employers[index % len(employers)],
                registered_on=today - datetime.timedelta(days=rng.randrange(30, 700)),
            )
            for index, volunteer in enumerate(members)
        ],
        batch_size=2000,
    )
    claims: list[PostClaim] = []
    claimed: defaultdict[int, int] = defaultdict(int)
    for registration in registrations:
        candidates = [
            p for p in posts_by_community[registration.community_id] if claimed[p.pk] < p.places
        ]
        if candidates:
            post = rng.choice(candidates)
            claimed[post.pk] += 1
            claims.append(
                PostClaim(jurisdiction=jurisdiction, registration=registration, post=post)
            )
    PostClaim.objects.bulk_create(claims, batch_size=2000)
    for post in posts:
        post.claimed_count = claimed[post.pk]
    PartyPost.objects.bulk_update(posts, ["claimed_count"], batch_size=500)
    Volunteer.objects.filter(pk__in=[v.pk for v in members]).update(is_party_member=True)
    return len(registrations)


def _shop(context, stations) -> None:
    squares = [s for s in stations if s.kind in (StationKind.SQUARE, StationKind.SERVICE_CENTER)]
    RewardItem.objects.bulk_create(
        [
            RewardItem(
                jurisdiction=context.jurisdiction,
                station=station,
                name=name,
                points_price=price,
                stock=context.random.randrange(20, 200),
            )
            for station in squares
            for name, price in ITEMS
        ]
    )


def _demo_account(context, volunteer) -> None:
    """The demo login `volunteer` (password as the others) for the phone pages."""
    User = get_user_model()
    if User.objects.filter(username="volunteer").exists():
        return
    user = User.objects.create_user(
        username="volunteer",
        password=context.password,
        jurisdiction=context.jurisdiction,
        display_name=volunteer.name,
    )
    Person.objects.create(
        jurisdiction=context.jurisdiction,
        name=volunteer.name,
        user=user,
        phone=volunteer.phone,
        phone_hash=volunteer.phone_hash,
        phone_tail=volunteer.phone_tail,
    )
    Volunteer.objects.filter(pk=volunteer.pk).update(user=user, status=VolunteerStatus.APPROVED)
    context.shared.setdefault("demo_usernames", []).append("volunteer")
