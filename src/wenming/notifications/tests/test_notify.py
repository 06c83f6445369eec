import logging

import pytest
from django_scopes import scope

from wenming.notifications.actions import mark_read, notify
from wenming.notifications.models import Delivery, Notification


@pytest.mark.django_db(transaction=True)
def test_notify_creates_one_per_recipient_and_logs_sms_masked(world, caplog):
    head = world.member(world.unit, [], phone="13812345678")
    liaison = world.member(world.unit, [])
    with caplog.at_level(logging.INFO, logger="wenming.notifications"):
        notify(
            [head, liaison, head],
            jurisdiction=world.jurisdiction,
            category="test",
            title="整改提醒",
            external=True,
        )
    with scope(jurisdiction=world.jurisdiction):
        assert Notification.objects.filter(title="整改提醒").count() == 2
        assert Delivery.objects.filter(status="sent").count() == 2
    assert "138****5678" in caplog.text
    assert "13812345678" not in caplog.text


def test_mark_read(world):
    user = world.member(world.unit, [])
    notify([user], jurisdiction=world.jurisdiction, category="test", title="通知")
    assert mark_read(user) == 1
    assert mark_read(user) == 0
