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

The modules: `words` (Thai labels and units), `templates` (a `Template` per `Source`),
`plan` (the cycle's plan: years, issues, districts), `template_book` (the empty workbook),
`cells` (cell values), `layout` (a data sheet's header), `context` and `rows` (validating
a row), `compare` and `writing` (writing what differs), `importer` (`import_proposals`) and
`export` (`export_proposals`). This package exports what the rest of OnePlan uses.
"""

from oneplan.documents.workbook import Problem
from oneplan.plans.importing import SHEET_HELP, XLSX_CONTENT_TYPE
from oneplan.projects.budget_words import is_investment_title as investment_title
from oneplan.projects.excel.cells import (
    amount_of,
    derived_code,
    indicator_target,
    quantity_of,
    split_items,
)
from oneplan.projects.excel.export import export_filename, export_proposals
from oneplan.projects.excel.importer import LIMITS, check_upload, import_proposals, may_import
from oneplan.projects.excel.plan import plan_years
from oneplan.projects.excel.results import ImportResult
from oneplan.projects.excel.template_book import build_template, template_filename
from oneplan.projects.excel.templates import TEMPLATES, Source, Template
from oneplan.projects.excel.words import CATEGORY_LABELS, FUNDING_LABELS, PROPOSER_LABELS

__all__ = [
    "CATEGORY_LABELS",
    "FUNDING_LABELS",
    "LIMITS",
    "PROPOSER_LABELS",
    "SHEET_HELP",
    "TEMPLATES",
    "XLSX_CONTENT_TYPE",
    "ImportResult",
    "Problem",
    "Source",
    "Template",
    "amount_of",
    "build_template",
    "check_upload",
    "derived_code",
    "export_filename",
    "export_proposals",
    "import_proposals",
    "indicator_target",
    "investment_title",
    "may_import",
    "plan_years",
    "quantity_of",
    "split_items",
    "template_filename",
]
