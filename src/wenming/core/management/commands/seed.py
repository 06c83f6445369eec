"""`wenming seed --scale small|ruzhou [--seed N]`: the office administrator and the demo city."""

from __future__ import annotations

import os
import random
import secrets
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import translation

from wenming.core.models import Jurisdiction
from wenming.core.seed import SCALES, SeedContext, load_calendar, run_seeders


class Command(BaseCommand):
    help = "Create the office administrator and a deterministic demo city (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument(
            "--no-demo", action="store_true", help="Only the jurisdiction and the administrator."
        )

    def handle(self, *args, scale, seed, no_demo, **options):
        translation.activate("zh-hans")
        started = time.monotonic()
        jurisdiction, _ = Jurisdiction.objects.get_or_create(
            code="410482", defaults={"name": "汝州市", "parent_name": "平顶山市"}
        )
        User = get_user_model()
        password = os.environ.get("WENMING_ADMIN_PASSWORD", "")
        admin = User.objects.filter(username="admin").first()
        generated = False
        if admin is None:
            if not password:
                password = secrets.token_urlsafe(9) + "7a"
                generated = True
            admin = User.objects.create_user(
                username="admin",
                password=password,
                jurisdiction=jurisdiction,
                display_name="系统管理员",
                is_office_admin=True,
                is_staff=True,
            )
            password_path = None
            if generated:
                from django.conf import settings

                password_path = settings.VAR_DIR / "admin_password"
                password_path.write_text(password)
                password_path.chmod(0o600)
        elif password:
            admin.set_password(password)
            admin.save(update_fields=["password"])
        else:
            from django.conf import settings

            stored = settings.VAR_DIR / "admin_password"
            password = stored.read_text().strip() if stored.exists() else ""
        load_calendar(jurisdiction)
        if not no_demo:
            context = SeedContext(
                jurisdiction=jurisdiction,
                scale=scale,
                random=random.Random(seed),
                admin=admin,
                password=password or secrets.token_urlsafe(12),
                write=self.stdout.write,
            )
            run_seeders(context)
        self.stdout.write(
            self.style.SUCCESS(
                f"seeded {jurisdiction.name} ({scale}) in {time.monotonic() - started:.1f}s"
            )
        )
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"administrator: admin / {password}  (also in var/admin_password)"
                )
            )
        elif password:
            self.stdout.write(
                f"administrator: admin / {'(from WENMING_ADMIN_PASSWORD)' if os.environ.get('WENMING_ADMIN_PASSWORD') else password}"
            )
