"""Project proposals in Excel: a Thai template per source, the import, and the export.

Sources (DOMAIN.md §4, §9): a provincial agency (ส่วนราชการ), a district's ก.บ.อ. sending
projects beyond the district's capacity, the PAO (อบจ.) beyond its capacity, a local
government in the Department of Local Administration's forms — แบบ ผ.02 (its own
five-year plan) and แบบ ผ.02/2 (projects it coordinates with the province) — and the
public consultation. `TEMPLATES` holds one `Template` per source; `build_template()`
writes it as an .xlsx with a sheet "คำอธิบาย" that explains every column.

`import_proposals()` follows the house rule for imports (ARCHITECTURE.md): read the file
(`documents.workbook`, within settings.ONEPLAN_IMPORT_LIMITS["proposals"]), validate every
row, report every error as `Problem(sheet, row, column, Thai message)`, and write in one
transaction — everything or nothing. Rows are matched to the cycle's proposals by reference
code; only what differs is written, so re-importing the same file writes nothing and leaves
no audit rows.

How a workbook is read
* Every sheet whose first `HEADER_SCAN_ROWS` rows hold a header row with the title column
  ("ชื่อโครงการ", or "โครงการ" in the DLA forms) is a data sheet; other sheets (a cover,
  this help) are skipped. Real ผ.02 workbooks have one sheet per strategy and programme,
  form titles above the header and the plan years in a second header row under a merged
  "งบประมาณ" cell: all of that is understood. Columns are found by their header text
  (spaces ignored); columns the importer does not know are ignored.
* A cell may hold line breaks and numbered lists: each item of "เป้าหมาย" becomes an
  output and each item of "ตัวชี้วัด" an indicator; "1 แห่ง", "จำนวน 200 คน" give a
  quantity and a unit, "ร้อยละ 70" an indicator's unit and target.
* Numbers may use Thai digits and thousands separators ("๑,๒๐๐,๐๐๐"); an empty budget
  cell, "-" or "0" means no budget for that year.
* Total rows of a ผ.02 sheet ("รวม", "รวม 12 โครงการ", "รวมทั้งสิ้น") are skipped.

Who may import. The user must be able to add a proposal of the source in the province at
all (else PermissionDenied before the file is read); then every row is checked with the
policy — adding (new code) or changing (existing code) — and a refused row is an error
like any other. A code already used in the cycle by another province, or by another kind
of proposer, is refused rather than taken over. Agency and local-government officers'
rows belong to their own body (`proposer`) unless another is given.

Reference codes of the DLA forms. The real ผ.02 has no code column, so a row without one
gets a stable code derived from the source, the province, the proposing body (when
known), the project title and the responsible unit (spaces and digit style ignored):
``L02-21-<12 hex>`` for ผ.02, ``L022-21-<12 hex>`` for ผ.02/2. Two rows with the same
title and unit then have the same code, which is reported as a duplicate: give them codes
of their own in the column "รหัสอ้างอิง", or delete the repeated row.

Budget category of the DLA forms (they have no category column): "งบลงทุน" when the
title contains one of the cycle regime's investment words (`oneplan.projects.budget_words`:
construction, improvement, installation, purchase of equipment ...), otherwise
"งบดำเนินงาน". The proposer corrects it in the system where the guess is wrong; the other
templates have a category column.

Large files. Rows are validated as they stream from openpyxl's read-only reader. Up to
`BULK_ROWS` rows, proposals are written one by one through `services.save_proposal`
(the policy, `full_clean`, the audit trail of every row). Beyond that the import writes
in batches with `bulk_create`/`bulk_update` as it reads — inside the same transaction,
rolled back at the end if any row had an error, so the outcome is the same all or
nothing — and writes one audit `LogEntry` per created or changed proposal itself (one
bulk insert per batch, with the changed fields and where in the file the row was). That
costs about a tenth of the import's time (measured: 1.5 s of 14 s for 10,000 rows) and
keeps every proposal's history complete, so it is preferred to a single summary entry;
the outputs, indicators and budget lines written in bulk are not logged row by row.
`bench/proposal_import.py` measures the whole against merely reading the file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog, set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.areas.models import Area, AreaLevel, Cluster
from oneplan.core.thai import normalize_text, parse_year
from oneplan.cycles.models import Cycle
from oneplan.documents import xlsx
from oneplan.documents.workbook import (
    CellError,
    Header,
    Problem,
    Sheet,
    Workbook,
    cell_text,
    choice,
    clean_code,
    clean_line,
    clean_lines,
    date_of,
    find_header,
    fitting,
    is_blank,
    match_columns,
    match_key,
    open_workbook,
    shown,
    title_text,
    whole_number,
)
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation, Role
from oneplan.orgs.policy import Action
from oneplan.plans import importing
from oneplan.plans.chain import reference_edition
from oneplan.plans.importing import (
    SHEET_HELP,
    SHEET_LISTS,
    TEMPLATE_HINT,
    XLSX_CONTENT_TYPE,
    _same,
    baht,
    yes_no,
)
from oneplan.plans.models import Plan
from oneplan.projects import intake, owners, services
from oneplan.projects.budget_words import investment_words
from oneplan.projects.budget_words import is_investment_title as investment_title
from oneplan.projects.models import (
    BudgetCategory,
    BudgetLine,
    FundingChannel,
    Proposal,
    ProposalIndicator,
    ProposalOutput,
    ProposalStatus,
    ProposerKind,
)
from oneplan.projects.owners import Owner

__all__ = [
    "TEMPLATES",
    "XLSX_CONTENT_TYPE",
    "ImportResult",
    "Problem",
    "Source",
    "Template",
    "build_template",
    "check_upload",
    "derived_code",
    "export_filename",
    "export_proposals",
    "import_proposals",
    "may_import",
    "plan_years",
    "template_filename",
]

# The limits on an upload are settings.ONEPLAN_IMPORT_LIMITS["proposals"]. A 100,000-row
# agency workbook is about 10 MB zipped and 250 MB of XML unpacked; openpyxl's read-only
# reader streams the sheets, so memory does not grow with the sheet XML (only with the
# shared-strings table).
LIMITS = "proposals"
MAX_COLUMNS = 120  # columns looked at; real ผ.02 sheets have about 15
HEADER_SCAN_ROWS = 12  # how far down a sheet its header row may be
BULK_ROWS = 1_000  # above this many rows, write in batches of this size with bulk_create

SHEET_DATA = "โครงการ"
DASHES = frozenset({"-", "–", "—", "−", "--", "0"})

# --------------------------------------------------------------------------- words


FUNDING_LABELS: dict[str, str] = {
    FundingChannel.PROVINCE: "งบประมาณจังหวัด",
    FundingChannel.CLUSTER: "งบประมาณกลุ่มจังหวัด",
    FundingChannel.FUNCTION: "งบกระทรวง/กรม (Function)",
    FundingChannel.LOCAL: "งบ อปท.",
    FundingChannel.OTHER: "เอกชน/อื่น ๆ",
}
CATEGORY_LABELS: dict[str, str] = {
    BudgetCategory.PERSONNEL: "งบบุคลากร",
    BudgetCategory.OPERATING: "งบดำเนินงาน",
    BudgetCategory.INVESTMENT: "งบลงทุน",
    BudgetCategory.SUBSIDY: "งบเงินอุดหนุน",
    BudgetCategory.OTHER: "งบรายจ่ายอื่น",
}
PROPOSER_LABELS: dict[str, str] = {
    ProposerKind.AGENCY: "ส่วนราชการ",
    ProposerKind.DISTRICT: "อำเภอ (ก.บ.อ.) เกินศักยภาพอำเภอ",
    ProposerKind.PAO: "อบจ. เกินศักยภาพ",
    ProposerKind.LOCAL: "องค์กรปกครองส่วนท้องถิ่น",
    ProposerKind.CONSULTATION: "การประชุมปรึกษาหารือ",
}
STATUS_LABELS: dict[str, str] = {
    ProposalStatus.IDEA: "ข้อเสนอโครงการ (Project Idea)",
    ProposalStatus.FULL: "โครงการฉบับสมบูรณ์",
    ProposalStatus.SCREENED: "ผ่านการกลั่นกรองเบื้องต้น",
    ProposalStatus.CLINIC: "อยู่ในคลินิกโครงการ",
    ProposalStatus.APPROVED: "บรรจุในแผนปฏิบัติราชการ",
    ProposalStatus.RETURNED: "ส่งกลับให้แก้ไข",
    ProposalStatus.REJECTED: "ไม่ผ่านการพิจารณา",
}
WHOLE_AREA = "ทั้งจังหวัด"
WHOLE_CLUSTER = "ทั้งกลุ่มจังหวัด"
YES, NO = importing.YES, importing.NO

_FUNDING_WORDS: dict[str, str] = {
    **{label: value for value, label in FUNDING_LABELS.items()},
    **{str(value): str(value) for value in FundingChannel.values},
    **{str(label).lower(): str(value) for value, label in FundingChannel.choices},
    "จังหวัด": FundingChannel.PROVINCE,
    "งบจังหวัด": FundingChannel.PROVINCE,
    "กลุ่มจังหวัด": FundingChannel.CLUSTER,
    "งบกลุ่มจังหวัด": FundingChannel.CLUSTER,
    "งบกระทรวง/กรม": FundingChannel.FUNCTION,
    "function": FundingChannel.FUNCTION,
    "งบ อปท": FundingChannel.LOCAL,
    "อปท.": FundingChannel.LOCAL,
    "งบองค์กรปกครองส่วนท้องถิ่น": FundingChannel.LOCAL,
    "เอกชน": FundingChannel.OTHER,
    "อื่น ๆ": FundingChannel.OTHER,
    "อื่นๆ": FundingChannel.OTHER,
}
_CATEGORY_WORDS: dict[str, str] = {
    **{label: value for value, label in CATEGORY_LABELS.items()},
    **{label.removeprefix("งบ"): value for value, label in CATEGORY_LABELS.items()},
    **{str(value): str(value) for value in BudgetCategory.values},
    **{str(label).lower(): str(value) for value, label in BudgetCategory.choices},
}
funding_of = choice(_FUNDING_WORDS, " / ".join(FUNDING_LABELS.values()))
category_of = choice(_CATEGORY_WORDS, " / ".join(CATEGORY_LABELS.values()))

# Units recognised after a number ("200 คน", "จำนวน 1 แห่ง"), longest first when matching.
UNITS: tuple[str, ...] = (
    "คน",
    "ราย",
    "ท่าน",
    "ครัวเรือน",
    "หลังคาเรือน",
    "ครอบครัว",
    "แห่ง",
    "จุด",
    "หลัง",
    "ครั้ง",
    "รุ่น",
    "วัน",
    "เดือน",
    "ปี",
    "ชุมชน",
    "หมู่บ้าน",
    "ตำบล",
    "อำเภอ",
    "โรงเรียน",
    "กลุ่ม",
    "เครือข่าย",
    "องค์กร",
    "หน่วยงาน",
    "โครงการ",
    "กิจกรรม",
    "หลักสูตร",
    "เครื่อง",
    "ชุด",
    "ตัว",
    "คัน",
    "ลำ",
    "บ่อ",
    "ต้น",
    "ตัน",
    "กล้อง",
    "ป้าย",
    "ระบบ",
    "สาย",
    "เส้น",
    "งาน",
    "แปลง",
    "ไร่",
    "เมตร",
    "กิโลเมตร",
    "กม.",
    "ตารางเมตร",
    "ตร.ม.",
    "ต.ร.ม.",
    "ลูกบาศก์เมตร",
    "ลบ.ม.",
    "ผลิตภัณฑ์",
    "ร้าน",
    "เล่ม",
    "ฉบับ",
    "ชิ้น",
    "ห้อง",
    "อาคาร",
)

# --------------------------------------------------------------------------- templates


class Source(StrEnum):
    AGENCY = "agency"  # ส่วนราชการ
    DISTRICT = "district"  # ก.บ.อ. เกินศักยภาพอำเภอ
    PAO = "pao"  # อบจ. เกินศักยภาพ
    LOCAL = "local"  # อปท. แบบ ผ.02
    LOCAL_COORDINATED = "local_coordinated"  # อปท. แบบ ผ.02/2 ประสานโครงการพัฒนาจังหวัด
    CONSULTATION = "consultation"  # การประชุมปรึกษาหารือ


@dataclass(frozen=True)
class Column(importing.Column):
    """A template column; `aliases` are other headers real files use for it."""

    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    source: Source
    name: str  # what the template is, in Thai
    sheet: str
    proposer_kind: str
    funding_channel: str | None  # fixed for the DLA forms; None: from the column
    dla_form: bool
    code_prefix: str
    leading: tuple[Column, ...]  # the columns before the budget years
    trailing: tuple[Column, ...]  # ... and after them
    required_headers: tuple[str, ...]  # columns a file must have (their cells may be blank)

    def columns(self, years: Sequence[int]) -> tuple[Column, ...]:
        return self.leading + tuple(budget_column(y) for y in years) + self.trailing

    @property
    def title_column(self) -> Column:
        return next(c for c in self.leading if c.key == "title")


BAHT_FORMAT = "#,##0.00"
PLAIN = importing.PLAIN

COL_CODE = Column(
    "code",
    "รหัสอ้างอิง",
    "รหัสของโครงการ ห้ามซ้ำกันในรอบปีงบประมาณ เช่น AG-001 ระบบใช้รหัสนี้จับคู่กับโครงการเดิม"
    " เมื่อนำเข้าไฟล์ซ้ำ (แก้ไขโครงการเดิมแทนการเพิ่มใหม่)",
    required=True,
    width=16,
    as_text=True,
    aliases=("รหัสโครงการ", "รหัส"),
)
COL_TITLE = Column("title", "ชื่อโครงการ", "ชื่อโครงการ", required=True, width=50, aliases=("โครงการ",))
COL_DISTRICT = Column(
    "district",
    "อำเภอ",
    "อำเภอที่เสนอโครงการ (เลือกจากรายการในเซลล์) โครงการจะอยู่ในความดูแลของอำเภอนี้",
    required=True,
    width=18,
)
COL_ISSUE = Column(
    "issue",
    "ประเด็นยุทธศาสตร์",
    "ลำดับของประเด็นยุทธศาสตร์ในแผนพัฒนาจังหวัดที่โครงการนี้สนับสนุน เช่น 1 (เลือกจากรายการในเซลล์)",
    width=12,
    number_format=PLAIN,
    aliases=("ประเด็นยุทธศาสตร์จังหวัด", "ประเด็นยุทธศาสตร์ที่"),
)
COL_RATIONALE = Column("rationale", "หลักการและเหตุผล", "หลักการและเหตุผลของโครงการ", width=40)
COL_OBJECTIVES = Column("objectives", "วัตถุประสงค์", "วัตถุประสงค์ เขียนเป็นข้อ ๆ ได้ (1. … 2. …)", width=40)
COL_TARGET = Column(
    "target",
    "เป้าหมาย (ผลผลิต)",
    "เป้าหมาย (ผลผลิตของโครงการ) ข้อละหนึ่งผลผลิต (1. … 2. … หรือ - …) เขียนจำนวนและหน่วยนับ"
    " เช่น “ถนน ค.ส.ล. 1 สาย” “จำนวน 200 คน” ระบบจะอ่านจำนวนและหน่วยนับให้",
    width=40,
    aliases=("เป้าหมาย", "เป้าหมาย (ผลผลิตของโครงการ)", "ผลผลิต"),
)
COL_INDICATOR = Column(
    "indicator",
    "ตัวชี้วัด",
    "ตัวชี้วัด (KPI) ข้อละหนึ่งตัวชี้วัด เช่น “ผู้เข้าร่วมมีความพึงพอใจ ร้อยละ 80”",
    width=36,
    aliases=("ตัวชี้วัด (KPI)", "ตัวชี้วัด(KPI)", "KPI"),
)
COL_OUTCOMES = Column(
    "outcomes",
    "ผลลัพธ์ที่คาดว่าจะได้รับ",
    "ผลลัพธ์หรือผลที่คาดว่าจะได้รับ",
    width=36,
    aliases=("ผลที่คาดว่าจะได้รับ", "ผลลัพธ์"),
)
COL_BENEFITS = Column("benefits", "ประโยชน์ที่คาดว่าจะได้รับ", "ประโยชน์ที่ประชาชนหรือพื้นที่จะได้รับ", width=36)
COL_LOCATIONS = Column(
    "locations",
    "พื้นที่ดำเนินการ",
    f"“{WHOLE_AREA}” หรือชื่ออำเภอที่ดำเนินการ คั่นด้วยจุลภาค เช่น เมืองระยอง, บ้านฉาง",
    width=24,
)
COL_START = Column("start", "วันเริ่มต้น", "วันเริ่มต้นโครงการ เช่น 1/10/2569 หรือ 1 ต.ค. 69", width=14)
COL_END = Column("end", "วันสิ้นสุด", "วันสิ้นสุดโครงการ (ไม่ก่อนวันเริ่มต้น)", width=14)
COL_FUNDING = Column(
    "funding",
    "แหล่งงบประมาณ",
    "แหล่งงบประมาณที่ขอ เลือกจากรายการในเซลล์",
    required=True,
    width=22,
)
COL_DIRECT = Column(
    "direct",
    "ขอตั้งงบประมาณโดยตรง",
    f"{YES} ถ้าขอตั้งงบประมาณจากสำนักงบประมาณโดยตรง (ว่าง = {NO})",
    width=14,
)
COL_CATEGORY = Column(
    "category",
    "หมวดงบประมาณ",
    "หมวดรายจ่ายของงบประมาณทุกปีในแถวนี้ เลือกจากรายการในเซลล์ (ต้องกรอกเมื่อมีงบประมาณ)",
    width=16,
)
COL_RESPONSIBLE = Column(
    "responsible",
    "หน่วยงานรับผิดชอบ",
    "หน่วยงานที่รับผิดชอบดำเนินโครงการ",
    width=30,
    aliases=("หน่วยงานรับผิดชอบหลัก", "หน่วยงานที่รับผิดชอบ", "หน่วยงานที่รับผิดชอบหลัก"),
)

# The DLA form's own columns, named as on the form.
DLA_SEQ = Column("seq", "ที่", "ลำดับที่ (ไม่นำเข้า)", width=6)
DLA_TITLE = Column(
    "title",
    "โครงการ",
    "ชื่อโครงการ (ขึ้นบรรทัดใหม่ในเซลล์ได้)",
    required=True,
    width=40,
    aliases=("ชื่อโครงการ",),
)
DLA_OBJECTIVES = Column("objectives", "วัตถุประสงค์", COL_OBJECTIVES.help, width=40)
DLA_TARGET = Column(
    "target",
    "เป้าหมาย (ผลผลิตของโครงการ)",
    COL_TARGET.help,
    width=36,
    aliases=("เป้าหมาย", "เป้าหมาย (ผลผลิต)"),
)
DLA_INDICATOR = Column(
    "indicator",
    "ตัวชี้วัด (KPI)",
    COL_INDICATOR.help,
    width=30,
    aliases=("ตัวชี้วัด", "KPI"),
)
DLA_OUTCOMES = Column(
    "outcomes",
    "ผลที่คาดว่าจะได้รับ",
    "ผลที่คาดว่าจะได้รับ",
    width=36,
    aliases=("ผลลัพธ์ที่คาดว่าจะได้รับ",),
)
DLA_RESPONSIBLE = Column(
    "responsible",
    "หน่วยงานรับผิดชอบหลัก",
    "หน่วยงานรับผิดชอบหลัก (กอง/สำนัก)",
    width=24,
    aliases=("หน่วยงานรับผิดชอบ", "หน่วยงานที่รับผิดชอบ"),
)
DLA_CODE = Column(
    "code",
    "รหัสอ้างอิง",
    "ไม่มีในแบบ ผ.02 ของกรมส่งเสริมการปกครองท้องถิ่น เพิ่มไว้เพื่อนำเข้าซ้ำได้: ถ้าเว้นว่าง ระบบสร้างรหัสให้"
    " จากชื่อโครงการและหน่วยงานรับผิดชอบหลัก (แก้ชื่อโครงการแล้วนำเข้าใหม่จะกลายเป็นโครงการใหม่"
    " ถ้าต้องการแก้ชื่อ ให้กรอกรหัสอ้างอิงไว้)",
    width=16,
    as_text=True,
    aliases=COL_CODE.aliases,
)
DLA_ISSUE = Column(
    "issue",
    "ประเด็นยุทธศาสตร์จังหวัด",
    COL_ISSUE.help + " (ไม่มีในแบบ ผ.02/2 เพิ่มไว้เพื่อเชื่อมกับแผนพัฒนาจังหวัด)",
    width=12,
    number_format=PLAIN,
    aliases=("ประเด็นยุทธศาสตร์",),
)

_SOURCE_COLUMNS = (
    COL_CODE,
    COL_TITLE,
    COL_ISSUE,
    COL_RATIONALE,
    COL_OBJECTIVES,
    COL_TARGET,
    COL_INDICATOR,
    COL_OUTCOMES,
    COL_BENEFITS,
    COL_LOCATIONS,
    COL_START,
    COL_END,
    COL_FUNDING,
    COL_DIRECT,
    COL_CATEGORY,
)
_DLA_LEADING = (DLA_SEQ, DLA_TITLE, DLA_OBJECTIVES, DLA_TARGET)
_DLA_TRAILING = (DLA_INDICATOR, DLA_OUTCOMES, DLA_RESPONSIBLE, DLA_CODE)
_SOURCE_HEADERS = ("code", "title", "funding")
_DLA_HEADERS = ("title", "objectives", "target", "indicator", "outcomes", "responsible")


def budget_column(year: int) -> Column:
    return Column(
        f"budget:{year}",
        f"งบประมาณ {year}",
        f"งบประมาณปี พ.ศ. {year} หน่วยบาท (ว่างหรือ - = ไม่มี)",
        width=14,
        number_format=BAHT_FORMAT,
    )


TEMPLATES: dict[str, Template] = {
    Source.AGENCY: Template(
        Source.AGENCY,
        "โครงการที่ส่วนราชการเสนอ",
        SHEET_DATA,
        ProposerKind.AGENCY,
        None,
        False,
        "AG",
        _SOURCE_COLUMNS,
        (COL_RESPONSIBLE,),
        _SOURCE_HEADERS,
    ),
    Source.DISTRICT: Template(
        Source.DISTRICT,
        "โครงการเกินศักยภาพอำเภอ (ก.บ.อ.)",
        SHEET_DATA,
        ProposerKind.DISTRICT,
        None,
        False,
        "DT",
        (COL_CODE, COL_TITLE, COL_DISTRICT, *_SOURCE_COLUMNS[2:]),
        (COL_RESPONSIBLE,),
        (*_SOURCE_HEADERS, "district"),
    ),
    Source.PAO: Template(
        Source.PAO,
        "โครงการเกินศักยภาพองค์การบริหารส่วนจังหวัด (อบจ.)",
        SHEET_DATA,
        ProposerKind.PAO,
        None,
        False,
        "PAO",
        _SOURCE_COLUMNS,
        (COL_RESPONSIBLE,),
        _SOURCE_HEADERS,
    ),
    Source.LOCAL: Template(
        Source.LOCAL,
        "แบบ ผ.02 รายละเอียดโครงการพัฒนา (แผนพัฒนาท้องถิ่น)",
        "ผ.02",
        ProposerKind.LOCAL,
        FundingChannel.LOCAL,
        True,
        "L02",
        _DLA_LEADING,
        _DLA_TRAILING,
        _DLA_HEADERS,
    ),
    Source.LOCAL_COORDINATED: Template(
        Source.LOCAL_COORDINATED,
        "แบบ ผ.02/2 รายละเอียดโครงการพัฒนาที่ประสานโครงการพัฒนาจังหวัด",
        "ผ.02-2",
        ProposerKind.LOCAL,
        FundingChannel.PROVINCE,
        True,
        "L022",
        _DLA_LEADING,
        (*_DLA_TRAILING, DLA_ISSUE),
        _DLA_HEADERS,
    ),
    Source.CONSULTATION: Template(
        Source.CONSULTATION,
        "โครงการจากการประชุมปรึกษาหารือ",
        SHEET_DATA,
        ProposerKind.CONSULTATION,
        None,
        False,
        "CS",
        _SOURCE_COLUMNS,
        (COL_RESPONSIBLE,),
        _SOURCE_HEADERS,
    ),
}


def template_for(source: str) -> Template:
    try:
        return TEMPLATES[Source(source)]
    except ValueError:
        raise ValueError(f"unknown proposal source {source!r}") from None


# --------------------------------------------------------------------------- the cycle's plan


def _covering_plan(cycle: Cycle, owner: Owner) -> Plan | None:
    year = cycle.fiscal_year_be
    return (
        Plan.objects.filter(
            **owners.plan_filter(owner),
            first_year_be__lte=year,
            last_year_be__gte=year,
        )
        .select_related("regime")
        .order_by("-first_year_be")
        .first()
    )


def plan_years(cycle: Cycle, owner: Owner) -> list[int]:
    """The budget years of the templates: the owner's plan covering the cycle's year;
    else the plan period of the cycle's regime (a plan of the regime covering the year);
    else the regime's span starting with the cycle's year."""
    plan = _covering_plan(cycle, owner)
    if plan is not None:
        return plan.years
    year = cycle.fiscal_year_be
    other = (
        Plan.objects.filter(regime=cycle.regime, first_year_be__lte=year, last_year_be__gte=year)
        .order_by("first_year_be")
        .first()
    )
    if other is not None:
        return other.years
    return list(range(year, year + max(cycle.regime.span_years, 1)))


def _issues(cycle: Cycle, owner: Owner) -> tuple[dict[int, tuple[int, str]], str]:
    """Priority → (issue pk, title) of the owner's current plan, and the plan's name."""
    plan = _covering_plan(cycle, owner)
    edition = reference_edition(plan) if plan is not None else None
    if edition is None:
        return {}, ""
    issues = {
        priority: (pk, title)
        for pk, priority, title in edition.issues.order_by("priority", "pk").values_list(
            "pk", "priority", "title"
        )
    }
    return issues, plan.title if plan else ""


def _districts(owner: Owner) -> list[Area]:
    return owners.districts(owner)


def _no_plan(owner: Owner) -> str:
    """ "ระยองยังไม่มีแผนพัฒนาจังหวัดในระบบ" or the same for a cluster."""
    kind = "แผนพัฒนากลุ่มจังหวัด" if isinstance(owner, Cluster) else "แผนพัฒนาจังหวัด"
    return f"{owners.owner_name(owner)}ยังไม่มี{kind}ในระบบ"


def _district_label(area: Area, owner: Owner) -> str:
    """A district as the template lists it: with its province when the owner is a cluster."""
    return f"{area.name_th} ({area.parent.name_th})" if isinstance(owner, Cluster) else area.name_th


def _district_names(districts: list[Area], provinces: Sequence[Area] = ()) -> dict[str, str]:
    """Name → code of the districts (and, for a cluster, of its member provinces). A
    district is also known with its province's name after it ("บ้านค่าย ระยอง"), which
    tells apart two districts of a cluster that share a name."""
    names: dict[str, str] = {}
    for area in provinces:
        for name in (area.name_th, f"จังหวัด{area.name_th}", f"จ.{area.name_th}", area.code):
            names.setdefault(match_key(name), area.code)
    for area in districts:
        province = area.parent.name_th if provinces else ""
        for name in (area.name_th, f"อำเภอ{area.name_th}", f"อ.{area.name_th}", area.code):
            names.setdefault(match_key(name), area.code)
            if province:
                names.setdefault(match_key(f"{name}{province}"), area.code)
                names.setdefault(match_key(f"{name}จังหวัด{province}"), area.code)
                names.setdefault(match_key(f"{name}จ.{province}"), area.code)
        if area.name_en:
            names.setdefault(match_key(area.name_en), area.code)
    return names


# --------------------------------------------------------------------------- the template


def template_filename(source: str, cycle: Cycle, owner: Owner) -> str:
    spec = template_for(source)
    name = re.sub(r'[\\/:*?"<>|\s]+', "-", f"{spec.sheet}-{owner.name_th}")
    return f"แม่แบบนำเข้าโครงการ-{name}-{cycle.fiscal_year_be}.xlsx"


def build_template(source: str, cycle: Cycle, owner: Owner) -> bytes:
    """The empty .xlsx workbook of one source, in Thai, for a province's (or a cluster's)
    proposals of a cycle."""
    spec = template_for(source)
    years = plan_years(cycle, owner)
    issues, plan_title = _issues(cycle, owner)
    districts = _districts(owner) if spec.source == Source.DISTRICT else []
    columns = spec.columns(years)
    sheet_spec = importing.SheetSpec(spec.sheet, columns)
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(
        workbook,
        spec.sheet,
        [column.header for column in columns],
        [],
        widths=[column.width for column in columns],
    )
    sheet.row_dimensions[1].height = 42
    help_sheet = workbook.create_sheet(SHEET_HELP)
    lists = _write_lists(
        workbook.create_sheet(SHEET_LISTS),
        {
            "category": list(CATEGORY_LABELS.values()),
            "funding": list(FUNDING_LABELS.values()),
            "issue": sorted(issues),
            "district": [area.name_th for area in districts],
            "direct": [YES, NO],
        },
    )
    importing._format_columns(sheet, sheet_spec, 0)
    importing._add_validations(sheet, sheet_spec, lists, 0)
    _write_help(help_sheet, spec, cycle, owner, years, columns, issues, plan_title, districts)
    workbook.active = 0
    return xlsx.to_bytes(workbook)


def _write_lists(sheet: Worksheet, values: dict[str, list[Any]]) -> dict[str, str]:
    """The drop-down values on a hidden sheet; returns column key → range (non-empty lists)."""
    sheet.sheet_state = "hidden"
    formulas: dict[str, str] = {}
    for col, (key, items) in enumerate(values.items(), start=1):
        letter = get_column_letter(col)
        sheet.cell(row=1, column=col, value=key)
        for row, item in enumerate(items, start=2):
            xlsx.write_cell(sheet.cell(row=row, column=col), item)
        if items:
            formulas[key] = f"'{SHEET_LISTS}'!${letter}$2:${letter}${len(items) + 1}"
    return formulas


def _write_help(
    sheet: Worksheet,
    spec: Template,
    cycle: Cycle,
    owner: Owner,
    years: list[int],
    columns: tuple[Column, ...],
    issues: dict[int, tuple[int, str]],
    plan_title: str,
    districts: list[Area],
) -> None:
    lines = [
        f"แม่แบบนำเข้า{spec.name}",
        f"{owners.owner_name(owner)} รอบปีงบประมาณ พ.ศ. {cycle.fiscal_year_be}"
        f" ปีของแผน พ.ศ. {years[0]}–{years[-1]}",
        "",
        f"1. กรอกโครงการละหนึ่งแถวในชีต “{spec.sheet}” แถวที่ 1 เป็นหัวตาราง ห้ามแก้ชื่อหัวตาราง"
        " (ย้ายลำดับคอลัมน์ได้ คอลัมน์อื่นที่ระบบไม่รู้จักจะถูกข้าม)",
        "2. แบ่งโครงการไว้หลายชีตได้ (เช่น ชีตละยุทธศาสตร์หรือแผนงาน) ทุกชีตที่มีหัวตารางแบบเดียวกันจะถูกนำเข้า"
        " หัวตารางอยู่ใน 12 แถวแรกของชีตก็ได้ และปีงบประมาณอยู่ในแถวหัวตารางแถวที่สองใต้ “งบประมาณ” ก็ได้",
        "3. ในเซลล์ขึ้นบรรทัดใหม่ได้ เป้าหมายและตัวชี้วัดเขียนเป็นข้อ ๆ (1. … 2. … หรือ - …)"
        " แต่ละข้อเป็นผลผลิตหรือตัวชี้วัดหนึ่งรายการ เช่น “จำนวน 200 คน” “1 แห่ง” “ร้อยละ 80”",
        "4. ตัวเลขใช้เลขไทยหรือเลขอารบิกได้ มีจุลภาคคั่นหลักพันได้ เช่น ๑,๒๕๐,๐๐๐ หรือ 1,250,000"
        " งบประมาณว่างหรือ - หมายถึงไม่มีงบประมาณปีนั้น",
        "5. แถวที่ขึ้นต้นด้วย “รวม” (แถวรวมงบประมาณ) ไม่ถูกนำเข้า",
        "6. ถ้ามีข้อผิดพลาดแม้แต่จุดเดียว ระบบจะไม่บันทึกอะไรเลย และแสดงข้อผิดพลาดทั้งหมด"
        " (ชีต แถว คอลัมน์) ให้แก้ไขแล้วนำเข้าใหม่",
        "7. นำเข้าไฟล์เดิมซ้ำได้ ระบบจับคู่ด้วยรหัสอ้างอิง แก้ไขเฉพาะโครงการที่ข้อมูลเปลี่ยน และไม่ลบโครงการที่ไม่อยู่ในไฟล์",
    ]
    if spec.dla_form:
        lines += [
            "8. คอลัมน์ตามแบบของกรมส่งเสริมการปกครองท้องถิ่น: ที่ โครงการ วัตถุประสงค์ เป้าหมาย"
            " (ผลผลิตของโครงการ) งบประมาณแต่ละปี ตัวชี้วัด (KPI) ผลที่คาดว่าจะได้รับ หน่วยงานรับผิดชอบหลัก",
            "9. ถ้าไม่กรอกรหัสอ้างอิง ระบบสร้างรหัสให้จากแบบฟอร์ม จังหวัด หน่วยงานที่เสนอ ชื่อโครงการ"
            " และหน่วยงานรับผิดชอบหลัก (ไม่สนใจช่องว่าง) โครงการชื่อเดียวกันและหน่วยงานเดียวกันสองแถว"
            " จะถูกแจ้งว่าซ้ำ ให้กรอกรหัสอ้างอิงแยกกัน หรือลบแถวที่ซ้ำ",
            "10. หมวดงบประมาณ: ถ้าชื่อโครงการมีคำว่า "
            + " ".join(investment_words(cycle.regime))
            + " เป็นงบลงทุน"
            " นอกนั้นเป็นงบดำเนินงาน (แก้ไขในระบบได้ภายหลัง)",
            f"11. แหล่งงบประมาณ: {FUNDING_LABELS[spec.funding_channel or FundingChannel.LOCAL]}",
        ]
    lines.append("")
    for row, line in enumerate(lines, start=1):
        cell = xlsx.write_cell(sheet.cell(row=row, column=1), line or None)
        cell.font = importing.TITLE_FONT if row == 1 else xlsx.BODY_FONT
    row = len(lines) + 1
    xlsx.write_row(sheet, row, ["คอลัมน์", "ต้องกรอก", "คำอธิบาย"], header=True)
    for column in columns:
        row += 1
        text = column.help
        if column.key == "issue":
            text += f" — ตาม{plan_title}" if issues else f" — {_no_plan(owner)} ให้เว้นว่าง"
        xlsx.write_row(sheet, row, [column.header, YES if column.required else None, text])
    for title, items in (
        ("ประเด็นยุทธศาสตร์", [(str(n), t) for n, (_pk, t) in sorted(issues.items())]),
        ("อำเภอ", [(area.code, _district_label(area, owner)) for area in districts]),
        ("แหล่งงบประมาณ", [("", label) for label in FUNDING_LABELS.values()]),
        ("หมวดงบประมาณ", [("", label) for label in CATEGORY_LABELS.values()]),
    ):
        if not items or (spec.dla_form and title in ("แหล่งงบประมาณ", "หมวดงบประมาณ")):
            continue
        row += 2
        xlsx.write_row(sheet, row, [title, None, None], header=True)
        for number, text in items:
            row += 1
            xlsx.write_row(sheet, row, [number or None, None, text])
    for letter, width in zip("ABC", (26, 10, 100), strict=True):
        sheet.column_dimensions[letter].width = width


# --------------------------------------------------------------------------- results


@dataclass
class ImportResult:
    errors: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0  # data rows read
    sheets: list[str] = field(default_factory=list)  # the data sheets found
    notes: list[str] = field(default_factory=list)  # skipped sheets, converted years
    bulk: bool = False  # written with bulk_create (a large file)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


# --------------------------------------------------------------------------- reading the file


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_upload(file: Any) -> None:
    """Refuse (ValidationError, Thai) a file that is too big or not a sound .xlsx, before
    it is queued for a background import; nothing is read but the workbook's structure."""
    open_workbook(file, LIMITS, hint=TEMPLATE_HINT).close()
    if hasattr(file, "seek"):
        file.seek(0)


