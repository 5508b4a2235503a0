"""The API's exception handler: DRF's, with every message of a refusal in Thai.

DRF and Django have no Thai for some of their messages ("Not a valid string.", "Null
characters are not allowed.", a text's length); each one left in English is put in Thai
here (its values kept), and any other English message is given a Thai lead, so that every
refusal the API answers can be read by its users. Only DRF's messages (ErrorDetail) are
changed: the services' messages are Thai already, and codes and names are left alone."""

from __future__ import annotations

import re
from typing import Any

from rest_framework.exceptions import ErrorDetail
from rest_framework.views import exception_handler

_THAI_RE = re.compile("[\u0e00-\u0e7f]")

# English message (a pattern over the whole message) → Thai, with the pattern's groups.
TRANSLATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), thai)
    for pattern, thai in (
        (r"Not a valid string\.", "ต้องเป็นข้อความ"),
        (r"No data provided", "ไม่มีข้อมูล"),
        (r"Invalid input\.", "ข้อมูลไม่ถูกต้อง"),
        (r"Malformed request\.", "คำขอไม่ถูกต้อง"),
        (r"Null characters are not allowed\.", "มีอักขระ NUL (\\u0000) ซึ่งบันทึกไม่ได้ กรุณาลบออก"),
        (r"Surrogate characters are not allowed: (.+)\.", r"มีอักขระ \1 ที่ไม่ใช่ข้อความ Unicode ที่ถูกต้อง"),
        (r"Must be a valid boolean\.", "ต้องเป็นค่าจริงหรือเท็จ (true หรือ false)"),
        (r"A valid biginteger is required\.", "ต้องเป็นจำนวนเต็ม"),
        (r"Integer value too large to convert to float", "ตัวเลขใหญ่เกินไป"),
        (r"Must be a valid UUID\.", "ต้องเป็นรหัส UUID"),
        (r"Datetime value out of range\.", "วันเวลาอยู่นอกช่วงที่รับได้"),
        (r"This dictionary may not be empty\.", "ต้องไม่ว่าง"),
        (r"This selection may not be empty\.", "ต้องเลือกอย่างน้อยหนึ่งรายการ"),
        (r"Ensure this field has at least (\d+) elements\.", r"ต้องมีอย่างน้อย \1 รายการ"),
        (r"Ensure this field has no more than (\d+) elements\.", r"มีได้ไม่เกิน \1 รายการ"),
        (
            r"Ensure this value has at most ([\d,]+) characters? \(it has ([\d,]+)\)\.",
            r"ยาวเกิน \1 ตัวอักษร (มี \2 ตัวอักษร)",
        ),
        (
            r"Ensure this value has at least ([\d,]+) characters? \(it has ([\d,]+)\)\.",
            r"ต้องยาวอย่างน้อย \1 ตัวอักษร (มี \2 ตัวอักษร)",
        ),
        (r'Invalid pk "(.*)" - object does not exist\.', r"ไม่พบรหัส “\1”"),
        (r"Incorrect type\. Expected pk value, received (\w+)\.", r"ต้องเป็นรหัส (ตัวเลข) ไม่ใช่ \1"),
        (r"Object with (\w+)=(.*) does not exist\.", r"ไม่พบ \1 “\2”"),
        (
            r"Request was throttled\. Expected available in (\d+) seconds?\.",
            r"ส่งคำขอถี่เกินไป กรุณารอ \1 วินาที",
        ),
        (r"Request was throttled\.", "ส่งคำขอถี่เกินไป กรุณารอสักครู่"),
        (r"Could not satisfy the request Accept header\.", "ไม่มีคำตอบในรูปแบบที่ขอ (Accept)"),
    )
)


def in_thai(message: str) -> str:
    """The message in Thai: translated when known, else with a Thai lead."""
    if not message or _THAI_RE.search(message):
        return message
    for pattern, thai in TRANSLATIONS:
        found = pattern.fullmatch(message)
        if found:
            return found.expand(thai)
    return f"ข้อมูลไม่ถูกต้อง: {message}"


MESSAGE_KEYS = frozenset({"detail", "message", "messages"})


def _thai(detail: Any, message: bool = False) -> Any:
    """Every DRF message (an ErrorDetail), and every string under a message's key, in Thai;
    other strings (a reference code, a field's name) are left as they are."""
    if isinstance(detail, ErrorDetail):
        return ErrorDetail(in_thai(str(detail)), code=detail.code)
    if isinstance(detail, str):
        return in_thai(detail) if message else detail
    if isinstance(detail, list):
        return [_thai(item, message) for item in detail]
    if isinstance(detail, dict):
        return {key: _thai(value, key in MESSAGE_KEYS) for key, value in detail.items()}
    return detail


def _messages(detail: Any, where: str = "") -> list[str]:
    """Every message of a refusal, each after the field (and index) it is about."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            place = key if key == "non_field_errors" or not where else f"{where}.{key}"
            found += _messages(value, "" if key == "non_field_errors" else place)
        return found
    if isinstance(detail, list):
        found = []
        for index, item in enumerate(detail):
            inner = f"{where}[{index}]" if isinstance(item, dict) and where else where
            found += _messages(item, inner)
        return found
    return [f"{where}: {detail}" if where else str(detail)]


def _with_detail(data: Any) -> Any:
    """A refusal always carries `detail` (the first message) and `messages` (all of them),
    as the schema documents every error; field errors stay under their fields' names."""
    if isinstance(data, list):
        data = {"non_field_errors": data}
    if not isinstance(data, dict) or "detail" in data:
        return data
    messages = _messages(data) or ["ข้อมูลไม่ถูกต้อง"]
    return {"detail": messages[0], "messages": messages, **data}


def handler(exc: Exception, context: dict) -> Any:
    response = exception_handler(exc, context)
    if response is not None and response.status_code >= 400 and response.data is not None:
        response.data = _with_detail(_thai(response.data))
    return response
