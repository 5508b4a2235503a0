"""What many views do alike: hand a file to the browser, turn what a service refuses
into what the user sees (a Thai message for a broken rule; "not found" for what the user
may not touch, as the policy answers everywhere), and go back only to a page of this site."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file the browser saves under its (Thai) name, never cached by a proxy."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@contextmanager
def service_call(request: HttpRequest, success: str | None = None) -> Iterator[None]:
    """Run a service call: a refusal by the policy becomes 404, every message of a broken
    rule an error message on the next page; when all went well, `success` is shown."""
    try:
        yield
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if success:
            messages.success(request, success)


def form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """Every error of a form that could not be saved, as a message on the next page, each
    under the label of its field (a redirect after POST shows no field beside it)."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and not field.widget.is_hidden else None
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after a POST: the form's (or the query's) ``next`` when it is a page of
    this site, else ``default``. Off-site addresses ("https://evil.example/",
    "//evil.example", "/\\evil.example", "javascript:…") are never followed; every ``next``
    of OnePlan goes through here (Django's login and language views check theirs alike)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
