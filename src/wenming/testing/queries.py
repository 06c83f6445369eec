"""Query counts of pages: a page costs the same number of queries whatever its number of rows.

`assert_page_queries(client, url, queries=N, grow=add_rows)` requests the page once to fill the
caches a signed-in person's pages share (grants, the shell), counts the queries of a second
request, calls `grow()` to add rows the page shows, and counts again: both counts must equal `N`
(each count after a first request that refills those caches, which new roles empty).
A page that issues a query per row (N+1) fails on the second count; a page that grows a query
fails on the first, with the queries listed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_page_queries(client, url: str, *, status: int = 200) -> tuple[int, list[str]]:
    """The number of queries of one GET of `url`, and their SQL."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(captured), [query["sql"] for query in captured.captured_queries]


def assert_page_queries(
    client,
    url: str,
    *,
    queries: int,
    grow: Callable[[], Any] | None = None,
    status: int = 200,
) -> None:
    """The page answers with exactly `queries` queries, before and after `grow()` adds rows."""
    count_page_queries(client, url, status=status)  # fills the caches every page shares
    before, sql = count_page_queries(client, url, status=status)
    listing = "\n".join(sql)
    assert before == queries, f"{url}: {before} queries, expected {queries}:\n{listing}"
    if grow is None:
        return
    grow()
    count_page_queries(client, url, status=status)  # again: new rows may change grants
    after, sql = count_page_queries(client, url, status=status)
    listing = "\n".join(sql)
    assert after == before, f"{url}: {after} queries with more rows, {before} before:\n{listing}"
