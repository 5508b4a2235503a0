"""The one check of every file people attach (to proposals, progress reports and meetings).

A file is kept only when it *is* the type its name says, opened as that type:

- ``.pdf``: ``%PDF-`` at the very start, a cross-reference that ``startxref`` points at, every
  object read by pypdf, nothing after the last ``%%EOF`` but blank bytes; no JavaScript
  (``/JS``, ``/JavaScript``, ``/AA``, XFA), no embedded or launched files, no password;
- ``.docx`` / ``.xlsx``: a zip package whose ``[Content_Types].xml`` declares a Word document
  (an Excel workbook) as its main part, present in the package; no macros or ActiveX, no
  programs or scripts inside (by name or by their first bytes), no remote templates or
  objects, no encrypted member, no unsafe member name, and — every member read to its end —
  within the limits on parts, on the bytes unpacked and on each part's compression ratio;
- ``.jpg`` / ``.jpeg`` / ``.png``: decoded by Pillow as that format, within the pixel limit
  (nothing follows a PNG's end).

Nothing else is accepted: legacy ``.doc`` / ``.xls`` (OLE files, where macros hide) neither.
Limits come from ``settings.ONEPLAN_UPLOAD_LIMITS`` (keys of `UploadLimits`; a missing key
keeps its default). Refusals are Thai and name the file.
"""

from __future__ import annotations

import io
import posixpath
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 10 * MB  # the file as uploaded
    max_members: int = 1000  # parts of a .docx / .xlsx package
    max_unpacked_bytes: int = 200 * MB  # all the package's parts, unpacked
    max_member_ratio: int = 200  # unpacked : packed, for a part ...
    ratio_from_bytes: int = 1 * MB  # ... once it unpacks to more than this
    max_image_pixels: int = 40_000_000  # width × height
    max_pdf_objects: int = 100_000


def limits() -> UploadLimits:
    """The limits in force: the settings' `ONEPLAN_UPLOAD_LIMITS` over the defaults."""
    configured = dict(getattr(settings, "ONEPLAN_UPLOAD_LIMITS", None) or {})
    unknown = set(configured) - {f.name for f in fields(UploadLimits)}
    if unknown:
        raise ImproperlyConfigured(f"ONEPLAN_UPLOAD_LIMITS: unknown keys {sorted(unknown)}")
    return UploadLimits(**configured)


@dataclass(frozen=True)
class Kind:
    """A type of file accepted: its name in the refusals and the function that opens it."""

    label: str
    check: Callable[[bytes, str, Kind, UploadLimits], None]


ACCEPTED = gettext_lazy("PDF, Word (.docx), Excel (.xlsx), JPEG and PNG")


