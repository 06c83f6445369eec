import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django_scopes import scope

from wenming.core.models import CalendarDay, Jurisdiction
from wenming.organizations.models import Division, Organization, Person


@pytest.mark.django_db(transaction=True)
def test_seed_small_is_deterministic_and_idempotent(capsys, monkeypatch):
    monkeypatch.setenv("WENMING_ADMIN_PASSWORD", "demo-password-2026")
    call_command("seed", "--scale", "small", "--seed", "7")
    jurisdiction = Jurisdiction.objects.get(code="410482")
    with scope(jurisdiction=jurisdiction):
        first = sorted(Organization.objects.values_list("name", "credit_code", "path"))
        townships = Division.objects.filter(level="township").count()
        villages = Division.objects.filter(level="village").count()
        units = Organization.objects.filter(kind="responsible_unit").count()
        people = Person.objects.count()
        holidays = CalendarDay.objects.count()
    assert townships == 21
    assert villages == 46
    assert units == 15
    assert holidays > 50
    call_command("seed", "--scale", "small", "--seed", "7")
    with scope(jurisdiction=jurisdiction):
        assert sorted(Organization.objects.values_list("name", "credit_code", "path")) == first
        assert Person.objects.count() == people


def test_check_deploy_passes_with_production_settings(tmp_path):
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "wenming.example.gov.cn",
        "WENMING_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wenming.config.cli",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
