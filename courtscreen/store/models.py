"""Database tables.

Time handling (a known sqlmodel trap: its datetime type rejects naive values):
- Hearing dates and times are the court's local wall-clock times, as printed
  on the docket. They are stored as a DATE plus a separate TIME, with no time
  zone, because the docket gives none and converting would invent one.
- Moments the system records (imported_at, created_at, updated_at) are UTC and
  stored time-zone aware.

`case` is an SQL reserved word, so the case table is `court_case`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

PARTY_ROLES = ("petitioner", "respondent", "defendant", "victim", "child", "other")


def utc_now() -> datetime:
    return datetime.now(UTC)


def _utc_column(nullable: bool = False) -> sa.Column:
    return sa.Column(sa.DateTime(timezone=True), nullable=nullable)


class ImportBatch(SQLModel, table=True):
    """One run of `courtscreen import`: what file, by whom, and what it did."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=500)
    file_sha256: str = Field(max_length=64, index=True)
    sheet: str = Field(default="", max_length=200)
    imported_at: datetime = Field(sa_column=_utc_column())
    imported_by: str = Field(max_length=200)
    rows_read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    rejected: int = 0
    mapping_json: str = Field(default="{}", sa_column=sa.Column(sa.Text, nullable=False))
    # When the linker finished this import's parties; None: linking is owed (store.people).
    people_linked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ImportProblem(SQLModel, table=True):
    """A row the import rejected or warned about, kept so the report can be shown again."""

    __tablename__ = "import_problem"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batch.id", index=True)
    row_number: int
    column_name: str = Field(default="", max_length=200)
    severity: str = Field(max_length=10)  # "rejected" or "warning"
    message: str = Field(sa_column=sa.Column(sa.Text, nullable=False))


class CourtCase(SQLModel, table=True):
    """A case as the docket describes it; the key is (court, case number)."""

    __tablename__ = "court_case"
    __table_args__ = (sa.UniqueConstraint("court", "case_number", name="uq_court_case_number"),)

    id: int | None = Field(default=None, primary_key=True)
    court: str = Field(default="", max_length=200)
    case_number: str = Field(max_length=100, index=True)
    case_type: str = Field(max_length=30, index=True)
    case_type_reason: str = Field(default="", max_length=300)
    division: str = Field(default="", max_length=200)
    nature: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    case_title: str = Field(default="", max_length=500)
    filing_date: date | None = None
    hearing_date: date | None = Field(default=None, index=True)
    hearing_time: time | None = None
    judge: str = Field(default="", max_length=200, index=True)
    courtroom: str = Field(default="", max_length=200)
    status: str = Field(default="", max_length=100)
    notes: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    # The docket row exactly as read (JSON: header -> text), for export and audit.
    source_json: str = Field(default="{}", sa_column=sa.Column(sa.Text, nullable=False))
    source_batch_id: int | None = Field(default=None, foreign_key="import_batch.id")
    source_row: int | None = None
    # Hash of everything an import sets, so an unchanged re-import writes nothing.
    row_hash: str = Field(default="", max_length=64)
    # Triage, kept on the row so the worklist filters and sorts 50,000 cases in SQL.
    flags: str = Field(default="", max_length=500)  # codes from courtscreen.domain.triage
    flag_count: int = 0
    repeat_party: bool = False  # a party of this case is a party of another case
    # The strongest flag's priority number (domain.triage: 10 stalking-specific ... 50 none),
    # and the worklist's priority: triage_rank, raised when cross_case (a party's other case
    # has a stalking-indicated screening, is a protection order or has a stalking charge).
    triage_rank: int = 50
    cross_case: bool = False
    priority: int = Field(default=50, index=True)
    screening_status: str = Field(default="not_screened", max_length=20, index=True)
    screening_result: str = Field(default="", max_length=30)
    # Lower-case case number and party names; indexed for substring search
    # (SQLite: FTS5 trigram table case_search; PostgreSQL: pg_trgm GIN index).
    # case_search reads this column (external content, migration i20c): whoever changes it
    # deletes the case's row from case_search first and inserts it again after.
    search_text: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    created_at: datetime = Field(sa_column=_utc_column())
    updated_at: datetime = Field(sa_column=_utc_column())