class Refused(Exception):
    """Why a file is refused; `check_attachment` names the file and raises ValidationError."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason, self.code = reason, code


def check_attachment(upload: Any) -> None:
    """Refuse (ValidationError, naming the file) an upload that is not a sound file of
    the type its name says; a sound one is left at its start, ready to be stored."""
    name = str(getattr(upload, "name", "") or "")
    try:
        suffix = PurePosixPath(name).suffix.lower()
        kind = KINDS.get(suffix)
        if kind is None:
            raise Refused(
                _("Only %(accepted)s files are accepted") % {"accepted": ACCEPTED}, "type"
            )
        limit = limits()
        kind.check(_read(upload, limit), suffix, kind, limit)
    except Refused as refused:
        raise ValidationError(
            _("Cannot attach “%(name)s”: %(reason)s") % {"name": name, "reason": refused.reason},
            code=refused.code,
        ) from None
    finally:
        if hasattr(upload, "seek"):
            upload.seek(0)


def check_content(data: bytes, suffix: str, limit: UploadLimits) -> None:
    """Refuse (`Refused`) bytes already read that are not a sound file of the type
    `suffix` names, within `limit`: what `check_attachment` asks of a file, without its
    size check and naming (an import's reader, `documents.workbook`, has its own)."""
    kind = KINDS[suffix]
    kind.check(data, suffix, kind, limit)


def _read(upload: Any, limit: UploadLimits) -> bytes:
    too_big = Refused(
        _("The file is larger than %(mb)s MB") % {"mb": f"{limit.max_bytes / MB:g}"}, "too_big"
    )
    size = getattr(upload, "size", None)
    if size is not None and size > limit.max_bytes:
        raise too_big
    upload.seek(0)
    data = upload.read(limit.max_bytes + 1)
    if len(data) > limit.max_bytes:
        raise too_big
    if not data:
        raise Refused(_("The file is empty"), "empty")
    return data


def _not_a(kind: Kind, data: bytes) -> Refused:
    """The file is not of its kind; say what it looks like when that is plain."""
    what = ""
    if _is_program(data) or _is_program(data[data.find(b"\n") + 1 :]):  # after a header line
        what = _(" (it holds a program)")
    elif re.search(rb"<\s*(html|script|body|!doctype)", data[:4096], re.IGNORECASE):
        what = _(" (it holds a web page or a script)")
    return Refused(
        _(
            "It is not a %(kind)s file as its name says, or the file is damaged%(what)s."
            " Please save or export it as that type from the program that made it and"
            " attach it again"
        )
        % {"kind": kind.label, "what": what},
        "not_what_it_says",
    )


# Programs by their first bytes: Windows (MZ … PE), Linux (ELF), macOS (Mach-O), Java, scripts.
PROGRAM_MAGIC = (
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!/",
)


def _is_program(head: bytes) -> bool:
    if head.startswith(b"MZ"):
        if len(head) < 0x40:
            return True
        pe = int.from_bytes(head[0x3C:0x40], "little")
        return head[pe : pe + 4] == b"PE\x00\x00" if pe + 4 <= len(head) else True
    return head.startswith(PROGRAM_MAGIC)


# --------------------------------------------------------------------------- PDF

PDF_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/XFA"})
PDF_FILE_KEYS = frozenset({"/EmbeddedFile", "/EmbeddedFiles", "/EF", "/Launch", "/RichMedia"})
PDF_SCRIPT_ACTIONS = frozenset({"/JavaScript"})
PDF_FILE_ACTIONS = frozenset({"/Launch", "/ImportData", "/GoToE", "/RichMediaExecute"})
PDF_FILE_TYPES = frozenset({"/EmbeddedFile", "/FileAttachment", "/RichMedia"})
BLANK = b" \t\r\n\x0c\x00"


def _check_pdf(data: bytes, suffix: str, kind: Kind, limit: UploadLimits) -> None:
    if not re.match(rb"%PDF-[12]\.\d", data):
        raise _not_a(kind, data)
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise _not_a(kind, data)
    if data[end + 5 :].strip(BLANK):
        raise Refused(_("Other data follows the PDF part"), "not_what_it_says")
    startxref = re.search(
        rb"startxref\s+(\d+)\s+%%EOF\s*\Z", data[max(0, end - 1024) :].rstrip(BLANK)
    )
    offset = int(startxref.group(1)) if startxref else -1
    if not 0 < offset < end or not re.match(rb"\s*(xref|\d+\s+\d+\s+obj)", data[offset:]):
        raise _not_a(kind, data)
    if re.search(rb"<\s*script", data, re.IGNORECASE):
        raise _scripts()
    for obj in _pdf_objects(data, kind, limit):
        _refuse_active_pdf(obj)


def _scripts() -> Refused:
    return Refused(
        _(
            "It holds a script (JavaScript) or a command that runs when the file is opened."
            " Please print it to PDF again (Print to PDF) and attach that file"
        ),
        "active_content",
    )


def _pdf_objects(data: bytes, kind: Kind, limit: UploadLimits) -> Iterator[Any]:
    """Every object of the PDF (those in object streams too), as pypdf reads them."""
    from pypdf import PasswordType, PdfReader
    from pypdf.generic import IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = PasswordType.NOT_DECRYPTED
            if opened == PasswordType.NOT_DECRYPTED:
                raise Refused(
                    _(
                        "The file has a password, so its content cannot be checked. Please"
                        " save it as a file without a password"
                    ),
                    "encrypted",
                )
        numbers = [(n, g) for g, table in reader.xref.items() for n in table if n]
        numbers += [(n, 0) for n in reader.xref_objStm]
        if len(numbers) > limit.max_pdf_objects:
            raise Refused(
                _("The file holds more than %(most)s objects. Please make the file smaller")
                % {"most": f"{limit.max_pdf_objects:,}"},
                "too_big",
            )
        yield reader.trailer
        if reader.root_object is None:
            raise _not_a(kind, data)
        for number, generation in numbers:
            yield reader.get_object(IndirectObject(number, generation, reader))
    except Refused:
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken or hostile file
        raise _not_a(kind, data) from exc


def _refuse_active_pdf(obj: Any, depth: int = 0) -> None:
    """Refuse scripts and embedded or launched files in an object and its direct parts (the
    indirect ones are visited on their own)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 64:
        raise Refused(_("The file's structure is nested unusually deep"), "not_what_it_says")
    if isinstance(obj, DictionaryObject):
        keys = {str(key) for key in obj}
        values = set()
        for key in ("/S", "/Type", "/Subtype"):
            value = obj.get(key)
            values.add(str(value.get_object() if isinstance(value, IndirectObject) else value))
        if keys & PDF_SCRIPT_KEYS or values & PDF_SCRIPT_ACTIONS:
            raise _scripts()
        if keys & PDF_FILE_KEYS or values & (PDF_FILE_ACTIONS | PDF_FILE_TYPES):
            raise Refused(
                _(
                    "Other files are embedded in it, or it has commands that open other files"
                    " or programs. Please attach those files separately"
                ),
                "active_content",
            )
        children = obj.values()
    elif isinstance(obj, ArrayObject):
        children = obj
    else:
        return
    for child in children:
        if not isinstance(child, IndirectObject):
            _refuse_active_pdf(child, depth + 1)


# --------------------------------------------------------------------------- Word and Excel

OFFICE_MAIN = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
OFFICE_MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata", "ms-office.activex")
OFFICE_MACRO_NAMES = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/)", re.IGNORECASE)
PROGRAM_SUFFIXES = frozenset(
    ".exe .dll .com .scr .pif .cpl .msi .msp .bat .cmd .ps1 .psm1 .vbs .vbe .js .jse .wsf .wsh"
    " .hta .jar .lnk .reg .sh .app .apk .dmg .iso".split()
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Inside an embedded OLE object: macros, and the packager that carries any file or program.
OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")
OLE_PACKAGE = "Ole10Native".encode("utf-16-le")
REMOTE_RELATIONSHIPS = ("/attachedTemplate", "/oleObject", "/frame", "/subDocument")
REMOTE_TARGET = re.compile(r"^\s*(https?:|ftp:|mhtml:|ms-|\\\\|//)", re.IGNORECASE)
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _macros() -> Refused:
    return Refused(
        _(
            "It holds macros or ActiveX controls. Please save it as a file without macros"
            " (.docx/.xlsx) and attach it again"
        ),
        "active_content",
    )


def _embedded_program(member: str) -> Refused:
    return Refused(
        _("A program or a script is embedded in it (“%(member)s”)") % {"member": member},
        "active_content",
    )


class _Budget:
    """The bytes unpacked so far, against the limits; every member is read through it."""

    def __init__(self, limit: UploadLimits) -> None:
        self.limit, self.spent = limit, 0

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
        limit = self.limit
        bomb = Refused(
            _("Unpacked, it is larger than allowed (%(mb)s MB), or it is packed abnormally")
            % {"mb": f"{limit.max_unpacked_bytes / MB:g}"},
            "bomb",
        )
        unpacked = 0
        most = max(limit.ratio_from_bytes, limit.max_member_ratio * info.compress_size)
        with archive.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                unpacked += len(chunk)
                self.spent += len(chunk)
                if unpacked > most or self.spent > limit.max_unpacked_bytes:
                    raise bomb
                yield chunk

    def read_all(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        return b"".join(self.read(archive, info))


def _check_office(data: bytes, suffix: str, kind: Kind, limit: UploadLimits) -> None:
    if data.startswith(OLE_MAGIC):
        raise Refused(
            _(
                "The file has a password or is in an old format (.doc/.xls). Please save it as"
                " %(kind)s without a password and attach it again"
            )
            % {"kind": kind.label},
            "encrypted",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise _not_a(kind, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_package(archive, suffix, kind, limit, data)
    except Refused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,  # zipfile's answer to a compression method it cannot read
    ) as exc:
        raise _not_a(kind, data) from exc


def _check_package(
    archive: zipfile.ZipFile, suffix: str, kind: Kind, limit: UploadLimits, data: bytes
) -> None:
    members = archive.infolist()
    _check_member_list(members, kind, limit, data)
    names = [m.filename for m in members]
    if len(set(names)) != len(names) or "[Content_Types].xml" not in names:
        raise _not_a(kind, data)
    budget = _Budget(limit)
    declared = _declared_types(archive, budget, kind, data)
    _check_declared(declared, names, suffix, kind, data)
    _check_parts(archive, members, budget, frozenset(names))


def _check_member_list(
    members: list[zipfile.ZipInfo], kind: Kind, limit: UploadLimits, data: bytes
) -> None:
    """Not too many parts, nothing before the package, safe names, nothing encrypted and
    only the compressions Office writes."""
    if len(members) > limit.max_members:
        raise Refused(
            _("The file has more than %(most)s parts") % {"most": f"{limit.max_members:,}"}, "bomb"
        )
    if min((m.header_offset for m in members), default=1) != 0:
        raise _not_a(kind, data)  # something stands before the package (a program, say)
    for member in members:
        _check_member_name(member.filename)
        if member.flag_bits & 0x1:
            raise Refused(
                _(
                    "The file has a password or is encrypted. Please save it as %(kind)s"
                    " without a password"
                )
                % {"kind": kind.label},
                "encrypted",
            )
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _not_a(kind, data)


def _declared_types(
    archive: zipfile.ZipFile, budget: _Budget, kind: Kind, data: bytes
) -> list[tuple[str, str | None]]:
    """The (part or extension, content type) pairs of the package's [Content_Types].xml."""
    types = _xml(budget.read_all(archive, archive.getinfo("[Content_Types].xml")))
    if types is None or types.tag != f"{CONTENT_TYPES_NS}Types":
        raise _not_a(kind, data)
    return [
        (element.get("PartName") or element.get("Extension") or "", element.get("ContentType"))
        for element in types
        if element.tag in (f"{CONTENT_TYPES_NS}Override", f"{CONTENT_TYPES_NS}Default")
    ]


def _check_declared(
    declared: list[tuple[str, str | None]], names: list[str], suffix: str, kind: Kind, data: bytes
) -> None:
    """No macro content type, and the main part of the suffix's kind declared and present."""
    if any(macro in (ctype or "").lower() for _, ctype in declared for macro in OFFICE_MACRO_TYPES):
        raise _macros()
    main = [part for part, ctype in declared if ctype == OFFICE_MAIN[suffix]]
    if not main or any(part.lstrip("/") not in names for part in main):
        raise _not_a(kind, data)


def _check_parts(
    archive: zipfile.ZipFile,
    members: list[zipfile.ZipInfo],
    budget: _Budget,
    names: frozenset[str],
) -> None:
    """No macro or program part by its name, then every part read and checked."""
    for member in members:
        if OFFICE_MACRO_NAMES.search(member.filename):
            raise _macros()
        if PurePosixPath(member.filename).suffix.lower() in PROGRAM_SUFFIXES:
            raise _embedded_program(member.filename)
        if member.filename != "[Content_Types].xml" and not member.is_dir():
            _check_member(archive, member, budget, names)


def _check_member_name(name: str) -> None:
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or ":" in name
        or "\x00" in name
        or any(part == ".." for part in parts)
    ):
        raise Refused(
            _("A part has an unsafe name (“%(name)s”)") % {"name": name[:80]}, "unsafe_name"
        )