# "งบประมาณ 2566", "2566 (บาท)", "พ.ศ. 2566", "งบประมาณและที่ผ่านมา 2566 (บาท)" (spaces removed)
_YEAR_HEADER_RE = re.compile(
    r"^(?:งบประมาณ[^\d]*)?(?:ปี)?(?:งบประมาณ)?(?:พ\.?ศ\.?|ค\.?ศ\.?)?"
    r"((?:2[4-6]|19|20|21)\d\d)(?:\(?บาท\)?)?$"
)


@dataclass
class _Layout:
    """Where each column of one data sheet is."""

    sheet: str
    header_row: int
    data_start: int
    width: int
    index: dict[str, int]  # column key → position
    years: dict[int, int]  # budget year → position
    headers: dict[int, str]  # position → header as written

    def column(self, key: str) -> str:
        position = self.index[key]
        return self.column_at(position)

    def column_at(self, position: int) -> str:
        return Header(self.header_row, self.headers, self.index).column_at(position)


# --------------------------------------------------------------------------- cell values


_MARKER_RE = re.compile(
    r"^(?:[-–•*·▪]+|\(?[0-9๐-๙]{1,2}[.)](?![0-9๐-๙])|ข้อ(?:ที่)?\s*[0-9๐-๙]{1,2}[.:)]?)\s*"
)
_NUM = r"([0-9][0-9,]*(?:\.[0-9]+)?)"
_UNIT = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
_WHOLE_RE = re.compile(rf"^{_NUM}\s*({_UNIT})$")
_COUNT_RE = re.compile(rf"จำนวน\s*(?:ไม่น้อยกว่า|ไม่ต่ำกว่า|ไม่เกิน|ประมาณ|รวม|ทั้งสิ้น)?\s*{_NUM}\s*({_UNIT})")
_TAIL_RE = re.compile(rf"{_NUM}\s*({_UNIT})$")
_PERCENT_RE = re.compile(rf"ร้อยละ\s*(?:ไม่น้อยกว่า|ไม่ต่ำกว่า|ไม่เกิน)?\s*{_NUM}")
_QUANTITY_LIMIT = Decimal(10) ** 14


