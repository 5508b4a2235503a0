"""PDF in the official Thai layout, with WeasyPrint and the Sarabun fonts of fontpkg-sarabun.

The fonts are read from the installed package through ``file://`` URLs, and the URL
fetcher refuses everything else except ``data:`` URLs and files under the font folder (or
under `base_url`, when one is given): rendering never touches the network and never reads
an arbitrary local file, whatever the document's text says.

`blocks_to_pdf()` renders a list of `oneplan.documents.blocks` through
``documents/print_base.html`` (A4, Sarabun 16 pt, page numbers, a table of contents with
page numbers from ``target-counter()``); `html_to_pdf()` renders any HTML.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import fontpkg
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from oneplan.documents import blocks as b

__all__ = [
    "FONT_FAMILY",
    "blocks_to_html",
    "blocks_to_pdf",
    "document_text",
    "font_face_css",
    "html_to_pdf",
    "render_html",
]

# fontTools logs each font-subsetting step and WeasyPrint each laid-out page at INFO, which
# the project's root logger shows; quiet them unless the logging settings name a level.
for _name in ("fontTools", "weasyprint.progress"):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.WARNING)

FONT_FAMILY = "Sarabun"
_FACES = ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic"))
PRINT_TEMPLATE = "documents/print_base.html"


def font_files() -> dict[tuple[int, str], Path]:
    """The Sarabun TTF files used, by (weight, style)."""
    return {(w, s): fontpkg.path(FONT_FAMILY, w, s) for w, s in _FACES}


def font_face_css() -> str:
    """@font-face rules pointing at the installed Sarabun files (file:// URLs)."""
    rules = [
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for (weight, style), path in font_files().items()
    ]
    return "\n".join(rules)


class LocalOnlyFetcher(URLFetcher):
    """Fetches ``data:`` URLs and files under the given folders; refuses anything else."""

    def __init__(self, roots: Iterable[Path], **kwargs: Any) -> None:
        super().__init__(allowed_protocols={"file", "data"}, **kwargs)
        self._roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None):
        if url.startswith("file:"):
            path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise ValueError(f"refused to read a file outside the allowed folders: {url}")
        elif not url.startswith("data:"):
            raise ValueError(f"refused to fetch a non-local URL: {url}")
        return super().fetch(url, headers)


def _roots(base_url: str | None) -> list[Path]:
    roots = {path.parent for path in font_files().values()}
    if base_url and base_url.startswith("file:"):
        roots.add(Path(url2pathname(unquote(urlsplit(base_url).path))))
    return sorted(roots)


def render_html(html: str, base_url: str | None = None) -> Document:
    """Lay out HTML with the Sarabun fonts; the returned document has its `pages`."""
    font_config = FontConfiguration()
    fonts = CSS(string=font_face_css(), font_config=font_config)
    source = HTML(string=html, base_url=base_url, url_fetcher=LocalOnlyFetcher(_roots(base_url)))
    return source.render(stylesheets=[fonts], font_config=font_config)


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """PDF bytes of an HTML document (A4 and 16 pt come from the document's own CSS)."""
    return render_html(html, base_url).write_pdf()


def document_text(document: Document) -> list[str]:
    """The text laid out on each page (for tests and checks; no PDF parser needed)."""

    def texts(box: Any) -> Iterator[str]:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            yield text
        for child in getattr(box, "children", None) or ():
            yield from texts(child)

    return [" ".join(texts(page._page_box)) for page in document.pages]


def blocks_to_html(
    blocks: Iterable[b.Block],
    *,
    title: str,
    thai_digits: bool = True,
    template: str = PRINT_TEMPLATE,
    context: Mapping[str, Any] | None = None,
) -> str:
    """The print HTML of blocks (headings get anchors for the contents' page numbers)."""
    items = b.number_anchors(blocks)
    return render_to_string(
        template,
        {
            "title": title,
            "sections": b.sections(items),
            "toc": b.toc_entries(items),
            "counter_style": "thai" if thai_digits else "decimal",
            "font_family": FONT_FAMILY,
            **(context or {}),
        },
    )


def blocks_to_pdf(blocks: Iterable[b.Block], *, title: str, thai_digits: bool = True) -> bytes:
    """PDF bytes of blocks (text already formatted, digits already converted)."""
    return html_to_pdf(blocks_to_html(blocks, title=title, thai_digits=thai_digits))
