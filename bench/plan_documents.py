"""Benchmark of plan documents: `.venv/bin/python -m bench.plan_documents`.

On a throw-away SQLite database with the reference data and the demo, takes the demo's
Rayong plan (original edition) and a plan ten times its size (the same content ten times
over: issues, goals, indicators, strategies, projects, value chains, baseline, SWOT), then
times, for each: the
plan check, reading the plan, the DOCX, the PDF (WeasyPrint) and, when LibreOffice is on
the PATH, LibreOffice converting the same DOCX to PDF. Prints the page counts and the
WeasyPrint/LibreOffice time ratio. Files are left in the temporary folder it prints.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPEAT = 3


def timed(fn: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    """Median seconds of `repeat` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def pdf_page_count(data: bytes) -> int | None:
    """Pages of a PDF, from its page tree's /Count (also inside deflated object streams)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    counts = [
        int(m)
        for part in parts
        for m in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", part)
        + re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", part)
    ]
    return max(counts) if counts else None


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_environment(folder: Path) -> dict[str, str]:
    """An environment in which LibreOffice finds Sarabun, also under the DOCX's font name.

    The DOCX asks for TH Sarabun New (what office machines have); without it LibreOffice
    would lay the text out in a fallback font and the page counts would mean nothing.
    """
    from oneplan.documents.docx import FONT_NAME
    from oneplan.documents.pdf import FONT_FAMILY, font_files

    fonts_dir = next(iter(font_files().values())).parent
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{fonts_dir}</dir>\n"
        f"  <cachedir>{folder / 'fontconfig-cache'}</cachedir>\n"
        f'  <alias binding="same"><family>{FONT_NAME}</family>'
        f"<prefer><family>{FONT_FAMILY}</family></prefer></alias>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def libreoffice_to_pdf(binary: str, source: Path, outdir: Path) -> bytes:
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env=libreoffice_environment(outdir),
    )
    return (outdir / f"{source.stem}.pdf").read_bytes()


def tenfold_demo_plan(first_year_be: int = 2601):
    """Rayong's demo plan ten times over (issues, goals, indicators, strategies, projects,
    value chains, baseline, SWOT, TOWS, positioning), as one plan of Chonburi."""
    import copy

    from oneplan.areas.models import Area
    from oneplan.demo.plans import Loader, read_plan
    from oneplan.orgs.models import User
    from oneplan.plans import services

    RAYONG_PLAN = read_plan("rayong")

    spec = copy.deepcopy(RAYONG_PLAN)
    issues = []
    for i in range(10):
        for issue in copy.deepcopy(RAYONG_PLAN["issues"]):
            issue["priority"] += i * len(RAYONG_PLAN["issues"])
            issue["cluster_issue"] = None
            issues.append(issue)
    spec["issues"] = issues
    for key in ("baseline", "swot", "tows", "positioning"):
        spec[key] = RAYONG_PLAN[key] * 10
    plan = services.create_plan(
        User.objects.get(username="secretariat"),
        owner=Area.objects.get(code="20"),
        first_year_be=first_year_be,
        title="แผนพัฒนาจังหวัด (ขนาดสิบเท่าของแผนสาธิตจังหวัดระยอง)",
    )
    edition = plan.editions.get()
    Loader().fill(edition, spec, None)
    return edition


def bench_plan(label: str, edition, out: Path) -> None:
    from oneplan.documents import blocks as b
    from oneplan.documents import pdf as pdfmod
    from oneplan.plans import documents as plan_documents

    plan = edition.plan
    counts = {
        "issues": edition.issues.count(),
        "indicators": edition.indicators.count(),
        "projects": edition.projects.count(),
    }
    print(f"\n{label}: {plan.title} — " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    try:
        from oneplan.plans.quality import check_edition
    except ImportError:
        print("  plan check: skipped (oneplan.plans.quality.check_edition not available)")
    else:
        seconds, result = timed(lambda: check_edition(edition))
        print(f"  plan check: {seconds * 1000:.0f} ms (score {getattr(result, 'score', '?')})")

    seconds, data = timed(lambda: plan_documents.load_plan(edition.pk))
    print(f"  read the plan: {seconds * 1000:.0f} ms")
    docx_s, docx_bytes = timed(
        lambda: plan_documents.plan_docx(plan_documents.load_plan(edition.pk))
    )
    docx_path = out / f"{label}.docx"
    docx_path.write_bytes(docx_bytes)
    print(f"  DOCX (read + build): {docx_s:.2f} s, {len(docx_bytes) / 1024:.0f} KiB")
    pdf_s, pdf_bytes = timed(lambda: plan_documents.plan_pdf(plan_documents.load_plan(edition.pk)))
    (out / f"{label}.pdf").write_bytes(pdf_bytes)
    blocks = b.with_thai_digits(plan_documents.plan_blocks(data), True)
    pages = len(pdfmod.render_html(pdfmod.blocks_to_html(blocks, title=plan.title)).pages)
    print(f"  PDF, WeasyPrint (read + build): {pdf_s:.2f} s, {pages} pages")

    binary = libreoffice()
    if binary is None:
        print("  LibreOffice: not on the PATH, skipped")
        return
    lo_dir = out / f"lo-{label}"
    lo_dir.mkdir(exist_ok=True)
    libreoffice_to_pdf(binary, docx_path, lo_dir)  # first start writes its profile
    lo_s, lo_pdf = timed(lambda: libreoffice_to_pdf(binary, docx_path, lo_dir))
    print(
        f"  PDF, LibreOffice from the DOCX: {lo_s:.2f} s, {pdf_page_count(lo_pdf)} pages; "
        f"WeasyPrint/LibreOffice time = {pdf_s / lo_s:.2f} "
        "(LibreOffice given Sarabun in place of TH Sarabun New)"
    )


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="oneplan-bench-docs-"))
    os.environ.setdefault("ONEPLAN_VAR_DIR", str(tmp))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from oneplan.core.reference import load_reference
    from oneplan.demo.loader import load_demo
    from oneplan.plans.models import Plan

    load_reference()
    load_demo()
    print(f"database: {django.db.connection.vendor}; files in {tmp}")
    print(f"each time is the median of {REPEAT} runs")
    rayong = Plan.objects.get(province_id="21", first_year_be=2566)
    bench_plan("demo", rayong.editions.get(number=0), tmp)
    bench_plan("ten-times", tenfold_demo_plan(), tmp)


if __name__ == "__main__":
    main()