class DocketEntry(SQLModel, table=True):
    """One row of the docket for a case: a charge, a hearing or an event, as the file gave it.

    A charge file has a row per charge and a calendar a row per hearing; the case is the
    (court, case number) they share, and each row keeps its own text, code, severity,
    disposition, dates and the source row it came from.
    """

    __tablename__ = "docket_entry"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=sa.Column(
        sa.Integer, sa.ForeignKey("court_case.id", ondelete="CASCADE"), nullable=False, index=True))
    seq: int = 1  # order in the file, 1 = the case's first row
    kind: str = Field(default="hearing", max_length=20)  # "charge" | "hearing"
    text: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    code: str = Field(default="", max_length=200)  # statute / charge code
    severity: str = Field(default="", max_length=100)
    disposition: str = Field(default="", max_length=300)  # disposition / verdict
    disposition_date: date | None = None
    entry_date: date | None = None  # the row's hearing / event date
    entry_time: time | None = None
    judge: str = Field(default="", max_length=200)
    source_batch_id: int | None = Field(default=None, foreign_key="import_batch.id")
    source_row: int | None = None
    # The row as read (JSON: header -> text). For the case's first row all of it; for a
    # further row only the cells that differ from the first row ("" for a cell it left empty).
    source_json: str = Field(default="{}", sa_column=sa.Column(sa.Text, nullable=False))


class Party(SQLModel, table=True):
    """A person or organisation as named on dockets.

    One row per party of each case: the import never decides that two docket
    cells are one person. The linker (store.people) links rows on evidence, and a
    person confirms or rejects; party_person holds the resulting groups.
    """

    __tablename__ = "party"
    __table_args__ = (sa.Index("ix_party_key_dob", "name_key", "dob"),)

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=300)
    first_name: str = Field(default="", max_length=100)
    middle_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=200)
    suffix: str = Field(default="", max_length=20)
    is_organisation: bool = False
    dob: date | None = None
    name_key: str = Field(max_length=300)


class CaseParty(SQLModel, table=True):
    """Who is in a case, and in what role."""

    __tablename__ = "case_party"

    case_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("court_case.id", ondelete="CASCADE"), primary_key=True
        )
    )
    party_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("party.id"), primary_key=True, index=True)
    )
    role: str = Field(sa_column=sa.Column(sa.String(20), primary_key=True))


