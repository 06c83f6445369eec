"""The default checklist of each of the 26 site types (data, installed per jurisdiction).

Lines: (requirement, points, work-order category code, photo required when not met). The
first lines of 主次干道, 背街小巷 and 小区 are the example criteria of the sample framework
(`standards/sample.py`); the rest are the common field-inspection points of each kind of place.
Once the standards framework's criteria exist, a line may name one by `criterion_code`.
"""

from __future__ import annotations

from wenming.places.choices import SiteType

#: Lines every outdoor place shares.
_CLEAN = ("地面干净整洁，无垃圾杂物、无积水", 10, "sanitation", True)
_PSA = ("公益广告醒目，内容规范，无破损褪色", 10, "public_advertising", True)
_NO_ADS = ("无乱贴乱画、乱挂乱摆等“牛皮癣”小广告", 5, "city_appearance", True)
_VALUES_BOARD = ("设置社会主义核心价值观固定宣传阵地（横幅不计）", 10, "public_advertising", True)
_SERVICE = ("工作人员文明用语、服务规范，有便民服务措施", 10, "general", False)
_NO_SMOKING = ("有禁烟标识，室内无人吸烟", 5, "general", True)

DEFAULT_CHECKLISTS: dict[str, tuple[str, list[tuple[str, int, str, bool]]]] = {
    SiteType.PRACTICE_CENTER: (
        "新时代文明实践中心检查表",
        [
            ("阵地标识统一规范，功能室开放并正常使用", 15, "general", True),
            ("有志愿服务活动计划和近期活动记录", 15, "general", False),
            ("公示服务菜单和联系方式", 10, "public_advertising", True),
            _VALUES_BOARD,
            ("室内外环境整洁有序", 10, "sanitation", True),
        ],
    ),
    SiteType.GOVERNMENT_HALL: (
        "政务大厅检查表",
        [
            ("办事指南、服务事项和监督电话公开", 10, "general", True),
            ("设置无障碍设施和爱心座椅、饮水等便民设施", 10, "public_facility", True),
            _SERVICE,
            ("有学雷锋志愿服务岗并有人值守", 10, "general", True),
            _NO_SMOKING,
            _VALUES_BOARD,
        ],
    ),
    SiteType.BANK_BRANCH: (
        "银行网点检查表",
        [
            ("服务设施齐全，有老年人、残疾人便利服务", 10, "public_facility", True),
            _SERVICE,
            ("设置诚信宣传和金融知识宣传栏", 10, "public_advertising", True),
            _NO_SMOKING,
            _VALUES_BOARD,
        ],
    ),
    SiteType.SERVICE_WINDOW: (
        "窗口单位检查表",
        [
            ("服务承诺、办事流程和投诉电话公开", 10, "general", True),
            _SERVICE,
            ("有学雷锋志愿服务岗", 10, "general", True),
            _NO_SMOKING,
            _VALUES_BOARD,
        ],
    ),
    SiteType.BUS_STOP: (
        "公交站点检查表",
        [
            ("站牌、候车亭完好，线路信息清晰", 10, "public_facility", True),
            _PSA,
            _CLEAN,
            _NO_ADS,
            ("乘客排队候车，无占道拉客", 10, "traffic_order", True),
        ],
    ),
    SiteType.BUS: (
        "公交车检查表",
        [
            ("车厢内外干净整洁", 10, "sanitation", True),
            ("设置老弱病残孕专座并有标识", 10, "public_facility", True),
            ("车内有公益广告或文明乘车提示", 10, "public_advertising", True),
            ("驾驶员文明驾驶、礼让行人", 10, "traffic_order", False),
        ],
    ),
    SiteType.TAXI: (
        "出租车检查表",
        [
            ("车容车貌整洁，服务监督卡齐全", 10, "city_appearance", True),
            ("车内电子屏或座套有公益广告", 10, "public_advertising", True),
            ("驾驶员文明服务，不拒载、不绕行", 10, "traffic_order", False),
            ("车内无人吸烟", 5, "general", False),
        ],
    ),
    SiteType.PUBLIC_TOILET: (
        "室外公共厕所检查表",
        [
            ("厕所干净无异味，地面无积水", 15, "public_toilet", True),
            ("全天开放，免费提供手纸、洗手液", 10, "public_toilet", True),
            ("设施完好（蹲位、洗手池、照明、排风）", 10, "public_toilet", True),
            ("设置无障碍厕位和第三卫生间", 10, "public_toilet", True),
            ("有保洁制度和保洁员公示", 5, "public_toilet", False),
        ],
    ),
    SiteType.PUBLIC_SQUARE: (
        "公共广场检查表",
        [
            _CLEAN,
            _PSA,
            ("健身、照明等设施完好", 10, "public_facility", True),
            ("无占道经营、流动摊贩", 10, "street_trade", True),
            ("绿化带无破坏、无黄土裸露", 5, "greening", True),
            _VALUES_BOARD,
        ],
    ),
    SiteType.HOTEL: (
        "宾馆酒店检查表",
        [
            ("大堂有公益广告或核心价值观宣传", 10, "public_advertising", True),
            _SERVICE,
            ("客房不主动提供一次性用品的提示", 5, "general", False),
            _NO_SMOKING,
            ("消防通道畅通，安全设施完好", 10, "public_facility", True),
        ],
    ),
    SiteType.PARK: (
        "公园检查表",
        [
            _CLEAN,
            _PSA,
            ("园林绿化养护到位，无枯死苗木", 10, "greening", True),
            ("座椅、路灯、公厕等设施完好", 10, "public_facility", True),
            ("无占道经营、无乱扔垃圾", 10, "street_trade", True),
            _VALUES_BOARD,
        ],
    ),
    SiteType.COMMUNITY: (
        "社区检查表",
        [
            _VALUES_BOARD,
            ("设置关爱未成年人宣传栏（横幅不计）", 10, "public_advertising", True),
            ("有志愿服务站并有活动记录", 10, "general", False),
            ("楼道无堆物、无乱贴乱画", 10, "city_appearance", True),
            ("垃圾分类设施齐全，定时清运", 10, "sanitation", True),
            ("居民公约、红白理事会等制度公示", 5, "general", True),
        ],
    ),
    SiteType.CONSTRUCTION_SITE: (
        "建筑工地检查表",
        [
            ("围挡连续封闭，围挡有公益广告", 15, "construction_site", True),
            ("出入口硬化，车辆冲洗设施正常使用", 10, "construction_site", True),
            ("裸土覆盖，无扬尘", 10, "construction_site", True),
            ("渣土车密闭运输，不带泥上路", 10, "construction_site", True),
            ("工人生活区整洁，有农民工学校或宣传栏", 5, "construction_site", False),
        ],
    ),
    SiteType.SCENIC_SPOT: (
        "景区景点检查表",
        [
            _CLEAN,
            _PSA,
            ("游客中心、标识导览完好", 10, "public_facility", True),
            ("设置文明旅游提示", 10, "public_advertising", True),
            ("无强买强卖、无占道经营", 10, "market_order", True),
            _VALUES_BOARD,
        ],
    ),
    SiteType.SCHOOL: (
        "中小学校检查表",
        [
            _VALUES_BOARD,
            ("校园周边200米内无网吧、游戏厅等经营场所", 15, "market_order", True),
            ("上下学时段校门口交通有序", 10, "traffic_order", True),
            ("设置心理咨询室并正常使用", 10, "general", False),
            ("校园环境整洁，宣传栏内容及时更新", 10, "sanitation", True),
        ],
    ),
    SiteType.SHOPPING_MALL: (
        "商场超市检查表",
        [
            ("明码标价，无假冒伪劣商品", 10, "market_order", True),
            _SERVICE,
            ("有公益广告或核心价值观宣传", 10, "public_advertising", True),
            _NO_SMOKING,
            ("门前三包落实，无占道经营", 10, "street_trade", True),
        ],
    ),
    SiteType.HOSPITAL: (
        "医院检查表",
        [
            ("导诊标识清晰，有志愿者导诊服务", 10, "general", True),
            ("候诊区秩序良好，有便民设施", 10, "public_facility", True),
            _NO_SMOKING,
            ("医疗废物规范处置", 10, "sanitation", True),
            _VALUES_BOARD,
        ],
    ),
    SiteType.CULTURAL_FACILITY: (
        "公共文化设施检查表",
        [
            ("免费开放，开放时间公示", 10, "general", True),
            ("设施完好，有无障碍设施", 10, "public_facility", True),
            _SERVICE,
            _VALUES_BOARD,
            _NO_SMOKING,
        ],
    ),
    SiteType.MAJOR_INTERSECTION: (
        "主要交通路口检查表",
        [
            ("交通信号灯、标志标线完好清晰", 10, "traffic_order", True),
            ("机动车礼让斑马线，行人不闯红灯", 10, "traffic_order", False),
            ("有交通文明劝导岗或志愿者", 10, "traffic_order", True),
            ("非机动车有序停放", 10, "traffic_order", True),
            _PSA,
        ],
    ),
    SiteType.BACK_STREET: (
        "背街小巷检查表",
        [
            ("路面硬化，无坑洼破损", 15, "public_facility", True),
            ("路灯安装率100%，亮灯率不低于95%", 10, "public_facility", True),
            _CLEAN,
            _NO_ADS,
            ("无乱搭乱建、乱堆乱放", 10, "city_appearance", True),
            ("排水通畅，无污水横流", 5, "water_power_gas", True),
        ],
    ),
    SiteType.COMMERCIAL_STREET: (
        "商业大街检查表",
        [
            ("店招店牌规范，无破损", 10, "city_appearance", True),
            ("无店外经营、占道经营", 10, "street_trade", True),
            _CLEAN,
            _PSA,
            ("车辆停放有序", 10, "traffic_order", True),
        ],
    ),
    SiteType.MAIN_ROAD: (
        "主次干道检查表",
        [
            ("每200米至少有一处公益广告", 10, "public_advertising", True),
            ("无占道经营、马路市场", 10, "street_trade", True),
            ("盲道连续畅通，无占用、无断裂", 10, "public_facility", True),
            _CLEAN,
            ("道路设施完好（护栏、井盖、路灯）", 10, "public_facility", True),
            ("机动车、非机动车停放有序", 10, "traffic_order", True),
            ("绿化带整洁，无缺株死株", 5, "greening", True),
        ],
    ),
    SiteType.URBAN_RURAL_FRINGE: (
        "城乡接合部检查表",
        [
            ("无垃圾乱堆乱倒", 15, "sanitation", True),
            ("无私搭乱建", 10, "city_appearance", True),
            ("道路通畅，路面无破损", 10, "public_facility", True),
            _PSA,
            _NO_ADS,
        ],
    ),
    SiteType.FARMERS_MARKET: (
        "集贸市场检查表",
        [
            ("划行归市，摊位整齐，无出店经营", 10, "market_order", True),
            ("地面干净，垃圾日产日清，无异味", 10, "sanitation", True),
            ("设置公平秤，明码标价", 10, "market_order", True),
            ("有公益广告和诚信经营宣传", 10, "public_advertising", True),
            ("市场周边无占道经营", 10, "street_trade", True),
            ("消防设施完好，通道畅通", 5, "public_facility", True),
        ],
    ),
    SiteType.RESIDENTIAL_COMPOUND: (
        "小区检查表",
        [
            ("至少有一处社会主义核心价值观固定宣传牌（横幅不计）", 10, "public_advertising", True),
            ("至少有一处关爱未成年人宣传牌（横幅不计）", 10, "public_advertising", True),
            ("楼道无堆物、无小广告", 10, "city_appearance", True),
            ("垃圾分类设施齐全，清运及时", 10, "sanitation", True),
            ("车辆停放有序，消防通道畅通", 10, "traffic_order", True),
            ("绿化养护到位，无毁绿种菜", 5, "greening", True),
        ],
    ),
    SiteType.TOWNSHIP: (
        "乡镇检查表",
        [
            ("镇区主街干净整洁，无垃圾堆积", 10, "sanitation", True),
            ("有新时代文明实践所并正常开展活动", 10, "general", False),
            ("移风易俗宣传到位，有村规民约", 10, "public_advertising", True),
            ("集镇无占道经营", 10, "street_trade", True),
            _PSA,
            _VALUES_BOARD,
        ],
    ),
}
