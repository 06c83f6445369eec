"""Accessibility of the key pages: axe-core's WCAG 2.1 A/AA rules, and text enlarged to 200 %.

Public services in China are expected to meet GB/T 37668 (in line with WCAG 2.1 AA) and the
office's staff include older people with weaker sight (适老化). axe-core is vendored for these
tests only (`vendor/axe-core`, ADR 0027) and evaluated in the page, which the
Content-Security-Policy allows (it is the browser's own evaluation, not a page script).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wenming.core.tests.e2e.fixtures import login, screenshot

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: What fails the test: axe's two highest impacts.
FAILING_IMPACTS = {"serious", "critical"}

ANONYMOUS_PAGES = ["/accounts/login/", "/report/", "/report/status/"]
OFFICE_PAGES = [
    "/",
    "/workorders/",
    "/workorders/intake/",
    "/workorders/kpi/",
    "/places/sites/",
    "/places/roads/",
    "/organizations/list/",
]


def axe_violations(page) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations of the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): "
        + "; ".join(_describe(node) for node in violation["nodes"][:5])
        + f" … {len(violation['nodes'])} element(s)"
        for violation in result["violations"]
        if violation["impact"] in FAILING_IMPACTS
    ]


def _describe(node) -> str:
    """The element, and for a contrast failure its colours and ratio (what to fix)."""
    data = next((check.get("data") for check in node.get("any", []) if check.get("data")), None)
    if isinstance(data, dict) and "contrastRatio" in data:
        return (
            f"{node['target'][0]} [{data.get('fgColor')} on {data.get('bgColor')}:"
            f" {data.get('contrastRatio')}]"
        )
    return str(node["target"][0])


def text_overflow_at_200_percent(page) -> list[str]:
    """With the text at 200 % (the root font size doubled), nothing makes the page scroll
    sideways: wide tables scroll inside their own frame, text wraps."""
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    return [f"{page.url}: {overflow}px wider than the window at 200 % text"] if overflow > 1 else []


def check(page, live_server, paths, name):
    problems = []
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        problems.extend(axe_violations(page))
        problems.extend(text_overflow_at_200_percent(page))
        slug = path.strip("/").replace("/", "-") or "home"
        screenshot(page, f"{name}-{slug}")
    return problems


@pytest.fixture
def city(seed_city):
    return seed_city(("wenming.organizations", "wenming.places", "wenming.workorders"))


@pytest.mark.e2e
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_key_pages_meet_wcag_21_aa(device, request, live_server, city):
    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    problems = check(page, live_server, ANONYMOUS_PAGES, f"core-a11y-anonymous-{device}")
    login(page, live_server, "office")
    problems += check(page, live_server, OFFICE_PAGES, f"core-a11y-office-{device}")
    assert not problems, "\n".join(problems)


@pytest.mark.e2e
def test_axe_finds_what_it_should(page, live_server, e2e_world):
    # A page with grey-on-white text too faint to read: the check is not blind.
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const p = document.createElement('p'); p.textContent = '浅色文字';"
        " p.style.color = '#dddddd'; document.body.appendChild(p); }"
    )
    assert any("color-contrast" in problem for problem in axe_violations(page))
