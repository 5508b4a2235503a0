"""The API's exception handler: DRF's, with every message of a refusal in the request's
language.

DRF and Django have no Thai for some of their messages ("Not a valid string.", "Null
characters are not allowed.", a text's length); when the request is answered in another
language than English (Thai, by default), each one left in English is translated here (its
values kept), and any other English message is given a lead in that language, so that every
refusal the API answers can be read by its users. Only DRF's messages (ErrorDetail) are
changed: the services' messages are translated already, and codes and names are left alone.
In English (the source language) DRF's messages are left as DRF wrote them."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.views import exception_handler

_THAI_RE = re.compile("[\u0e00-\u0e7f]")

# English message (a pattern over the whole message) → the message to give, with the
# pattern's named groups as its placeholders.
TRANSLATIONS: tuple[tuple[re.Pattern[str], Any], ...] = tuple(
    (re.compile(pattern, re.S), message)
    for pattern, message in (
        (r"Not a valid string\.", gettext_lazy("Must be text")),
        (r"No data provided", gettext_lazy("No data")),
        (r"Invalid input\.", gettext_lazy("Invalid data")),
        (r"Malformed request\.", gettext_lazy("The request is not valid")),
        (
            r"Null characters are not allowed\.",
            gettext_lazy(
                "holds a NUL character (\\u0000), which cannot be saved; please remove it"
            ),
        ),
        (
            r"Surrogate characters are not allowed: (?P<chars>.+)\.",
            gettext_lazy("holds the characters %(chars)s, which are not valid Unicode text"),
        ),
        (r"Must be a valid boolean\.", gettext_lazy("Must be true or false")),
        (r"A valid biginteger is required\.", gettext_lazy("Must be a whole number")),
        (r"Integer value too large to convert to float", gettext_lazy("The number is too large")),
        (r"Must be a valid UUID\.", gettext_lazy("Must be a UUID")),
        (r"Datetime value out of range\.", gettext_lazy("The date and time are out of range")),
        (r"This dictionary may not be empty\.", gettext_lazy("Must not be empty")),
        (r"This selection may not be empty\.", gettext_lazy("Choose at least one item")),
        (
            r"Ensure this field has at least (?P<n>\d+) elements\.",
            gettext_lazy("Must have at least %(n)s items"),
        ),
        (
            r"Ensure this field has no more than (?P<n>\d+) elements\.",
            gettext_lazy("May have at most %(n)s items"),
        ),
        (
            r"Ensure this value has at most (?P<limit>[\d,]+) characters?"
            r" \(it has (?P<has>[\d,]+)\)\.",
            gettext_lazy("Longer than %(limit)s characters (it has %(has)s)"),
        ),
        (
            r"Ensure this value has at least (?P<limit>[\d,]+) characters?"
            r" \(it has (?P<has>[\d,]+)\)\.",
            gettext_lazy("Must be at least %(limit)s characters long (it has %(has)s)"),
        ),
        (
            r'Invalid pk "(?P<pk>.*)" - object does not exist\.',
            gettext_lazy("The code “%(pk)s” was not found"),
        ),
        (
            r"Incorrect type\. Expected pk value, received (?P<type>\w+)\.",
            gettext_lazy("Must be a code (a number), not %(type)s"),
        ),
        (
            r"Object with (?P<field>\w+)=(?P<value>.*) does not exist\.",
            gettext_lazy("No %(field)s “%(value)s” was found"),
        ),
        (
            r"Request was throttled\. Expected available in (?P<n>\d+) seconds?\.",
            gettext_lazy("Too many requests; please wait %(n)s seconds"),
        ),
        (
            r"Request was throttled\.",
            gettext_lazy("Too many requests; please wait a moment"),
        ),
        (
            r"Could not satisfy the request Accept header\.",
            gettext_lazy("There is no answer in the form asked for (Accept)"),
        ),
    )
)


def _in_english() -> bool:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language.split("-")[0] == "en"


def in_thai(message: str) -> str:
    """The message in the request's language: translated when known, else with a lead in
    that language; left alone in English and when it is Thai already."""
    if not message or _THAI_RE.search(message) or _in_english():
        return message
    for pattern, translated in TRANSLATIONS:
        found = pattern.fullmatch(message)
        if found:
            return str(translated) % found.groupdict()
    return _("Invalid data: %(message)s") % {"message": message}


MESSAGE_KEYS = frozenset({"detail", "message", "messages"})


def _thai(detail: Any, message: bool = False) -> Any:
    """Every DRF message (an ErrorDetail), and every string under a message's key, in the
    request's language; other strings (a reference code, a field's name) are left as they
    are."""
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
    messages = _messages(data) or [_("Invalid data")]
    return {"detail": messages[0], "messages": messages, **data}


def handler(exc: Exception, context: dict) -> Any:
    response = exception_handler(exc, context)
    if response is not None and response.status_code >= 400 and response.data is not None:
        response.data = _with_detail(_thai(response.data))
    return response
