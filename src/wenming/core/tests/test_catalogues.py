"""One English message, one Chinese translation across every catalogue.

Django merges the catalogues of all apps: the shell's (`LOCALE_PATHS`) first, then the apps in
`INSTALLED_APPS` order, and the first translation of a message wins everywhere. Two apps that
translate the same message differently ("Accepted": 已通过 for evidence, 已立案 for a work
order) therefore show one app's word on the other's pages. A message whose meaning differs by
app carries a context (`pgettext`), which keeps the translations apart.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parents[2]


def catalogues() -> list[Path]:
    return sorted(SRC.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def translations() -> dict[tuple[str | None, str], dict[str, str]]:
    """(context, message) → {catalogue: translation}."""
    found: dict[tuple[str | None, str], dict[str, str]] = defaultdict(dict)
    for path in catalogues():
        with path.open("rb") as file:
            catalogue = read_po(file)
        for message in catalogue:
            if not message.id or not message.string or message.fuzzy:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            text = message.string if isinstance(message.string, str) else message.string[0]
            found[(message.context, key)][str(path.relative_to(SRC))] = text
    return found


def test_the_catalogues_are_found():
    assert len(catalogues()) >= 8


def test_no_message_is_translated_two_ways_without_a_context():
    clashes = [
        f"{message!r}{f' (context {context})' if context else ''}: {by}"
        for (context, message), by in translations().items()
        if len(set(by.values())) > 1
    ]
    assert not clashes, "\n".join(clashes)


def test_the_work_order_reads_as_accepted_for_investigation():
    from django.utils import translation

    from wenming.standards.choices import EvidenceStatus
    from wenming.workorders.choices import WorkOrderStatus

    with translation.override("zh-hans"):
        assert str(WorkOrderStatus.ACCEPTED.label) == "已立案"
        assert str(EvidenceStatus.ACCEPTED.label) == "已通过"
