"""A document as a flat list of blocks, written once and rendered to DOCX and to PDF.

A domain app builds the blocks (cover, headings, paragraphs, tables ...) from its data,
all text already formatted; `oneplan.documents.docx.write_docx` and
`oneplan.documents.pdf.blocks_to_pdf` lay them out in the official style. Keeping the
content in one structure means the DOCX and the PDF always say the same thing, and the
Thai-digit switch is applied in one place (`with_thai_digits`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from oneplan.core.thai import to_thai_digits

Align: TypeAlias = Literal["left", "center", "right", "justify"]
RowKind: TypeAlias = Literal["data", "group", "total"]


@dataclass(frozen=True)
class Cover:
    """The cover page: a big title, then lines under it; a page break follows."""

    title: str
    lines: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()


@dataclass(frozen=True)
class Toc:
    """The table of contents (a Word TOC field in DOCX, target-counter() in PDF)."""

    title: str = "สารบัญ"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1-3 appear in the table of contents
    anchor: str = ""  # set by `number_anchors`
    page_break: bool = False  # start on a new page


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    align: Align = "justify"
    indent: bool = True  # first-line indent, as in Thai official documents


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    kind: RowKind = "data"  # "group": cells[0] spans the whole row; "total": bold


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...] = ()  # relative column widths; empty = equal
    numeric: frozenset[int] = frozenset()  # columns aligned right
    caption: str = ""

    @property
    def column_count(self) -> int:
        return len(self.headers)

    def aligned_rows(self) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        """(row kind, ((text, "left" | "right"), ...)) for each row, for templates."""
        return [
            (
                row.kind,
                tuple(
                    (text, "right" if i in self.numeric else "left")
                    for i, text in enumerate(row.cells)
                ),
            )
            for row in self.rows
        ]

    def percent_widths(self) -> tuple[str, ...]:
        """Column widths as CSS percentages (for the print template)."""
        weights = self.widths or (1.0,) * self.column_count
        total = sum(weights)
        return tuple(f"{w / total * 100:.2f}%" for w in weights)


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Section:
    """Start a new page in this orientation (wide tables go on landscape pages)."""

    landscape: bool = False


Block: TypeAlias = Cover | Toc | Heading | Para | Bullets | Table | PageBreak | Section


def kind_of(block: Block) -> str:
    """The template's name for a block: "cover", "toc", "heading", "para" ..."""
    return type(block).__name__.lower()


@dataclass(frozen=True)
class RenderBlock:
    """A block with its kind, for templates (which may not call functions)."""

    kind: str
    block: Block


@dataclass(frozen=True)
class SectionGroup:
    """The blocks printed on pages of one orientation, for templates."""

    landscape: bool
    items: list[RenderBlock]


def sections(blocks: Iterable[Block]) -> list[SectionGroup]:
    """Split blocks at each `Section` into groups of one orientation (empty ones dropped)."""
    groups = [SectionGroup(False, [])]
    for block in blocks:
        if isinstance(block, Section):
            groups.append(SectionGroup(block.landscape, []))
        else:
            groups[-1].items.append(RenderBlock(kind_of(block), block))
    return [g for g in groups if g.items]


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str] | Row],
    *,
    widths: Sequence[float] = (),
    numeric: Iterable[int] = (),
    caption: str = "",
) -> Table:
    """A `Table` from plain sequences; a row given as `Row` keeps its kind."""
    return Table(
        headers=tuple(headers),
        rows=tuple(r if isinstance(r, Row) else Row(tuple(r)) for r in rows),
        widths=tuple(widths),
        numeric=frozenset(numeric),
        caption=caption,
    )


# --------------------------------------------------------------------------- transforms


def map_text(blocks: Iterable[Block], fn: Callable[[str], str]) -> list[Block]:
    """Apply `fn` to every piece of text in the blocks (anchors are left alone)."""
    return [_map_block(b, fn) for b in blocks]


def _map_value(value: object, fn: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, tuple):
        return tuple(_map_value(v, fn) for v in value)
    if isinstance(value, Row):
        return dataclasses.replace(value, cells=tuple(fn(c) for c in value.cells))
    return value


def _map_block(block: Block, fn: Callable[[str], str]) -> Block:
    changes = {
        f.name: _map_value(getattr(block, f.name), fn)
        for f in dataclasses.fields(block)
        if f.name not in {"anchor", "kind"}
    }
    return dataclasses.replace(block, **changes)


def with_thai_digits(blocks: Iterable[Block], thai_digits: bool) -> list[Block]:
    """Every digit as a Thai digit when `thai_digits`, else the blocks unchanged."""
    blocks = list(blocks)
    return map_text(blocks, to_thai_digits) if thai_digits else blocks


def number_anchors(blocks: Iterable[Block]) -> list[Block]:
    """Give every heading a unique anchor ("h1", "h2", ...) for links and the PDF contents."""
    result: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Heading):
            count += 1
            block = dataclasses.replace(block, anchor=f"h{count}")
        result.append(block)
    return result


@dataclass(frozen=True)
class TocEntry:
    text: str
    level: int
    anchor: str


def toc_entries(blocks: Iterable[Block], max_level: int = 3) -> list[TocEntry]:
    return [
        TocEntry(b.text, b.level, b.anchor)
        for b in blocks
        if isinstance(b, Heading) and b.level <= max_level
    ]