def split_items(value: Any) -> list[str]:
    """The items of a cell: numbered or bulleted lines start items, other lines continue one.

    A cell without list markers is one item with its line breaks.
    """
    lines = [line for line in (normalize_text(x) for x in cell_text(value).splitlines()) if line]
    if not any(_MARKER_RE.match(line) for line in lines):
        text = "\n".join(lines)
        return [text] if text else []
    items: list[str] = []
    for line in lines:
        marker = _MARKER_RE.match(line)
        if marker is not None:
            items.append(line[marker.end() :].strip())
        elif items:
            items[-1] = f"{items[-1]}\n{line}" if items[-1] else line
        else:
            items.append(line)
    return [item for item in items if item]


def _as_decimal(digits: str) -> Decimal | None:
    number = Decimal(digits.replace(",", ""))
    if number >= _QUANTITY_LIMIT:
        return None
    return number.quantize(Decimal("0.01"))


_THAI_DIGITS_RE = re.compile("[๐-๙]")
_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _plain(text: str) -> str:
    """Text (already normalised) to match numbers in: Arabic digits, ำ spelled as one mark."""
    if _THAI_DIGITS_RE.search(text):
        text = text.translate(_ARABIC)
    if "\u0e4d" in text:  # "จํานวน" is often typed with nikhahit + sara aa, not sara am
        text = text.replace("\u0e4d\u0e32", "\u0e33")
    return text


