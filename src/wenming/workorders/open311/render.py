"""JSON and XML bodies in the shapes of GeoReport v2 (lists at the top, XML roots by kind)."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from django.http import HttpResponse

#: XML root and item element for each kind of list.
XML_SHAPES = {
    "services": ("services", "service"),
    "service_requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
    "tokens": ("service_requests", "request"),
    "created": ("service_requests", "request"),
}


def _text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _append(parent, key: str, value) -> None:
    element = ElementTree.SubElement(parent, key)
    if isinstance(value, dict):
        for child_key, child_value in value.items():
            _append(element, child_key, child_value)
    elif isinstance(value, list):
        singular = {
            "attributes": "attribute",
            "values": "value",
            "endpoints": "endpoint",
            "formats": "format",
            "keywords": "keyword",
        }.get(key, "item")
        for item in value:
            _append(element, singular, item)
    else:
        element.text = _text(value)


def to_xml(root: str, item: str | None, data) -> bytes:
    element = ElementTree.Element(root)
    if item is None:
        for key, value in data.items():
            _append(element, key, value)
    else:
        for entry in data:
            _append(element, item, entry)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(
        element, encoding="utf-8"
    )


def respond(fmt: str, kind: str, data, status: int = 200) -> HttpResponse:
    """`data` is a list for list kinds, a dict for `discovery` / `service_definition`."""
    if fmt == "json":
        return HttpResponse(
            json.dumps(data, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
            status=status,
        )
    if kind in XML_SHAPES:
        root, item = XML_SHAPES[kind]
        body = to_xml(root, item, data)
    else:
        body = to_xml(kind, None, data)
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return respond(fmt, "errors", [{"code": str(status), "description": description}], status)
