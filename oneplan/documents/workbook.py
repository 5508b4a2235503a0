"""One reader for the Excel workbooks people import: a plan's strategic chain
(`plans.importing`), project proposals (`projects.excel`), a planning calendar
(`cycles.calendar_files`) and GFMIS disbursement exports (`monitoring.services`).

`open_workbook(upload, kind)` reads an upload within the limits of its kind — the file's
bytes (never more than the limit and one byte are read), its bytes unpacked, the rows with
content and the rows read, blank ones too: ``settings.ONEPLAN_IMPORT_LIMITS[kind]`` — refuses
in Thai (ValidationError) what is not a sound .xlsx, through the attachment checker
(`documents.uploads`: zip and XML bombs, macros, programs, broken parts), and opens it with
openpyxl's read-only reader. A `Sheet` gives its first rows, to find the header in, then its
rows with content by number; each row of the file is counted once against the limits however
often it is read, and `progress(done, total)` hears how far the reading has got every
`PROGRESS_EVERY` rows. A row openpyxl cannot read ends the reading with `UnreadableRow`
(a ValidationError naming the sheet and the row).

`find_header` finds a sheet's header row by the titles of its columns, compared by
`match_key`: spaces and line breaks, zero-width characters, Thai or Arabic digits and case
do not matter. The cell helpers read text (NFC, without zero-width characters), codes,
numbers, money (`Decimal` baht), whole numbers and dates (B.E. or C.E., the year checked by
`core.dates.plausible_date`), raising `CellError` with a translated message that the caller turns
into a `Problem(sheet, row, column, message)`.

What stays with the callers: what each column means, and the house rule of every import —
validate every row, report every problem, then write everything in one transaction or
nothing.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from oneplan.core.dates import plausible_date
from oneplan.core.thai import normalize_text, parse_date
from oneplan.documents import uploads

T = TypeVar("T")

MB = 1024 * 1024
PROGRESS_EVERY = 500  # rows read between two progress reports
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # a legacy .xls, or any Office file with a password

Progress = Callable[[int, int | None], None]
"""`progress(done, total)`: rows of the file read so far, and the rows its sheets declare (an
estimate: a file may declare wrongly; None when none declares)."""


# --------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class Limits:
    """What an upload of one kind may be."""

    file_bytes: int  # the file as uploaded
    unpacked_bytes: int  # all of the package's parts, unpacked
    rows: int  # rows with content, over all the sheets read
    scanned_rows: int  # rows read, blank ones included


def limits(kind: str) -> Limits:
    """The limits in force for an upload of `kind` ("plan", "proposals", "calendar", "gfmis"):
    ``settings.ONEPLAN_IMPORT_LIMITS[kind]``."""
    configured = getattr(settings, "ONEPLAN_IMPORT_LIMITS", None) or {}
    if kind not in configured:
        raise ImproperlyConfigured(f"ONEPLAN_IMPORT_LIMITS has no limits for {kind!r}")
    values = dict(configured[kind])
    names = {f.name for f in fields(Limits)}
    if set(values) != names:
        raise ImproperlyConfigured(
            f"ONEPLAN_IMPORT_LIMITS[{kind!r}] must have exactly the keys {sorted(names)}"
        )
    return Limits(**{name: int(value) for name, value in values.items()})


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where it is, and what is wrong."""

    sheet: str  # "" for a file without sheets (a CSV) or the file as a whole
    row: int | None
    column: str  # "C (ค่าเป้าหมาย 2568)", or "" for a whole row or sheet
    message: str

    def __str__(self) -> str:
        where = [_("sheet “%(sheet)s”") % {"sheet": self.sheet}] if self.sheet else []
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{' '.join(where)}: {self.message}" if where else self.message


def field_problem(field: str, message: object) -> Problem:
    """A problem of one field of a record typed on a page or sent through the API (no sheet,
    no row): the intakes' `validate` speaks in these, and each channel maps `column` back to
    its form field, its JSON key or its sheet's column."""
    return Problem(sheet="", row=None, column=field, message=str(message))


class CellError(Exception):
    """A cell that does not hold what its column needs; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


UNREADABLE = gettext_lazy(
    "The data cannot be read; the file may be damaged. Please save the file again with Excel"
    " and import it again"
)


class UnreadableRow(ValidationError):
    """A row openpyxl could not read (a broken cell): the problem of that row, and the end of
    the reading."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem), code="bad_file")
        self.problem = problem


