"""Kinds of places and how a location is given."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SiteType(models.TextChoices):
    """The 26 field-inspection site types (one 2021 rehearsal; see domain facts)."""

    PRACTICE_CENTER = "practice_center", _("Civilization practice center")
    GOVERNMENT_HALL = "government_hall", _("Government service hall")
    BANK_BRANCH = "bank_branch", _("Bank branch")
    SERVICE_WINDOW = "service_window", _("Service window unit")
    BUS_STOP = "bus_stop", _("Bus stop")
    BUS = "bus", _("Bus")
    TAXI = "taxi", _("Taxi")
    PUBLIC_TOILET = "public_toilet", _("Outdoor public toilet")
    PUBLIC_SQUARE = "public_square", _("Public square")
    HOTEL = "hotel", _("Hotel")
    PARK = "park", _("Park")
    COMMUNITY = "community", _("Community")
    CONSTRUCTION_SITE = "construction_site", _("Construction site")
    SCENIC_SPOT = "scenic_spot", _("Scenic spot")
    SCHOOL = "school", _("Primary or secondary school")
    SHOPPING_MALL = "shopping_mall", _("Shopping mall or supermarket")
    HOSPITAL = "hospital", _("Hospital")
    CULTURAL_FACILITY = "cultural_facility", _("Public cultural facility")
    MAJOR_INTERSECTION = "major_intersection", _("Major traffic intersection")
    BACK_STREET = "back_street", _("Back street or alley")
    COMMERCIAL_STREET = "commercial_street", _("Commercial street")
    MAIN_ROAD = "main_road", _("Main or secondary road")
    URBAN_RURAL_FRINGE = "urban_rural_fringe", _("Urban-rural fringe")
    FARMERS_MARKET = "farmers_market", _("Farmers' market")
    RESIDENTIAL_COMPOUND = "residential_compound", _("Residential compound")
    TOWNSHIP = "township", pgettext_lazy("places", "Township")


class CoordinateSystem(models.TextChoices):
    """How a location was given. Wenming stores WGS-84; GCJ-02 (phone maps) is converted."""

    WGS84 = "wgs84", _("WGS-84 (GPS)")
    GCJ02 = "gcj02", _("GCJ-02 (Chinese phone maps)")


#: The Chinese name of each site type (domain facts), in `SiteType` order.
SITE_TYPE_NAMES = dict(
    zip(
        SiteType.values,
        [
            "新时代文明实践中心",
            "政务大厅",
            "银行网点",
            "窗口单位",
            "公交站点",
            "公交车",
            "出租车",
            "室外公共厕所",
            "公共广场",
            "宾馆酒店",
            "公园",
            "社区",
            "建筑工地",
            "景区景点",
            "中小学校",
            "商场超市",
            "医院",
            "公共文化设施",
            "主要交通路口",
            "背街小巷",
            "商业大街",
            "主次干道",
            "城乡接合部",
            "集贸市场",
            "小区",
            "乡镇",
        ],
        strict=True,
    )
)

#: The kinds of organization that may be a place's patron unit.
PATRON_KINDS = ("responsible_unit", "civilized_unit", "township_government", "village_committee")
