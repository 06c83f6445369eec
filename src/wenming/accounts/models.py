"""Accounts: users, personal API tokens, one-time password reset links."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.core import versions
from wenming.core.crypto import EncryptedTextField
from wenming.core.models import Jurisdiction


class User(AbstractUser):
    """An account. Belongs to one jurisdiction; platform operators may have none."""

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("jurisdiction"),
    )
    display_name = models.CharField(_("name"), max_length=50, blank=True)
    totp_secret = EncryptedTextField(blank=True, editable=False)
    totp_enabled = models.BooleanField(_("two-factor login"), default=False)
    is_office_admin = models.BooleanField(
        _("office administrator"),
        default=False,
        help_text=_("Administers the platform for the jurisdiction."),
    )
    # The language the person chose with the switch (empty: Chinese, whatever the browser says),
    # remembered here so that it follows them to another device.
    language = models.CharField(
        _("language"), max_length=10, blank=True, default="", editable=False
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    #: Saving any of these outdates the person's API tokens cached by the workers
    #: (`accounts.tokens`): a deactivated account or a changed password is refused at once.
    SIGN_IN_FIELDS = frozenset({"is_active", "password", "jurisdiction"})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or self.SIGN_IN_FIELDS.intersection(fields):
            versions.bump(versions.user_key(self.pk))

    def delete(self, *args, **kwargs):
        pk = self.pk
        result = super().delete(*args, **kwargs)
        versions.bump(versions.user_key(pk))
        return result


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the key is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        versions.bump(versions.user_key(self.user_id))  # revoked, re-dated: read it again

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        versions.bump(versions.user_key(self.user_id))
        return result

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class PasswordResetLink(models.Model):
    """A one-time link an administrator issues so that a person can set a new password, or a
    code sent by text message (only when a real SMS gateway is configured).

    Only a SHA-256 of the key is stored; a link's key is shown once, to the administrator who
    issued it. Each works once, until `expires_at` (24 hours for a link, 10 minutes for a code),
    and issuing a new one for the same person retires the earlier ones of the same channel.
    """

    class Channel(models.TextChoices):
        LINK = "link", _("link from an administrator")
        SMS = "sms", _("text message")

    #: Not owned by an organization: issuing one needs a jurisdiction-wide grant.
    scope_path = None

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_reset_links")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.LINK)
    key_hash = models.CharField(max_length=64, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("password reset link")
        verbose_name_plural = _("password reset links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
