"""Two API schemas of one name would share one OpenAPI component: the later one's fields would
describe the other's answers (a list of projects documented as service projects, say)."""

from collections import defaultdict

from ninja import Schema

from wenming.config.api import api


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_api_schema_has_its_own_name():
    api.get_openapi_schema()  # every router imported and every schema built
    by_name = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("wenming.") and ".tests" not in schema.__module__:
            by_name[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")
    clashes = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}
    assert not clashes
