"""Volunteer registry, activities, ledgers, certificates, Party members and the reward shop."""

from wenming.volunteers.models.activities import (
    Activity,
    ActivitySeries,
    Attendance,
    Scan,
    Signup,
)
from wenming.volunteers.models.ledgers import PointsEntry, ServiceHoursEntry, VolunteerBalance
from wenming.volunteers.models.party import PartyMemberRegistration, PartyPost, PostClaim
from wenming.volunteers.models.registry import (
    ServiceProject,
    Station,
    Team,
    TeamMembership,
    Volunteer,
)
from wenming.volunteers.models.rewards import Certificate, Redemption, RewardItem

__all__ = [
    "Activity",
    "ActivitySeries",
    "Attendance",
    "Certificate",
    "PartyMemberRegistration",
    "PartyPost",
    "PointsEntry",
    "PostClaim",
    "Redemption",
    "RewardItem",
    "Scan",
    "ServiceHoursEntry",
    "ServiceProject",
    "Signup",
    "Station",
    "Team",
    "TeamMembership",
    "Volunteer",
    "VolunteerBalance",
]
