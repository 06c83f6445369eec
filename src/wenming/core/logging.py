"""Log filters: every line carries the request id, so a report can be traced end to end."""

import logging

from wenming.core import request_context


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_context.get().request_id or "-"
        return True
