"""Thai formatting and parsing used everywhere in OnePlan.

Digits, Buddhist Era (B.E.) years and dates, the government fiscal year,
baht amounts in figures and words, user-input normalisation and Thai sorting.
pythainlp is used where it is right; see the notes on each function for the
places where it is not (baht words, zero-width characters, tone-mark order).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pythainlp.util import (
    arabic_digit_to_thai_digit,
    thai_digit_to_arabic_digit,
    thai_strftime,
)
from pythainlp.util.date import thai_abbr_months, thai_full_months

__all__ = [
    "BE_OFFSET",
    "ParsedDate",
    "ParsedYear",
    "baht_in_words",
    "be_year",
    "ce_year",
    "first_of_month",
    "fiscal_quarter_of",
    "fiscal_year_of",
    "fiscal_year_range",
    "format_baht",
    "format_date_full",
    "format_date_numeric",
    "format_date_official",
    "format_date_short",
    "format_datetime",
    "format_fiscal_year",
    "format_month_year",
    "last_of_month",
    "normalize_text",
    "parse_date",
    "parse_year",
    "read_date",
    "sorted_thai",
    "thai_day_name",
    "thai_month_name",
    "thai_sort_key",
    "to_arabic_digits",
    "to_thai_digits",
]

T = TypeVar("T")

BE_OFFSET = 543
"""B.E. year = C.E. year + 543."""

# --------------------------------------------------------------------------- digits


def to_thai_digits(text: str) -> str:
    """Replace Arabic digits 0-9 with Thai digits ๐-๙; everything else is kept."""
    return arabic_digit_to_thai_digit(text)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐-๙ with Arabic digits 0-9; everything else is kept."""
    return thai_digit_to_arabic_digit(text)


def _digits(text: str, thai_digits: bool) -> str:
    return to_thai_digits(text) if thai_digits else text


# --------------------------------------------------------------------------- years


def be_year(ce_year: int) -> int:
    """Buddhist Era year of a Christian Era year (2026 -> 2569)."""
    return ce_year + BE_OFFSET


def ce_year(be_year: int) -> int:
    """Christian Era year of a Buddhist Era year (2569 -> 2026)."""
    return be_year - BE_OFFSET


# --------------------------------------------------------------------------- dates


def thai_month_name(month: int, short: bool = False) -> str:
    """Thai month name, 1 = มกราคม; ``short`` gives the dotted form (ม.ค.)."""
    if not 1 <= month <= 12:
        raise ValueError(
            _("There is no month %(month)s (a month is from 1 to 12)") % {"month": month}
        )
    return (thai_abbr_months if short else thai_full_months)[month - 1]


def _as_datetime(d: date) -> datetime:
    # thai_strftime is typed for datetime; only the calendar fields are used.
    return d if isinstance(d, datetime) else datetime(d.year, d.month, d.day)


def thai_day_name(d: date) -> str:
    """The day of the week in Thai: "พุธ" (as in "วันพุธที่ 4 เมษายน 2561")."""
    name = thai_strftime(_as_datetime(d), "%A")
    return name.removeprefix("วัน")


def format_date_full(d: date, thai_digits: bool = False) -> str:
    """Full date with B.E. year: "28 พฤษภาคม 2562"."""
    return thai_strftime(_as_datetime(d), "%-d %B %Y", thaidigit=thai_digits)


def format_date_short(d: date, thai_digits: bool = False) -> str:
    """Short date with dotted month and B.E. year: "28 พ.ค. 2562"."""
    return thai_strftime(_as_datetime(d), "%-d %b %Y", thaidigit=thai_digits)


def format_datetime(moment: datetime, thai_digits: bool = False) -> str:
    """A moment as "28 พ.ค. 2562 14:05 น." on the Bangkok clock (an aware moment is
    shown in the current time zone)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return _digits(f"{format_date_short(local.date())} {local:%H:%M} น.", thai_digits)


def format_date_official(d: date, thai_digits: bool = False) -> str:
    """Date line for letters: "วันที่ 28 พฤษภาคม พ.ศ. 2562"."""
    text = f"วันที่ {d.day} {thai_month_name(d.month)} พ.ศ. {be_year(d.year)}"
    return _digits(text, thai_digits)


def format_date_numeric(d: date, thai_digits: bool = False) -> str:
    """Day, month and B.E. year in figures as forms show them: "07/12/2569" (read back by
    ``parse_date``)."""
    return _digits(f"{d.day:02d}/{d.month:02d}/{be_year(d.year)}", thai_digits)


def format_month_year(d: date, thai_digits: bool = False) -> str:
    """Month and B.E. year: "ตุลาคม 2569"."""
    return _digits(f"{thai_month_name(d.month)} {be_year(d.year)}", thai_digits)


def first_of_month(d: date, months: int = 0) -> date:
    """The first day of the month ``months`` after the month of ``d`` (0: its own)."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(year, month0 + 1, 1)


