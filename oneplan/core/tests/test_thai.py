"""Tests for oneplan.core.thai and its template filters.

Expected strings are written by hand from Thai usage (or taken from pythainlp as
an independent implementation), never produced by the code under test.
"""

from __future__ import annotations

import calendar
import itertools
import os
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pythainlp.util import collate, num_to_thaiword

from oneplan.core import thai
from oneplan.documents.templatetags import thai as tags

# Dates whose B.E. year has 4 digits and is >= 2400, i.e. what parse_year reads as B.E.
be_dates = st.dates(min_value=date(1857, 1, 1), max_value=date(9456, 12, 31))
# Dates with every fiscal year the date type can represent.
fiscal_dates = st.dates(min_value=date(1, 10, 1), max_value=date(9999, 9, 30))
ARABIC = "0123456789"
THAI = "๐๑๒๓๔๕๖๗๘๙"


# --------------------------------------------------------------------------- digits


def test_digits_known_values():
    assert thai.to_thai_digits("พ.ศ. 2569 ข้อ 10") == "พ.ศ. ๒๕๖๙ ข้อ ๑๐"
    assert thai.to_arabic_digits("๑,๒๓๔.๕๐ บาท") == "1,234.50 บาท"
    assert thai.to_thai_digits(ARABIC) == THAI
    assert thai.to_arabic_digits(THAI) == ARABIC
    assert thai.to_thai_digits("") == ""


@given(st.text())
def test_digit_round_trip(text):
    without_thai = "".join(ch for ch in text if ch not in THAI)
    as_thai = thai.to_thai_digits(without_thai)
    assert not any(ch in ARABIC for ch in as_thai)
    assert thai.to_arabic_digits(as_thai) == without_thai

    without_arabic = "".join(ch for ch in text if ch not in ARABIC)
    as_arabic = thai.to_arabic_digits(without_arabic)
    assert not any(ch in THAI for ch in as_arabic)
    assert thai.to_thai_digits(as_arabic) == without_arabic


# --------------------------------------------------------------------------- years


def test_be_ce_known_values():
    assert thai.be_year(2026) == 2569
    assert thai.be_year(2019) == 2562
    assert thai.ce_year(2570) == 2027


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_be_ce_round_trip(year):
    assert thai.ce_year(thai.be_year(year)) == year
    assert thai.be_year(thai.ce_year(year)) == year
    assert thai.be_year(year) - year == 543


# --------------------------------------------------------------------------- formatting


def test_month_names():
    full = [
        "มกราคม",
        "กุมภาพันธ์",
        "มีนาคม",
        "เมษายน",
        "พฤษภาคม",
        "มิถุนายน",
        "กรกฎาคม",
        "สิงหาคม",
        "กันยายน",
        "ตุลาคม",
        "พฤศจิกายน",
        "ธันวาคม",
    ]
    short = "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split()
    assert [thai.thai_month_name(m) for m in range(1, 13)] == full
    assert [thai.thai_month_name(m, short=True) for m in range(1, 13)] == short
    for bad in (0, 13, -1):
        with pytest.raises(ValueError, match="เดือน"):
            thai.thai_month_name(bad)


def test_format_dates():
    d = date(2019, 5, 28)
    assert thai.format_date_full(d) == "28 พฤษภาคม 2562"
    assert thai.format_date_full(d, thai_digits=True) == "๒๘ พฤษภาคม ๒๕๖๒"
    assert thai.format_date_short(d) == "28 พ.ค. 2562"
    assert thai.format_date_short(d, thai_digits=True) == "๒๘ พ.ค. ๒๕๖๒"
    assert thai.format_date_official(d) == "วันที่ 28 พฤษภาคม พ.ศ. 2562"
    assert thai.format_date_official(d, thai_digits=True) == "วันที่ ๒๘ พฤษภาคม พ.ศ. ๒๕๖๒"
    assert thai.format_month_year(date(2026, 10, 1)) == "ตุลาคม 2569"
    assert thai.format_date_numeric(date(2026, 12, 7)) == "07/12/2569"
    assert thai.format_date_numeric(date(2026, 12, 7), thai_digits=True) == "๐๗/๑๒/๒๕๖๙"
    # single-digit days are not zero-padded; the B.E. year follows the C.E. one on 1 January
    assert thai.format_date_full(date(2026, 1, 1)) == "1 มกราคม 2569"
    assert thai.format_date_full(date(2025, 12, 31)) == "31 ธันวาคม 2568"
    assert thai.format_date_short(date(2024, 2, 29)) == "29 ก.พ. 2567"
    # datetimes format by their own calendar fields
    assert thai.format_date_full(datetime(2026, 9, 30, 23, 59)) == "30 กันยายน 2569"


