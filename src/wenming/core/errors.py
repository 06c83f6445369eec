"""Domain errors: raised by actions, turned into 4xx by views and the API."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Something the user asked for cannot be done; `message` says why, in their language."""

    status_code = 400
    code = "invalid_request"

    def __init__(self, message: Any, *, code: str | None = None, details: Any = None):
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code
        self.details = details


class ConflictError(DomainError):
    """The request conflicts with the current state (a duplicate, a race lost)."""

    status_code = 409
    code = "conflict"


class TransitionError(ConflictError):
    """A status change that the transition table does not allow from the current state."""

    code = "invalid_transition"


def check_transition(transitions: dict, current: str, target: str, *, label: Any = None) -> None:
    """Refuse `current → target` unless `transitions[current]` lists it."""
    if target not in transitions.get(current, ()):
        from django.utils.translation import gettext as _

        raise TransitionError(
            _("This cannot be done while the status is “%(status)s”.")
            % {"status": label if label is not None else current},
            details={"from": current, "to": target},
        )


def field_error(field: str | None, message: Any, code: str, params: dict | None = None):
    """A Django `ValidationError` for one field (or the whole form when `field` is None) with a
    stable `code`, which forms show beside the field and the API returns as `code`."""
    from django.core.exceptions import ValidationError

    error = ValidationError(message, code=code, params=params)
    return error if field is None else ValidationError({field: error})
