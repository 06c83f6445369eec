"""Status changes written once: the shape every stateful action shares.

An action locks the row it reads-then-writes (`lock`), runs its own checks, sets the fields it
stamps and calls `transition`, which refuses a move the app's `TRANSITIONS` table does not list,
sets the status, saves only the named fields, writes the audit event and schedules the side
effects for after the commit (Zulip's `do_*` actions, pretix's order state changes)::

    with transaction.atomic():
        evidence = lock(evidence)
        evidence.reviewed_at = timezone.now()
        transition(
            evidence,
            EvidenceStatus.ACCEPTED,
            transitions=EVIDENCE_TRANSITIONS,
            actor=actor,
            event="standards.evidence.accepted",
            fields=["reviewed_at"],
        )

It opens no transaction of its own (a savepoint would cost two statements per change): the
caller's `transaction.atomic()` holds the lock until the commit, and `transition` refuses to
run outside one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import transaction

from wenming.core.audit import log_event
from wenming.core.errors import check_transition

Model = TypeVar("Model")


def lock(obj: Model, *, related: Iterable[str] = ()) -> Model:
    """`obj` read again under a row lock (`select_for_update`), with `related` joined in."""
    queryset = type(obj)._default_manager.select_for_update()  # type: ignore[attr-defined]
    related = tuple(related)
    if related:
        queryset = queryset.select_related(*related)
    return queryset.get(pk=obj.pk)  # type: ignore[attr-defined]


def check(obj, target: str, *, transitions: dict, field: str = "status") -> None:
    """Refuse `obj.<field> → target` unless `transitions` lists it; the message names the
    current status as the user sees it."""
    current = getattr(obj, field)
    display = getattr(obj, f"get_{field}_display", None)
    check_transition(
        transitions, current, target, label=display() if callable(display) else current
    )


def transition(
    obj: Model,
    target: str,
    *,
    transitions: dict,
    actor,
    event: str | None,
    fields: Iterable[str] = (),
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    target_label: str | None = None,
    on_commit: Callable[[], Any] | Iterable[Callable[[], Any]] | None = None,
    field: str = "status",
) -> Model:
    """Move locked `obj` to `target` and return it.

    Checks the move against `transitions` (`TransitionError`, with the current status in the
    message), sets `obj.<field>`, saves `field`, `fields` and `updated_at` only, writes the
    audit `event` (none when `event` is None: the caller records its own history) with `old`,
    `new` and `target_label`, and schedules `on_commit` (one callable or several) to run after
    the commit, so nothing is sent for a change that was rolled back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "A status change runs inside the action's transaction.atomic()."
        )
    check(obj, target, transitions=transitions, field=field)
    setattr(obj, field, target)
    update_fields = [field, *(name for name in fields if name not in (field, "updated_at"))]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):  # type: ignore[attr-defined]
        update_fields.append("updated_at")
    obj.save(update_fields=update_fields)  # type: ignore[attr-defined]
    if event is not None:
        log_event(event, actor=actor, target=obj, old=old, new=new, target_label=target_label)
    if on_commit is not None:
        for callback in [on_commit] if callable(on_commit) else on_commit:
            transaction.on_commit(callback)
    return obj