def quantity_of(text: str) -> tuple[Decimal | None, str]:
    """(quantity, unit) from "200 คน", "… จำนวน 1 แห่ง …" or "… 5 เครื่อง"; else (None, "")."""
    plain = _plain(text)
    for pattern in (_WHOLE_RE, _COUNT_RE, _TAIL_RE):
        match = pattern.search(plain)
        if match is not None:
            number = _as_decimal(match[1])
            if number is not None:
                return number, match[2]
    return None, ""


def _number_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def indicator_target(text: str) -> tuple[str, str]:
    """(unit, target) of an indicator: "ร้อยละ 80" → ("ร้อยละ", "80"); "10 แห่ง" → ("แห่ง", "10")."""
    plain = _plain(text)
    match = _PERCENT_RE.search(plain)
    if match is not None:
        number = _as_decimal(match[1])
        if number is not None:
            return "ร้อยละ", _number_text(number)
    number, unit = quantity_of(plain)
    return (unit, _number_text(number)) if number is not None else ("", "")


OutputItem = tuple[str, str, Decimal | None]  # description, unit, quantity
IndicatorItem = tuple[str, str, str]  # name, unit, target

_OUTPUT_LIMIT = ProposalOutput._meta.get_field("description").max_length or 500
_INDICATOR_LIMIT = ProposalIndicator._meta.get_field("name").max_length or 500


def _items(value: Any, limit: int, what: str) -> list[str]:
    items = split_items(value)
    if len(items) == 1 and len(items[0]) > limit and "\n" in items[0]:
        items = items[0].split("\n")  # a long list written without numbers: one item a line
    for number, item in enumerate(items, start=1):
        if len(item) > limit:
            raise CellError(
                f"{what}ข้อ {number} ยาว {len(item):,} ตัวอักษร เกินที่รับได้ {limit:,} ตัวอักษร"
                " กรุณาแบ่งเป็นข้อ ๆ (1. … 2. …)"
            )
    return items


def outputs_of(value: Any) -> list[OutputItem]:
    return [
        (item, *reversed(quantity_of(item))) for item in _items(value, _OUTPUT_LIMIT, "เป้าหมาย")
    ]


def indicators_of(value: Any) -> list[IndicatorItem]:
    return [(item, *indicator_target(item)) for item in _items(value, _INDICATOR_LIMIT, "ตัวชี้วัด")]


def amount_of(value: Any) -> Decimal | None:
    """Baht in a budget cell; blank, "-" and 0 are None (no budget that year)."""
    if isinstance(value, str):
        text = normalize_text(value)
        if text in DASHES:
            return None
        value = text.removesuffix("บาท").strip()
    amount = baht(value)
    return amount or None


def _squash(text: str) -> str:
    return match_key(text)


def derived_code(
    source: str, owner: Owner, proposer: Organisation | None, title: str, responsible: str
) -> str:
    """The stable reference code of a DLA-form row without one (see the module's doc)."""
    spec = template_for(source)
    key = "\x1f".join(
        (
            spec.source.value,
            owners.owner_code(owner),
            str(proposer.pk) if proposer is not None else "",
            _squash(title),
            _squash(responsible),
        )
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12].upper()
    return f"{spec.code_prefix}-{owners.owner_code(owner)}-{digest}"


# --------------------------------------------------------------------------- validating


_MISSING = object()