class Screening(SQLModel, table=True):
    """A stalking screening of a case. One per case, revised in place; the audit keeps history."""

    __tablename__ = "screening"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("court_case.id"), nullable=False, unique=True)
    )
    catalogue_version: str = Field(max_length=20)
    status: str = Field(max_length=20)  # "draft" or "complete"
    result: str = Field(default="", max_length=30)  # a ScreeningStatus value once complete
    step: str = Field(default="about", max_length=40)  # where the screener left off
    answers_json: str = Field(default="{}", sa_column=sa.Column(sa.Text, nullable=False))
    version: int = 1  # optimistic concurrency: a save must name the version it read
    created_at: datetime = Field(sa_column=_utc_column())
    created_by: str = Field(max_length=200)
    updated_at: datetime = Field(sa_column=_utc_column())
    updated_by: str = Field(max_length=200)
    completed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class AuditEntry(SQLModel, table=True):
    """Append-only: who changed what, when. Never updated or deleted by courtscreen."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc_column())
    user_name: str = Field(max_length=200)
    case_id: int | None = Field(default=None, foreign_key="court_case.id", index=True)  # None: a user
    record: str = Field(max_length=30)  # screening, incident, conclusion, protected, document, export, user
    record_id: int = Field(index=True)
    action: str = Field(max_length=30)  # created, saved, completed, revised
    field_name: str = Field(default="", max_length=200)
    old_value: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    new_value: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))


class Incident(SQLModel, table=True):
    """One act in the course of conduct, as the court's staff recorded it.

    Never deleted: a mistaken or struck incident is withdrawn with a reason and
    stays in the record. Every change is in the audit log, field by field.
    The dates are columns (the timeline sorts and filters on them); the rest
    of what was recorded is a JSON document validated by domain.findings.
    """

    __tablename__ = "incident"
    __table_args__ = (sa.UniqueConstraint("case_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("court_case.id"), nullable=False,
                                             index=True))
    number: int  # "Incident 3" of this case, in the order they were recorded
    date_start: date | None = None  # earliest day it can have happened
    date_end: date | None = None  # latest day (same as start for a known day)
    date_text: str = Field(default="", max_length=100)  # as the user wrote it: "early March 2026"
    finding: str = Field(max_length=20)  # proven, alleged, disputed
    details_json: str = Field(default="{}", sa_column=sa.Column(sa.Text, nullable=False))
    withdrawn: bool = False
    withdrawn_reason: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    version: int = 1
    created_at: datetime = Field(sa_column=_utc_column())
    created_by: str = Field(max_length=200)
    updated_at: datetime = Field(sa_column=_utc_column())
    updated_by: str = Field(max_length=200)


class ConductConclusion(SQLModel, table=True):
    """The court's case-level conclusions on the course of conduct (one per case)."""

    __tablename__ = "conduct_conclusion"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("court_case.id"), nullable=False,
                                             unique=True))
    details_json: str = Field(default="{}", sa_column=sa.Column(sa.Text, nullable=False))
    version: int = 1
    updated_at: datetime = Field(sa_column=_utc_column())
    updated_by: str = Field(max_length=200)


class CaseRolesRecord(SQLModel, table=True):
    """Who did what to whom in one case (domain.case_roles.CaseRoles as JSON), one row per case.

    A case without a row reads as the defaults for its type (civil: the respondent's
    conduct, the petitioner protected; criminal: the defendant's, the victim).
    """

    __tablename__ = "case_roles"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("court_case.id"), nullable=False,
                                             unique=True))
    details_json: str = Field(default="{}", sa_column=sa.Column(sa.Text, nullable=False))
    recorded: bool = False  # False: the defaults for the case type, not yet confirmed by anyone
    version: int = 1
    updated_at: datetime = Field(sa_column=_utc_column())
    updated_by: str = Field(max_length=200)


class ProtectedDetail(SQLModel, table=True):
    """A confidential detail of the protected person: address, workplace, phone, school, shelter.

    Documents served on the respondent and exports leave these out unless the
    user includes them for that one document.
    """

    __tablename__ = "protected_detail"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("court_case.id"), nullable=False,
                                             index=True))
    kind: str = Field(max_length=30)  # home, workplace, phone, school, childcare, shelter, email, other
    label: str = Field(default="", max_length=200)  # e.g. "Petitioner's workplace"
    value: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    withdrawn: bool = False
    created_at: datetime = Field(sa_column=_utc_column())
    created_by: str = Field(max_length=200)


class GeneratedDocument(SQLModel, table=True):
    """A DOCX courtscreen wrote. Regenerating makes a new version; files are never overwritten."""

    __tablename__ = "generated_document"
    __table_args__ = (sa.UniqueConstraint("case_id", "form_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("court_case.id"), nullable=False,
                                             index=True))
    form_id: str = Field(max_length=100)
    version: int
    template_sha256: str = Field(max_length=64)
    output_path: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    output_sha256: str = Field(max_length=64)
    provisions_json: str = Field(default="[]", sa_column=sa.Column(sa.Text, nullable=False))
    confidential_included: bool = False
    generated_at: datetime = Field(sa_column=_utc_column())
    generated_by: str = Field(max_length=200)
    # Issue 18: what it was filled with, its PDF, and where it stands (document_status_event has the dates).
    snapshot_json: str = Field(default="{}",
                               sa_column=sa.Column(sa.Text, nullable=False, server_default="{}"))
    pdf_path: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    pdf_sha256: str = Field(default="", sa_column=sa.Column(sa.String(64), nullable=False, server_default=""))
    status: str = Field(default="draft", sa_column=sa.Column(sa.String(20), nullable=False,
                                                             server_default="draft"))