def _check_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: _Budget, names: frozenset[str]
) -> None:
    """Read a part to its end (its CRC and its declared size checked), refusing programs,
    macros and packaged files inside, XML parts that do not parse (or declare a DTD, which
    OOXML forbids: entity bombs, external entities), relationships to parts that are not in
    the package, and relationships that fetch templates or objects from elsewhere."""
    name = member.filename
    xml = name.lower().endswith((".xml", ".rels"))
    rels = name.endswith(".rels")
    stream = _XmlStream() if xml and not rels else None
    head, tail, ole, kept, unpacked = b"", b"", False, [], 0
    for chunk in budget.read(archive, member):
        unpacked += len(chunk)
        if not head:
            head = chunk[:4096]
            if _is_program(head):
                raise _embedded_program(name)
            ole = head.startswith(OLE_MAGIC)
        if ole:
            window = tail + chunk
            if OLE_MACROS in window:
                raise _macros()
            if OLE_PACKAGE in window:
                raise _embedded_program(name)
            tail = chunk[-32:]
        if rels:
            kept.append(chunk)
        elif stream is not None:
            stream.feed(chunk)
    if unpacked != member.file_size:
        raise Refused(
            _("The size of the part “%(name)s” differs from what the file states")
            % {"name": name[:80]},
            "bomb",
        )
    if xml:
        # A relationships part is small and its tree is needed; any other part (a sheet of a
        # million rows) is parsed as it is read, building nothing.
        root = _xml(b"".join(kept)) if rels else None
        sound = root is not None if stream is None else stream.close()
        if not sound:
            raise Refused(
                _("The part “%(name)s” is damaged") % {"name": name[:80]}, "not_what_it_says"
            )
        if root is not None:
            _check_relationships(name, root, names)


