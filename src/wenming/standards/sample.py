"""A SAMPLE county-level framework for the demo, built by code in the workbook format.

Its shape follows the public structure of the county-level city framework (7 items, about 58
contents, about 200 criteria) and a few public example criteria
(主次干道, 背街小巷, 小区). It is clearly marked as a sample: it is NOT the official text, which
each city imports from its own workbook.
"""

from __future__ import annotations

from decimal import Decimal

from wenming.standards.workbook import build_framework_workbook

SAMPLE_NAME = "县级全国文明城市测评体系（示例）"
SAMPLE_EDITION = "2021版示例"
SAMPLE_NOTE = "演示用示例，依据公开结构与示例标准编写，非官方文本。"

R = "材料审核"
F = "实地考察"
S = "问卷调查"
N = "网上申报"

# (item, [(category, [(content, methods, site types, [specific criteria])])])
ITEMS = [
    (
        "理想信念与核心价值观",
        [
            (
                "理论武装",
                [
                    (
                        "党委（党组）理论学习中心组学习",
                        (R, N),
                        (),
                        ["年度学习计划明确，专题学习每季度不少于1次"],
                    ),
                    (
                        "基层理论宣讲",
                        (R, N),
                        ("新时代文明实践中心",),
                        ["宣讲活动进社区、进农村、进企业、进学校"],
                    ),
                    ("网上理论传播", (R, N), (), []),
                    ("党员干部教育培训", (R,), (), []),
                ],
            ),
            (
                "核心价值观宣传",
                [
                    (
                        "公益广告宣传",
                        (F, R),
                        ("主次干道", "公共广场", "公园"),
                        ["主次干道每200米至少设置1处公益广告"],
                    ),
                    (
                        "小区核心价值观宣传",
                        (F,),
                        ("小区", "社区"),
                        [
                            "至少设置1处固定的社会主义核心价值观宣传牌和1处关爱未成年人宣传牌，横幅不计入"
                        ],
                    ),
                    ("窗口单位宣传", (F,), ("政务大厅", "银行网点", "窗口单位"), []),
                    ("交通工具宣传", (F,), ("公交车", "出租车", "公交站点"), []),
                    ("媒体宣传专栏", (R, N), (), []),
                ],
            ),
        ],
    ),
    (
        "公民道德与诚信建设",
        [
            (
                "道德建设",
                [
                    ("道德模范评选学习", (R, S), (), ["定期评选道德模范、身边好人并广泛宣传"]),
                    ("好家风好家训", (R, N), ("社区",), []),
                    ("移风易俗", (R, F), ("乡镇", "社区"), ["红白理事会覆盖所有行政村（社区）"]),
                    (
                        "志愿服务",
                        (R, N, F),
                        ("新时代文明实践中心", "公共广场"),
                        ["实名注册志愿者占常住人口比例达到13%以上"],
                    ),
                ],
            ),
            (
                "诚信建设",
                [
                    ("政务诚信", (R, N), ("政务大厅",), []),
                    ("商务诚信", (R, F), ("商场超市", "集贸市场"), ["明码标价，无欺诈销售"]),
                    ("社会诚信宣传", (R, S), (), []),
                    ("信用信息公示", (N, R), (), []),
                ],
            ),
            (
                "法治建设",
                [
                    ("普法宣传教育", (R, S), ("社区",), []),
                    ("公共法律服务", (R, F), ("政务大厅",), []),
                    ("社会治安", (R, S), (), ["群众安全感满意度达到90%以上"]),
                ],
            ),
        ],
    ),
    (
        "未成年人思想道德建设",
        [
            (
                "学校教育",
                [
                    ("课堂教学育人", (R, F), ("中小学校",), []),
                    ("校园文化建设", (F,), ("中小学校",), ["校园内有核心价值观宣传，无商业广告"]),
                    ("学生心理健康", (R,), ("中小学校",), []),
                    (
                        "校园周边环境",
                        (F,),
                        ("中小学校", "背街小巷"),
                        ["学校周边200米内无网吧、游戏厅和歌舞娱乐场所"],
                    ),
                ],
            ),
            (
                "社会关爱",
                [
                    ("乡村学校少年宫", (R, F), ("乡镇",), []),
                    ("关爱留守儿童", (R, N), ("乡镇", "社区"), []),
                    ("未成年人活动场所", (F,), ("公共文化设施",), []),
                    ("家庭教育指导", (R,), ("社区",), []),
                ],
            ),
        ],
    ),
    (
        "公共文化与文明实践",
        [
            (
                "新时代文明实践",
                [
                    (
                        "实践中心（所、站）建设",
                        (R, F),
                        ("新时代文明实践中心", "乡镇"),
                        ["有场所、有队伍、有活动、有项目、有机制"],
                    ),
                    ("文明实践活动", (R, N), ("新时代文明实践中心",), []),
                    ("志愿服务项目", (R, N), (), []),
                ],
            ),
            (
                "公共文化服务",
                [
                    (
                        "公共文化设施开放",
                        (F, R),
                        ("公共文化设施",),
                        ["图书馆、文化馆免费开放，开放时间公示"],
                    ),
                    ("群众文化活动", (R, N), ("公共广场",), []),
                    ("全民阅读", (R, S), ("公共文化设施",), []),
                    ("文化遗产保护", (R,), ("景区景点",), []),
                ],
            ),
            (
                "文明创建活动",
                [
                    ("文明单位创建", (R, N), ("窗口单位",), []),
                    ("文明村镇创建", (R, F), ("乡镇",), []),
                    ("文明家庭创建", (R,), ("社区",), []),
                    ("文明校园创建", (R, F), ("中小学校",), []),
                ],
            ),
        ],
    ),
    (
        "城乡环境与市容秩序",
        [
            (
                "市容环境",
                [
                    (
                        "主次干道",
                        (F,),
                        ("主次干道",),
                        ["无占道经营、马路市场", "盲道连续无障碍，无被占用"],
                    ),
                    (
                        "背街小巷",
                        (F,),
                        ("背街小巷",),
                        ["路面全部硬化，无坑洼积水", "路灯安装率100%，亮灯率95%以上"],
                    ),
                    ("城乡接合部", (F,), ("城乡接合部",), []),
                    ("建筑工地管理", (F,), ("建筑工地",), ["围挡规范，出入口车辆冲洗"]),
                    ("户外广告招牌", (F,), ("商业大街", "主次干道"), []),
                ],
            ),
            (
                "环境卫生",
                [
                    (
                        "公共厕所",
                        (F,),
                        ("室外公共厕所",),
                        ["主干道每500米设置1座公厕，24小时开放，免费提供厕纸"],
                    ),
                    ("垃圾分类与清运", (F, R), ("小区", "社区"), []),
                    ("集贸市场", (F,), ("集贸市场",), ["划行归市，地面无积水、无垃圾"]),
                    ("公园广场", (F,), ("公园", "公共广场"), []),
                ],
            ),
            (
                "交通秩序",
                [
                    ("路口通行秩序", (F,), ("主要交通路口",), ["机动车礼让斑马线"]),
                    ("停车秩序", (F,), ("主次干道", "商业大街"), []),
                    ("公共交通服务", (F, S), ("公交站点", "公交车"), []),
                ],
            ),
            (
                "生态环境",
                [
                    ("大气污染防治", (R,), (), []),
                    ("水环境治理", (R, F), (), []),
                    ("园林绿化", (F, R), ("公园",), []),
                ],
            ),
        ],
    ),
    (
        "公共服务与社会治理",
        [
            (
                "窗口服务",
                [
                    ("政务服务", (F, S), ("政务大厅",), ["设置便民服务设施和无障碍通道"]),
                    ("金融服务", (F,), ("银行网点",), []),
                    ("医疗服务", (F, S), ("医院",), []),
                    ("宾馆景区服务", (F,), ("宾馆酒店", "景区景点"), []),
                    ("商业服务", (F,), ("商场超市",), []),
                ],
            ),
            (
                "社区治理",
                [
                    ("社区服务设施", (F,), ("社区",), []),
                    ("小区物业管理", (F, S), ("小区",), []),
                    ("网格化管理", (R, N), ("社区",), []),
                ],
            ),
            (
                "民生保障",
                [
                    ("扶贫济困", (R,), (), []),
                    ("养老服务", (R, F), ("社区",), []),
                    ("无障碍环境", (F,), ("政务大厅", "医院", "公园"), []),
                ],
            ),
        ],
    ),
    (
        "文明创建长效机制",
        [
            (
                "组织领导",
                [
                    ("创建工作机制", (R, N), (), ["成立以党委主要负责同志为组长的创建领导机构"]),
                    ("责任分解落实", (R,), (), ["与责任单位签订目标责任书，做到不缺项、不漏项"]),
                    ("督查考核", (R,), (), []),
                ],
            ),
            (
                "群众参与",
                [
                    ("创建知晓率支持率", (S,), (), ["群众对创建工作的知晓率、支持率达到90%以上"]),
                    ("群众监督", (R, N), (), []),
                    ("创建宣传氛围", (F, R), ("主次干道", "社区"), []),
                ],
            ),
        ],
    ),
]