def too_big(limit: Limits) -> ValidationError:
    return ValidationError(
        _("The file is larger than %(mb)s MB. Please split the file or make it smaller")
        % {"mb": f"{limit.file_bytes / MB:,g}"},
        code="too_big",
    )


def _too_big_unpacked(limit: Limits) -> ValidationError:
    return ValidationError(
        _("Unpacked, the file is larger than %(mb)s MB. Please split the file or make it smaller")
        % {"mb": f"{limit.unpacked_bytes / MB:,g}"},
        code="too_big",
    )


def _too_many_rows(rows: int) -> ValidationError:
    return ValidationError(
        _(
            "The file holds more than %(rows)s rows. Please split the file, or check for blank"
            " rows or stray data"
        )
        % {"rows": f"{rows:,}"},
        code="too_big",
    )


def _not_xlsx(hint: str) -> ValidationError:
    message = _("This is not an Excel (.xlsx) file, or the file is damaged")
    return ValidationError(f"{message} {hint}" if hint else message, code="bad_file")


# --------------------------------------------------------------------------- opening


def read_upload(upload: Any, limit: Limits) -> bytes:
    """The bytes of an upload (an UploadedFile, a binary file or bytes), reading at most the
    limit and one byte; refused when larger."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit.file_bytes:
        raise too_big(limit)
    if isinstance(upload, bytes | bytearray | memoryview):
        data = bytes(upload)
    else:
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limit.file_bytes + 1)
    if len(data) > limit.file_bytes:
        raise too_big(limit)
    return data


def check_xlsx(data: bytes, limit: Limits, hint: str = "") -> None:
    """Refuse (ValidationError) bytes that are not a sound .xlsx within the limits.

    `hint` is added to "not an .xlsx or broken" (e.g. "use the template from the system")."""
    if not data:
        raise ValidationError(
            _("The file is empty. Please choose a filled-in Excel (.xlsx) file"), code="bad_file"
        )
    if data.startswith(OLE_MAGIC):
        raise ValidationError(
            _(
                "This file is an old Excel file (.xls) or has a password. Please save it as"
                " .xlsx without a password"
            ),
            code="bad_file",
        )
    if not data.startswith(ZIP_MAGIC):
        raise _not_xlsx(hint)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _not_xlsx(hint) from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise _not_xlsx(hint)
    if sum(member.file_size for member in members) > limit.unpacked_bytes:
        raise _too_big_unpacked(limit)  # what the package declares, before anything is unpacked
    # The checker's limits with the import's sizes. Its ratio limit on a part (meant to stop
    # an attachment's bomb early) is not applied: a sheet of like rows packs far beyond it,
    # and the unpacked limit bounds what a bomb could cost.
    checks = replace(
        uploads.limits(),
        max_bytes=limit.file_bytes,
        max_unpacked_bytes=limit.unpacked_bytes,
        ratio_from_bytes=limit.unpacked_bytes,
    )
    try:
        uploads.check_content(data, ".xlsx", checks)
    except uploads.Refused as refused:
        if refused.code == "not_what_it_says":
            raise _not_xlsx(hint) from None
        raise ValidationError(refused.reason, code=refused.code) from None


def open_workbook(
    upload: Any, kind: str, *, hint: str = "", progress: Progress | None = None
) -> Workbook:
    """The upload as a workbook to read (close it when done, or use it in a `with`), within
    the limits of `kind`; ValidationError when it is too big or not a sound .xlsx."""
    limit = limits(kind)
    data = read_upload(upload, limit)
    check_xlsx(data, limit, hint)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, data validation ...
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise _not_xlsx(hint) from exc
    try:
        return Workbook(book, limit, progress, hint)
    except ValidationError:
        book.close()
        raise
    except Exception as exc:
        book.close()
        raise _not_xlsx(hint) from exc


def check_upload(upload: Any, kind: str, *, hint: str = "") -> None:
    """Refuse (ValidationError, Thai) an upload `open_workbook` would refuse, reading nothing
    but its structure, and leave it at its start (e.g. before it is queued for a worker)."""
    open_workbook(upload, kind, hint=hint).close()
    if hasattr(upload, "seek"):
        upload.seek(0)


class Workbook:
    """An upload opened for reading: its worksheets (chart sheets left out), within its limits."""

    def __init__(
        self, book: Any, limit: Limits, progress: Progress | None = None, hint: str = ""
    ) -> None:
        self.book = book
        self.limits = limit
        self.progress = progress
        self.sheets = [Sheet(self, worksheet) for worksheet in book.worksheets]
        if not self.sheets:
            raise _not_xlsx(hint)
        self.declared_rows = sum(sheet.declared_rows or 0 for sheet in self.sheets) or None
        self.scanned = 0  # rows read, each once
        self.content = 0  # ... of which with content

    def sheet(self, name: str) -> Sheet | None:
        """The sheet of this name (compared as `normalize_text` leaves it), or None."""
        wanted = normalize_text(name)
        return next((s for s in self.sheets if normalize_text(s.name) == wanted), None)

    def close(self) -> None:
        self.book.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _count(self, blank: bool) -> None:
        self.scanned += 1
        if self.scanned > self.limits.scanned_rows:
            raise _too_many_rows(self.limits.scanned_rows)
        if not blank:
            self.content += 1
            if self.content > self.limits.rows:
                raise _too_many_rows(self.limits.rows)
        if self.progress is not None and self.scanned % PROGRESS_EVERY == 0:
            self.progress(self.scanned, self.declared_rows)


class Sheet:
    """One worksheet. The size it declares is kept for progress estimates only: it is read as
    long as its cells are, the rows it skips are blank."""

    def __init__(self, book: Workbook, worksheet: Any) -> None:
        self.book = book
        self.worksheet = worksheet
        self.name: str = worksheet.title
        try:
            self.declared_rows: int | None = int(worksheet.max_row or 0) or None
        except (TypeError, ValueError):
            self.declared_rows = None
        worksheet.reset_dimensions()  # do not trust the file's own idea of its size
        self.counted = 0  # the last row counted against the limits

    def top(self, count: int, width: int | None = None) -> list[tuple[Any, ...]]:
        """The first `count` rows as values, blank ones too (to find the header in), cut to
        `width` cells when given."""
        return [values for _number, values in self._read(1, count, width, values_only=True)]

    def rows(
        self, start: int = 1, width: int | None = None, *, as_shown: bool = False
    ) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number, values) of each row with content from row `start` on, cut to `width`
        cells when given. With `as_shown`, a number in a cell formatted as a percentage is
        what the user sees: 5% is 5, not 0.05."""
        book = self.book
        for number, row in self._read(start, None, width, values_only=not as_shown):
            values = tuple(_as_shown(cell) for cell in row) if as_shown else row
            blank = all(is_blank(value) for value in values)
            if number > self.counted:
                self.counted = number
                book._count(blank)
            if not blank:
                yield number, values

    def _read(
        self, start: int, last: int | None, width: int | None, values_only: bool
    ) -> Iterator[tuple[int, tuple[Any, ...]]]:
        rows = self.worksheet.iter_rows(
            min_row=start, max_row=last, max_col=width, values_only=values_only
        )
        number = start - 1
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # openpyxl raises many kinds on a broken cell
                raise UnreadableRow(Problem(self.name, number + 1, "", str(UNREADABLE))) from exc
            number += 1
            yield number, tuple(row)


