"""Statuses, kinds and their transitions for frameworks, evidence and agreements."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.places.choices import SITE_TYPE_NAMES


class FrameworkKind(models.TextChoices):
    COUNTY_CITY = "county_city", _("County-level civilized city")
    NATIONAL_CITY = "national_city", _("National civilized city")
    CIVILIZED_UNIT = "civilized_unit", _("Civilized unit")
    CIVILIZED_VILLAGE = "civilized_village", _("Civilized village or town")
    MINORS = "minors", _("Minors' moral education")
    OTHER = "other", _("Other")


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


FRAMEWORK_TRANSITIONS = {
    FrameworkStatus.DRAFT: (FrameworkStatus.ACTIVE, FrameworkStatus.ARCHIVED),
    FrameworkStatus.ACTIVE: (FrameworkStatus.ARCHIVED,),
    FrameworkStatus.ARCHIVED: (FrameworkStatus.ACTIVE,),
}


class IndicatorLevel(models.TextChoices):
    """The four levels of the tree; the workbook's 层级 column uses the Chinese names."""

    ITEM = "item", _("Evaluation item")
    CATEGORY = "category", _("Evaluation category")
    CONTENT = "content", _("Evaluation content")
    CRITERION = "criterion", _("Evaluation criterion")


#: Depth of each level (an item is 0); a child is always exactly one level deeper.
LEVEL_DEPTH: dict[str, int] = {
    IndicatorLevel.ITEM: 0,
    IndicatorLevel.CATEGORY: 1,
    IndicatorLevel.CONTENT: 2,
    IndicatorLevel.CRITERION: 3,
}
LEVEL_NAMES = {
    "项目": IndicatorLevel.ITEM,
    "测评项目": IndicatorLevel.ITEM,
    "类别": IndicatorLevel.CATEGORY,
    "测评类别": IndicatorLevel.CATEGORY,
    "指标": IndicatorLevel.CATEGORY,
    "内容": IndicatorLevel.CONTENT,
    "测评内容": IndicatorLevel.CONTENT,
    "标准": IndicatorLevel.CRITERION,
    "测评标准": IndicatorLevel.CRITERION,
}
LEVEL_LABELS: dict[str, str] = {
    IndicatorLevel.ITEM: "项目",
    IndicatorLevel.CATEGORY: "类别",
    IndicatorLevel.CONTENT: "内容",
    IndicatorLevel.CRITERION: "标准",
}
#: The 层级 value that marks a row of the negative list (负面清单) in the workbook.
NEGATIVE_LEVEL_LABEL = "负面清单"


class Method(models.TextChoices):
    EVIDENCE_REVIEW = "evidence_review", _("Evidence review")
    FIELD_INSPECTION = "field_inspection", _("Field inspection")
    SURVEY = "survey", _("Questionnaire survey")
    ONLINE_SUBMISSION = "online_submission", _("Online submission")


METHOD_LABELS = {
    Method.EVIDENCE_REVIEW: "材料审核",
    Method.FIELD_INSPECTION: "实地考察",
    Method.SURVEY: "问卷调查",
    Method.ONLINE_SUBMISSION: "网上申报",
}
METHOD_BY_LABEL = {label: code for code, label in METHOD_LABELS.items()}


class GradingRule(models.TextChoices):
    ABC = "abc", _("A/B/C/C# by sub-points met")
    PERCENTAGE = "percentage", _("A 100 % / B 66 % / C 33 %")
    DEDUCTION = "deduction", _("Points deducted per fault")
    SCORE_RATE = "score_rate", _("Score rate over observations")


GRADING_LABELS = {
    GradingRule.ABC: "ABC",
    GradingRule.PERCENTAGE: "百分比",
    GradingRule.DEDUCTION: "扣分",
    GradingRule.SCORE_RATE: "得分率",
}
GRADING_BY_LABEL = {label.lower(): code for code, label in GRADING_LABELS.items()}

#: The Chinese name of each field-inspection site type (the workbook's 适用点位 column).
SITE_TYPE_LABELS = SITE_TYPE_NAMES
SITE_TYPE_BY_LABEL = {label: code for code, label in SITE_TYPE_LABELS.items()}


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead unit")
    CO = "co", _("Co-unit")


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")
    TABLE = "table", _("Table")


class EvidenceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")


EVIDENCE_TRANSITIONS = {
    EvidenceStatus.SUBMITTED: (
        EvidenceStatus.ACCEPTED,
        EvidenceStatus.RETURNED,
        EvidenceStatus.REJECTED,
    ),
    EvidenceStatus.RETURNED: (EvidenceStatus.SUBMITTED,),
    EvidenceStatus.ACCEPTED: (),
    EvidenceStatus.REJECTED: (),
}


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued for acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


AGREEMENT_TRANSITIONS = {
    AgreementStatus.DRAFT: (AgreementStatus.ISSUED,),
    AgreementStatus.ISSUED: (AgreementStatus.ACKNOWLEDGED,),
    # An amendment re-issues a signed agreement as a new version.
    AgreementStatus.ACKNOWLEDGED: (AgreementStatus.ISSUED,),
}
