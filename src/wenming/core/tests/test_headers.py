"""Security headers: Content-Security-Policy without inline scripts, Permissions-Policy per page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from wenming.core.headers import content_security_policy, permissions_policy, tile_sources
from wenming.testing import client_for

PACKAGE = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def _templates() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("templates/**/*.html") if ".venv" not in p.parts)


# An inline <script> is one without src= that is not a data block (json_script).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_no_template_has_inline_script_handlers_or_javascript_urls():
    # given every template of every app
    templates = _templates()
    assert len(templates) > 50
    # when we look for code the CSP would block
    offenders = []
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, re.compile(r"javascript:", re.I)):
            offenders += [
                f"{template.relative_to(PACKAGE)}: {m.group(0)}" for m in pattern.finditer(text)
            ]
        offenders += [
            f"{template.relative_to(PACKAGE)}: hx-on" for _ in re.finditer(r"hx-on", text)
        ]
    # then there is none: scripts live in static files
    assert offenders == []


def test_tile_sources_turn_placeholders_into_a_wildcard_host():
    assert tile_sources("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "https://*.tile.openstreetmap.org"
    ]
    assert tile_sources("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=abc") == [
        "https://*.tianditu.gov.cn"
    ]
    assert tile_sources("https://t0.tianditu.gov.cn/vec_w/wmts?x={x}") == [
        "https://t0.tianditu.gov.cn"
    ]
    assert tile_sources("/tiles/{z}/{x}/{y}.png") == []
    assert tile_sources("") == []


def test_the_policy_allows_the_configured_tile_host_and_no_inline_script(settings):
    settings.WENMING_MAP_TILE_URL = "https://t3.tianditu.gov.cn/img_w/wmts?tk=key&x={x}"
    settings.WENMING_CSP_IMG_SOURCES = ["https://files.example.cn"]
    directives = _directives(content_security_policy())
    assert directives["script-src"] == ["'self'"]
    assert "https://t3.tianditu.gov.cn" in directives["img-src"]
    assert "https://files.example.cn" in directives["img-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_photos_from_object_storage_are_allowed_when_files_live_there(settings):
    # given files in S3-compatible storage, which the pages show through signed URLs
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "wenming", "endpoint_url": "https://oss.example.cn:9000"},
        },
    }
    # then the images may come from there
    images = _directives(content_security_policy())["img-src"]
    assert "https://oss.example.cn:9000" in images
    assert "https://*.oss.example.cn:9000" in images


@pytest.mark.django_db
def test_the_login_page_sends_csp_permissions_referrer_and_nosniff():
    # when anyone opens the login page
    response = Client().get("/accounts/login/")
    # then every security header is there
    assert response.status_code == 200
    directives = _directives(response["Content-Security-Policy"])
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    # No tile service is configured: no image host outside the site is allowed.
    assert not [source for source in directives["img-src"] if source.startswith("http")]
    assert response["Permissions-Policy"] == permissions_policy()
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_residents_report_page_may_ask_for_the_location(world):
    response = Client().get("/report/")
    assert response.status_code == 200
    policy = response["Permissions-Policy"]
    assert "geolocation=(self)" in policy
    assert "camera=()" in policy and "microphone=()" in policy and "payment=()" in policy


def test_a_page_without_location_does_not_get_it(world):
    staff = world.member(world.office, [], scope="jurisdiction")
    response = client_for(staff).get("/")
    assert response.status_code == 200
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_the_api_docs_are_served_from_this_site_without_inline_script(settings):
    # given the docs page of the API
    response = Client().get("/api/v1/docs")
    # then its scripts come from /static/ (no CDN, no inline code) and the policy is the default
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert sources and all(source.startswith("/static/") for source in sources)
    assert INLINE_SCRIPT.search(html) is None
    assert _directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]