def _as_shown(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in str(getattr(cell, "number_format", "") or ""):
            return Decimal(repr(value)) * 100
    return value


# --------------------------------------------------------------------------- the header


_SPACES_RE = re.compile(r"\s+")


def match_key(value: Any) -> str:
    """A column title or a name as compared: NFC, without spaces, line breaks or zero-width
    characters, Thai digits as Arabic, lower case."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Spaces go first: NFC then orders the marks they separated.
    return normalize_text(_SPACES_RE.sub("", str(value)), arabic_digits=True).lower()


def title_text(value: Any) -> str:
    """A header cell as written, for messages: its text normalised, "" when empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value))


@dataclass(frozen=True)
class Header:
    """Where a sheet's header row is and where each column wanted is."""

    row: int  # its row number (1-based)
    titles: dict[int, str]  # position (0-based) → the title as written
    columns: dict[str, int]  # key → position

    def column(self, key: str) -> str:
        """The column of `key` for a message: "C (ชื่อโครงการ)"."""
        return self.column_at(self.columns[key])

    def column_at(self, position: int) -> str:
        return f"{get_column_letter(position + 1)} ({self.titles.get(position, '')})"


def match_columns(titles: Mapping[int, str], wanted: Mapping[str, str]) -> dict[str, int]:
    """Key → position of its column. `wanted` maps a title to a key (several titles may name
    one key); titles are compared by `match_key`, and the leftmost column of a key wins."""
    keys: dict[str, str] = {}
    for title, key in wanted.items():
        keys.setdefault(match_key(title), key)  # the first title of its kind names it
    found: dict[str, int] = {}
    for position, title in sorted(titles.items()):
        key = keys.get(match_key(title))
        if key is not None and key not in found:
            found[key] = position
    return found