class DocumentStatusEvent(SQLModel, table=True):
    """A step of a generated document: signed, served, entered in the registry — when, and who said so."""

    __tablename__ = "document_status_event"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("generated_document.id"),
                                                 nullable=False, index=True))
    status: str = Field(max_length=20)
    happened_on: date
    recorded_at: datetime = Field(sa_column=_utc_column())
    recorded_by: str = Field(max_length=200)
    note: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))


class PartyLink(SQLModel, table=True):
    """Two party rows that may be one person: found by name matching, or decided by a user.

    status: "linked" (matched with high confidence), "suggested" (to be checked),
    "confirmed" or "rejected" (a user's decision, with who and when). Matching after
    later imports never changes a decision. party_a is the lower id.
    """

    __tablename__ = "party_link"
    __table_args__ = (sa.UniqueConstraint("party_a", "party_b", name="uq_party_link_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    party_a: int = Field(foreign_key="party.id", index=True)
    party_b: int = Field(foreign_key="party.id", index=True)
    confidence: int = 0
    reasons: str = Field(default="", max_length=500)
    status: str = Field(max_length=12, index=True)
    decided_by: str = Field(default="", max_length=200)
    decided_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    updated_at: datetime = Field(sa_column=_utc_column())


class PartyPerson(SQLModel, table=True):
    """The person a party belongs to when it is linked to other parties (a group of party rows).

    person_id is the smallest party id of the group; a party linked to nobody has no row.
    Rebuilt from party_link after every import and decision.
    """

    __tablename__ = "party_person"

    party_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("party.id"), primary_key=True)
    )
    person_id: int = Field(index=True)


class AppUser(SQLModel, table=True):
    """A person who may use a shared database, and their role. Never deleted: deactivated."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, sa_column_kwargs={"unique": True})
    role: str = Field(max_length=30)  # clerk, probation_officer, judicial_staff, administrator
    # PostgreSQL: the person's own login role; the database's session_user maps to this user.
    login: str | None = Field(default=None, max_length=63, sa_column_kwargs={"unique": True})
    active: bool = True
    created_at: datetime = Field(sa_column=_utc_column())
    created_by: str = Field(max_length=200)
    updated_at: datetime = Field(sa_column=_utc_column())
    updated_by: str = Field(max_length=200)


class AuditTrail(SQLModel, table=True):
    """The tamper-evident audit trail: every change to the records (written by database triggers on
    PostgreSQL), reads of confidential details, refused actions, database copies and user changes.

    Each row's row_hash is sha256 over its own fields and the previous row's hash (store.audit
    .trail_text), so a row changed or deleted afterwards, even by a superuser with the triggers
    switched off, breaks the chain (`courtscreen audit verify`). Never updated or deleted.
    """

    __tablename__ = "audit_trail"

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    at: datetime = Field(sa_column=_utc_column())
    db_login: str = Field(default="", max_length=63)  # PostgreSQL session_user; "" on SQLite
    user_name: str = Field(default="", max_length=200)  # the registered user (or the claimed name)
    client_addr: str = Field(default="", max_length=100)  # where from: client address, "local"
    event: str = Field(max_length=30)  # insert, update, delete, change (SQLite), read, refused, copy, user
    table_name: str = Field(default="", max_length=63)
    row_id: str = Field(default="", max_length=100)
    case_id: int | None = None  # no foreign key: the trail outlives what it describes
    detail: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    outcome: str = Field(default="ok", max_length=20)  # ok, refused
    prev_hash: str = Field(default="", max_length=64)
    row_hash: str = Field(default="", max_length=64)
