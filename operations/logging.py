"""Log records as JSON lines (LOG_FORMAT=json) for a collector to read from standard output.

Imported by the logging configuration before any app is ready: no models, no settings.
"""

import logging
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter


class JsonFormatter(BaseJsonFormatter):
    """time, level, logger, message, and exception and trace when there is one: nothing else.

    python-json-logger would add every `extra` value a library passes (django.request passes the
    request, whose repr carries the query string): the fields are listed here instead.
    """

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        log_data["time"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["message"] = record.message
        if record.exc_info and record.exc_info[0] is not None:
            log_data["exception"] = _class_path(record.exc_info[0])
        if trace := message_dict.get("exc_info"):
            log_data["trace"] = trace
        if stack := message_dict.get("stack_info"):
            log_data["stack"] = stack


def _class_path(exception_class: type) -> str:
    module = exception_class.__module__
    return exception_class.__qualname__ if module == "builtins" else f"{module}.{exception_class.__qualname__}"
