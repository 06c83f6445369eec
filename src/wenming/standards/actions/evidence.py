"""Submitting evidence against owned criteria, and its review by the evidence group."""

from __future__ import annotations

import datetime
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.audit import log_event
from wenming.core.documents import JPEG, PNG, check_document
from wenming.core.errors import DomainError
from wenming.core.permissions import require
from wenming.core.transitions import check, lock, transition
from wenming.standards.choices import (
    EVIDENCE_TRANSITIONS,
    EvidenceKind,
    EvidenceStatus,
    IndicatorLevel,
)
from wenming.standards.models import Assignment, Evidence, Indicator

#: What each kind of evidence may be, by content.
ALLOWED_KINDS: dict[str, frozenset[str]] = {
    EvidenceKind.DOCUMENT: frozenset({"pdf", "docx"}),
    EvidenceKind.PHOTO: frozenset({JPEG, PNG}),
    EvidenceKind.TABLE: frozenset({"xlsx", "pdf"}),
}


def check_window(framework, today: datetime.date) -> None:
    """Refuse submissions outside the framework's submission window (when it has one)."""
    start, end = framework.submission_start, framework.submission_end
    if (start and today < start) or (end and today > end):
        raise DomainError(
            _("Evidence for this framework is accepted from %(start)s to %(end)s.")
            % {"start": start or "—", "end": end or "—"},
            code="outside_window",
        )


def _store(evidence: Evidence, checked) -> None:
    evidence.file.save(
        f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.data), save=False
    )
    evidence.content_type = checked.content_type
    evidence.size = checked.size
    evidence.sha256 = checked.sha256


def submit_evidence(
    indicator: Indicator,
    organization,
    *,
    upload,
    title: str,
    kind: str,
    actor,
    today: datetime.date | None = None,
) -> Evidence:
    """A unit submits a file against a criterion it owns (lead or co-unit), inside the
    framework's submission window; the file is checked by its content."""
    require(actor, "standards.submit_evidence", organization)
    today = today or timezone.localdate()
    if indicator.level != IndicatorLevel.CRITERION:
        raise DomainError(_("Evidence is submitted against a criterion."), code="not_a_criterion")
    if not Assignment.objects.filter(indicator=indicator, organization=organization).exists():
        raise DomainError(
            _("%(unit)s does not own criterion %(code)s.")
            % {"unit": organization.name, "code": indicator.code},
            code="not_owner",
        )
    check_window(indicator.framework, today)
    if kind not in ALLOWED_KINDS:
        raise DomainError(_("Choose the kind of evidence."), code="invalid_kind")
    title = (title or "").strip() or getattr(upload, "name", "") or indicator.code
    checked = check_document(upload, allowed=ALLOWED_KINDS[kind])
    with transaction.atomic():
        evidence = Evidence(
            jurisdiction_id=indicator.jurisdiction_id,
            indicator=indicator,
            organization=organization,
            title=title[:200],
            kind=kind,
            file_name=(getattr(upload, "name", "") or title)[:200],
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
            submitted_at=timezone.now(),
        )
        _store(evidence, checked)
        evidence.save()
        log_event(
            "standards.evidence.submitted",
            actor=actor,
            target=evidence,
            new={"indicator": indicator.code, "organization": organization.pk, "kind": kind},
        )
    return evidence


def resubmit_evidence(evidence: Evidence, *, upload, actor, today=None) -> Evidence:
    """A returned piece of evidence comes back with a corrected file."""
    require(actor, "standards.submit_evidence", evidence)
    today = today or timezone.localdate()
    check_window(evidence.indicator.framework, today)
    checked = check_document(upload, allowed=ALLOWED_KINDS[evidence.kind])
    with transaction.atomic():
        evidence = lock(evidence)
        check(evidence, EvidenceStatus.SUBMITTED, transitions=EVIDENCE_TRANSITIONS)
        _store(evidence, checked)
        evidence.file_name = (getattr(upload, "name", "") or evidence.file_name)[:200]
        evidence.submitted_at = timezone.now()
        transition(
            evidence,
            EvidenceStatus.SUBMITTED,
            transitions=EVIDENCE_TRANSITIONS,
            actor=actor,
            event="standards.evidence.resubmitted",
            fields=["file", "file_name", "content_type", "size", "sha256", "submitted_at"],
        )
    return evidence


def review_evidence(evidence: Evidence, decision: str, *, reason: str = "", actor) -> Evidence:
    """The evidence group accepts, returns (with a reason) or rejects (with a reason)."""
    require(actor, "standards.review_evidence", evidence)
    reason = (reason or "").strip()
    if decision in (EvidenceStatus.RETURNED, EvidenceStatus.REJECTED) and not reason:
        raise DomainError(
            _("Say why the evidence is returned or rejected."), code="reason_required"
        )
    if decision not in (
        EvidenceStatus.ACCEPTED,
        EvidenceStatus.RETURNED,
        EvidenceStatus.REJECTED,
    ):
        raise DomainError(_("Unknown review decision."), code="invalid_decision")
    with transaction.atomic():
        evidence = lock(evidence)
        old = evidence.status
        evidence.review_reason = reason
        evidence.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        evidence.reviewed_at = timezone.now()
        transition(
            evidence,
            decision,
            transitions=EVIDENCE_TRANSITIONS,
            actor=actor,
            event=f"standards.evidence.{decision}",
            fields=["review_reason", "reviewed_by", "reviewed_at"],
            old={"status": old},
            new={"status": decision, "reason": reason},
        )
    return evidence
