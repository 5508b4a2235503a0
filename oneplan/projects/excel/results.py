"""What an import reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from oneplan.documents.workbook import Problem


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