# The draft's fields (`intake.ProposalDraft`) and the sheet's columns they are read from.
INTAKE_COLUMNS = {
    "start_date": "start",
    "end_date": "end",
    "issue": "issue",
    "locations": "locations",
    "funding_channel": "funding",
    "budget": "budget",
}


@dataclass(slots=True)
class ProposalRow:
    """One valid row, ready to be compared with the database and written."""

    sheet: str
    row: int
    code: str
    code_column: str  # where to point an error about the code
    area_code: str
    values: dict[str, Any]  # Proposal fields the file has columns for
    budget: dict[tuple[int, str], Decimal] | None  # None: no budget columns in the file
    outputs: list[OutputItem] | None
    indicators: list[IndicatorItem] | None
    locations: frozenset[str] | None

    @property
    def where(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row}


class _Context:
    """What every row is checked against: the cycle, the owner (a province or a cluster),
    its plan, its districts (and a cluster's member provinces)."""

    def __init__(
        self,
        user: Any,
        cycle: Cycle,
        owner: Owner,
        spec: Template,
        proposer: Organisation | None,
    ) -> None:
        self.user = user
        self.cycle = cycle
        self.owner = owner
        self.owner_name = owners.owner_name(owner)
        self.spec = spec
        self.proposer = proposer
        self.years = plan_years(cycle, owner)
        issues, self.plan_title = _issues(cycle, owner)
        self.issues = {priority: pk for priority, (pk, _title) in issues.items()}
        self.default_area = owners.default_area(owner)
        provinces = owners.member_provinces(owner) if isinstance(owner, Cluster) else []
        self.districts = {area.code: area for area in _districts(owner)}
        self.district_names = _district_names(list(self.districts.values()), provinces)
        self.areas = {
            self.default_area.code: self.default_area,
            **{p.code: p for p in provinces},
            **self.districts,
        }
        self._allowed: dict[tuple[str, str, int | None], bool] = {}

    def area_of(self, locations: frozenset[str]) -> str:
        """The area a row belongs to when the template has no district column: for a cluster,
        the member province it runs in when that is one province; else the default."""
        provinces = {code[:2] for code in locations}
        if isinstance(self.owner, Cluster) and len(provinces) == 1:
            return provinces.pop()
        return self.default_area.code

    def probe(self, area_code: str, proposer: Organisation | None) -> Proposal:
        return Proposal(
            cycle=self.cycle,
            **owners.owner_fields(self.owner),
            area=self.areas[area_code],
            proposer=proposer,
            proposer_kind=self.spec.proposer_kind,
        )

    def may(self, action: Action, area_code: str, proposer: Organisation | None) -> bool:
        """May the user add (or change into) a proposal of this area and body? Cached."""
        key = (action.value, area_code, proposer.pk if proposer is not None else None)
        if key not in self._allowed:
            self._allowed[key] = policy.can(self.user, action, self.probe(area_code, proposer))
        return self._allowed[key]


