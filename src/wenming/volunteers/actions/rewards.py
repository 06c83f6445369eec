"""The reward shop, certificates of service records, and Party members' registration."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.audit import log_event
from wenming.core.context_processors import forget_menu
from wenming.core.errors import ConflictError, DomainError, field_error
from wenming.core.permissions import require, user_of
from wenming.core.transitions import check, lock, transition
from wenming.volunteers.actions.ledgers import _update_balance
from wenming.volunteers.choices import (
    CERTIFICATE_TRANSITIONS,
    REDEMPTION_TRANSITIONS,
    CertificateStatus,
    PartyRegistrationStatus,
    PointsReason,
    RedemptionStatus,
)
from wenming.volunteers.models import (
    Certificate,
    PartyMemberRegistration,
    PartyPost,
    PointsEntry,
    PostClaim,
    Redemption,
    RewardItem,
    ServiceHoursEntry,
    Volunteer,
    VolunteerBalance,
)
from wenming.volunteers.rules import require_self_or

#: Unambiguous characters for codes read aloud or typed at a counter (no 0/O, 1/I/L).
CHANGE_SHOP = "volunteers.change_rewardshop"
CHANGE_PARTY = "volunteers.change_partymemberregistration"
ISSUE_CERTIFICATE = "volunteers.issue_certificate"

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int = 10) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def redeem_item(*, volunteer: Volunteer, item: RewardItem, quantity: int = 1, actor) -> Redemption:
    """Take points and stock in one transaction; locks the balance, then the item (always in
    this order, so two redemptions cannot deadlock). Constraints refuse negatives anyway."""
    require_self_or(actor, volunteer, CHANGE_SHOP, volunteer)
    if quantity < 1:
        raise DomainError(_("Redeem at least one."), code="invalid_quantity")
    with transaction.atomic():
        balance = VolunteerBalance.objects.select_for_update().get(volunteer_id=volunteer.pk)
        item = RewardItem.objects.select_for_update().get(pk=item.pk)
        if not item.is_active:
            raise ConflictError(_("This item is no longer on offer."), code="item_inactive")
        points = item.points_price * quantity
        if balance.points_balance < points:
            raise ConflictError(
                _("Not enough points: %(needed)s needed, %(balance)s available.")
                % {"needed": points, "balance": balance.points_balance},
                code="insufficient_points",
            )
        if item.stock < quantity:
            raise ConflictError(_("Not enough left in stock."), code="out_of_stock")
        RewardItem.objects.filter(pk=item.pk).update(stock=F("stock") - quantity)
        redemption = Redemption.objects.create(
            jurisdiction_id=volunteer.jurisdiction_id,
            volunteer=volunteer,
            item=item,
            quantity=quantity,
            points=points,
            code=new_code(),
        )
        PointsEntry.objects.create(
            jurisdiction_id=volunteer.jurisdiction_id,
            volunteer=volunteer,
            points=-points,
            reason=PointsReason.REDEMPTION,
            reference=f"redemption:{redemption.code}",
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _update_balance(volunteer, points=-points)
        log_event(
            "volunteers.redemption.created",
            actor=actor,
            target=redemption,
            target_label=redemption.code,
            new={"item": item.pk, "quantity": quantity, "points": points},
        )
    return redemption


def hand_over_redemption(*, code: str, actor) -> Redemption:
    """The shop confirms the hand-over by the code the volunteer shows. Only a keeper of that
    shop may: the permission over the organization of the item's station, not anywhere."""
    require(actor, CHANGE_SHOP, RewardItem)
    with transaction.atomic():
        redemption = (
            Redemption.objects.select_for_update()
            .filter(code=Redemption.normalize_code(code))
            .first()
        )
        if redemption is None:
            raise DomainError(_("No redemption has this code."), code="unknown_code")
        require(actor, CHANGE_SHOP, redemption.item)
        redemption.handed_over_at = timezone.now()
        redemption.handed_over_by = user_of(actor)
        transition(
            redemption,
            RedemptionStatus.HANDED_OVER,
            transitions=REDEMPTION_TRANSITIONS,
            actor=actor,
            event="volunteers.redemption.handed_over",
            fields=["handed_over_at", "handed_over_by"],
            target_label=redemption.code,
        )
    return redemption


def cancel_redemption(*, redemption: Redemption, actor) -> Redemption:
    """Give points and stock back for a redemption not yet handed over: the volunteer
    themself, or a keeper of the shop that holds the item (as for the hand-over)."""
    require_self_or(actor, redemption.volunteer, CHANGE_SHOP, redemption.item)
    with transaction.atomic():
        balance = VolunteerBalance.objects.select_for_update().get(
            volunteer_id=redemption.volunteer_id
        )
        redemption = lock(redemption)
        check(redemption, RedemptionStatus.CANCELLED, transitions=REDEMPTION_TRANSITIONS)
        RewardItem.objects.filter(pk=redemption.item_id).update(
            stock=F("stock") + redemption.quantity
        )
        PointsEntry.objects.create(
            jurisdiction_id=redemption.jurisdiction_id,
            volunteer_id=redemption.volunteer_id,
            points=redemption.points,
            reason=PointsReason.REDEMPTION_REFUND,
            reference=f"redemption:{redemption.code}",
            created_by=user_of(actor),
        )
        _update_balance(balance.volunteer, points=redemption.points)
        transition(
            redemption,
            RedemptionStatus.CANCELLED,
            transitions=REDEMPTION_TRANSITIONS,
            actor=actor,
            event="volunteers.redemption.cancelled",
            target_label=redemption.code,
        )
    return redemption