# --------------------------------------------------------------------------- fiscal year


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2026, 9, 30), 2569),
        (date(2026, 10, 1), 2570),
        (date(2026, 12, 31), 2570),
        (date(2027, 1, 1), 2570),
        (date(2027, 9, 30), 2570),
        (date(2027, 10, 1), 2571),
        (date(2024, 2, 29), 2567),
    ],
)
def test_fiscal_year_of_edges(d, fy):
    assert thai.fiscal_year_of(d) == fy


def test_fiscal_year_range_and_label():
    assert thai.fiscal_year_range(2570) == (date(2026, 10, 1), date(2027, 9, 30))
    assert thai.fiscal_year_range(2567) == (date(2023, 10, 1), date(2024, 9, 30))
    assert thai.format_fiscal_year(2570) == "ปีงบประมาณ พ.ศ. 2570"
    assert thai.format_fiscal_year(2570, thai_digits=True) == "ปีงบประมาณ พ.ศ. ๒๕๗๐"
    with pytest.raises(ValueError, match="ปีงบประมาณ"):
        thai.fiscal_year_range(20_000)


@pytest.mark.parametrize(
    ("month", "quarter"),
    [
        *[(10, 1), (11, 1), (12, 1)],
        *[(1, 2), (2, 2), (3, 2)],
        *[(4, 3), (5, 3), (6, 3)],
        *[(7, 4), (8, 4), (9, 4)],
    ],
)
def test_fiscal_quarter_of(month, quarter):
    assert thai.fiscal_quarter_of(date(2026, month, 1)) == quarter
    last_day = calendar.monthrange(2026, month)[1]
    assert thai.fiscal_quarter_of(date(2026, month, last_day)) == quarter


@given(fiscal_dates)
@example(date(2026, 9, 30))
@example(date(2026, 10, 1))
@example(date(2024, 2, 29))
def test_fiscal_range_contains_date(d):
    fy = thai.fiscal_year_of(d)
    start, end = thai.fiscal_year_range(fy)
    assert start <= d <= end
    assert (start.month, start.day, end.month, end.day) == (10, 1, 9, 30)
    assert thai.fiscal_year_of(start) == thai.fiscal_year_of(end) == fy
    assert 1 <= thai.fiscal_quarter_of(d) <= 4


@given(st.integers(min_value=545, max_value=10_541))
@example(2567)  # 1 Oct 2023 - 30 Sep 2024 contains 29 Feb 2024
@example(2443)  # ends in 1900: not a leap year
@example(2543)  # ends in 2000: a leap year
def test_consecutive_fiscal_years_are_contiguous(fy):
    start, end = thai.fiscal_year_range(fy)
    next_start, _ = thai.fiscal_year_range(fy + 1)
    assert next_start == end + timedelta(days=1)
    length = (end - start).days + 1
    assert length == (366 if calendar.isleap(thai.ce_year(fy)) else 365)


# --------------------------------------------------------------------------- parse_year


def test_parse_year_examples():
    parsed = thai.parse_year("2569")
    assert (parsed.be, parsed.ce, parsed.era_given) == (2569, 2026, "BE")
    assert parsed.explanation == "เข้าใจว่าเป็น พ.ศ. 2569 (ค.ศ. 2026)"

    parsed = thai.parse_year("2026")
    assert (parsed.be, parsed.ce, parsed.era_given) == (2569, 2026, "CE")
    assert "ค.ศ. 2026" in parsed.explanation and "พ.ศ. 2569" in parsed.explanation

    assert thai.parse_year("๒๕๖๙").be == 2569
    assert thai.parse_year("  พ.ศ. ๒๕๖๙ ").ce == 2026
    assert thai.parse_year("พ.ศ.2569").era_given == "BE"
    assert thai.parse_year("ค.ศ. 2026").be == 2569
    assert thai.parse_year("2400").era_given == "BE"
    assert thai.parse_year("2399").era_given == "CE"
    assert thai.parse_year("1800").be == 2343
    # an explicit era wins over the range rule
    assert (thai.parse_year("พ.ศ. 2026").be, thai.parse_year("พ.ศ. 2026").ce) == (2026, 1483)
    assert (thai.parse_year("ค.ศ. 2569").ce, thai.parse_year("ค.ศ. 2569").be) == (2569, 3112)

    with pytest.raises(AttributeError):
        parsed.be = 2570  # frozen