class _Validator:
    """Turns rows into `ProposalRow`s, collecting every problem instead of stopping."""

    def __init__(self, context: _Context, result: ImportResult) -> None:
        self.context = context
        self.spec = context.spec
        self.result = result
        self.errors = result.errors
        self.seen: dict[str, tuple[str, int]] = {}  # code → (sheet, row) of its first row
        self.title_limit = fitting(clean_line, Proposal, "title")
        self.code_limit = fitting(clean_code, Proposal, "reference_code")
        self.responsible_limit = fitting(clean_line, Proposal, "responsible_agency")

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(Problem(sheet, row, column, message))

    # ---- the header

    def layout(self, name: str, rows: list[tuple[Any, ...]]) -> _Layout | None:
        """Find the header row among the first rows; None when the sheet is not a data sheet."""
        spec = self.spec
        title = spec.title_column
        found = find_header(
            rows, {text: "title" for text in (title.header, *title.aliases)}, required=["title"]
        )
        if found is None:
            return None
        header_at = found.row - 1
        header = [title_text(v) for v in rows[header_at]]
        below = [title_text(v) for v in rows[header_at + 1]] if header_at + 1 < len(rows) else []
        sub_header = any(_YEAR_HEADER_RE.match(match_key(v)) for v in below if v) and not any(
            _YEAR_HEADER_RE.match(match_key(v)) for v in header if v
        )
        headers: dict[int, str] = {}
        group = ""
        for position, text in enumerate(header):
            group = text or group
            if sub_header and position < len(below) and below[position]:
                headers[position] = f"{text or group} {below[position]}".strip()
            elif text:
                headers[position] = text
        layout = _Layout(
            sheet=name,
            header_row=found.row,
            data_start=header_at + (3 if sub_header else 2),
            width=0,
            index={},
            years={},
            headers=headers,
        )
        columns = spec.columns([])
        wanted: dict[str, str] = {}
        for column in columns:
            for text in (column.header, *column.aliases):
                wanted.setdefault(text, column.key)
        layout.index = match_columns(headers, wanted)
        taken = set(layout.index.values())
        for position, text in headers.items():
            match = None if position in taken else _YEAR_HEADER_RE.match(match_key(text))
            if match is not None:
                self._year_column(layout, position, match[1])
        required = list(spec.required_headers)
        if layout.years and not spec.dla_form:
            required.append("category")  # budgets need their category
        complete = True
        for column in columns:
            if column.key in required and column.key not in layout.index:
                self.problem(
                    name,
                    layout.header_row,
                    "",
                    f"ไม่พบคอลัมน์ “{column.header}” ในแถวหัวตาราง (แถว {layout.header_row})",
                )
                complete = False
        if spec.dla_form and not layout.years:
            self.problem(
                name,
                layout.header_row,
                "",
                "ไม่พบคอลัมน์งบประมาณรายปี (เช่น “งบประมาณ 2566” หรือ “2566 (บาท)”)",
            )
            complete = False
        used = [*layout.index.values(), *layout.years.values()]
        layout.width = max(used) + 1 if used else 1
        return layout if complete else _Layout(name, layout.header_row, 0, 0, {}, {}, {})

    def _year_column(self, layout: _Layout, position: int, digits: str) -> None:
        where = layout.column_at(position)
        try:
            parsed = parse_year(digits)
        except ValueError as exc:
            self.problem(layout.sheet, layout.header_row, where, str(exc))
            return
        if parsed.era_given == "CE":
            self.result.notes.append(f"ชีต “{layout.sheet}” หัวคอลัมน์ {where}: {parsed.explanation}")
        years = self.context.years
        if parsed.be not in years:
            self.problem(
                layout.sheet,
                layout.header_row,
                where,
                f"ปี พ.ศ. {parsed.be} อยู่นอกช่วงปีของแผน (พ.ศ. {years[0]}–{years[-1]})",
            )
        elif parsed.be in layout.years:
            self.problem(layout.sheet, layout.header_row, where, f"มีคอลัมน์งบประมาณปี {parsed.be} ซ้ำ")
        else:
            layout.years[parsed.be] = position

    # ---- one row

    def read(
        self,
        layout: _Layout,
        number: int,
        values: tuple[Any, ...],
        key: str,
        convert: Callable[[Any], Any],
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        """The converted cell, `default` when blank, `_MISSING` when wrong (problem noted)."""
        position = layout.index.get(key)
        value = values[position] if position is not None and position < len(values) else None
        if is_blank(value):
            if required:
                where = layout.column(key) if position is not None else ""
                self.problem(layout.sheet, number, where, "ต้องกรอกช่องนี้")
                return _MISSING
            return default
        try:
            return convert(value)
        except CellError as exc:
            self.problem(layout.sheet, number, layout.column(key), exc.message)
            return _MISSING

    def row(self, layout: _Layout, number: int, values: tuple[Any, ...]) -> ProposalRow | None:
        """A valid row, or None (with its problems noted)."""
        context, spec, index = self.context, self.spec, layout.index
        before = len(self.errors)
        title = self.read(layout, number, values, "title", self.title_limit, required=True)
        code = self.read(
            layout, number, values, "code", self.code_limit, required=not spec.dla_form
        )
        out: dict[str, Any] = {}
        if title is not _MISSING:
            out["title"] = title
        self.texts(layout, number, values, out)
        responsible = out.get("responsible_agency", "")
        area_code = context.default_area.code
        if "district" in index:
            area_code = self.read(layout, number, values, "district", self.district, required=True)
        locations: frozenset[str] | None = None
        if "locations" in index:
            parsed_locations = self.read(
                layout, number, values, "locations", self.locations, default=(False, frozenset())
            )
            if parsed_locations is not _MISSING:
                out["whole_area"], locations = parsed_locations
                if "district" not in index:
                    area_code = context.area_of(locations or frozenset())
        outputs = (
            self.read(layout, number, values, "target", outputs_of, default=[])
            if "target" in index
            else None
        )
        indicators = (
            self.read(layout, number, values, "indicator", indicators_of, default=[])
            if "indicator" in index
            else None
        )
        budget = self.budget(layout, number, values, title)
        self.check_draft(layout, number, out, budget)
        # The code is checked for repeats even on a row with other problems, so that a
        # repeated row is reported at once, not after its other mistakes are fixed.
        code_column = layout.column("code") if "code" in index else layout.column("title")
        typed = code is not None
        if code is None and _MISSING not in (title, responsible):
            code = derived_code(spec.source, context.owner, context.proposer, title, responsible)
        if isinstance(code, str):
            first = self.seen.setdefault(code, (layout.sheet, number))
            if first != (layout.sheet, number):
                self.duplicate(layout, number, code, code_column, first, typed)
        if len(self.errors) != before or not isinstance(code, str):
            return None
        return ProposalRow(
            layout.sheet,
            number,
            code,
            code_column,
            area_code,
            out,
            budget,
            outputs,
            indicators,
            locations,
        )

    def texts(
        self, layout: _Layout, number: int, values: tuple[Any, ...], out: dict[str, Any]
    ) -> None:
        """The row's texts, choices and dates, into `out` by the proposal's field names
        (`_MISSING` for a cell with a problem)."""
        index = layout.index
        readers: tuple[tuple[str, str, Any, dict[str, Any]], ...] = (
            ("rationale", "rationale", clean_lines, {"default": ""}),
            ("objectives", "objectives", clean_lines, {"default": ""}),
            ("outcomes", "expected_outcomes", clean_lines, {"default": ""}),
            ("benefits", "benefits", clean_lines, {"default": ""}),
            ("responsible", "responsible_agency", self.responsible_limit, {"default": ""}),
            ("issue", "issue_id", self.issue, {}),
            ("funding", "funding_channel", funding_of, {"required": True}),
            ("direct", "requests_budget_directly", yes_no, {"default": False}),
            ("start", "start_date", date_of, {}),
            ("end", "end_date", date_of, {}),
        )
        for key, name, convert, options in readers:
            if key in index:
                out[name] = self.read(layout, number, values, key, convert, **options)
        if "funding" not in index:
            out["funding_channel"] = self.spec.funding_channel or FundingChannel.PROVINCE

    def check_draft(
        self,
        layout: _Layout,
        number: int,
        out: dict[str, Any],
        budget: dict[tuple[int, str], Decimal] | None,
    ) -> None:
        """The proposal's own invariants (`intake.validate`) on what the row says, each
        problem at the column of its field (the row's first year column for the budget)."""
        typed = {
            name: out.get(name)
            for name in ("start_date", "end_date")
            if isinstance(out.get(name), date)
        }
        draft = intake.ProposalDraft(**typed, budget=budget or None, sent=frozenset(typed))
        for problem in intake.validate(draft, user=self.context.user):
            key = INTAKE_COLUMNS.get(problem.column)
            if key == "budget" and layout.years:
                column = layout.column_at(min(layout.years.values()))
            else:
                column = layout.column(key) if key in layout.index else ""
            self.problem(layout.sheet, number, column, problem.message)

    def duplicate(
        self,
        layout: _Layout,
        number: int,
        code: str,
        column: str,
        first: tuple[str, int],
        typed: bool,
    ) -> None:
        sheet, row = first
        where = f"แถว {row}" if sheet == layout.sheet else f"ชีต “{sheet}” แถว {row}"
        if self.spec.dla_form and not typed:
            message = (
                f"โครงการชื่อเดียวกันและหน่วยงานรับผิดชอบเดียวกันซ้ำกับ{where} (รหัสอ้างอิงที่ระบบสร้าง"
                f" {code} ซ้ำกัน) ถ้าเป็นคนละโครงการ ให้กรอกรหัสอ้างอิงแยกกัน ถ้าเป็นโครงการเดียวกัน ให้ลบแถวที่ซ้ำ"
            )
        else:
            message = f"รหัสอ้างอิง {code} ซ้ำกับ{where}"
        self.problem(layout.sheet, number, column, message)

    def budget(
        self, layout: _Layout, number: int, values: tuple[Any, ...], title: Any
    ) -> dict[tuple[int, str], Decimal] | None:
        if not layout.years:
            return None
        amounts: dict[int, Decimal] = {}
        for year, position in sorted(layout.years.items()):
            value = values[position] if position < len(values) else None
            if is_blank(value):
                continue
            try:
                amount = amount_of(value)
            except CellError as exc:
                self.problem(layout.sheet, number, layout.column_at(position), exc.message)
                continue
            if amount is not None:
                amounts[year] = amount
        if self.spec.dla_form:
            if not isinstance(title, str):
                return {}
            words = investment_words(self.context.cycle.regime)
            category = (
                BudgetCategory.INVESTMENT
                if investment_title(title, words)
                else BudgetCategory.OPERATING
            )
        else:
            category = self.read(
                layout, number, values, "category", category_of, required=bool(amounts)
            )
            if category is _MISSING:
                return {}
        return {(year, str(category)): amount for year, amount in amounts.items()}

    # ---- converters that need the context

    def issue(self, value: Any) -> int:
        priority = whole_number(value)
        issues = self.context.issues
        if not issues:
            raise CellError(
                f"{_no_plan(self.context.owner)}ที่ครอบคลุมปีงบประมาณ"
                f" พ.ศ. {self.context.cycle.fiscal_year_be} กรุณาเว้นว่าง"
            )
        if priority not in issues:
            numbers = ", ".join(str(n) for n in sorted(issues))
            raise CellError(
                f"ไม่มีประเด็นยุทธศาสตร์ลำดับ {priority} ใน{self.context.plan_title} (มี {numbers})"
            )
        return issues[priority]

    def district(self, value: Any) -> str:
        code = self.context.district_names.get(match_key(cell_text(value)))
        if code is None:
            raise CellError(
                f"ไม่พบอำเภอ “{shown(value)}” ใน{self.context.owner_name} กรุณาเลือกจากรายการในเซลล์"
            )
        return code

    def locations(self, value: Any) -> tuple[bool, frozenset[str]]:
        text = normalize_text(cell_text(value))
        whole = WHOLE_CLUSTER if isinstance(self.context.owner, Cluster) else WHOLE_AREA
        wholes = {match_key(WHOLE_AREA), match_key(whole), match_key(self.context.owner_name)}
        if match_key(text) in wholes:
            return True, frozenset()
        codes: set[str] = set()
        for part in re.split(r"[,;\n、]+|\s+และ\s+", cell_text(value)):
            if not normalize_text(part):
                continue
            code = self.context.district_names.get(match_key(part))
            if code is None:
                raise CellError(
                    f"ไม่พบอำเภอ “{shown(part)}” ใน{self.context.owner_name}"
                    f" (เขียน “{whole}” หรือชื่ออำเภอคั่นด้วยจุลภาค)"
                )
            codes.add(code)
        return False, frozenset(codes)


_TOTAL_RE = re.compile(r"^รวม\s*(?:$|ทั้งสิ้น|ทั้งหมด|งบประมาณ|จำนวน|เงิน|[0-9๐-๙])")


def _is_total_row(values: tuple[Any, ...]) -> bool:
    """The total row of a ผ.02 sheet: its first text is "รวม", "รวม 12 โครงการ", "รวมทั้งสิ้น" …

    (A project called "รวมพลัง…" is not a total row.)
    """
    for value in values:
        if isinstance(value, str) and normalize_text(value):
            return bool(_TOTAL_RE.match(normalize_text(value)))
    return False


# --------------------------------------------------------------------------- comparing


@dataclass
class _Children:
    """A proposal's budget, outputs, indicators and locations as plain values, to compare."""

    budget: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    outputs: list[OutputItem] = field(default_factory=list)
    indicators: list[IndicatorItem] = field(default_factory=list)
    locations: set[str] = field(default_factory=set)


def _children_of(ids: list[int]) -> dict[int, _Children]:
    """The children of many proposals in four queries of plain values (no model instances)."""
    found = {pk: _Children() for pk in ids}
    lines = BudgetLine.objects.filter(proposal_id__in=ids, amount__gt=0)
    for pk, year, category, amount in lines.values_list(
        "proposal_id", "fiscal_year_be", "category", "amount"
    ):
        found[pk].budget[(year, category)] = amount
    outputs = ProposalOutput.objects.filter(proposal_id__in=ids).order_by("proposal_id", "pk")
    for pk, *item in outputs.values_list("proposal_id", "description", "unit", "quantity"):
        found[pk].outputs.append(tuple(item))
    indicators = ProposalIndicator.objects.filter(proposal_id__in=ids).order_by("proposal_id", "pk")
    for pk, *item in indicators.values_list("proposal_id", "name", "unit", "target"):
        found[pk].indicators.append(tuple(item))
    places = Proposal.locations.through.objects.filter(proposal_id__in=ids)
    for pk, code in places.values_list("proposal_id", "area_id"):
        found[pk].locations.add(code)
    return found


def _equal(current: Any, new: Any) -> bool:
    """Equal values; texts compared as cleaned (both sides are cleaned already, almost always)."""
    return current == new or _same(current, new)


def _same_items(current: Sequence[tuple], new: Sequence[tuple]) -> bool:
    return len(current) == len(new) and all(
        all(_equal(a, b) for a, b in zip(old, item, strict=True))
        for old, item in zip(current, new, strict=True)
    )


def _same_budget(current: dict, new: dict) -> bool:
    return current.keys() == new.keys() and all(current[k] == new[k] for k in new)


@dataclass
class _Change:
    """What differs between a proposal and its row."""

    fields: dict[str, Any]
    old: dict[str, Any]
    budget: bool
    outputs: bool
    indicators: bool
    locations: bool

    @property
    def any(self) -> bool:
        return bool(self.fields or self.budget or self.outputs or self.indicators or self.locations)


def _wanted_fields(context: _Context, row: ProposalRow, new: bool) -> dict[str, Any]:
    values = {k: v for k, v in row.values.items() if v is not _MISSING}
    values["area_id"] = row.area_code
    values["proposer_kind"] = context.spec.proposer_kind
    if context.proposer is not None or new:
        values["proposer_id"] = context.proposer.pk if context.proposer is not None else None
    return values


def _change(context: _Context, row: ProposalRow, proposal: Proposal, now: _Children) -> _Change:
    wanted = _wanted_fields(context, row, new=False)
    fields = {k: v for k, v in wanted.items() if not _equal(getattr(proposal, k), v)}
    old = {k: getattr(proposal, k) for k in fields}
    return _Change(
        fields=fields,
        old=old,
        budget=row.budget is not None and not _same_budget(now.budget, row.budget),
        outputs=row.outputs is not None and not _same_items(now.outputs, row.outputs),
        indicators=row.indicators is not None and not _same_items(now.indicators, row.indicators),
        locations=row.locations is not None and now.locations != row.locations,
    )


# --------------------------------------------------------------------------- writing


class _Writer:
    """Checks a batch of rows against the database and the policy, then writes it."""

    def __init__(self, context: _Context, result: ImportResult) -> None:
        self.context = context
        self.result = result
        self.content_type = ContentType.objects.get_for_model(Proposal)
        self.actor = context.user if getattr(context.user, "is_authenticated", False) else None
        self.children: dict[int, _Children] = {}  # of the batch's existing proposals

    def problem(self, row: ProposalRow, column: str, message: str) -> None:
        self.result.errors.append(Problem(row.sheet, row.row, column, message))

    def existing(self, rows: list[ProposalRow]) -> dict[str, Proposal]:
        found = Proposal.objects.filter(
            cycle=self.context.cycle, reference_code__in=[r.code for r in rows]
        ).select_related("area", "proposer")
        by_code = {p.reference_code: p for p in found}
        self.children.update(_children_of([p.pk for p in by_code.values()]))
        return by_code

    def check(self, rows: list[ProposalRow]) -> list[tuple[ProposalRow, Proposal | None]]:
        """Rows paired with the proposal they change; conflicts and refusals are problems."""
        context = self.context
        self.children = {}
        existing = self.existing(rows)
        checked: list[tuple[ProposalRow, Proposal | None]] = []
        for row in rows:
            current = existing.get(row.code)
            if current is None:
                if not context.may(Action.ADD, row.area_code, context.proposer):
                    self.problem(row, "", self._refusal(row, adding=True))
                    continue
            elif not owners.owns(context.owner, current):
                self.problem(
                    row,
                    row.code_column,
                    f"รหัสอ้างอิง {row.code} ใช้กับโครงการอื่นในรอบปีงบประมาณนี้แล้ว"
                    f" (ไม่ใช่โครงการของ{context.owner_name}) กรุณาใช้รหัสอื่น",
                )
                continue
            elif current.proposer_kind != context.spec.proposer_kind:
                kind = PROPOSER_LABELS.get(current.proposer_kind, current.proposer_kind)
                self.problem(
                    row,
                    row.code_column,
                    f"รหัสอ้างอิง {row.code} เป็นโครงการที่เสนอโดย{kind}อยู่แล้ว"
                    f" กรุณาใช้รหัสอื่น หรือนำเข้าด้วยแม่แบบของ{kind}",
                )
                continue
            elif not policy.can(context.user, Action.CHANGE, current) or not context.may(
                Action.CHANGE,
                row.area_code,
                context.proposer if context.proposer is not None else current.proposer,
            ):
                self.problem(row, row.code_column, self._refusal(row, adding=False))
                continue
            checked.append((row, current))
        return checked

    def _refusal(self, row: ProposalRow, adding: bool) -> str:
        area = self.context.areas[row.area_code].display_name
        if adding:
            return f"คุณไม่มีสิทธิ์เพิ่มโครงการของ{area}"
        return f"คุณไม่มีสิทธิ์แก้ไขโครงการรหัส {row.code}"

    # ---- one by one, through the services (small files)

    def write_each(self, pairs: list[tuple[ProposalRow, Proposal | None]]) -> None:
        """Through the services; what they still refuse becomes the row's problem."""
        for row, current in pairs:
            try:
                if current is None:
                    self._create(row)
                    self.result.created += 1
                    continue
                change = _change(self.context, row, current, self.children[current.pk])
                if not change.any:
                    self.result.unchanged += 1
                    continue
                self._update(row, current, change)
                self.result.updated += 1
            except ValidationError as exc:  # the model's own checks (full_clean)
                self.problem(row, "", " ".join(exc.messages))
            except PermissionDenied as exc:
                self.problem(row, "", str(exc) or self._refusal(row, current is None))

    def _new(self, row: ProposalRow) -> Proposal:
        context = self.context
        values = _wanted_fields(context, row, new=True)
        proposal = Proposal(
            cycle=context.cycle,
            **owners.owner_fields(context.owner),
            reference_code=row.code,
            created_by=self.actor,
            **values,
        )
        proposal.area = context.areas[row.area_code]
        if context.proposer is not None:
            proposal.proposer = context.proposer
        return proposal

    def _create(self, row: ProposalRow) -> None:
        proposal = services.save_proposal(self.context.user, self._new(row), row.budget or {})
        for description, unit, quantity in row.outputs or []:
            ProposalOutput.objects.create(
                proposal=proposal, description=description, unit=unit, quantity=quantity
            )
        for name, unit, target in row.indicators or []:
            ProposalIndicator.objects.create(proposal=proposal, name=name, unit=unit, target=target)
        if row.locations:
            proposal.locations.set(sorted(row.locations))

    def _update(self, row: ProposalRow, proposal: Proposal, change: _Change) -> None:
        if change.fields:
            for name, value in change.fields.items():
                setattr(proposal, name, value)
            services.save_proposal(self.context.user, proposal)
        if change.budget and row.budget is not None:
            services.set_budget(proposal, row.budget)
        if change.outputs and row.outputs is not None:
            _sync_items(
                list(proposal.outputs.all()),
                row.outputs,
                ("description", "unit", "quantity"),
                lambda item: ProposalOutput(proposal=proposal, **_named(item, "output")),
            )
        if change.indicators and row.indicators is not None:
            _sync_items(
                list(proposal.indicators.all()),
                row.indicators,
                ("name", "unit", "target"),
                lambda item: ProposalIndicator(proposal=proposal, **_named(item, "indicator")),
            )
        if change.locations and row.locations is not None:
            proposal.locations.set(sorted(row.locations))

    # ---- in batches (large files)

    def write_bulk(self, pairs: list[tuple[ProposalRow, Proposal | None]]) -> None:
        """bulk_create the new proposals and their rows, bulk_update the changed ones."""
        now = timezone.now()
        created: list[tuple[ProposalRow, Proposal]] = []
        changed: list[tuple[ProposalRow, Proposal, _Change]] = []
        for row, current in pairs:
            if current is None:
                created.append((row, self._new(row)))
                continue
            change = _change(self.context, row, current, self.children[current.pk])
            if change.any:
                changed.append((row, current, change))
            else:
                self.result.unchanged += 1
        with disable_auditlog():  # logged below, one entry per proposal
            self._bulk_create(created)
            self._bulk_update(changed, now)
        LogEntry.objects.bulk_create(
            [self._log_created(row, proposal) for row, proposal in created]
            + [self._log_changed(row, proposal, change) for row, proposal, change in changed],
            batch_size=500,
        )
        self.result.created += len(created)
        self.result.updated += len(changed)

    def _bulk_create(self, created: list[tuple[ProposalRow, Proposal]]) -> None:
        if not created:
            return
        proposals = [proposal for _row, proposal in created]
        Proposal.objects.bulk_create(proposals, batch_size=500)
        if any(p.pk is None for p in proposals):  # a database that returns no ids
            ids = dict(
                Proposal.objects.filter(
                    cycle=self.context.cycle,
                    reference_code__in=[p.reference_code for p in proposals],
                ).values_list("reference_code", "pk")
            )
            for proposal in proposals:
                proposal.pk = ids[proposal.reference_code]
        self._bulk_children(created)

    def _bulk_children(self, pairs: Sequence[tuple[ProposalRow, Proposal]]) -> None:
        outputs, indicators, lines, places = [], [], [], []
        through = Proposal.locations.through
        for row, proposal in pairs:
            outputs += [
                ProposalOutput(proposal_id=proposal.pk, description=d, unit=u, quantity=q)
                for d, u, q in row.outputs or []
            ]
            indicators += [
                ProposalIndicator(proposal_id=proposal.pk, name=n, unit=u, target=t)
                for n, u, t in row.indicators or []
            ]
            lines += [
                BudgetLine(proposal_id=proposal.pk, fiscal_year_be=y, category=c, amount=a)
                for (y, c), a in sorted((row.budget or {}).items())
            ]
            places += [
                through(proposal_id=proposal.pk, area_id=code) for code in row.locations or ()
            ]
        ProposalOutput.objects.bulk_create(outputs, batch_size=1000)
        ProposalIndicator.objects.bulk_create(indicators, batch_size=1000)
        BudgetLine.objects.bulk_create(lines, batch_size=1000)
        through.objects.bulk_create(places, batch_size=1000)

    def _bulk_update(
        self, changed: list[tuple[ProposalRow, Proposal, _Change]], now: datetime
    ) -> None:
        if not changed:
            return
        names: set[str] = set()
        for _row, proposal, change in changed:
            for name, value in change.fields.items():
                setattr(proposal, name, value)
            proposal.updated_at = now
            names |= change.fields.keys()
        Proposal.objects.bulk_update(
            [proposal for _row, proposal, _change in changed],
            sorted(names | {"updated_at"}),
            batch_size=500,
        )
        # bulk_update bypasses save(): the versions go up here (an ETag read before the
        # import no longer matches, audit.versioning).
        Proposal.objects.filter(pk__in=[p.pk for _row, p, _change in changed]).update(
            version=models.F("version") + 1
        )
        # Children that differ are replaced wholesale (simpler than matching in bulk).
        replace: dict[str, list[int]] = {
            "budget": [],
            "outputs": [],
            "indicators": [],
            "places": [],
        }
        for _row, proposal, change in changed:
            for kind, differs in (
                ("budget", change.budget),
                ("outputs", change.outputs),
                ("indicators", change.indicators),
                ("places", change.locations),
            ):
                if differs:
                    replace[kind].append(proposal.pk)
        BudgetLine.objects.filter(proposal_id__in=replace["budget"]).delete()
        ProposalOutput.objects.filter(proposal_id__in=replace["outputs"]).delete()
        ProposalIndicator.objects.filter(proposal_id__in=replace["indicators"]).delete()
        Proposal.locations.through.objects.filter(proposal_id__in=replace["places"]).delete()
        partial = []
        for row, proposal, change in changed:
            partial.append(
                (
                    ProposalRow(
                        row.sheet,
                        row.row,
                        row.code,
                        row.code_column,
                        row.area_code,
                        row.values,
                        row.budget if change.budget else None,
                        row.outputs if change.outputs else None,
                        row.indicators if change.indicators else None,
                        row.locations if change.locations else None,
                    ),
                    proposal,
                )
            )
        self._bulk_children(partial)

    def _entry(self, proposal: Proposal, action: int, changes: dict, row: ProposalRow) -> LogEntry:
        return LogEntry(
            content_type=self.content_type,
            object_pk=str(proposal.pk),
            object_id=proposal.pk,
            object_repr=str(proposal),
            action=action,
            changes=changes,
            actor=self.actor,
            actor_email=getattr(self.actor, "email", None) if self.actor else None,
            cid=get_cid(),
            additional_data={"import": self.context.spec.source.value, **row.where},
        )

    def _log_created(self, row: ProposalRow, proposal: Proposal) -> LogEntry:
        changes = {
            name: [None, _logged(getattr(proposal, name))]
            for name in ("reference_code", "title", "proposer_kind", "funding_channel")
        }
        return self._entry(proposal, LogEntry.Action.CREATE, changes, row)

    def _log_changed(self, row: ProposalRow, proposal: Proposal, change: _Change) -> LogEntry:
        changes = {
            name: [_logged(change.old[name]), _logged(value)]
            for name, value in change.fields.items()
        }
        for name, differs in (
            ("budget_lines", change.budget),
            ("outputs", change.outputs),
            ("indicators", change.indicators),
            ("locations", change.locations),
        ):
            if differs:
                changes[name] = ["", "นำเข้าจากไฟล์"]
        return self._entry(proposal, LogEntry.Action.UPDATE, changes, row)


def _logged(value: Any) -> str | None:
    return None if value is None else str(value)


def _named(item: tuple, kind: str) -> dict[str, Any]:
    if kind == "output":
        description, unit, quantity = item
        return {"description": description, "unit": unit, "quantity": quantity}
    name, unit, target = item
    return {"name": name, "unit": unit, "target": target}


def _sync_items(
    current: list[models.Model],
    new: list[tuple],
    names: tuple[str, ...],
    make: Callable[[tuple], models.Model],
) -> None:
    """Make the children the items, in order, touching only those that differ."""
    for position, item in enumerate(new):
        if position < len(current):
            obj = current[position]
            changed = [
                n for n, v in zip(names, item, strict=True) if not _equal(getattr(obj, n), v)
            ]
            for name in changed:
                setattr(obj, name, dict(zip(names, item, strict=True))[name])
            if changed:
                obj.save(update_fields=changed)
        else:
            make(item).save()
    for obj in current[len(new) :]:
        obj.delete()


# --------------------------------------------------------------------------- the import


def _default_proposer(user: Any, proposer: Organisation | None) -> Organisation | None:
    """The body the rows come from: as given, else an agency or LAO officer's own body."""
    if proposer is not None:
        return proposer
    if policy.roles_of(user) & {Role.AGENCY_OFFICER, Role.LAO_OFFICER}:
        return getattr(user, "organisation", None)
    return None


def may_import(user: Any, cycle: Cycle, source: str, owner: Owner) -> bool:
    """Could the user import proposals of this source for the owner at all?"""
    spec = template_for(source)
    return _may_import(_Context(user, cycle, owner, spec, _default_proposer(user, None)))


def _may_import(context: _Context) -> bool:
    """Could the user add any proposal of this source for the owner?"""
    if context.may(Action.ADD, context.default_area.code, context.proposer):
        return True
    if isinstance(context.owner, Cluster):  # a row's area follows its locations
        return any(
            context.may(Action.ADD, code, context.proposer)
            for code, area in context.areas.items()
            if area.level == AreaLevel.PROVINCE
        )
    if context.spec.source != Source.DISTRICT:
        return False
    return any(context.may(Action.ADD, code, context.proposer) for code in context.districts)


Progress = Callable[[int, str], None]  # (percent 0–99, Thai message)


class _Importer:
    def __init__(
        self, context: _Context, result: ImportResult, progress: Progress | None = None
    ) -> None:
        self.context = context
        self.result = result
        self.validator = _Validator(context, result)
        self.writer = _Writer(context, result)
        self.pending: list[ProposalRow] = []
        self.progress = progress

    def report(self, done: int, total: int | None) -> None:
        """The reader's progress (rows read, of the rows the sheets declare: a file's own
        idea of its size is only trusted for this estimate) as a percentage and a message."""
        if self.progress is None:
            return
        fraction = min(1.0, done / total) if total else 0.5
        self.progress(
            int(95 * fraction),
            f"อ่านและตรวจสอบแล้ว {self.result.rows:,} แถว"
            + (f" (พบข้อผิดพลาด {len(self.result.errors):,} จุด)" if self.result.errors else ""),
        )

    def run(self, book: Workbook) -> None:
        for sheet in book.sheets:
            if normalize_text(sheet.name) not in (SHEET_HELP, SHEET_LISTS):
                self.sheet(sheet)
        if not self.result.sheets:
            title = self.context.spec.title_column.header
            self.result.errors.append(
                Problem(
                    "",
                    None,
                    "",
                    f"ไม่พบชีตที่มีหัวตาราง “{title}” ในไฟล์ กรุณาใช้แม่แบบ{self.context.spec.name}"
                    " ที่ดาวน์โหลดจากระบบ",
                )
            )
        self.flush(final=True)

    def sheet(self, sheet: Sheet) -> None:
        name = sheet.name
        top = sheet.top(HEADER_SCAN_ROWS, MAX_COLUMNS)
        layout = self.validator.layout(name, top)
        if layout is None:
            if any(not is_blank(v) for row in top for v in row):
                self.result.notes.append(
                    f"ข้ามชีต “{name}” เพราะไม่พบหัวตาราง"
                    f" “{self.context.spec.title_column.header}” ใน {HEADER_SCAN_ROWS} แถวแรก"
                )
            return
        self.result.sheets.append(name)
        if not layout.data_start:
            return  # the header is incomplete: reported, the rows cannot be read
        for number, values in sheet.rows(layout.data_start, layout.width):
            if _is_total_row(values):
                continue
            self.result.rows += 1
            parsed = self.validator.row(layout, number, values)
            if parsed is not None:
                self.pending.append(parsed)
                if len(self.pending) >= BULK_ROWS:
                    self.flush(final=False)

    def flush(self, final: bool) -> None:
        """Check the pending rows against the database; write them when all is well so far.

        Up to BULK_ROWS rows in all, nothing is written before the end, and then one by one
        through the services; beyond that, each batch is written in bulk as it fills.
        """
        if not self.pending:
            return
        if not final:
            self.result.bulk = True
        pairs = self.writer.check(self.pending)
        self.pending = []
        if self.result.errors:
            return  # keep reading to report every problem; nothing will be kept
        if self.result.bulk:
            self.writer.write_bulk(pairs)
        else:
            self.writer.write_each(pairs)


def import_proposals(
    user: Any,
    cycle: Cycle,
    source: str,
    file: Any,
    *,
    owner: Owner,
    proposer: Organisation | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a filled-in template of one source into the proposals of a cycle of a province
    (for its action plan) or of a cluster (for the cluster's).

    All or nothing: with any problem the result lists every one (sheet, row, column, Thai
    message) and nothing is written. Raises PermissionDenied (Thai message) when the user
    may not add proposals of this source for the owner at all, ValidationError (Thai)
    when the file is not a usable .xlsx or is too big. `progress(percent, message)`, when
    given, hears how far the reading has got every few hundred rows.
    """
    spec = template_for(source)
    if isinstance(owner, Area) and owner.level != AreaLevel.PROVINCE:
        raise ValueError("proposals are imported for a province or a cluster")
    context = _Context(user, cycle, owner, spec, _default_proposer(user, proposer))
    if not _may_import(context):
        raise PermissionDenied(f"คุณไม่มีสิทธิ์นำเข้าโครงการของ{context.owner_name}")
    result = ImportResult()
    importer = _Importer(context, result, progress)
    book = open_workbook(file, LIMITS, hint=TEMPLATE_HINT, progress=importer.report)
    try:
        with transaction.atomic(), set_actor(user):
            importer.run(book)
            if result.errors:
                transaction.set_rollback(True)
    except IntegrityError as exc:  # another import of the same codes at the same moment
        raise _refuse(
            "บันทึกไม่สำเร็จ เพราะมีการแก้ไขโครงการเดียวกันพร้อมกัน กรุณานำเข้าใหม่อีกครั้ง", "conflict"
        ) from exc
    finally:
        book.close()
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result


# --------------------------------------------------------------------------- the export


def export_filename(name: str = "") -> str:
    stamp = timezone.localdate()
    return f"โครงการ{('-' + name) if name else ''}-{stamp.year + 543}{stamp:%m%d}.xlsx"


def screening_verdict(proposal: Proposal) -> str:
    """The automatic screening's advice in a few Thai words ("" when not screened)."""
    try:
        screening = proposal.screening
    except Proposal.screening.RelatedObjectDoesNotExist:
        return ""
    if screening.eligible and screening.aligned:
        return "ผ่านเกณฑ์เบื้องต้น"
    reasons = []
    if not screening.eligible:
        reasons.append("เข้าข่ายโครงการที่ไม่ควรขอ")
    if not screening.aligned:
        reasons.append("ไม่สนับสนุนประเด็นยุทธศาสตร์ลำดับต้น")
    return "ควรพิจารณา: " + ", ".join(reasons)


def _items_text(items: list[str]) -> str | None:
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))


def _output_text(output: ProposalOutput) -> str:
    """An output as written in the target cell; its quantity added when not in the text."""
    if output.quantity is None or (output.quantity, output.unit) == quantity_of(output.description):
        return output.description
    return f"{output.description} จำนวน {_number_text(output.quantity)} {output.unit}".strip()


def _indicator_text(indicator: ProposalIndicator) -> str:
    if not indicator.target or (indicator.unit, indicator.target) == indicator_target(
        indicator.name
    ):
        return indicator.name
    if indicator.unit == "ร้อยละ":
        return f"{indicator.name} ร้อยละ {indicator.target}"
    return f"{indicator.name} {indicator.target} {indicator.unit}".strip()


def _baht_value(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def export_proposals(queryset: models.QuerySet[Proposal]) -> bytes:
    """Any list of proposals as an .xlsx in Thai: budget by year, status, screening verdict.

    The columns carry the agency template's headers, so a file exported from one cycle
    and province imports back with the agency template (other columns are ignored).
    Text is written formula-safe (`xlsx.write_cell`); amounts stay numbers.
    """
    years = sorted(
        set(
            BudgetLine.objects.filter(proposal__in=queryset.values("pk"))
            .values_list("fiscal_year_be", flat=True)
            .distinct()
        )
    )
    headers = [
        COL_CODE.header,
        COL_TITLE.header,
        "รอบปีงบประมาณ",
        "จังหวัด/กลุ่มจังหวัด",
        COL_DISTRICT.header,
        "ผู้เสนอ",
        "หน่วยงานที่เสนอ",
        COL_ISSUE.header,
        COL_RATIONALE.header,
        COL_OBJECTIVES.header,
        COL_TARGET.header,
        COL_INDICATOR.header,
        COL_OUTCOMES.header,
        COL_BENEFITS.header,
        COL_LOCATIONS.header,
        COL_START.header,
        COL_END.header,
        COL_FUNDING.header,
        COL_DIRECT.header,
        COL_CATEGORY.header,
        *(budget_column(year).header for year in years),
        "รวมงบประมาณ",
        COL_RESPONSIBLE.header,
        "สถานะ",
        "ผลการกลั่นกรองอัตโนมัติ",
    ]
    widths = [16, 50, 10, 20, 16, 18, 26, 10, 40, 40, 40, 36, 36, 36, 24, 12, 12, 20, 12, 16]
    widths += [14] * len(years) + [16, 30, 20, 30]
    proposals = (
        queryset.select_related(
            "cycle", "province", "cluster", "area", "proposer", "issue", "screening"
        )
        .prefetch_related("budget_lines", "outputs", "indicators", "locations")
        .order_by("cycle__fiscal_year_be", "reference_code")
    )
    workbook = xlsx.new_workbook()
    xlsx.add_sheet(workbook, SHEET_DATA, headers, _export_rows(proposals, years), widths=widths)
    workbook.active = 0
    return xlsx.to_bytes(workbook)


def _export_rows(proposals: models.QuerySet[Proposal], years: list[int]) -> Iterator[list[Any]]:
    for p in proposals.iterator(chunk_size=1000):
        lines = list(p.budget_lines.all())
        by_year: dict[int, Decimal] = {}
        for line in lines:
            by_year[line.fiscal_year_be] = (
                by_year.get(line.fiscal_year_be, Decimal(0)) + line.amount
            )
        categories = sorted({line.category for line in lines}, key=list(CATEGORY_LABELS).index)
        owner = p.province.display_name if p.province else (p.cluster.name_th if p.cluster else "")
        places = sorted(p.locations.all(), key=lambda a: a.code)
        yield [
            p.reference_code,
            p.title,
            p.cycle.fiscal_year_be,
            owner,
            p.area.name_th if p.area.level == AreaLevel.DISTRICT else None,
            PROPOSER_LABELS.get(p.proposer_kind, p.proposer_kind),
            p.proposer.name_th if p.proposer else None,
            p.issue.priority if p.issue else None,
            p.rationale or None,
            p.objectives or None,
            _items_text([_output_text(o) for o in p.outputs.all()]),
            _items_text([_indicator_text(i) for i in p.indicators.all()]),
            p.expected_outcomes or None,
            p.benefits or None,
            WHOLE_AREA if p.whole_area else (", ".join(a.name_th for a in places) or None),
            p.start_date,
            p.end_date,
            FUNDING_LABELS.get(p.funding_channel, p.funding_channel),
            YES if p.requests_budget_directly else None,
            ", ".join(CATEGORY_LABELS.get(c, c) for c in categories) or None,
            *(_baht_value(by_year[y]) if y in by_year else None for y in years),
            _baht_value(sum(by_year.values(), Decimal(0))),
            p.responsible_agency or None,
            STATUS_LABELS.get(p.status, p.status),
            screening_verdict(p) or None,
        ]