def last_of_month(d: date) -> date:
    """The last day of the month of ``d``."""
    return first_of_month(d, 1) - timedelta(days=1)


def add_years(d: date, years: int) -> date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February in a
    common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February into a common year
        return d.replace(year=d.year + years, day=28)


# --------------------------------------------------------------------------- fiscal year


def fiscal_year_of(d: date) -> int:
    """B.E. fiscal year containing ``d``; FY 2570 runs 1 Oct 2026 - 30 Sep 2027."""
    return be_year(d.year + 1 if d.month >= 10 else d.year)


def fiscal_year_range(fy_be: int) -> tuple[date, date]:
    """First and last day (inclusive) of B.E. fiscal year ``fy_be``."""
    end_ce = ce_year(fy_be)
    if not date.min.year < end_ce <= date.max.year:
        raise ValueError(
            _("The fiscal year B.E. %(year)s is outside the range the system handles")
            % {"year": fy_be}
        )
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


def format_fiscal_year(fy_be: int, thai_digits: bool = False) -> str:
    """Fiscal year label: "ปีงบประมาณ พ.ศ. 2570"."""
    return _digits(f"ปีงบประมาณ พ.ศ. {fy_be}", thai_digits)


def fiscal_quarter_of(d: date) -> int:
    """Quarter 1-4 of the fiscal year: Q1 = Oct-Dec, Q2 = Jan-Mar, Q3 = Apr-Jun, Q4 = Jul-Sep."""
    return (d.month - 10) % 12 // 3 + 1


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True, slots=True)
class ParsedYear:
    """A year as the user typed it, resolved to both eras."""

    be: int
    ce: int
    era_given: Literal["BE", "CE"]
    explanation: str


_ERA_BE = r"พ\s*\.?\s*ศ\s*\.?"
_ERA_CE = r"ค\s*\.?\s*ศ\s*\.?"
_ERA = rf"(?P<era>{_ERA_BE}|{_ERA_CE})"
_YEAR_RE = re.compile(rf"(?:{_ERA}\s*)?(?P<year>\d+)")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060"))
_WHITESPACE_RE = re.compile(r"\s+")


def _era_of(marker: str | None) -> Literal["BE", "CE"] | None:
    if not marker:
        return None
    return "BE" if marker.startswith("พ") else "CE"


def _parsed(be: int, era: Literal["BE", "CE"]) -> ParsedYear:
    ce = ce_year(be)
    if not date.min.year <= ce <= date.max.year:
        raise ValueError(
            _("The year B.E. %(year)s is outside the range the system handles") % {"year": be}
        )
    if era == "BE":
        explanation = _("read as B.E. %(be)s (%(ce)s C.E.)") % {"be": be, "ce": ce}
    else:
        explanation = _("read as %(ce)s C.E. (B.E. %(be)s)") % {"be": be, "ce": ce}
    return ParsedYear(be=be, ce=ce, era_given=era, explanation=explanation)


def _resolve_year(
    digits: str, era: Literal["BE", "CE"] | None, original: str, two_digit_ok: bool
) -> ParsedYear:
    number = int(digits)
    if len(digits) == 2 and two_digit_ok:
        # Two-digit years are short B.E. (69 -> 2569) unless ค.ศ. is written (26 -> 2026).
        if era == "CE":
            return _parsed(be_year(2000 + number), "CE")
        return _parsed(2500 + number, "BE")
    if era == "BE" and number > 0:
        return _parsed(number, "BE")
    if era == "CE" and number > 0:
        return _parsed(be_year(number), "CE")
    if len(digits) == 4 and number >= 2400:
        return _parsed(number, "BE")
    if len(digits) == 4 and 1800 <= number < 2400:
        return _parsed(be_year(number), "CE")
    raise ValueError(
        _(
            "Cannot read the year “%(text)s” — please give a 4-digit B.E. year such as 2569"
            " (or C.E. such as 2026, or write พ.ศ./ค.ศ. before it)"
        )
        % {"text": original}
    )


def parse_year(text: str) -> ParsedYear:
    """Read a year typed as B.E. or C.E., Arabic or Thai digits, optional พ.ศ./ค.ศ.

    An explicit พ.ศ./ค.ศ. wins; otherwise a 4-digit year >= 2400 is B.E. and
    1800-2399 is C.E.; anything else raises ``ValueError`` (a translated message).
    """
    cleaned = normalize_text(text, arabic_digits=True)
    if not cleaned:
        raise ValueError(_("Please give the year"))
    match = _YEAR_RE.fullmatch(cleaned)
    if match is None:
        raise ValueError(
            _("Cannot read the year “%(text)s” — please give a 4-digit B.E. year such as 2569")
            % {"text": text.strip()}
        )
    return _resolve_year(match["year"], _era_of(match["era"]), text.strip(), two_digit_ok=False)


