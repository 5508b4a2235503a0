"""The number field every form uses: what an official types (Thai digits, thousands commas)
is read as the Excel imports read it, and what cannot be read is said in Thai."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from oneplan.core.thai import format_baht, to_thai_digits
from oneplan.plans.forms import NumberField


class AmountForm(forms.Form):
    amount = NumberField(min_value=0, max_digits=16, decimal_places=2)


@given(st.decimals(min_value=0, max_value=Decimal("99999999999999.99"), places=2))
def test_an_amount_typed_with_commas_or_thai_digits_is_the_same_amount(amount):
    for typed in (format_baht(amount), to_thai_digits(format_baht(amount)), f" {amount} "):
        form = AmountForm({"amount": typed})
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["amount"] == amount


def test_what_cannot_be_read_is_said_in_thai():
    with translation.override("th"):
        for typed, message in (
            ("หนึ่งล้าน", "“หนึ่งล้าน” ไม่ใช่ตัวเลข"),
            ("NaN", "“NaN” ไม่ใช่ตัวเลข"),
            ("-5", "ค่านี้ต้องมากกว่าหรือเท่ากับ 0"),
            ("1.234", "ใส่ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
            ("123456789012345", "ใส่ตัวเลขหน้าจุดทศนิยมได้ไม่เกิน 14 หลัก"),
        ):
            form = AmountForm({"amount": typed})
            assert not form.is_valid()
            assert message in form.errors["amount"][0], form.errors


def test_a_saved_value_is_shown_plainly():
    field = NumberField()
    assert field.prepare_value(Decimal("1.5E+6")) == "1500000"
    assert field.prepare_value(Decimal("2.50")) == "2.5"
    assert field.prepare_value("1,2x") == "1,2x"  # what the user typed comes back as typed
