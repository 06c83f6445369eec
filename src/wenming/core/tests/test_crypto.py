import hashlib
import hmac
import re

import pytest
from cryptography.fernet import Fernet
from django.apps.registry import Apps
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.test import override_settings

from wenming.core.crypto import (
    DecryptionError,
    EncryptedTextField,
    decrypt,
    encrypt,
    keyed_hash,
    keyed_hash_candidates,
)

CURRENT_KEY = Fernet.generate_key().decode()
OLD_KEY = Fernet.generate_key().decode()

isolated_apps = Apps(installed_apps=[])


class Volunteer(models.Model):
    id_number = EncryptedTextField(blank=True, null=True)
    id_number_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        apps = isolated_apps
        app_label = "crypto_tests"

    def __str__(self) -> str:
        return f"Volunteer {self.pk}"


@pytest.fixture(autouse=True)
def field_key():
    with override_settings(WENMING_FIELD_KEY=CURRENT_KEY, WENMING_FIELD_KEYS_OLD=[]):
        yield


@pytest.mark.parametrize("text", ["410482199001011232", "张小三", "", "a" * 5000])
def test_encrypt_then_decrypt_returns_the_text(text):
    token = encrypt(text)

    assert token != text
    assert decrypt(token) == text


def test_two_encryptions_differ_but_keyed_hashes_are_equal():
    assert encrypt("410482199001011232") != encrypt("410482199001011232")
    assert keyed_hash("410482199001011232") == keyed_hash("410482199001011232")
    assert keyed_hash("410482199001011232") != keyed_hash("11010519491231002X")


def test_keyed_hash_is_hex_sha256_and_not_keyed_with_the_field_key_itself():
    digest = keyed_hash("410482199001011232")

    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest != hashlib.sha256(b"410482199001011232").hexdigest()
    naive = hmac.new(CURRENT_KEY.encode(), b"410482199001011232", hashlib.sha256).hexdigest()
    assert digest != naive


def test_keyed_hash_depends_on_the_key():
    before = keyed_hash("410482199001011232")

    with override_settings(WENMING_FIELD_KEY=OLD_KEY):
        after = keyed_hash("410482199001011232")

    assert before != after


def test_old_keys_still_decrypt_after_rotation():
    with override_settings(WENMING_FIELD_KEY=OLD_KEY):
        token = encrypt("410482199001011232")
        old_hash = keyed_hash("410482199001011232")

    with override_settings(WENMING_FIELD_KEYS_OLD=[OLD_KEY]):
        assert decrypt(token) == "410482199001011232"
        assert keyed_hash_candidates("410482199001011232") == [
            keyed_hash("410482199001011232"),
            old_hash,
        ]

    with pytest.raises(DecryptionError):
        decrypt(token)


@pytest.mark.parametrize("token", ["not a token", "gAAAAABtampered", "密文"])
def test_decrypt_rejects_foreign_tokens_without_repeating_them(token):
    with pytest.raises(DecryptionError) as caught:
        decrypt(token)

    assert token not in str(caught.value)


@pytest.mark.parametrize("key", [None, "", "too-short"])
def test_a_missing_or_malformed_key_is_a_configuration_error(key):
    with override_settings(WENMING_FIELD_KEY=key), pytest.raises(ImproperlyConfigured):
        encrypt("x")


def test_the_field_stores_ciphertext_and_returns_plaintext():
    field = Volunteer._meta.get_field("id_number")

    stored = field.get_prep_value("410482199001011232")

    assert "410482199001011232" not in stored
    assert decrypt(stored) == "410482199001011232"
    assert field.from_db_value(stored, None, None) == "410482199001011232"
    assert field.to_python("410482199001011232") == "410482199001011232"


@pytest.mark.parametrize("value", [None, ""])
def test_the_field_passes_none_and_empty_through(value):
    field = Volunteer._meta.get_field("id_number")

    assert field.get_prep_value(value) == value
    assert field.from_db_value(value, None, None) == value
    assert field.to_python(value) == value


def test_the_field_deconstructs_for_migrations():
    field = Volunteer._meta.get_field("id_number")

    name, path, args, kwargs = field.deconstruct()
    rebuilt = EncryptedTextField(*args, **kwargs)

    assert (name, path) == ("id_number", "wenming.core.crypto.EncryptedTextField")
    assert kwargs == {"blank": True, "null": True}
    assert (rebuilt.blank, rebuilt.null) == (True, True)


@pytest.mark.parametrize(
    "lookup",
    [
        "id_number",
        "id_number__exact",
        "id_number__iexact",
        "id_number__contains",
        "id_number__startswith",
        "id_number__in",
        "id_number__lower",
    ],
)
def test_filtering_on_ciphertext_raises_a_clear_error(lookup):
    with pytest.raises(FieldError, match=r"keyed-hash|ciphertext"):
        Volunteer.objects.filter(**{lookup: ["410482199001011232"]})


def test_isnull_is_the_one_allowed_lookup():
    queryset = Volunteer.objects.filter(id_number__isnull=True)

    assert queryset.query.where


def test_the_field_refuses_to_be_unique_or_indexed():
    local_apps = Apps(installed_apps=[])

    class UniqueSecret(models.Model):
        secret = EncryptedTextField(unique=True)

        class Meta:
            apps = local_apps
            app_label = "crypto_tests"

        def __str__(self) -> str:
            return f"UniqueSecret {self.pk}"

    errors = UniqueSecret._meta.get_field("secret").check()

    assert [error.id for error in errors] == ["wenming.E001"]