@pytest.mark.parametrize("text", ["", "   ", "abc", "1799", "999", "69", "12345", "25 69", "-2569"])
def test_parse_year_rejects(text):
    with pytest.raises(ValueError) as info:
        thai.parse_year(text)
    assert any("\u0e01" <= ch <= "\u0e5b" for ch in str(info.value))  # Thai message


@given(st.integers(min_value=2400, max_value=2700), st.booleans(), st.booleans())
def test_parse_year_any_be(year, with_prefix, thai_digits):
    text = f"พ.ศ. {year}" if with_prefix else str(year)
    parsed = thai.parse_year(thai.to_thai_digits(text) if thai_digits else text)
    assert (parsed.be, parsed.ce, parsed.era_given) == (year, year - 543, "BE")
    assert f"พ.ศ. {year}" in parsed.explanation and f"ค.ศ. {year - 543}" in parsed.explanation


@given(st.integers(min_value=1857, max_value=2157), st.booleans(), st.booleans())
def test_parse_year_any_ce(year, with_prefix, thai_digits):
    text = f"ค.ศ. {year}" if with_prefix else str(year)
    parsed = thai.parse_year(thai.to_thai_digits(text) if thai_digits else text)
    assert (parsed.be, parsed.ce, parsed.era_given) == (year + 543, year, "CE")
    assert f"ค.ศ. {year}" in parsed.explanation and f"พ.ศ. {year + 543}" in parsed.explanation


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    "text",
    [
        "1/10/2569",
        "01/10/2569",
        "01-10-2026",
        "1.10.2569",
        "2026-10-01",
        "2569-10-01",
        "1 ตุลาคม 2569",
        "1 ตุลาคม พ.ศ. 2569",
        "วันที่ 1 ตุลาคม พ.ศ. 2569",
        "1 ต.ค. 2569",
        "1 ต.ค. 69",
        "1 ต.ค 69",
        "1 ตค 69",
        "1 ตุลา 69",
        "1ต.ค.69",
        "1/10/69",
        "๑/๑๐/๒๕๖๙",
        "๑ ต.ค. ๖๙",
        "  1  ตุลาคม\u200b  2569 ",
    ],
)
def test_parse_date_formats(text):
    assert thai.parse_date(text) == date(2026, 10, 1)


def test_parse_date_leap_years_use_ce():
    # 2567 B.E. = 2024 C.E. is a leap year although 2567 is not divisible by 4
    assert thai.parse_date("29/2/2567") == date(2024, 2, 29)
    assert thai.parse_date("29 กุมภาพันธ์ 2567") == date(2024, 2, 29)
    assert thai.parse_date("29/2/2024") == date(2024, 2, 29)
    assert thai.parse_date("29/2/2543") == date(2000, 2, 29)  # century divisible by 400
    with pytest.raises(ValueError, match=re.escape("ไม่มีวันที่ 29 กุมภาพันธ์ ใน พ.ศ. 2569")):
        thai.parse_date("29 ก.พ. 2569")
    with pytest.raises(ValueError, match=re.escape("พ.ศ. 2569")):
        thai.parse_date("29/2/2026")
    with pytest.raises(ValueError, match=re.escape("ไม่มีวันที่ 29 กุมภาพันธ์ ใน พ.ศ. 2443")):
        thai.parse_date("29/2/2443")  # 1900 is not a leap year
    with pytest.raises(ValueError, match="ไม่มีวันที่ 31 เมษายน"):
        thai.parse_date("31/4/2569")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "กรุณาระบุวันที่"),
        ("abc", "ไม่เข้าใจวันที่"),
        ("1/13/2569", "ไม่มีเดือนที่ 13"),
        ("0/10/2569", "ไม่มีวันที่ 0"),
        ("32 ตุลาคม 2569", "ไม่มีวันที่ 32"),
        ("1 ตุลาคมม 2569", "ไม่รู้จักชื่อเดือน"),
        ("1/10/256", "ไม่เข้าใจวันที่"),
        ("1/10/1799", "ไม่เข้าใจปี"),
        ("1/10-2569", "ไม่เข้าใจวันที่"),
        ("2026-10-2569", "ไม่เข้าใจวันที่"),
    ],
)
def test_parse_date_rejects(text, needle):
    with pytest.raises(ValueError, match=needle):
        thai.parse_date(text)


