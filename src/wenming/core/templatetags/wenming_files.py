"""`{% file_url record "kind" %}`: the permission-checked URL of a stored private file."""

from django import template

from wenming.core.files import file_url as _file_url

register = template.Library()


@register.simple_tag
def file_url(record, kind_name: str) -> str:
    return _file_url(record, kind_name)
