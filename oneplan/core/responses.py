"""What many views do alike: hand a file to the browser, turn what a service refuses
into what the user sees (a Thai message for a broken rule; "not found" for what the user
may not touch, as the policy answers everywhere), and go back only to a page of this site."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
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


def errors_to_form(
    form: forms.BaseForm, error: ValidationError, rename: Mapping[str, str] | None = None
) -> None:
    """A service's broken rule shown on the form: each message under its field (renamed by
    `rename` when the page names the field otherwise), or above the form when the form has
    no such field or the rule names none."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages_of_field in error.message_dict.items():
        field = (rename or {}).get(name, name)
        for message in messages_of_field:
            form.add_error(field if field in form.fields else None, message)


def saved(form: forms.BaseForm, call: Callable[[], object], rename=None) -> bool:
    """Run a service for a page's form: a broken rule goes on the form (`errors_to_form`), a
    refusal by the policy is a 404, as everywhere. True when it saved."""
    try:
        call()
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        errors_to_form(form, exc, rename)
        return False
    return True


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
