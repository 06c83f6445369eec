"""Chinese from any entry point: catalogues compile on first use, seeded records are Chinese."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django_scopes import scopes_disabled

from wenming.core.catalogues import compile_catalogues, stale_catalogues
from wenming.core.models import Jurisdiction
from wenming.core.seed import SeedContext, load_calendar, run_seeders

SRC = Path(__file__).resolve().parents[2]


def test_a_missing_or_older_catalogue_is_compiled_and_a_fresh_one_left_alone(tmp_path):
    # Given a package whose catalogue was never compiled
    folder = tmp_path / "places" / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(SRC / "places" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po", folder)
    assert stale_catalogues(tmp_path) == [folder / "django.po"]
    # When it is compiled, then the .mo translates, and a second run does nothing
    assert compile_catalogues(tmp_path) == 1
    assert (folder / "django.mo").stat().st_size > 0
    assert compile_catalogues(tmp_path) == 0
    assert not list(folder.glob(".django.mo.*"))
    # When the .po changes afterwards, then it is compiled again
    mo_time = (folder / "django.mo").stat().st_mtime
    (folder / "django.po").touch()
    import os

    os.utime(folder / "django.po", (mo_time + 10, mo_time + 10))
    assert compile_catalogues(tmp_path) == 1


def test_the_platform_started_with_every_catalogue_compiled():
    # The core app compiles at start-up, so nothing is left stale in this very process.
    assert stale_catalogues() == []
    with translation.override("zh-hans"):
        assert translation.gettext("Work-order statistics") == "工单统计"


@pytest.mark.django_db
def test_seeded_records_are_chinese_with_english_active():
    # Given English active in the shell that seeds
    with scopes_disabled():
        jurisdiction = Jurisdiction.objects.create(code="410482", name="汝州市")
        admin = get_user_model().objects.create_user(
            username="admin",
            password="x-demo-2026",
            jurisdiction=jurisdiction,
            is_office_admin=True,
        )
    load_calendar(jurisdiction)
    with translation.override("en"):
        run_seeders(
            SeedContext(
                jurisdiction=jurisdiction,
                scale="small",
                random=random.Random(7),
                admin=admin,
                password="x-demo-2026",
                write=lambda *args, **kwargs: None,
            )
        )
    # Then the findings written into work orders read in Chinese
    from wenming.workorders.models import WorkOrder

    with scopes_disabled():
        descriptions = list(WorkOrder.objects.values_list("description", flat=True))
    assert any("未达标" in text for text in descriptions)
    english = [text for text in descriptions if re.search(r"[A-Za-z]{3,}", text)]
    assert not english, english[:5]