_MONTH_ALIASES: dict[str, int] = {}
for _number, (_full, _short) in enumerate(zip(thai_full_months, thai_abbr_months, strict=True), 1):
    _MONTH_ALIASES[_full] = _number
    _MONTH_ALIASES[_short.replace(".", "")] = _number
for _number, _colloquial in enumerate(
    (
        "มกรา",
        "กุมภา",
        "มีนา",
        "เมษา",
        "พฤษภา",
        "มิถุนา",
        "กรกฎา",
        "สิงหา",
        "กันยา",
        "ตุลา",
        "พฤศจิกา",
        "ธันวา",
    ),
    1,
):
    _MONTH_ALIASES[_colloquial] = _number

_DAY_PREFIX_RE = re.compile(r"^วันที่\s*")
_NUMERIC_DATE_RE = re.compile(
    rf"(?P<a>\d{{1,4}})\s*(?P<sep>[/.-])\s*(?P<b>\d{{1,2}})\s*(?P=sep)\s*(?:{_ERA}\s*)?(?P<c>\d{{1,4}})"
)
_NAMED_DATE_RE = re.compile(
    rf"(?P<day>\d{{1,2}})\s*(?P<month>[^\d\s][^\d]*?)\s*(?:{_ERA}\s*)?(?P<year>\d{{2}}|\d{{4}})"
)
_DATE_HINT = gettext_lazy("write it as e.g. 1/10/2569, 1 ตุลาคม 2569, 1 ต.ค. 69 or 2026-10-01")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date as the user typed it: the date, and how its year was read (B.E. or C.E.)."""

    value: date
    year: ParsedYear


def _build_date(year: ParsedYear, month: int, day: int) -> ParsedDate:
    if not 1 <= month <= 12:
        raise ValueError(
            _("There is no month %(month)s (a month is from 1 to 12)") % {"month": month}
        )
    try:
        return ParsedDate(date(year.ce, month, day), year)
    except ValueError:
        raise ValueError(
            _("There is no %(day)s %(month)s in B.E. %(year)s")
            % {"day": day, "month": thai_month_name(month), "year": year.be}
        ) from None


def read_date(text: str) -> ParsedDate:
    """``parse_date``, also saying how the year was read (``year.era_given``), so that a
    form can tell the user that "7/12/2026" was read as C.E. 2026 = B.E. 2569."""
    cleaned = _DAY_PREFIX_RE.sub("", normalize_text(text, arabic_digits=True))
    original = text.strip()
    if not cleaned:
        raise ValueError(_("Please give the date"))

    match = _NUMERIC_DATE_RE.fullmatch(cleaned)
    if match is not None:
        a, b, c, era = match["a"], match["b"], match["c"], _era_of(match["era"])
        if len(a) == 4 and len(c) <= 2 and era is None:
            year = _resolve_year(a, None, original, two_digit_ok=False)
            return _build_date(year, int(b), int(c))
        if len(a) <= 2 and len(c) in (2, 4):
            year = _resolve_year(c, era, original, two_digit_ok=True)
            return _build_date(year, int(b), int(a))
        raise ValueError(
            _("Cannot read the date “%(text)s” — %(hint)s") % {"text": original, "hint": _DATE_HINT}
        )

    match = _NAMED_DATE_RE.fullmatch(cleaned)
    if match is not None:
        month_text = match["month"]
        month = _MONTH_ALIASES.get(re.sub(r"[\s.]", "", month_text))
        if month is None:
            raise ValueError(
                _("Unknown month name “%(text)s” — %(hint)s")
                % {"text": month_text, "hint": _DATE_HINT}
            )
        year = _resolve_year(match["year"], _era_of(match["era"]), original, two_digit_ok=True)
        return _build_date(year, month, int(match["day"]))

    raise ValueError(
        _("Cannot read the date “%(text)s” — %(hint)s") % {"text": original, "hint": _DATE_HINT}
    )


def parse_date(text: str) -> date:
    """Read a date typed by a user; years may be B.E. or C.E. (see ``parse_year``).

    Accepts "1/10/2569", "01-10-2026", "2026-10-01" (year first), "1 ตุลาคม 2569",
    "1 ต.ค. 69" (two-digit years are B.E. 25xx), "วันที่ 1 ตุลาคม พ.ศ. 2569" and
    Thai digits. Day comes before month. Raises ``ValueError`` with a translated message.
    Any year the date type holds is accepted ("1/1/3112" is B.E. 3112 = C.E. 2569);
    a form or the API also checks that the year is plausible (``oneplan.core.dates``).
    """
    return read_date(text).value


# --------------------------------------------------------------------------- money

_SATANG = Decimal("0.01")
_DIGIT_WORDS = ("", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACE_WORDS = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_MILLION = 1_000_000


def _to_decimal(amount: Decimal | int) -> Decimal:
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"จำนวนเงินต้องเป็น Decimal หรือ int ไม่ใช่ {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"จำนวนเงินไม่ถูกต้อง: {amount}")
    return value


def _round_satang(value: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() + 4)
        rounded = value.quantize(_SATANG, rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # no "-0.00"


def format_baht(amount: Decimal | int, thai_digits: bool = False) -> str:
    """Baht in figures, "1,234,567.50": 2 places (ROUND_HALF_UP), separators, no float."""
    return _digits(f"{_round_satang(_to_decimal(amount)):,.2f}", thai_digits)


def _words_below_million(number: int, has_higher: bool) -> str:
    words = []
    for place, digit in enumerate(map(int, reversed(str(number)))):
        if digit == 0:
            continue
        if place == 0:
            word = "เอ็ด" if digit == 1 and (number > 9 or has_higher) else _DIGIT_WORDS[digit]
        elif place == 1:
            word = {1: "", 2: "ยี่"}.get(digit, _DIGIT_WORDS[digit]) + "สิบ"
        else:
            word = _DIGIT_WORDS[digit] + _PLACE_WORDS[place]
        words.append(word)
    return "".join(reversed(words))


def _number_words(number: int) -> str:
    """Thai words for a positive integer; a unit 1 after other digits reads เอ็ด."""
    if number < _MILLION:
        return _words_below_million(number, has_higher=False)
    millions, rest = divmod(number, _MILLION)
    return _number_words(millions) + "ล้าน" + _words_below_million(rest, has_higher=True)


def baht_in_words(amount: Decimal | int) -> str:
    """Baht in words: "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์", "หนึ่งบาทถ้วน".

    Written here rather than with pythainlp's ``bahttext``, which takes floats
    (100.005 -> "...บาทถ้วน", 0.995 -> 99 satang), drops the sign of -0.5 and
    reads 1,000,001,000,000 as "หนึ่งล้านหนึ่งล้าน". Amounts under one baht read
    "ห้าสิบสตางค์" as Excel's BAHTTEXT does. Negative amounts raise ``ValueError``.
    """
    value = _to_decimal(amount)
    if value < 0:
        raise ValueError(f"จำนวนเงินติดลบ ({value}) อ่านเป็นตัวหนังสือไม่ได้")
    rounded = _round_satang(value)
    baht = int(rounded)
    satang = int((rounded - baht) * 100)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    baht_words = _number_words(baht) + "บาท" if baht else ""
    satang_words = _number_words(satang) + "สตางค์" if satang else "ถ้วน"
    return baht_words + satang_words


# --------------------------------------------------------------------------- text


def normalize_text(text: str, arabic_digits: bool = False) -> str:
    """Clean user input: NFC, drop zero-width characters, collapse whitespace, strip.

    Thai digits are kept unless ``arabic_digits`` is true. (pythainlp's
    ``remove_zw`` only drops U+200B and U+200C, so the set is kept here.)
    """
    # NFC last: dropping a zero-width character can bring combining marks together.
    text = _WHITESPACE_RE.sub(" ", text.translate(_ZERO_WIDTH)).strip()
    text = unicodedata.normalize("NFC", text)
    return to_arabic_digits(text) if arabic_digits else text


_TONE_RE = re.compile("[\u0e47-\u0e4c]")  # ็ ่ ้ ๊ ๋ ์
_LEADING_VOWEL_RE = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")  # เ แ โ ใ ไ + consonant


def thai_sort_key(text: str) -> tuple[str, str, str]:
    """Sort key in Thai dictionary order (เ แ โ ใ ไ sort under their consonant).

    Same rules as ``pythainlp.util.collate`` (which offers no key function), but
    tone marks only break ties, as in Thai dictionaries and ICU: กา < ก่า < กาง.
    """
    text = normalize_text(text)
    base = _LEADING_VOWEL_RE.sub(r"\2\1", _TONE_RE.sub("", text))
    return base, "".join(_TONE_RE.findall(text)), text


def sorted_thai(
    items: Iterable[T], key: Callable[[T], str] | None = None, reverse: bool = False
) -> list[T]:
    """``sorted`` in Thai dictionary order; ``key`` picks the text of each item."""
    if key is None:
        return sorted(items, key=lambda item: thai_sort_key(str(item)), reverse=reverse)
    pick = key
    return sorted(items, key=lambda item: thai_sort_key(pick(item)), reverse=reverse)
