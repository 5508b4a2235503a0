"""Helpers for the lost-update tests (`audit.versioning`): a form as the browser sends it
back, and real threads, each with its own database connection, started at the same moment.

Rows written in a thread are committed (the test's own transaction does not see or undo
them): a thread test creates what it races on in a thread and deletes it in one at the end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.db import connection, connections


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser would send back for `form` unchanged (hidden fields included)."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        bound = form[name]
        key = form.add_prefix(name)
        value = bound.value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
            continue
        shown = field.widget.format_value(value)
        if isinstance(shown, list | tuple):
            data[key] = [str(v) for v in shown]
        else:
            data[key] = "" if shown is None else str(shown)
    return data


def needs_postgresql() -> None:
    """Skip on SQLite: its test database lives in memory, one connection for all threads."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (DATABASE_URL=postgres://...)")


def _run(fn: Callable[[], Any], results: list, index: int, barrier: threading.Barrier | None):
    try:
        if barrier is not None:
            barrier.wait(timeout=30)
        results[index] = fn()
    except BaseException as exc:  # handed back to the test
        results[index] = exc
    finally:
        connections.close_all()


def at_once(*fns: Callable[[], Any]) -> list[Any]:
    """Run each function in its own thread, all released together; their results (an
    exception is raised in the test)."""
    results: list[Any] = [None] * len(fns)
    barrier = threading.Barrier(len(fns)) if len(fns) > 1 else None
    threads = [
        threading.Thread(target=_run, args=(fn, results, i, barrier)) for i, fn in enumerate(fns)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def in_thread(fn: Callable[[], Any]) -> Any:
    """Run `fn` in a thread of its own (its writes are committed); its result."""
    return at_once(fn)[0]