@given(be_dates, st.booleans())
@example(date(2024, 2, 29), False)
@example(date(2026, 9, 30), True)
@example(date(2026, 10, 1), False)
@example(date(2025, 12, 31), True)
@example(date(2026, 1, 1), False)
def test_parse_formatted_dates_round_trip(d, thai_digits):
    assert thai.parse_date(thai.format_date_full(d, thai_digits=thai_digits)) == d
    assert thai.parse_date(thai.format_date_short(d, thai_digits=thai_digits)) == d
    assert thai.parse_date(thai.format_date_official(d, thai_digits=thai_digits)) == d
    assert thai.parse_date(thai.format_date_numeric(d, thai_digits=thai_digits)) == d
    assert thai.read_date(thai.format_date_numeric(d)).year.era_given == "BE"
    assert thai.parse_date(f"{d.day}/{d.month}/{d.year + 543}") == d


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2399, 12, 31)))
def test_parse_iso_and_ce_dates(d):
    assert thai.parse_date(d.isoformat()) == d
    assert thai.parse_date(f"{d.day:02d}-{d.month:02d}-{d.year}") == d


@given(st.dates(min_value=date(1957, 1, 1), max_value=date(2056, 12, 31)))  # B.E. 2500-2599
def test_two_digit_years_are_be_25xx(d):
    be = d.year + 543
    assert (
        thai.parse_date(f"{d.day} {thai.thai_month_name(d.month, short=True)} {be % 100:02d}") == d
    )


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("amount", "figures"),
    [
        ("1234567.5", "1,234,567.50"),
        ("0", "0.00"),
        ("999.999", "1,000.00"),
        ("0.005", "0.01"),
        ("1.0049", "1.00"),
        ("-1234.5", "-1,234.50"),
        ("-0.001", "0.00"),  # no "-0.00"
        ("12345678901234567890.125", "12,345,678,901,234,567,890.13"),
    ],
)
def test_format_baht(amount, figures):
    assert thai.format_baht(Decimal(amount)) == figures


def test_format_baht_types_and_digits():
    assert thai.format_baht(1000) == "1,000.00"
    assert thai.format_baht(Decimal("1234.5"), thai_digits=True) == "๑,๒๓๔.๕๐"
    with pytest.raises(TypeError):
        thai.format_baht(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        thai.format_baht(True)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        thai.format_baht(Decimal("NaN"))


@given(st.integers(min_value=-(10**17), max_value=10**17))
def test_format_baht_reads_back(cents):
    amount = Decimal(cents).scaleb(-2)
    text = thai.format_baht(amount)
    assert Decimal(text.replace(",", "")) == amount
    digits = text.removeprefix("-").split(".")[0]
    assert all(len(group) == 3 for group in digits.split(",")[1:])
    assert 1 <= len(digits.split(",")[0]) <= 3


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "ศูนย์บาทถ้วน"),
        ("0.00", "ศูนย์บาทถ้วน"),
        ("1", "หนึ่งบาทถ้วน"),
        ("10", "สิบบาทถ้วน"),
        ("11", "สิบเอ็ดบาทถ้วน"),
        ("20", "ยี่สิบบาทถ้วน"),
        ("21", "ยี่สิบเอ็ดบาทถ้วน"),
        ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
        ("110", "หนึ่งร้อยสิบบาทถ้วน"),
        ("1001", "หนึ่งพันเอ็ดบาทถ้วน"),
        ("1234.50", "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
        ("1000000", "หนึ่งล้านบาทถ้วน"),
        ("1000001", "หนึ่งล้านเอ็ดบาทถ้วน"),
        ("1000010", "หนึ่งล้านสิบบาทถ้วน"),
        ("11000000", "สิบเอ็ดล้านบาทถ้วน"),
        ("21000021.21", "ยี่สิบเอ็ดล้านยี่สิบเอ็ดบาทยี่สิบเอ็ดสตางค์"),
        ("1000000000000", "หนึ่งล้านล้านบาทถ้วน"),
        ("1000001000000", "หนึ่งล้านเอ็ดล้านบาทถ้วน"),
        ("3780600000000", "สามล้านเจ็ดแสนแปดหมื่นหกร้อยล้านบาทถ้วน"),
        ("0.01", "หนึ่งสตางค์"),
        ("0.5", "ห้าสิบสตางค์"),
        ("10.10", "สิบบาทสิบสตางค์"),
        # ROUND_HALF_UP on exact decimals (float-based code gets these wrong)
        ("0.005", "หนึ่งสตางค์"),
        ("100.005", "หนึ่งร้อยบาทหนึ่งสตางค์"),
        ("2.675", "สองบาทหกสิบแปดสตางค์"),
        ("0.995", "หนึ่งบาทถ้วน"),
        ("0.004", "ศูนย์บาทถ้วน"),
        ("-0", "ศูนย์บาทถ้วน"),
    ],
)
def test_baht_in_words_known_values(amount, words):
    assert thai.baht_in_words(Decimal(amount)) == words