def find_header(
    rows: Iterable[Sequence[Any]],
    wanted: Mapping[str, str],
    *,
    required: Collection[str | tuple[str, ...]] = (),
) -> Header | None:
    """The first of `rows` (the top of a sheet, from row 1) that has a column for every
    required key — a tuple of keys asks for any one of them — or None when no row does. The
    rows after it are not read."""
    for number, values in enumerate(rows, start=1):
        titles = {i: text for i, value in enumerate(values) if (text := title_text(value))}
        columns = match_columns(titles, wanted)
        if all(
            any(key in columns for key in ((need,) if isinstance(need, str) else need))
            for need in required
        ):
            return Header(number, titles, columns)
    return None


# --------------------------------------------------------------------------- cells


_BLANK_RE = re.compile("[\\s\u200b\u200c\u200d\ufeff\u2060]*")


def is_blank(value: Any) -> bool:
    """An empty cell, or one of spaces and zero-width characters only."""
    return value is None or (isinstance(value, str) and _BLANK_RE.fullmatch(value) is not None)


# C0 control characters and lone surrogates (bytes of a CSV that did not decode).
_UNPRINTABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def shown(value: Any, width: int = 60) -> str:
    """A cell value as the user typed it, for a message: what cannot be printed replaced,
    at most `width` characters."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_text(_UNPRINTABLE_RE.sub("\ufffd", str(value)))
    return text if len(text) <= width else text[: width - 3] + "…"


# What no text column may hold: C0 control characters (NUL, which PostgreSQL refuses, and
# the others, which no .xlsx can hold) and lone surrogates (bytes that did not decode).
BAD_CHARACTER_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|([\ud800-\udfff])")


def bad_character(value: Any) -> str | None:
    """What is wrong with a text cell's characters; None when nothing is."""
    found = BAD_CHARACTER_RE.search(value) if isinstance(value, str) else None
    if found is None:
        return None
    if found.group(1):
        return _(
            "It has characters that cannot be read. A CSV file must be saved as UTF-8 or"
            " TIS-620 (Windows-874), or send an Excel (.xlsx) file instead"
        )
    code = "NUL" if found.group() == "\x00" else f"U+{ord(found.group()):04X}"
    return _(
        "It has a control character (%(code)s), which cannot be saved. Please remove it"
        " from the data"
    ) % {"code": code}


def cell_text(value: Any) -> str:
    """A cell as text: 2.0 is "2"; a date cell is refused (the column wants text)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        raise CellError(
            _("“%(value)s” is a date; please enter it as text") % {"value": f"{value:%d/%m/%Y}"}
        )
    return str(value)


def clean_line(value: Any) -> str:
    """One-line text: NFC, no zero-width characters, whitespace collapsed."""
    return normalize_text(cell_text(value))


def clean_lines(value: Any) -> str:
    """Multi-line text: each line cleaned, line breaks kept, blank lines dropped."""
    lines = (normalize_text(line) for line in cell_text(value).splitlines())
    return "\n".join(line for line in lines if line)


def clean_code(value: Any) -> str:
    """A code such as "1.1.2": Arabic digits, no spaces, no full stop at its end."""
    return normalize_text(cell_text(value), arabic_digits=True).replace(" ", "").rstrip(".")


def fitting(
    convert: Callable[[Any], str], model: type[models.Model], field_name: str
) -> Callable[[Any], str]:
    """`convert`, refusing text longer than the model's field holds."""
    limit = model._meta.get_field(field_name).max_length

    def checked(value: Any) -> str:
        text = convert(value)
        if limit is not None and len(text) > limit:
            raise CellError(
                _("The text is %(length)s characters long, more than the %(limit)s accepted")
                % {"length": f"{len(text):,}", "limit": f"{limit:,}"}
            )
        return text

    return checked


