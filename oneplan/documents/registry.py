"""Which function makes which kind of document: filled in by the domain apps at start-up.

A renderer takes the job (its `params` say what to render) and a `progress(percent,
message)` callback, and returns ``(content, filename, content_type)``. It raises
`RenderError` with a Thai message for a problem the user should read (a missing plan, a
bad parameter); any other exception is logged and shown as a generic failure. The jobs
themselves are `oneplan.core.models.Job` of kind ``document:<kind>``, run by
`oneplan.documents.tasks`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from oneplan.core.jobs import JobError, Progress

if TYPE_CHECKING:
    from oneplan.core.models import Job

RenderResult: TypeAlias = tuple[bytes, str, str]
Renderer: TypeAlias = Callable[["Job", Progress], RenderResult]
# Where the job page links back to (url, label), from the job's params; None for no link.
BackLink: TypeAlias = Callable[["Job"], "tuple[str, str] | None"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"

_RENDERERS: dict[str, Renderer] = {}
_BACK_LINKS: dict[str, BackLink] = {}


class RenderError(JobError):
    """A failure whose message (Thai) is fit to show the user."""


def register_renderer(kind: str, fn: Renderer, back: BackLink | None = None) -> None:
    """Make `fn` the renderer of documents of `kind` ("plan.docx"); the last one wins.
    `back` gives the job page's link back to what the document was made of."""
    _RENDERERS[kind] = fn
    if back is not None:
        _BACK_LINKS[kind] = back
    else:
        _BACK_LINKS.pop(kind, None)


def back_link(kind: str, job: Job) -> tuple[str, str] | None:
    """The job page's link back (url, label) for a document of `kind`, if its app gave one."""
    back = _BACK_LINKS.get(kind)
    return back(job) if back is not None else None


def get_renderer(kind: str) -> Renderer:
    try:
        return _RENDERERS[kind]
    except KeyError:
        raise LookupError(kind) from None


def renderer_kinds() -> list[str]:
    return sorted(_RENDERERS)


def is_registered(kind: str) -> bool:
    return kind in _RENDERERS
