"""The library's own logger. ``set_verbosity`` changes libya_nlp's messages only, never other libraries'."""

from __future__ import annotations

import logging

LOGGER_NAME = "libya_nlp"


def get_logger(name: str | None = None) -> logging.Logger:
    """Return ``libya_nlp`` or one of its children (``libya_nlp.<name>``)."""
    logger = logging.getLogger(LOGGER_NAME if name is None else f"{LOGGER_NAME}.{name}")
    root = logging.getLogger(LOGGER_NAME)
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[libya_nlp] %(levelname)s %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.WARNING)
        root.propagate = False
    return logger


def set_verbosity(level: int | str) -> None:
    """Set libya_nlp's log level (e.g. ``logging.INFO`` or ``"info"``); other loggers are untouched."""
    get_logger().setLevel(level.upper() if isinstance(level, str) else level)
