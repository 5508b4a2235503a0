"""Which function makes which kind of document: filled in by the domain apps at start-up.

A renderer takes the job (its `params` say what to render) and a `progress(percent,
message)` callback, and returns ``(content, filename, content_type)``. It raises
`RenderError` with a Thai message for a problem the user should read (a missing plan, a
bad parameter); any other exception is logged and shown as a generic failure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from oneplan.documents.models import DocumentJob

Progress: TypeAlias = Callable[[int, str], None]
RenderResult: TypeAlias = tuple[bytes, str, str]
Renderer: TypeAlias = Callable[["DocumentJob", Progress], RenderResult]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"

_RENDERERS: dict[str, Renderer] = {}


class RenderError(Exception):
    """A failure whose message (Thai) is fit to show the user."""


def register_renderer(kind: str, fn: Renderer) -> None:
    """Make `fn` the renderer of documents of `kind` ("plan.docx"); the last one wins."""
    _RENDERERS[kind] = fn


def get_renderer(kind: str) -> Renderer:
    try:
        return _RENDERERS[kind]
    except KeyError:
        raise LookupError(kind) from None


def renderer_kinds() -> list[str]:
    return sorted(_RENDERERS)


def is_registered(kind: str) -> bool:
    return kind in _RENDERERS
