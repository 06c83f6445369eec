"""Volunteer API: the reward shop (爱心超市). Registered on the volunteers router (see the end
of `api.py`).

A volunteer redeems for themself and may cancel their own redemption before the hand-over; a
keeper (`volunteers.change_rewardshop` over the organization of the item's station) hands it
over by the code the volunteer shows, or cancels it. A redemption at another unit's shop is not
found, whatever the keeper's permission elsewhere.
"""

import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination
from wenming.core.permissions import has_perm
from wenming.volunteers import actions, queries
from wenming.volunteers.api import router
from wenming.volunteers.models import Redemption, RewardItem
from wenming.volunteers.rules import is_self

VIEW_SHOP = "volunteers.view_rewardshop"
CHANGE_SHOP = "volunteers.change_rewardshop"


class RewardItemOut(Schema):
    id: int
    name: str
    station_id: UUID
    station_name: str
    points_price: int
    stock: int
    is_active: bool


class RedeemIn(Schema):
    quantity: int = Field(1, ge=1, le=100)


class HandOverIn(Schema):
    code: str = Field(..., min_length=1, max_length=32, description="The code the volunteer shows")


class RedemptionOut(Schema):
    id: int
    volunteer_id: UUID
    item_id: int
    item_name: str
    quantity: int
    points: int
    code: str
    status: str
    created_at: datetime.datetime
    handed_over_at: datetime.datetime | None


def _redemption_out(redemption: Redemption) -> dict:
    return {
        "id": redemption.pk,
        "volunteer_id": redemption.volunteer.public_id,
        "item_id": redemption.item_id,
        "item_name": redemption.item.name,
        "quantity": redemption.quantity,
        "points": redemption.points,
        "code": redemption.code,
        "status": redemption.status,
        "created_at": redemption.created_at,
        "handed_over_at": redemption.handed_over_at,
    }


def _redemption(pk: int) -> Redemption:
    return Redemption.objects.select_related("volunteer", "item__station__organization").get(pk=pk)


def _keeps_shop_of(request, redemption: Redemption | None) -> bool:
    return redemption is not None and has_perm(request.user, CHANGE_SHOP, redemption.item)


@router.get(
    "/reward-items",
    response={200: list[RewardItemOut], **COMMON_ERRORS},
    summary="Items of the reward shop: on offer to a volunteer; all of their shops to keepers",
)
@paginate(Pagination)
def list_reward_items(request):
    items = RewardItem.objects.restrict(request.user, VIEW_SHOP)
    if queries.volunteer_of(request.user) is not None:
        items = items | RewardItem.objects.filter(is_active=True, stock__gt=0)
    return [
        {
            "id": item.pk,
            "name": item.name,
            "station_id": item.station.public_id,
            "station_name": item.station.name,
            "points_price": item.points_price,
            "stock": item.stock,
            "is_active": item.is_active,
        }
        for item in items.select_related("station").order_by("station__name", "points_price", "id")
    ]


@router.post(
    "/reward-items/{item_id}/redemptions",
    response={201: RedemptionOut, **WRITE_ERRORS},
    summary="Redeem points for an item (the volunteer themself); answers the code to show",
    description=(
        "409 `insufficient_points`, `out_of_stock`, `item_inactive`. Points and stock are taken "
        "under a lock: parallel requests never take the balance or the stock below zero. 403 "
        "for an account without a volunteer record."
    ),
)
def redeem_item(request, item_id: Id, payload: RedeemIn):
    volunteer = queries.volunteer_of(request.user)
    if volunteer is None:
        raise PermissionDenied
    item = get_object_or_404(RewardItem, pk=item_id)
    redemption = actions.redeem_item(
        volunteer=volunteer, item=item, quantity=payload.quantity, actor=request.user
    )
    return Status(201, _redemption_out(_redemption(redemption.pk)))


@router.post(
    "/redemptions/hand-over",
    response={200: RedemptionOut, **WRITE_ERRORS},
    summary="Hand a redemption over at the shop, by the code the volunteer shows",
    description=(
        "404 when no redemption of the caller's shops has this code; 409 `invalid_transition` "
        "when it was handed over or cancelled already."
    ),
)
def hand_over_redemption(request, payload: HandOverIn):
    if not has_perm(request.user, CHANGE_SHOP, RewardItem):
        raise PermissionDenied
    code = Redemption.normalize_code(payload.code)
    if not _keeps_shop_of(request, Redemption.objects.filter(code=code).first()):
        raise Http404
    redemption = actions.hand_over_redemption(code=code, actor=request.user)
    return _redemption_out(_redemption(redemption.pk))


@router.post(
    "/redemptions/{redemption_id}/cancel",
    response={200: RedemptionOut, **WRITE_ERRORS},
    summary="Cancel a redemption not yet handed over: points and stock go back",
    description=(
        "The volunteer themself, or a keeper of the item's shop. 409 `invalid_transition` when "
        "it was handed over or cancelled already."
    ),
)
def cancel_redemption(request, redemption_id: Id):
    redemption = Redemption.objects.select_related("volunteer").filter(pk=redemption_id).first()
    if redemption is None or not (
        is_self(request.user, redemption.volunteer) or _keeps_shop_of(request, redemption)
    ):
        raise Http404
    actions.cancel_redemption(redemption=redemption, actor=request.user)
    return _redemption_out(_redemption(redemption.pk))