def choice(words: Mapping[str, str], allowed: str) -> Callable[[Any], str]:
    """A converter of a cell to the value its word stands for (compared in lower case);
    `allowed` lists the words in the message when the cell holds another."""
    lowered = {normalize_text(word).lower(): value for word, value in words.items()}

    def convert(value: Any) -> str:
        text = clean_line(value).lower()
        if text not in lowered:
            raise CellError(
                _("“%(value)s” is not in the list (%(allowed)s)")
                % {"value": shown(value), "allowed": allowed}
            )
        return lowered[text]

    return convert


_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?")


def parse_number(value: Any) -> Decimal:
    """A number from a cell: Excel's own, or text with Thai digits, thousands separators,
    spaces, a % at its end, or an accountant's brackets for a negative ("(1,500.00)")."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        if number.is_finite():
            return number
    elif not isinstance(value, bool):
        text = normalize_text(cell_text(value), arabic_digits=True)
        compact = text.replace(",", "").replace(" ", "").removesuffix("%")
        negative = compact.startswith("(") and compact.endswith(")")
        if negative:
            compact = compact[1:-1]
        if _NUMBER_RE.fullmatch(compact):
            try:
                number = Decimal(compact)
            except InvalidOperation:
                pass
            else:
                return -number if negative else number
    raise CellError(_("“%(value)s” is not a number") % {"value": shown(value)})


# The largest amount of money kept: 16 digits with 2 decimal places, to 15 significant
# digits, which SQLite (storing a float) gives back exactly. Ten trillion baht is more than
# the whole national budget.
MAX_MONEY = Decimal("9999999999999.99")
SATANG = Decimal("0.01")


def money(
    value: Any, *, what: str | None = None, negative: bool = False, rounding: str = ROUND_HALF_UP
) -> Decimal:
    """Baht and satang from a cell (see `parse_number`), rounded to the satang; refused when
    larger than `MAX_MONEY`, or below zero unless `negative` (a reversal). `what` names the
    amount in the message about a negative one ("Budget"; by default "The amount")."""
    number = parse_number(value)
    # 9999999999999.999 is refused too: it rounds up out of the ledger.
    if abs(number) > MAX_MONEY or abs(amount := number.quantize(SATANG, rounding)) > MAX_MONEY:
        raise CellError(
            _("The amount “%(value)s” is more than can be recorded (at most %(most)s baht)")
            % {"value": shown(value), "most": f"{MAX_MONEY:,}"}
        )
    if amount < 0 and not negative:
        raise CellError(_("%(what)s must not be negative") % {"what": what or _("The amount")})
    return amount


def whole_number(value: Any) -> int:
    """A count, an order or a priority: a whole number from 1 to 32767."""
    number = parse_number(value)
    if number != number.to_integral_value() or number < 1 or number > 32767:
        raise CellError(_("“%(value)s” must be a whole number from 1 up") % {"value": shown(value)})
    return int(number)


def date_of(value: Any) -> date:
    """A cell's date: a date cell (a year of 2400 or more is B.E.), or B.E. or C.E. text such as
    "1/10/2569" or "1 ต.ค. 69"; a year outside 1900-2200 C.E. is refused."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(
            _("“%(value)s” is not a date; write it as e.g. 1/10/2569 or 1 ต.ค. 69")
            % {"value": shown(value)}
        )
    try:
        if isinstance(value, datetime):
            return plausible_date(value.date())
        if isinstance(value, date):
            return plausible_date(value)
        return _date_from_text(normalize_text(cell_text(value)))
    except ValueError as exc:
        raise CellError(str(exc)) from exc


@lru_cache(maxsize=8192)
def _date_from_text(text: str) -> date:
    """Exports repeat a few hundred dates over many rows: each is read once."""
    return plausible_date(parse_date(text), be_years=False)
