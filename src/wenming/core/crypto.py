"""Field-level encryption for personal data (ID numbers, phone numbers) and keyed hashes for lookup.

Why: volunteers' and clients' ID numbers must be held encrypted and shown masked, so a database
dump or a backup alone does not leak them. Fernet gives authenticated encryption with a random
IV, so the same plaintext encrypts differently every time; that is why exact lookups go through
``keyed_hash`` stored in a separate column instead of through the ciphertext.

Settings:

``WENMING_FIELD_KEY``
    The current key: a url-safe base64 32-byte Fernet key (``Fernet.generate_key().decode()``).
``WENMING_FIELD_KEYS_OLD``
    Optional list of previous keys. They still decrypt, so a key can be rotated without
    downtime; rows are re-encrypted and re-hashed by a later job.
"""

import base64
import hashlib
import hmac
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models

# Changing this label changes every keyed hash: it separates the lookup key from the Fernet key.
KEYED_HASH_LABEL = b"wenming.core.crypto.keyed_hash.v1"


class DecryptionError(ValueError):
    """A token that no configured key can decrypt (wrong key, truncated or tampered value)."""


def _configured_keys() -> tuple[str, ...]:
    """The current key first, then the old ones, as configured in settings."""
    current_key = getattr(settings, "WENMING_FIELD_KEY", None)
    if not current_key:
        raise ImproperlyConfigured(
            "WENMING_FIELD_KEY is not set; generate one with "
            "`python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`."
        )
    old_keys: Sequence[str] = getattr(settings, "WENMING_FIELD_KEYS_OLD", None) or ()
    return (current_key, *old_keys)


@lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    """Build (once per key set) the MultiFernet that encrypts with the first key."""
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "WENMING_FIELD_KEY and WENMING_FIELD_KEYS_OLD must be url-safe base64 32-byte "
            "Fernet keys."
        ) from error


@lru_cache(maxsize=8)
def _hash_key(field_key: str) -> bytes:
    """Derive the HMAC key from a field key with HKDF, so the two keys are never the same."""
    try:
        key_material = base64.urlsafe_b64decode(field_key)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured("WENMING_FIELD_KEY is not url-safe base64.") from error
    derivation = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEYED_HASH_LABEL)
    return derivation.derive(key_material)


def encrypt(text: str) -> str:
    """Encrypt with the current key; the result is ASCII and differs on every call."""
    return _multi_fernet(_configured_keys()).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token made with the current or any old key."""
    try:
        plaintext = _multi_fernet(_configured_keys()).decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        # The token itself is not repeated: a wrongly stored plaintext could be personal data.
        raise DecryptionError(
            "The value cannot be decrypted with WENMING_FIELD_KEY or WENMING_FIELD_KEYS_OLD."
        ) from None
    return plaintext.decode("utf-8")


def _hmac_hex(field_key: str, text: str) -> str:
    """HMAC-SHA256 under the key derived from one field key (validated like for encryption)."""
    _multi_fernet((field_key,))
    return hmac.new(_hash_key(field_key), text.encode("utf-8"), hashlib.sha256).hexdigest()


def keyed_hash(text: str) -> str:
    """Deterministic HMAC-SHA256 (hex) of already-normalised text, for exact lookups.

    Normalise first (``normalize_id_number``), or the same person hashes differently.
    A plain SHA-256 would not do: 18-digit ID numbers are few enough to be enumerated.
    """
    return _hmac_hex(_configured_keys()[0], text)


def keyed_hash_candidates(text: str) -> list[str]:
    """Hashes under the current and every old key, for ``hash__in=`` lookups during rotation."""
    return [_hmac_hex(key, text) for key in _configured_keys()]


class EncryptedTextField(models.TextField):
    """A text column that holds Fernet ciphertext and gives plaintext to Python code.

    The database cannot compare ciphertext, so every lookup but ``isnull`` raises FieldError;
    pair the field with a ``CharField(max_length=64, db_index=True)`` holding ``keyed_hash``.
    ``None`` and ``""`` are stored as they are, so blank values stay cheap to find.
    """

    description = "Text encrypted with the WENMING_FIELD_KEY"

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if self.unique or self.db_index or self.primary_key:
            errors.append(
                checks.Error(
                    "EncryptedTextField cannot be unique, indexed or a primary key: every "
                    "encryption of a value differs.",
                    hint="Put unique=True or db_index=True on the keyed-hash field instead.",
                    obj=self,
                    id="wenming.E001",
                )
            )
        return errors

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value: Any) -> str | None:
        # Forms and deserialisation hand over plaintext; ciphertext only ever comes from the
        # database, through from_db_value.
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)  # TextField runs to_python
        if value is None or value == "":
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(
                f"Cannot filter on the encrypted field '{self.name}' with '__{lookup_name}': "
                "the database holds only ciphertext. Filter on its keyed-hash field instead "
                "(keyed_hash() of the normalised value), or use '__isnull'."
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(
            f"Cannot apply '__{lookup_name}' to the encrypted field '{self.name}': the database "
            "holds only ciphertext."
        )
