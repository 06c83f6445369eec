"""Find what each Wenming app declares for core, without core naming any app."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str) -> Iterator[ModuleType]:
    """`<app>.<module_name>` of every installed Wenming app that has one, in `INSTALLED_APPS`
    order. An import error inside such a module is raised, not taken for its absence."""
    for config in apps.get_app_configs():
        if not config.name.startswith("wenming."):
            continue
        name = f"{config.name}.{module_name}"
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