def issue_certificate(*, volunteer: Volunteer, team, actor, period_start=None, period_end=None):
    """A certificate of the hours `team` recorded (谁记录谁证明); the PDF is made in a job."""
    require(actor, ISSUE_CERTIFICATE, team)
    if period_start and period_end and period_end < period_start:
        raise field_error(
            "period_end", _("The period ends before it starts."), "period_end_before_start"
        )
    entries = ServiceHoursEntry.objects.filter(volunteer=volunteer, team=team)
    if period_start:
        entries = entries.filter(served_on__gte=period_start)
    if period_end:
        entries = entries.filter(served_on__lte=period_end)
    totals = entries.aggregate(hours=Sum("hours"))
    hours = totals["hours"] or 0
    if hours <= 0:
        raise DomainError(
            _(
                "This team has recorded no hours for the volunteer; only the team that recorded "
                "the hours can certify them."
            ),
            code="no_recorded_hours",
        )
    activity_count = (
        entries.filter(activity__isnull=False, reason="service")
        .exclude(reversed_by__isnull=False)
        .count()
    )
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    certificate = Certificate.objects.create(
                        jurisdiction_id=volunteer.jurisdiction_id,
                        volunteer=volunteer,
                        team=team,
                        verification_code=new_code(12),
                        hours=hours,
                        activity_count=activity_count,
                        period_start=period_start,
                        period_end=period_end,
                        issued_by=user_of(actor),
                    )
                break
            except IntegrityError:
                continue
        log_event(
            "volunteers.certificate.issued",
            actor=actor,
            target=certificate,
            target_label=certificate.verification_code,
            new={"volunteer": volunteer.pk, "team": team.pk, "hours": hours},
        )
        from wenming.core.jobs import start_job
        from wenming.volunteers.tasks import render_certificate

        start_job(
            render_certificate,
            jurisdiction=volunteer.jurisdiction,
            kind="volunteers.certificate",
            title=_("Certificate %(code)s") % {"code": certificate.verification_code},
            actor=actor,
            parameters={"certificate": certificate.pk},
            args=(certificate.pk,),
        )
    return certificate


def revoke_certificate(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Only the issuing team revokes: the permission on the team, not on the certificate (which
    the volunteer it certifies may read, but must not withdraw)."""
    require(actor, ISSUE_CERTIFICATE, certificate.team)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for revoking."), code="reason_required")
    with transaction.atomic():
        certificate = lock(certificate)
        certificate.revoked_at = timezone.now()
        certificate.revocation_reason = reason[:200]
        transition(
            certificate,
            CertificateStatus.REVOKED,
            transitions=CERTIFICATE_TRANSITIONS,
            actor=actor,
            event="volunteers.certificate.revoked",
            fields=["revoked_at", "revocation_reason"],
            target_label=certificate.verification_code,
            new={"reason": reason},
        )
    return certificate


def register_party_member(*, volunteer: Volunteer, community, employer, actor, on=None):
    """A Party member reports (报到) to the community where they live."""
    require_self_or(actor, volunteer, CHANGE_PARTY, community)
    with transaction.atomic():
        try:
            with transaction.atomic():
                registration = PartyMemberRegistration.objects.create(
                    jurisdiction_id=volunteer.jurisdiction_id,
                    volunteer=volunteer,
                    community=community,
                    employer=employer,
                    registered_on=on or timezone.localdate(),
                )
        except IntegrityError:
            raise ConflictError(
                _("This Party member is already registered with a community."),
                code="already_registered",
            ) from None
        if not volunteer.is_party_member:
            Volunteer.objects.filter(pk=volunteer.pk).update(is_party_member=True)
            if volunteer.user_id:
                # The member's own pages join their menu on the next page they open.
                transaction.on_commit(lambda: forget_menu(volunteer.user))
        log_event(
            "volunteers.party_registration.created",
            actor=actor,
            target=registration,
            target_label=volunteer.name_masked,
            new={"community": community.pk, "employer": employer.pk},
        )
    return registration


def claim_post(*, registration: PartyMemberRegistration, post: PartyPost, actor) -> PostClaim:
    """The member claims a post (认岗) of their community; places are counted under a lock."""
    require_self_or(actor, registration.volunteer, CHANGE_PARTY, post)
    if registration.status != PartyRegistrationStatus.ACTIVE:
        raise ConflictError(_("The registration has ended."), code="registration_ended")
    if post.community_id != registration.community_id:
        raise DomainError(
            _("Claim posts of the community you registered with."), code="other_community"
        )
    with transaction.atomic():
        post = PartyPost.objects.select_for_update().get(pk=post.pk)
        if post.claimed_count >= post.places:
            raise ConflictError(_("All places of this post are taken."), code="post_full")
        try:
            with transaction.atomic():
                claim = PostClaim.objects.create(
                    jurisdiction_id=registration.jurisdiction_id,
                    registration=registration,
                    post=post,
                )
        except IntegrityError:
            raise ConflictError(
                _("You have already claimed this post."), code="already_claimed"
            ) from None
        PartyPost.objects.filter(pk=post.pk).update(claimed_count=F("claimed_count") + 1)
        log_event(
            "volunteers.post.claimed",
            actor=actor,
            target=post,
            new={"registration": registration.pk},
        )
    return claim
