"""In the browser: a scorer opens 我的观摩评分 on a 390 px phone, picks a stop, is told in
Chinese which item is over its maximum, scores it and sees their own score; the office follows
the progress at 1440 px (who has scored, not the points), closes the tour and reads the ranks."""

import pytest
from django_scopes import scopes_disabled

from wenming.assessments.models import TourScoreSet
from wenming.assessments.tests.helpers import make_tour, score
from wenming.core.permissions import RoleScope
from wenming.core.tests.e2e.fixtures import expect, login, screenshot, url


@pytest.mark.e2e
def test_a_scorer_scores_a_stop_on_a_phone(phone_page, live_server, e2e_world):
    world = e2e_world.world
    scorer = e2e_world.member(world.unit, [], username="scorer")
    other = e2e_world.member(world.sibling_unit, [], username="panel2")
    tour = make_tour(world, [scorer, other])
    score(tour, other, world.unit, [39, 59])  # someone else's points, never shown to the scorer
    page = phone_page

    login(page, live_server, "scorer")
    page.goto(url(live_server, "/assessments/tours/mine/"))
    expect(page.get_by_role("heading", name="我的观摩评分")).to_be_visible()
    expect(page.get_by_text("已评 0 / 2 个观摩点")).to_be_visible()
    screenshot(page, "assessments-my-tours-phone")

    page.get_by_role("link", name="评分").click()
    form = page.get_by_test_id("score-form")
    expect(form).to_be_visible()
    expect(form.get_by_label("环境卫生（0–40分）")).to_be_visible()
    form.get_by_label("观摩点").select_option(label=world.township.name)
    form.get_by_label("环境卫生（0–40分）").fill("45")
    form.get_by_label("宣传氛围（0–60分）").fill("50")
    form.get_by_role("button", name="提交评分").click()
    with scopes_disabled():
        first_item = tour.items.first()
    error = page.locator(f"[data-field=item_{first_item.pk}]")
    expect(error).to_contain_text("最高40分")
    expect(page.locator(".invalid-feedback")).to_have_count(1)
    screenshot(page, "assessments-score-error-phone")
    with scopes_disabled():
        assert not TourScoreSet.objects.filter(scorer=scorer).exists()

    form = page.get_by_test_id("score-form")
    form.get_by_label("观摩点").select_option(label=world.township.name)
    form.get_by_label("环境卫生（0–40分）").fill("36.5")
    form.get_by_label("宣传氛围（0–60分）").fill("50")
    form.get_by_role("button", name="提交评分").click()
    expect(page.get_by_text("评分已提交。")).to_be_visible()
    mine = page.get_by_test_id("my-scores")
    expect(mine).to_contain_text(world.township.name)
    expect(mine).to_contain_text("合计 86.5")
    expect(mine).not_to_contain_text("98")  # the other scorer's total
    # the remaining stop is the only one left to choose
    options = page.get_by_test_id("score-form").get_by_label("观摩点").locator("option")
    expect(options).to_have_count(1)
    screenshot(page, "assessments-score-done-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with scopes_disabled():
        assert TourScoreSet.objects.get(scorer=scorer).total == 86.5


@pytest.mark.e2e
def test_the_office_follows_progress_closes_and_reads_the_ranks(page, live_server, e2e_world):
    world = e2e_world.world
    e2e_world.member(
        world.office,
        ["assessments.view_tour", "assessments.manage_tour"],
        username="tours",
        scope=RoleScope.JURISDICTION,
    )
    scorers = [e2e_world.member(world.unit, []) for _ in range(5)]
    tour = make_tour(world, scorers)
    for index, scorer in enumerate(scorers):
        score(tour, scorer, world.unit, [20 + index, 40 + index])
    for scorer in scorers[:3]:
        score(tour, scorer, world.township, [30, 55])

    login(page, live_server, "tours")
    page.goto(url(live_server, "/assessments/tours/add/"))
    expect(page.get_by_role("combobox", name="观摩单位")).to_be_visible()
    expect(page.get_by_role("combobox", name="评分人")).to_be_visible()
    expect(page.get_by_label("评分表")).to_be_visible()
    screenshot(page, "assessments-tour-add")
    page.goto(url(live_server, f"/assessments/tours/{tour.pk}/"))
    progress = page.get_by_test_id("progress")
    expect(progress).to_contain_text("5 / 5")
    expect(progress).to_contain_text("3 / 5")
    expect(progress).not_to_contain_text("85")
    screenshot(page, "assessments-tour-progress")

    page.get_by_role("button", name="结束观摩").click()
    expect(page.get_by_text("观摩已结束，结果已生成。")).to_be_visible()
    page.get_by_role("link", name="观摩结果").click()
    results = page.get_by_test_id("results")
    rows = results.locator("tbody tr")
    expect(rows).to_have_count(2)
    # the township: 85 from three scorers; the unit: 60..68, 60 and 68 dropped -> 64
    expect(rows.nth(0)).to_contain_text(world.township.name)
    expect(rows.nth(0)).to_contain_text("85.00")
    expect(rows.nth(1)).to_contain_text("64.00")
    expect(rows.nth(1)).to_contain_text("是")
    screenshot(page, "assessments-tour-results")