def test_baht_in_words_rejects():
    for bad in ("-1", "-0.001", "-1000000"):
        with pytest.raises(ValueError, match="ติดลบ"):
            thai.baht_in_words(Decimal(bad))
    for bad in ("NaN", "Infinity"):
        with pytest.raises(ValueError):
            thai.baht_in_words(Decimal(bad))
    with pytest.raises(TypeError):
        thai.baht_in_words(0.5)  # type: ignore[arg-type]
    assert thai.baht_in_words(21) == "ยี่สิบเอ็ดบาทถ้วน"


@given(st.integers(min_value=0, max_value=10**14 - 1))
@example(0)
@example(1)
@example(100)
@example(100_000_100)
def test_baht_in_words_random(cents):
    amount = Decimal(cents).scaleb(-2)  # [0, 10^12) with 2 places
    baht, satang = divmod(cents, 100)
    words = thai.baht_in_words(amount)
    assert words
    assert words.endswith("ถ้วน") == (satang == 0)
    assert words.endswith("สตางค์") == (satang != 0)
    # pythainlp's num_to_thaiword is an independent reading of integers below 10^12
    if cents == 0:
        expected = "ศูนย์บาทถ้วน"
    else:
        expected = (num_to_thaiword(baht) + "บาท" if baht else "") + (
            num_to_thaiword(satang) + "สตางค์" if satang else "ถ้วน"
        )
    assert words == expected


# --------------------------------------------------------------------------- text

ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060"


def test_normalize_text_examples():
    assert thai.normalize_text("  สวัส\u200bดี\u200c\u200d\ufeff\u2060ครับ \t\n  ท่าน  ") == (
        "สวัสดีครับ ท่าน"
    )
    assert thai.normalize_text("a\u00a0\u00a0b") == "a b"
    assert thai.normalize_text("ข้อ ๑๒") == "ข้อ ๑๒"
    assert thai.normalize_text("ข้อ ๑๒", arabic_digits=True) == "ข้อ 12"
    assert thai.normalize_text("e\u0301") == "\u00e9"  # NFC
    assert thai.normalize_text("a \u200b b") == "a b"


@given(st.text(alphabet=st.sampled_from("กขเแ่้ ๑1\t\n\u00a0e\u0301" + ZERO_WIDTH)))
def test_normalize_text_properties(text):
    result = thai.normalize_text(text)
    assert thai.normalize_text(result) == result
    assert not any(ch in ZERO_WIDTH for ch in result)
    assert result == result.strip()
    assert "  " not in result and "\t" not in result and "\n" not in result
    assert [ch for ch in result if ch in THAI] == [ch for ch in text if ch in THAI]


def test_sorted_thai_dictionary_order():
    assert thai.sorted_thai(["ไก่", "ขวด", "เกาะ", "กบ"]) == ["กบ", "เกาะ", "ไก่", "ขวด"]
    # pythainlp's own documented example
    words = ["ไก่", "เกิด", "กาล", "เป็ด", "หมู", "วัว", "วันที่"]
    assert thai.sorted_thai(words) == ["กาล", "เกิด", "ไก่", "เป็ด", "วันที่", "วัว", "หมู"]
    assert thai.sorted_thai(words, reverse=True)[0] == "หมู"
    # tone marks only break ties (pythainlp's collate puts กาง before ก่า)
    assert thai.sorted_thai(["กาง", "ก่า", "กา", "ก้า"]) == ["กา", "ก่า", "ก้า", "กาง"]
    # code-point order would put every เ/ไ word after ข
    assert sorted(["ไก่", "ขวด"]) == ["ขวด", "ไก่"]


