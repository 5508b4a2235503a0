"""ETag and If-Match for the API's versioned records (`oneplan.audit.versioning`).

Every answer about one record carries its version as an `ETag` (`W/"7"`). A client that
sends it back in `If-Match` with a change (PATCH, PUT, DELETE) has the change made only if
the record is still at that version: otherwise 412 Precondition Failed, with a Thai message
saying who changed what since, and nothing written. The check is atomic with the write
(`save_if_current`). Without If-Match a change is made as before. The ETag names the
record's version, not the bytes of the answer, so If-Match compares it whether sent weak
(`W/"7"`) or strong (`"7"`); `*` matches any version.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from oneplan.audit.versioning import StaleVersion, Versioned

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=gettext_lazy(
        'The ETag of the last read (e.g. W/"7"): the change is saved only if no one else has'
        " changed the record since, else 412; not sent = saved without the check"
    ),
)


def etag_header(*codes: int) -> OpenApiParameter:
    """The `ETag` response header, for the schema of the answers with these status codes."""
    return OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=list(codes),
        description=gettext_lazy("The record's version; send it back in If-Match with a change"),
    )


class PreconditionFailedSerializer(serializers.Serializer):
    """412: the record changed since the version sent in If-Match; `etag` is its version now."""

    detail = serializers.CharField()
    etag = serializers.CharField()


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"

    def __init__(self, message: str, version: int):
        self.etag = _tag(version)
        self.detail = {"detail": message, "etag": self.etag}

    @classmethod
    def stale(cls, exc: StaleVersion) -> PreconditionFailed:
        message = _(
            "Not saved: %(change)s after the version you sent in If-Match. Read it again"
            " (GET) and send your change with its new ETag."
        ) % {"change": exc.summary()}
        return cls(message, exc.current)


def etag(obj: Versioned) -> str:
    return _tag(obj.version)


def _tag(version: int) -> str:
    return f'W/"{version}"'


def _versions(header: str) -> list[int]:
    found = []
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/")
        if len(tag) > 2 and tag[0] == tag[-1] == '"' and tag[1:-1].isdigit():
            found.append(int(tag[1:-1]))
    return found


def if_match(request: Request, obj: Versioned) -> int | None:
    """The version the client's If-Match names when it is the record's (None: no If-Match,
    change without the check); 412 when it names another."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    if header == "*":
        return obj.version
    versions = _versions(header)
    if obj.version in versions:
        return obj.version
    if not versions:
        raise PreconditionFailed(
            _("If-Match names no version of this record (send the ETag it was read with)."),
            obj.version,
        )
    raise PreconditionFailed.stale(StaleVersion(obj, max(versions), obj.version))


class VersionedView:
    """An API view of one versioned record: `tagged` puts its ETag on an answer, `if_match`
    reads the version a change expects, and a refused save (`StaleVersion`) answers 412
    with the record's ETag now. Put it before `ServiceView` among the bases."""

    def if_match(self, request: Request, obj: Versioned) -> int | None:
        return if_match(request, obj)

    @staticmethod
    def tagged(response: Response, obj: Versioned) -> Response:
        response["ETag"] = etag(obj)
        return response

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, StaleVersion):
            exc = PreconditionFailed.stale(exc)
        response = super().handle_exception(exc)  # type: ignore[misc]
        if isinstance(exc, PreconditionFailed):
            response["ETag"] = exc.etag
        return response