def _check_relationships(name: str, rels: Any, names: frozenset[str]) -> None:
    source = posixpath.dirname(posixpath.dirname(name))  # "xl/_rels/x.rels" → "xl"
    for rel in rels.iter(f"{RELATIONSHIPS_NS}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            if (rel.get("Type") or "").endswith(REMOTE_RELATIONSHIPS) and REMOTE_TARGET.match(
                target
            ):
                raise Refused(
                    _(
                        "It fetches a template or an object from outside when opened (it may"
                        " hold macros or programs) — “%(target)s”"
                    )
                    % {"target": target[:80]},
                    "active_content",
                )
            continue
        path = unquote(target.split("#", 1)[0])
        if not path:
            continue
        part = path.lstrip("/") if path.startswith("/") else posixpath.join(source, path)
        if posixpath.normpath(part) not in names:
            raise Refused(
                _("The part “%(name)s” refers to “%(target)s”, which is not in the file")
                % {"name": name[:80], "target": target[:80]},
                "not_what_it_says",
            )


class _NoTree:
    """A parser target that builds nothing and only notes a DTD (so libxml2 parses at its own
    speed, with no Python called for each element)."""

    def __init__(self) -> None:
        self.dtd = False

    def doctype(self, *_args: Any) -> None:
        self.dtd = True

    def close(self) -> bool:
        return not self.dtd


