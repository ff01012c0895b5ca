"""How ``qa`` logs: one line a record, a library's traceback only with ``--verbose``."""

from __future__ import annotations

import logging


class LogLines(logging.Formatter):
    """One line a log record: an exception a library logged with its traceback (milvus-lite does,
    at each attempt to open a file another process holds) is shown as its type and message;
    ``--verbose`` shows the traceback."""

    def __init__(self, fmt: str, *, tracebacks: bool) -> None:
        super().__init__(fmt)
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and record.exc_info[1] is not None and not self.tracebacks:
            exc = record.exc_info[1]
            brief = (str(exc).splitlines() or [""])[0][:300]
            record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None, "args": None,
                                            "msg": f"{record.getMessage()} ({type(exc).__name__}: {brief})"})
        return super().format(record)


def brief_rpc_error(record: logging.LogRecord) -> bool:
    """pymilvus logs a failed call with the traceback written into the message, on its own
    handler (so ``LogLines`` never sees it): keep the message's first part."""
    message = record.getMessage()
    if "\nTraceback:" in message:
        record.msg, record.args = message.split("\nTraceback:", 1)[0], None
    return True


def configure_logging(*, verbose: bool) -> None:
    """Warnings (``verbose``: information and tracebacks too) on stderr, one line each."""
    handler = logging.StreamHandler()
    handler.setFormatter(LogLines("%(levelname)s %(name)s: %(message)s", tracebacks=verbose))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    rpc = logging.getLogger("pymilvus.decorators")  # configured when pymilvus is imported; filters outlive that
    if verbose:
        rpc.removeFilter(brief_rpc_error)
    else:
        rpc.addFilter(brief_rpc_error)
