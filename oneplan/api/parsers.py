"""The API's request parsers: JSON, form and multipart bodies read as DRF reads them, then
refused with a 400 naming the field when a string holds what no field may — a NUL
(PostgreSQL refuses it in text, so a lookup or a save would fail) or a lone surrogate (not
text at all) — once here for the whole API, before any serializer or query sees them. A
body that is not JSON, or is nested too deep to read, is refused too; every message is
in the request's language (Thai by default).

For a list (the bulk upload) the answer also lists the problems by index, as the bulk
upload's own errors do."""

from __future__ import annotations

import codecs
import json as stdlib_json
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status
from rest_framework.utils import json

_UNSAFE_RE = re.compile("(\x00)|[\ud800-\udfff]")
MAX_REPORTED = 50


def field_path(path: tuple) -> str:
    """("budget_lines", 0, "amount") → "budget_lines[0].amount" (as the API names fields)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def unsafe_text(value: str) -> str | None:
    """Why a string cannot be taken; None when it can."""
    found = _UNSAFE_RE.search(value)
    if found is None:
        return None
    if found.group(1):
        return _("holds a NUL character (\\u0000), which cannot be saved; please remove it")
    return _(
        "holds characters that are not valid Unicode text (an unpaired surrogate); please check"
        " the encoding"
    )


def unsafe_strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string of a parsed body (keys included) that cannot be taken: (path, why)."""
    if isinstance(data, str):
        reason = unsafe_text(data)
        if reason:
            yield path, reason
    elif isinstance(data, dict):
        for key, value in data.items():
            reason = unsafe_text(key) if isinstance(key, str) else None
            if reason:
                yield (*path, _shown_key(key)), _("(in its name) %(reason)s") % {"reason": reason}
                continue
            yield from unsafe_strings(value, (*path, key))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            yield from unsafe_strings(value, (*path, index))


def _shown_key(key: str) -> str:
    return _UNSAFE_RE.sub("\ufffd", key)


class UnsafeText(exceptions.APIException):
    """A 400 naming each field whose text cannot be taken."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, problems: list[tuple[tuple, str]], body: Any) -> None:
        messages = [
            _("The field “%(field)s” %(reason)s") % {"field": field_path(path), "reason": reason}
            for path, reason in problems
        ]
        detail: dict[str, Any] = {
            "detail": _("Nothing was saved: %(problems)s") % {"problems": " ".join(messages[:3])},
            "messages": messages,
        }
        if isinstance(body, list):  # the bulk upload's shape: by index
            detail["errors"] = [
                {
                    "index": path[0] if path and isinstance(path[0], int) else 0,
                    "reference_code": _code_of(body, path),
                    "field": field_path(path[1:]) or "non_field_errors",
                    "message": reason,
                }
                for path, reason in problems
            ]
        self.detail = detail


def _code_of(body: list, path: tuple) -> str:
    row = body[path[0]] if path and isinstance(path[0], int) and path[0] < len(body) else None
    code = row.get("reference_code") if isinstance(row, dict) else None
    return code if isinstance(code, str) and unsafe_text(code) is None else ""


def checked(data: Any) -> Any:
    problems = list(unsafe_strings(data))
    if problems:
        raise UnsafeText(problems[:MAX_REPORTED], data)
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded = codecs.getreader(encoding)(stream)
            data = json.load(decoded, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError as exc:
            raise exceptions.ParseError(_("The JSON data is nested too deep")) from exc
        except stdlib_json.JSONDecodeError as exc:
            raise exceptions.ParseError(
                _("The data is not valid JSON (line %(line)s, column %(column)s)")
                % {"line": exc.lineno, "column": exc.colno}
            ) from exc
        except UnicodeDecodeError as exc:
            raise exceptions.ParseError(
                _("The data is not %(encoding)s text (byte %(byte)s)")
                % {"encoding": encoding.upper(), "byte": exc.start + 1}
            ) from exc
        except ValueError as exc:
            # NaN/Infinity (not JSON) or an integer of more than 4,300 digits.
            raise exceptions.ParseError(
                _("The JSON data holds a number that cannot be taken (NaN, Infinity or too long)")
            ) from exc
        return checked(data)


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        return _checked_form(data)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except exceptions.ParseError as exc:
            raise exceptions.ParseError(_("The multipart data is not valid")) from exc
        _checked_form(parsed.data)
        return parsed


def _checked_form(data: Any) -> Any:
    """A form's fields checked by name (a field sent twice, as name[0], name[1])."""
    if hasattr(data, "lists"):
        checked({key: values[0] if len(values) == 1 else values for key, values in data.lists()})
    return data