GENERIC = [
    "{subject}有年度工作方案，责任分工明确",
    "{subject}工作台账完整，资料真实规范",
    "{subject}开展情况纳入年度考核，问题整改及时",
    "{subject}群众满意度达到90%以上",
    "{subject}建立长效管理机制，定期督导检查",
]

NEGATIVE = [
    ("N01", "发生严重违背社会主义核心价值观、造成恶劣社会影响的事件", 5),
    ("N02", "发生重大安全生产责任事故", 5),
    ("N03", "发生重大食品药品安全事件", 3),
    ("N04", "测评中发现弄虚作假", 5),
    ("N05", "发生严重破坏生态环境事件", 3),
    ("N06", "发生群体性事件造成恶劣影响", 3),
]


def _grading(methods: tuple[str, ...]) -> str:
    if F in methods:
        return "扣分"
    if S in methods:
        return "得分率"
    return "百分比"


def sample_rows() -> list[dict]:
    """The rows of the sample workbook, in framework order."""
    rows = []
    content_index = 0
    for i, (item, categories) in enumerate(ITEMS, start=1):
        item_row = {"code": f"{i}", "level": "项目", "name": item}
        rows.append(item_row)
        item_points = Decimal("0")
        for j, (category, contents) in enumerate(categories, start=1):
            category_code = f"{i}.{j}"
            rows.append(
                {"code": category_code, "parent_code": f"{i}", "level": "类别", "name": category}
            )
            for k, (content, methods, sites, specific) in enumerate(contents, start=1):
                content_code = f"{category_code}.{k}"
                rows.append(
                    {
                        "code": content_code,
                        "parent_code": category_code,
                        "level": "内容",
                        "name": content,
                    }
                )
                wanted = 3 - (content_index % 4 == 3) + (content_index % 7 == 6)
                content_index += 1
                texts = list(specific)
                for pattern in GENERIC:
                    if len(texts) >= wanted:
                        break
                    texts.append(pattern.format(subject=content))
                for m, text in enumerate(texts, start=1):
                    points = Decimal("1.5") if m == 1 and specific else Decimal("1")
                    item_points += points
                    rows.append(
                        {
                            "code": f"{content_code}.{m}",
                            "parent_code": content_code,
                            "level": "标准",
                            "name": text,
                            "points": float(points) if points % 1 else int(points),
                            "methods": "、".join(methods),
                            "site_types": "、".join(sites) or None,
                            "grading_rule": _grading(methods),
                            "expected_evidence": (
                                "工作方案、会议纪要、活动照片、工作台账" if R in methods else None
                            ),
                        }
                    )
        # The item states its points, which must agree with the sum of its criteria.
        item_row["points"] = float(item_points) if item_points % 1 else int(item_points)
    rows += [
        {"code": code, "level": "负面清单", "name": name, "points": penalty}
        for code, name, penalty in NEGATIVE
    ]
    return rows


def sample_workbook():
    return build_framework_workbook(sample_rows(), title="测评体系示例")


def sample_workbook_bytes() -> bytes:
    import io

    buffer = io.BytesIO()
    sample_workbook().save(buffer)
    return buffer.getvalue()