class _XmlStream:
    """An XML part checked as it is read: well-formed, no DTD (so no entities), nothing
    fetched, and no tree built, however large the part."""

    def __init__(self) -> None:
        from lxml import etree

        self.broken = False
        self.parser = etree.XMLParser(
            target=_NoTree(),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )

    def feed(self, chunk: bytes) -> None:
        from lxml import etree

        if self.broken:
            return
        try:
            self.parser.feed(chunk)
        except etree.XMLSyntaxError:
            self.broken = True

    def close(self) -> bool:
        """True when the part was well-formed XML without a DTD."""
        from lxml import etree

        if self.broken:
            return False
        try:
            return bool(self.parser.close())
        except etree.XMLSyntaxError:
            return False


def _xml(content: bytes) -> Any:
    """The root element, parsed without DTDs, entities or the network; None if it is not."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        return None
    if root.getroottree().docinfo.doctype:
        return None
    return root


# --------------------------------------------------------------------------- pictures

_PILLOW_FLAG = threading.Lock()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """Pillow decodes a broken picture without a word while `ImageFile.LOAD_TRUNCATED_IMAGES`
    is set, and WeasyPrint sets it for the whole process when it is imported: off while a
    picture is checked (the worker renders documents in its own process)."""
    from PIL import ImageFile

    with _PILLOW_FLAG:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
IMAGE_MAGIC = {"JPEG": b"\xff\xd8\xff", "PNG": b"\x89PNG\r\n\x1a\n"}
PNG_END = b"IEND\xaeB`\x82"


def _check_image(data: bytes, suffix: str, kind: Kind, limit: UploadLimits) -> None:
    from PIL import Image, UnidentifiedImageError

    fmt = IMAGE_FORMATS[suffix]
    if not data.startswith(IMAGE_MAGIC[fmt]):
        raise _not_a(kind, data)
    if fmt == "PNG" and not data.endswith(PNG_END):
        raise Refused(
            _("Other data follows the PNG image, or the image is cut short"), "not_what_it_says"
        )
    too_many = Refused(
        _(
            "The image has more pixels than accepted (%(most)s pixels). Please make it smaller"
            " before attaching it"
        )
        % {"most": f"{limit.max_image_pixels:,}"},
        "too_big",
    )
    try:
        with _strict_decoding():
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                width, height = image.size
                if width * height > limit.max_image_pixels:
                    raise Refused(
                        _(
                            "The image is %(width)s × %(height)s pixels, more than accepted"
                            " (%(most)s pixels). Please make it smaller before attaching it"
                        )
                        % {
                            "width": f"{width:,}",
                            "height": f"{height:,}",
                            "most": f"{limit.max_image_pixels:,}",
                        },
                        "too_big",
                    )
                image.verify()  # a PNG's chunks and their checksums
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                image.load()  # every pixel decoded
    except Image.DecompressionBombError as exc:
        raise too_many from exc
    except Refused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _not_a(kind, data) from exc


KINDS: dict[str, Kind] = {
    ".pdf": Kind("PDF", _check_pdf),
    ".docx": Kind("Word (.docx)", _check_office),
    ".xlsx": Kind("Excel (.xlsx)", _check_office),
    ".jpg": Kind("JPEG", _check_image),
    ".jpeg": Kind("JPEG", _check_image),
    ".png": Kind("PNG", _check_image),
}
