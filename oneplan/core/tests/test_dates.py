"""The one reading of typed dates (core.dates) and its API twin (api.fields): B.E. by
default, C.E. understood and said back, impossible dates and implausible years refused in
Thai. Expected dates are written by hand."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from hypothesis import example, given
from hypothesis import strategies as st
from rest_framework import serializers

from oneplan.api.fields import ThaiDateField as ApiDateField
from oneplan.core.dates import (
    PLACEHOLDER,
    ThaiDateField,
    ThaiDateInput,
    announce_date_readings,
    read_user_date,
    validate_plausible_date,
)
from oneplan.core.thai import format_date_numeric, read_date

DEC_7 = date(2026, 12, 7)
ACCEPTED = [
    "7/12/2569",
    "07/12/2569",
    "2569-12-07",
    "๗/๑๒/๒๕๖๙",
    "7 ธันวาคม 2569",
    "๗ ธันวาคม ๒๕๖๙",
    "7 ธ.ค. 69",
    "วันที่ 7 ธันวาคม พ.ศ. 2569",
]
CE = ["7/12/2026", "2026-12-07", "07-12-2026", "7 ธันวาคม ค.ศ. 2026"]
REFUSED = [
    ("30/2/2569", "ไม่มีวันที่ 30 กุมภาพันธ์ ใน พ.ศ. 2569"),
    ("2569-02-30", "ไม่มีวันที่ 30 กุมภาพันธ์ ใน พ.ศ. 2569"),
    ("31/4/2569", "ไม่มีวันที่ 31 เมษายน"),
    ("7/13/2569", "ไม่มีเดือนที่ 13"),
    # a B.E. year read once more as B.E. (the letter of "๗ ธันวาคม ๓๑๑๒"): B.E. 3112 = 2569
    ("๗ ธันวาคม ๓๑๑๒", "ปี พ.ศ. 3112 (ค.ศ. 2569) ไม่น่าจะถูกต้อง"),
    ("15 มกราคม 3113", "ปี พ.ศ. 3113 (ค.ศ. 2570) ไม่น่าจะถูกต้อง"),
    ("3112-12-07", "ปี พ.ศ. 3112 (ค.ศ. 2569) ไม่น่าจะถูกต้อง"),
    ("7 ธันวาคม ค.ศ. 2569", "ปี พ.ศ. 3112 (ค.ศ. 2569) ไม่น่าจะถูกต้อง"),
    ("1/1/2300", "ปี พ.ศ. 2843 (ค.ศ. 2300) ไม่น่าจะถูกต้อง"),
    ("31/12/1899", "ปี พ.ศ. 2442 (ค.ศ. 1899) ไม่น่าจะถูกต้อง"),
    ("7/12/256", "ไม่เข้าใจวันที่"),
    ("เมื่อวาน", "ไม่เข้าใจวันที่"),
]
PLAUSIBLE = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def thai(text: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e5b" for ch in text)


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("text", ACCEPTED)
def test_buddhist_era_is_the_default(text):
    reading = read_user_date(text)
    assert reading.value == DEC_7 and reading.era_given == "BE" and reading.notice is None


@pytest.mark.parametrize("text", CE)
def test_christian_era_is_understood_and_said_back(text):
    reading = read_user_date(text)
    assert reading.value == DEC_7 and reading.era_given == "CE"
    assert reading.notice == f"อ่าน “{text}” เป็น ค.ศ. 2026 = พ.ศ. 2569 คือวันที่ 7 ธันวาคม 2569"


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_impossible_dates_and_implausible_years_are_refused_in_thai(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        read_user_date(text)


def test_the_parser_says_which_era_it_read():
    assert read_date("7/12/2569").year.era_given == "BE"
    assert read_date("7/12/2026").year.era_given == "CE"
    assert read_date("7/12/2026").value == read_date("7/12/2569").value == DEC_7


def test_the_model_validator_refuses_the_year_3112():
    validate_plausible_date(DEC_7)
    validate_plausible_date(date(1900, 1, 1))
    validate_plausible_date(date(2200, 12, 31))
    for wrong in (date(3112, 12, 7), date(2569, 12, 7), date(1899, 12, 31)):
        with pytest.raises(ValidationError) as info:
            validate_plausible_date(wrong)
        assert info.value.code == "implausible_year" and thai(info.value.messages[0])


# --------------------------------------------------------------------------- form field


class DateForm(forms.Form):
    on = ThaiDateField(label="วันที่มีมติ")
    until = ThaiDateField(label="ถึง", required=False)


@pytest.mark.parametrize("text", [*ACCEPTED, *CE])
def test_the_form_field_stores_the_date(text):
    form = DateForm({"on": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"on": DEC_7, "until": None}


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_the_form_field_refuses_in_thai(text, message):
    form = DateForm({"on": text})
    assert not form.is_valid()
    assert message in form.errors["on"][0]


def test_the_form_field_refuses_an_implausible_date_object():
    field = ThaiDateField()
    with pytest.raises(ValidationError, match="ไม่น่าจะถูกต้อง"):
        field.clean(date(3112, 12, 7))
    assert field.clean(datetime(2026, 12, 7, 9, 30)) == DEC_7


def test_the_widget_is_text_and_shows_buddhist_era():
    form = DateForm(initial={"on": DEC_7})
    html = str(form["on"])
    assert 'type="text"' in html and 'value="07/12/2569"' in html
    assert f'placeholder="{PLACEHOLDER}"' in html and 'type="date"' not in html
    # what the user typed is shown back as typed
    bound = DateForm({"on": "30/2/2569"})
    assert 'value="30/2/2569"' in str(bound["on"])
    assert ThaiDateInput().format_value(datetime(2026, 12, 7, 23, 0)) == "07/12/2569"


def test_an_unchanged_date_is_not_a_change():
    form = DateForm({"on": "07/12/2569"}, initial={"on": DEC_7})
    assert not form.has_changed()
    assert DateForm({"on": "8/12/2569"}, initial={"on": DEC_7}).has_changed()


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_christian_era_notice_reaches_the_user():
    request = _request()
    form = DateForm({"on": "7/12/2026", "until": "8/12/2569"})
    assert form.is_valid()
    announce_date_readings(request, form)
    assert [str(m) for m in get_messages(request)] == [
        "วันที่มีมติ: อ่าน “7/12/2026” เป็น ค.ศ. 2026 = พ.ศ. 2569 คือวันที่ 7 ธันวาคม 2569"
    ]
    request = _request()
    quiet = DateForm({"on": "7/12/2569"})
    assert quiet.is_valid()
    announce_date_readings(request, quiet)
    assert not list(get_messages(request))


@given(PLAUSIBLE, st.booleans())
@example(date(2024, 2, 29), False)
@example(date(1900, 1, 1), True)
@example(date(2200, 12, 31), False)
def test_what_the_field_shows_it_reads_back(d, thai_digits):
    field = ThaiDateField()
    shown = field.widget.format_value(d)
    assert shown == format_date_numeric(d)
    typed = format_date_numeric(d, thai_digits=thai_digits)
    assert field.clean(typed) == d
    assert field.reading is not None and field.reading.era_given == "BE"


# --------------------------------------------------------------------------- API field


class DateIn(serializers.Serializer):
    on = ApiDateField()
    until = ApiDateField(required=False, allow_null=True)


@pytest.mark.parametrize("text", [*ACCEPTED, *CE])
def test_the_api_field_stores_the_date(text):
    data = DateIn(data={"on": text, "until": None})
    assert data.is_valid(), data.errors
    assert data.validated_data == {"on": DEC_7, "until": None}


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_the_api_field_refuses_in_thai(text, message):
    data = DateIn(data={"on": text})
    assert not data.is_valid()
    assert message in str(data.errors["on"][0])


def test_the_api_field_answers_iso_and_refuses_other_types():
    assert DateIn({"on": DEC_7, "until": None}).data == {"on": "2026-12-07", "until": None}
    for wrong in (20261207, ["2026-12-07"], date(3112, 12, 7)):
        data = DateIn(data={"on": wrong})
        assert not data.is_valid() and thai(str(data.errors["on"][0]))
    assert DateIn(data={"on": date(2026, 12, 7)}).is_valid()


@given(PLAUSIBLE)
def test_iso_dates_the_api_sent_before_still_mean_the_same_day(d):
    """Every ISO date of 1900-2200 C.E. reads as before (its year is below 2400)."""
    data = DateIn(data={"on": d.isoformat()})
    assert data.is_valid(), data.errors
    assert data.validated_data["on"] == d


def test_a_date_cell_typed_in_buddhist_era_is_read_as_such():
    """Excel keeps "7/12/2569" typed on a Gregorian calendar as the year 2569: the imports read
    it as B.E.; a year that is neither era is refused in Thai."""
    from oneplan.core.dates import plausible_date
    from oneplan.documents.workbook import CellError, date_of  # every import's one reading

    assert plausible_date(date(2569, 12, 7)) == date(2026, 12, 7)
    assert plausible_date(date(2026, 12, 7)) == date(2026, 12, 7)
    assert date_of(datetime(2569, 12, 7)) == date(2026, 12, 7)
    assert date_of("7/12/2569") == date(2026, 12, 7)  # text: its era read once, not twice
    assert date_of(date(2569, 3, 31)) == date(2026, 3, 31)
    assert date_of("31/3/2569") == date(2026, 3, 31)
    with pytest.raises(CellError, match="ไม่น่าจะถูกต้อง"):
        date_of(datetime(1200, 1, 1))
    with pytest.raises(ValueError, match="ไม่น่าจะถูกต้อง"):
        plausible_date(date(9000, 1, 1))
