import pytest

from wenming.core.tests.e2e.conftest import login, screenshot


@pytest.mark.e2e
def test_login_page_loads_the_theme(page, live_server, e2e_world):
    page.goto(f"{live_server.url}/accounts/login/")
    color = page.evaluate(
        "getComputedStyle(document.querySelector('.btn-primary')).backgroundColor"
    )
    assert color not in ("", "rgba(0, 0, 0, 0)", "rgb(239, 239, 239)")
    screenshot(page, "core-login")
    login(page, live_server, "admin")
    screenshot(page, "core-home")
