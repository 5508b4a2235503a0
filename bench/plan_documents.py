"""Benchmark of plan documents: `.venv/bin/python -m bench.plan_documents`.

On a throw-away SQLite database with the reference data and the demo, builds the factory
plan (`make_plan`) and a plan ten times its size (ten times the issues, goals, indicators,
strategies, projects and the rest, with plan-length Thai text), then times, for each: the
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
from decimal import Decimal
from pathlib import Path
from typing import Any

REPEAT = 3
ISSUE_TEXT = "การพัฒนาเศรษฐกิจฐานเกษตรมูลค่าสูงและการท่องเที่ยวเชิงสร้างสรรค์อย่างยั่งยืน"
GOAL_TEXT = "เกษตรกรมีรายได้เพิ่มขึ้นจากการผลิตสินค้าเกษตรปลอดภัยที่ได้มาตรฐาน และเชื่อมโยงตลาดทั้งในและต่างประเทศ"
STRATEGY_TEXT = (
    "ส่งเสริมการผลิตสินค้าเกษตรปลอดภัย พัฒนาคุณภาพและมาตรฐานสินค้า และเพิ่มช่องทางการตลาดด้วยเทคโนโลยีดิจิทัล"
)
PROJECT_TEXT = "โครงการพัฒนาศักยภาพการผลิตและการตลาดสินค้าเกษตรปลอดภัย"
SWOT_TEXT = "มีทรัพยากรธรรมชาติและแหล่งท่องเที่ยวที่หลากหลาย เป็นที่รู้จักของนักท่องเที่ยว"


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


def make_large_plan(factor: int = 10, first_year_be: int = 2601):
    """A plan `factor` times the factory plan, with plan-length Thai text."""
    from oneplan.plans.models import (
        AlignmentTarget,
        BaselineFigure,
        Dimension,
        Goal,
        Indicator,
        IndicatorTarget,
        IssueCategory,
        PlanProject,
        PositionDimension,
        Positioning,
        StrategicIssue,
        Strategy,
        SwotItem,
        TowsStrategy,
        ValueChain,
        ValueChainStage,
    )
    from oneplan.plans.tests.factories import make_plan

    plan = make_plan(province_code="20", first_year_be=first_year_be)
    edition = plan.editions.get()
    # make_plan made one of everything per issue for two issues: add the other (factor - 1)×.
    years = plan.years
    categories = list(IssueCategory.objects.order_by("order"))
    targets = list(AlignmentTarget.objects.order_by("framework__order", "number")[:40])
    for i in range(len(Dimension.values) * (factor - 1)):
        BaselineFigure.objects.create(
            edition=edition,
            dimension=Dimension.values[i % len(Dimension.values)],
            name=f"ข้อมูลพื้นฐานรายการที่ {i + 5} ผลิตภัณฑ์มวลรวมจังหวัดต่อหัว",
            value=Decimal(123456 + i),
            unit="บาท/คน/ปี",
            year_be=years[0] - 1,
            source="สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
            order=10 + i,
        )
    for i in range(4 * (factor - 1)):
        SwotItem.objects.create(
            edition=edition, kind="SWOT"[i % 4], text=SWOT_TEXT, evidence="สถิติจังหวัด", order=10 + i
        )
        TowsStrategy.objects.create(
            edition=edition,
            quadrant=["SO", "ST", "WO", "WT"][i % 4],
            text=STRATEGY_TEXT,
            order=10 + i,
        )
        Positioning.objects.create(
            edition=edition,
            dimension=PositionDimension.values[i % 4],
            text="ศูนย์กลางการผลิตและแปรรูปผลไม้คุณภาพสูงของภาคตะวันออก",
            order=10 + i,
        )
    for n in range(3, 2 * factor + 1):
        issue = StrategicIssue.objects.create(
            edition=edition,
            priority=n,
            title=f"{ISSUE_TEXT} ({n})",
            category=categories[n % len(categories)],
            order=n,
        )
        issue.alignments.set(targets[n % len(targets) : n % len(targets) + 3])
        goal = Goal.objects.create(
            edition=edition, issue=issue, number=f"{n}.1", text=GOAL_TEXT, order=n
        )
        indicator = Indicator.objects.create(
            edition=edition,
            goal=goal,
            number=f"{n}.1.1",
            name="ร้อยละที่เพิ่มขึ้นของมูลค่าการจำหน่ายสินค้าเกษตรปลอดภัยของจังหวัด",
            unit="ร้อยละ",
            baseline=Decimal("2.5"),
            baseline_year_be=years[0] - 1,
            data_source="สำนักงานเกษตรจังหวัด",
            order=n,
        )
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=indicator, year_be=y, value=Decimal(3 + k))
            for k, y in enumerate(years)
        )
        strategy = Strategy.objects.create(
            edition=edition, issue=issue, number=f"{n}.1", text=STRATEGY_TEXT, order=n
        )
        chain = ValueChain.objects.create(
            edition=edition, issue=issue, name=f"ห่วงโซ่คุณค่าผลไม้ ({n})", order=n
        )
        stage = ValueChainStage.objects.create(
            edition=edition, chain=chain, name="การผลิตและยกระดับคุณภาพ", order=1
        )
        PlanProject.objects.create(
            edition=edition,
            strategy=strategy,
            stage=stage,
            name=f"{PROJECT_TEXT} ({n})",
            actor=["ministry", "area", "local", "private", "civil"][n % 5],
            responsible="สำนักงานเกษตรและสหกรณ์จังหวัด",
            budget=Decimal("2500000.00") + n,
            first_year_be=years[0],
            last_year_be=years[1],
            order=n,
        )
    return plan


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


def bench_plan(label: str, plan, out: Path) -> None:
    from oneplan.documents import blocks as b
    from oneplan.documents import pdf as pdfmod
    from oneplan.plans import documents as plan_documents

    edition = plan.editions.get()
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
    from oneplan.core.demo import load_demo
    from oneplan.core.reference import load_reference
    from oneplan.plans.tests.factories import make_plan

    load_reference()
    load_demo()
    print(f"database: {django.db.connection.vendor}; files in {tmp}")
    print(f"each time is the median of {REPEAT} runs")
    bench_plan("factory", make_plan(), tmp)
    bench_plan("ten-times", make_large_plan(), tmp)


if __name__ == "__main__":
    main()