def test_sorted_thai_with_key():
    people = [{"name": "สมชาย"}, {"name": "เกษม"}, {"name": "กมล"}, {"name": "ไพโรจน์"}]
    names = [p["name"] for p in thai.sorted_thai(people, key=lambda p: p["name"])]
    assert names == ["กมล", "เกษม", "ไพโรจน์", "สมชาย"]
    assert thai.thai_sort_key("เกาะ") < thai.thai_sort_key("ไก่") < thai.thai_sort_key("ขวด")


tone_free_words = st.lists(st.text(alphabet="กขคงจบปมยรลวสหอะาิีุูเแโใไำั", min_size=1), max_size=8)


@given(tone_free_words)
def test_sorted_thai_agrees_with_pythainlp_collate(words):
    result = thai.sorted_thai(words)
    assert sorted(result) == sorted(words)
    for a, b in itertools.pairwise(result):
        assert collate([a, b]) == [a, b]  # collate (a stable sort) never puts b first


# --------------------------------------------------------------------------- template filters


def test_filters():
    d = date(2019, 5, 28)
    assert tags.thai_date(d) == "28 พฤษภาคม 2562"
    assert tags.thai_date(d, True) == "๒๘ พฤษภาคม ๒๕๖๒"
    assert tags.thai_date_short(d) == "28 พ.ค. 2562"
    assert tags.thai_digits("ข้อ 12") == "ข้อ ๑๒"
    assert tags.thai_digits(2569) == "๒๕๖๙"
    assert tags.baht(Decimal("1234567.5")) == "1,234,567.50"
    assert tags.baht(1000) == "1,000.00"
    assert tags.baht("1,000.5") == "1,000.50"
    assert tags.baht(0.1) == "0.10"
    assert tags.baht("abc") == ""
    assert tags.baht_words(Decimal("21")) == "ยี่สิบเอ็ดบาทถ้วน"
    assert tags.baht_words(Decimal("-1")) == ""
    assert tags.fiscal_year(date(2026, 10, 1)) == "ปีงบประมาณ พ.ศ. 2570"
    assert tags.fiscal_year(2570, True) == "ปีงบประมาณ พ.ศ. ๒๕๗๐"
    assert tags.fiscal_year("abc") == ""
    for fn in (
        tags.thai_date,
        tags.thai_date_short,
        tags.thai_digits,
        tags.baht,
        tags.baht_words,
        tags.fiscal_year,
    ):
        assert fn(None) == ""
    assert tags.thai_date("") == ""


def test_filters_registered():
    assert {
        "thai_date",
        "thai_date_short",
        "thai_digits",
        "baht",
        "baht_words",
        "fiscal_year",
    } <= set(tags.register.filters)


def test_date_filters_use_local_day_for_aware_datetimes():
    from django.conf import settings
    from django.utils import timezone

    if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
        pytest.skip("Django's timezone helpers need settings; run with pytest-django")

    # 20:00 UTC on 30 Sep 2026 is 03:00 on 1 Oct in Bangkok: a new day and a new fiscal year.
    moment = datetime(2026, 9, 30, 20, 0, tzinfo=UTC)
    with timezone.override(ZoneInfo("Asia/Bangkok")):
        assert tags.thai_date(moment) == "1 ตุลาคม 2569"
        assert tags.fiscal_year(moment) == "ปีงบประมาณ พ.ศ. 2570"
    assert tags.thai_date(datetime(2026, 9, 30, 23, 0)) == "30 กันยายน 2569"  # naive: as is


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(-30, 30))
def test_months_move_by_their_first_and_last_days(day, months):
    from oneplan.core.thai import first_of_month, last_of_month

    start = first_of_month(day, months)
    assert start.day == 1
    assert (start.year * 12 + start.month) - (day.year * 12 + day.month) == months
    end = last_of_month(start)
    assert end.month == start.month and (end + timedelta(days=1)).day == 1
