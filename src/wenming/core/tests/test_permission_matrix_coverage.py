"""Every URL pattern and every API operation has a permission-matrix case, or sits on the
public allow-list with a test of its own. A new endpoint without either fails here, by name."""

import importlib

from django.apps import apps

from wenming.testing.matrix import (
    PUBLIC_ENDPOINTS,
    api_endpoints,
    collected_cases,
    url_endpoints,
)


def _apps():
    return [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("wenming.") and config.label != "config"
    ]


def test_every_endpoint_has_a_permission_matrix_case():
    # given every URL pattern and API operation, and every app's matrix cases
    endpoints = url_endpoints() | api_endpoints()
    cases = collected_cases(_apps())
    # when the ones with neither a case nor a place on an allow-list are listed
    missing = sorted(endpoints - set(cases) - set(PUBLIC_ENDPOINTS))
    # then there are none
    assert not missing, "endpoints without a permission-matrix case:\n" + "\n".join(missing)


def test_the_lists_name_only_endpoints_that_exist_and_need_them():
    endpoints = url_endpoints() | api_endpoints()
    cases = collected_cases(_apps())
    stale = sorted((set(cases) | set(PUBLIC_ENDPOINTS)) - endpoints)
    assert not stale, "cases or allow-list entries for endpoints that do not exist:\n" + "\n".join(
        stale
    )
    both = sorted(set(cases) & set(PUBLIC_ENDPOINTS))
    assert not both, "public endpoints with a matrix case too:\n" + "\n".join(both)


def test_every_public_or_elsewhere_covered_endpoint_points_to_a_test_that_exists():
    references = dict(PUBLIC_ENDPOINTS)
    for app in _apps():
        try:
            module = importlib.import_module(f"wenming.{app}.tests.test_permission_matrix")
        except ModuleNotFoundError:
            continue
        references.update(getattr(module, "COVERED_ELSEWHERE", {}))
    broken = []
    for endpoint, reference in references.items():
        module_name, _, function = reference.partition("::")
        module = importlib.import_module(module_name)
        if not callable(getattr(module, function, None)):
            broken.append(f"{endpoint}: {reference}")
    assert not broken, "public endpoints whose test does not exist:\n" + "\n".join(broken)
