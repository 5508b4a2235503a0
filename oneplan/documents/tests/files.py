"""Small files built in memory for the upload checks: sound ones of each accepted type, and
the ones that are not what their names say (found from outside, issue 12 item 5)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

# The start of a Windows program: the DOS header, whose last field points at "PE".
EXE = b"MZ\x90\x00" + b"\x00" * 56 + (64).to_bytes(4, "little") + b"PE\x00\x00" + b"\x00" * 64


def pdf(*, javascript: str = "", attachment: bytes = b"") -> bytes:
    """A one-page PDF made by pypdf, with a document script or an embedded file if asked."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:  # a document-level script, in the catalogue's /Names tree
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(action)])}
        )
        writer.root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)}
        )
    if attachment:
        writer.add_attachment("setup.exe", attachment)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_header_on_executable() -> bytes:
    return b"%PDF-1.7\n" + EXE + b"\x00" * 256


def pdf_header_on_html() -> bytes:
    return (
        b"%PDF-1.4\n<html><body><script>fetch('/x?c='+document.cookie)</script>"
        b"</body></html>\n%%EOF\n"
    )


def pdf_open_action_script() -> bytes:
    """A hand-written PDF whose catalogue runs JavaScript on opening (no pypdf helper)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",  # names hex-escaped
    ]
    return _hand_pdf(objects)


def _hand_pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("แบบเสนอโครงการ")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "งบประมาณ"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(
    data: bytes,
    *,
    add: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The package `data` with members added or replaced."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression) as target,
    ):
        for info in source.infolist():
            content = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def docm_named_docx() -> bytes:
    """A Word document with macros (.docm): the macro content type and vbaProject.bin."""
    source = docx()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"
    ).replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    return rezip(
        source,
        replace={"[Content_Types].xml": types.encode()},
        add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504},
    )


def encrypted_zip(data: bytes) -> bytes:
    """`data` (a zip) with every member marked encrypted (the general-purpose flag's bit 0),
    as an archiver's "ZipCrypto" password would leave it."""
    out = bytearray(data)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := out.find(signature, start)) >= 0:
            (flags,) = struct.unpack_from("<H", out, found + flag_at)
            struct.pack_into("<H", out, found + flag_at, flags | 0x1)
            start = found + 4
    return bytes(out)


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def jpeg(size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 30)).save(out, "JPEG")
    return out.getvalue()


def gif() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_that_does_not_decode() -> bytes:
    """A PNG whose chunks are all well formed (right CRCs) but whose image data is not zlib."""
    header = struct.pack(">IIBBBBB", 40, 30, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"this is not deflated image data" * 4)
        + _chunk(b"IEND", b"")
    )


def png_bomb(side: int = 100_000) -> bytes:
    """A PNG that says it is side × side pixels (10 billion by default), black, 1 bit deep:
    a few hundred bytes that would need gigabytes once decoded."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = compressor.compress(row * 64) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )
