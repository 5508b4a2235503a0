"""Cell values: lists of items, quantities and units, indicator targets, amounts, and the
derived reference code of a DLA-form row."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from oneplan.core.thai import normalize_text
from oneplan.documents.workbook import CellError, cell_text, match_key
from oneplan.orgs.models import Organisation
from oneplan.plans.importing import baht
from oneplan.projects import owners
from oneplan.projects.excel.templates import template_for
from oneplan.projects.excel.words import UNITS
from oneplan.projects.models import ProposalIndicator, ProposalOutput
from oneplan.projects.owners import Owner

DASHES = frozenset({"-", "–", "—", "−", "--", "0"})


_MARKER_RE = re.compile(
    r"^(?:[-–•*·▪]+|\(?[0-9๐-๙]{1,2}[.)](?![0-9๐-๙])|ข้อ(?:ที่)?\s*[0-9๐-๙]{1,2}[.:)]?)\s*"
)
_NUM = r"([0-9][0-9,]*(?:\.[0-9]+)?)"
_UNIT = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
_WHOLE_RE = re.compile(rf"^{_NUM}\s*({_UNIT})$")
_COUNT_RE = re.compile(rf"จำนวน\s*(?:ไม่น้อยกว่า|ไม่ต่ำกว่า|ไม่เกิน|ประมาณ|รวม|ทั้งสิ้น)?\s*{_NUM}\s*({_UNIT})")
_TAIL_RE = re.compile(rf"{_NUM}\s*({_UNIT})$")
_PERCENT_RE = re.compile(rf"ร้อยละ\s*(?:ไม่น้อยกว่า|ไม่ต่ำกว่า|ไม่เกิน)?\s*{_NUM}")
_QUANTITY_LIMIT = Decimal(10) ** 14


def split_items(value: Any) -> list[str]:
    """The items of a cell: numbered or bulleted lines start items, other lines continue one.

    A cell without list markers is one item with its line breaks.
    """
    lines = [line for line in (normalize_text(x) for x in cell_text(value).splitlines()) if line]
    if not any(_MARKER_RE.match(line) for line in lines):
        text = "\n".join(lines)
        return [text] if text else []
    items: list[str] = []
    for line in lines:
        marker = _MARKER_RE.match(line)
        if marker is not None:
            items.append(line[marker.end() :].strip())
        elif items:
            items[-1] = f"{items[-1]}\n{line}" if items[-1] else line
        else:
            items.append(line)
    return [item for item in items if item]


def _as_decimal(digits: str) -> Decimal | None:
    number = Decimal(digits.replace(",", ""))
    if number >= _QUANTITY_LIMIT:
        return None
    return number.quantize(Decimal("0.01"))


_THAI_DIGITS_RE = re.compile("[๐-๙]")
_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _plain(text: str) -> str:
    """Text (already normalised) to match numbers in: Arabic digits, ำ spelled as one mark."""
    if _THAI_DIGITS_RE.search(text):
        text = text.translate(_ARABIC)
    if "\u0e4d" in text:  # "จํานวน" is often typed with nikhahit + sara aa, not sara am
        text = text.replace("\u0e4d\u0e32", "\u0e33")
    return text


def quantity_of(text: str) -> tuple[Decimal | None, str]:
    """(quantity, unit) from "200 คน", "… จำนวน 1 แห่ง …" or "… 5 เครื่อง"; else (None, "")."""
    plain = _plain(text)
    for pattern in (_WHOLE_RE, _COUNT_RE, _TAIL_RE):
        match = pattern.search(plain)
        if match is not None:
            number = _as_decimal(match[1])
            if number is not None:
                return number, match[2]
    return None, ""


def number_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def indicator_target(text: str) -> tuple[str, str]:
    """(unit, target) of an indicator: "ร้อยละ 80" → ("ร้อยละ", "80"); "10 แห่ง" → ("แห่ง", "10")."""
    plain = _plain(text)
    match = _PERCENT_RE.search(plain)
    if match is not None:
        number = _as_decimal(match[1])
        if number is not None:
            return "ร้อยละ", number_text(number)
    number, unit = quantity_of(plain)
    return (unit, number_text(number)) if number is not None else ("", "")


OutputItem = tuple[str, str, Decimal | None]  # description, unit, quantity
IndicatorItem = tuple[str, str, str]  # name, unit, target

_OUTPUT_LIMIT = ProposalOutput._meta.get_field("description").max_length or 500
_INDICATOR_LIMIT = ProposalIndicator._meta.get_field("name").max_length or 500
_TARGET_TOO_LONG = gettext_lazy(
    "Target item %(number)s is %(length)s characters long, more than the %(limit)s accepted."
    " Please split it into items (1. … 2. …)"
)
_INDICATOR_TOO_LONG = gettext_lazy(
    "Indicator item %(number)s is %(length)s characters long, more than the %(limit)s accepted."
    " Please split it into items (1. … 2. …)"
)


def _items(value: Any, limit: int, too_long: Any) -> list[str]:
    """The items of a cell; `too_long` (lazy) is the message for an item over `limit`, with
    `%(number)s`, `%(length)s` and `%(limit)s`."""
    items = split_items(value)
    if len(items) == 1 and len(items[0]) > limit and "\n" in items[0]:
        items = items[0].split("\n")  # a long list written without numbers: one item a line
    for number, item in enumerate(items, start=1):
        if len(item) > limit:
            raise CellError(
                str(too_long)
                % {"number": number, "length": f"{len(item):,}", "limit": f"{limit:,}"}
            )
    return items


def outputs_of(value: Any) -> list[OutputItem]:
    return [
        (item, *reversed(quantity_of(item)))
        for item in _items(value, _OUTPUT_LIMIT, _TARGET_TOO_LONG)
    ]


def indicators_of(value: Any) -> list[IndicatorItem]:
    return [
        (item, *indicator_target(item))
        for item in _items(value, _INDICATOR_LIMIT, _INDICATOR_TOO_LONG)
    ]


def amount_of(value: Any) -> Decimal | None:
    """Baht in a budget cell; blank, "-" and 0 are None (no budget that year)."""
    if isinstance(value, str):
        text = normalize_text(value)
        if text in DASHES:
            return None
        value = text.removesuffix("บาท").strip()
    amount = baht(value)
    return amount or None


def _squash(text: str) -> str:
    return match_key(text)


def derived_code(
    source: str, owner: Owner, proposer: Organisation | None, title: str, responsible: str
) -> str:
    """The stable reference code of a DLA-form row without one (see the package's doc)."""
    spec = template_for(source)
    key = "\x1f".join(
        (
            spec.source.value,
            owners.owner_code(owner),
            str(proposer.pk) if proposer is not None else "",
            _squash(title),
            _squash(responsible),
        )
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12].upper()
    return f"{spec.code_prefix}-{owners.owner_code(owner)}-{digest}"
