"""The reference of every name a template can use: `courtscreen forms fields` and docs/template-authoring.md
are both printed from FIELDS, and a test fills the sample case to prove each name exists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str  # text, number, yes/no, list of …, mapping
    example: str
    confidential: bool = False
    note: str = ""


def _person(prefix: str, who: str, example: tuple[str, str, str]) -> list[FieldDoc]:
    first, last, dob = example
    return [
        FieldDoc(f"{prefix}.name", "text", f"{first} {last}", note=f"the {who} as the docket names them"),
        FieldDoc(f"{prefix}.first_name", "text", first),
        FieldDoc(f"{prefix}.middle_name", "text", ""),
        FieldDoc(f"{prefix}.last_name", "text", last),
        FieldDoc(f"{prefix}.suffix", "text", "", note="Jr., III …"),
        FieldDoc(f"{prefix}.role", "text", prefix if prefix != "protected_person" else "petitioner"),
        FieldDoc(f"{prefix}.dob", "text", dob, True, "date of birth, '14 May 1990'"),
        FieldDoc(f"{prefix}.dob_iso", "text", "1990-05-14", True, "for |date_format"),
        FieldDoc(f"{prefix}.address", "text", "1 Example Road", True,
                 "the protected person's home as recorded; another party's from a docket column "
                 "'<role> address'"),
    ]


FIELDS: tuple[FieldDoc, ...] = (
    FieldDoc("court.name", "text", "Sample County Family Court"),
    FieldDoc("court.state", "text", "State of Franklin"),
    FieldDoc("court.county", "text", ""),
    FieldDoc("court.division", "text", "Family Division"),
    FieldDoc("case.number", "text", "2026-SAMPLE-0001"),
    FieldDoc("case.title", "text", "Example v. Example"),
    FieldDoc("case.type", "text", "Protection order"),
    FieldDoc("case.nature", "text", "Relief from abuse"),
    FieldDoc("case.hearing_date", "text", "15 January 2026"),
    FieldDoc("case.hearing_date_iso", "text", "2026-01-15", note="for |date_format"),
    FieldDoc("case.hearing_time", "text", "9:30 AM"),
    FieldDoc("case.filing_date", "text", "2 January 2026"),
    FieldDoc("case.filing_date_iso", "text", "2026-01-02"),
    FieldDoc("case.judge", "text", "Hon. Sample Judge"),
    FieldDoc("case.judicial_officer_title", "text", "Judge", note="'Magistrate' when the docket's judge "
                                                                  "column says so"),
    FieldDoc("case.courtroom", "text", "Courtroom 2A"),
    FieldDoc("case.status", "text", "Open"),
    FieldDoc("hearing.date", "text", "15 January 2026"),
    FieldDoc("hearing.date_iso", "text", "2026-01-15"),
    FieldDoc("hearing.time", "text", "9:30 AM"),
    FieldDoc("hearing.courtroom", "text", "Courtroom 2A"),
    FieldDoc("parties.petitioner", "text", "Pat Example", note="all petitioners, '; '-separated"),
    FieldDoc("parties.respondent", "text", "Sam Example"),
    FieldDoc("parties.protected", "text", "Pat Example"),
    FieldDoc("parties.petitioner_label", "text", "Petitioner", note="'Plaintiff' on criminal cases"),
    FieldDoc("parties.respondent_label", "text", "Respondent", note="'Defendant' on criminal cases"),
    FieldDoc("parties.protected_label", "text", "Petitioner", note="'Victim' on criminal cases"),
    *_person("petitioner", "first petitioner", ("Pat", "Example", "14 May 1990")),
    *_person("respondent", "first respondent or defendant", ("Sam", "Example", "3 March 1988")),
    *_person("victim", "first victim (criminal cases)", ("Pat", "Example", "14 May 1990")),
    *_person("protected_person", "protected person (victim, else petitioner)", ("Pat", "Example",
                                                                                "14 May 1990")),
    FieldDoc("people", "list of person", "[petitioner, respondent, …]",
             note="every party of the case; each has the keys of petitioner.* (dob and address "
                  "confidential)"),
    FieldDoc("attorneys", "list of person", "[]", note="parties whose docket role names an attorney"),
    FieldDoc("docket", "mapping", "docket['Charge 1']", note="the docket row as imported: header -> text; "
             "a column whose header names an address, birth date, phone, email, school or employer is "
             "empty unless confidential details are included"),
    FieldDoc("docket_columns", "list of {header, value}", "[{header: 'Charge 1', value: '…'}]"),
    FieldDoc("charges", "list of {number, description, statute, severity, disposition, "
             "disposition_date, date, header}", "[{number: 1, description: 'Stalking', statute: "
             "'76-5-106.5', severity: 'MA'}]",
             note="every charge row the docket gave for the case, in file order; for a docket with "
                  "its charges in columns, the columns whose header says charge or offense"),
    FieldDoc("order.title", "text", "Protection order — detailed stalking provisions",
             note="the manifest's title for a court form"),
    FieldDoc("order.form_id", "text", "protection_addendum"),
    FieldDoc("order.served_on_respondent", "yes/no", "true"),
    FieldDoc("provisions", "list of {number, id, heading, text, support, basis}",
             "[{number: 1, heading: 'No contact by any means', basis: 'Based on the findings on "
             "incident 1'}]", note="the provisions chosen for this document, numbered"),
    FieldDoc("findings.incidents", "list of {number, text}", "[{number: 1, text: 'On 3 November 2025 "
             "…'}]", note="one finding paragraph per proven incident"),
    FieldDoc("findings.not_found", "list of text", "[…]"),
    FieldDoc("findings.conclusions", "list of text", "[…]"),
    FieldDoc("findings.summary", "text", "…"),
    FieldDoc("findings.acts_required", "number", "2"),
    FieldDoc("findings.established", "yes/no", "true"),
    FieldDoc("findings.credible_threat", "text", "found", note="found / not found / not decided"),
    FieldDoc("incidents", "list of incident", "[…]", note="each recorded incident (withdrawn ones left out)"),
    FieldDoc("incidents[].number", "number", "1"),
    FieldDoc("incidents[].date", "text", "3 November 2025"),
    FieldDoc("incidents[].date_iso", "text", "2025-11-03"),
    FieldDoc("incidents[].date_text", "text", "3 November 2025", note="the date as recorded"),
    FieldDoc("incidents[].description", "text", "sent 41 text messages in one night"),
    FieldDoc("incidents[].finding", "text", "proven", note="proven / alleged / disputed"),
    FieldDoc("incidents[].methods", "list of text", "['text']"),
    FieldDoc("incidents[].areas", "list of text", "['life_invasion']"),
    FieldDoc("incidents[].behaviours", "list of text", "['repeated_calls_texts']"),
    FieldDoc("incidents[].reactions", "list of text", "['fear']"),
    FieldDoc("incidents[].reaction_text", "text", ""),
    FieldDoc("incidents[].location", "text", "Example Street", True,
             "empty when the location is confidential and confidential details are not included"),
    FieldDoc("incidents[].evidence", "list of {kind, detail}", "[{kind: 'screenshot', …}]"),
    FieldDoc("elements", "list of {name, met, detail}", "[{name: 'course of conduct', met: true}]",
             note="the stalking elements and whether the findings meet each"),
    FieldDoc("conclusion.directed_at", "text", "the petitioner, Pat Example"),
    FieldDoc("conclusion.credible_threat", "text", "yes", note="yes / no / empty (not decided)"),
    FieldDoc("conclusion.credible_threat_basis", "text", "threats with a weapon"),
    FieldDoc("confidential.included", "yes/no", "false", note="true only for a copy not served on the "
                                                              "respondent"),
    FieldDoc("confidential.notice", "text", "Confidential details … are withheld …"),
    FieldDoc("citations", "mapping", "citations['stalking']", note="the jurisdiction's statute citations"),
    FieldDoc("signature.judge", "text", "Hon. Sample Judge"),
    FieldDoc("signature.title", "text", "Judge of the Family Court"),
    FieldDoc("signature.court", "text", "Sample County Family Court"),
    FieldDoc("generated.date", "text", "15 January 2026"),
    FieldDoc("generated.date_iso", "text", "2026-01-15"),
    FieldDoc("generated.by", "text", "Sample Clerk"),
    FieldDoc("generated.version", "number", "1"),
    FieldDoc("answers", "mapping", "answers.probation_term",
             note="the clerk's answers to the manifest's [questions]; each is also a name of its own"),
)

FILTER_DOCS = (
    ("comma_and_list", "{{ names|comma_and_list }}", "Ann, Bo and Cy (oxford=True adds the comma)"),
    ("comma_list", "{{ names|comma_list }}", "Ann, Bo, Cy"),
    ("date_format", "{{ case.hearing_date_iso|date_format('%m/%d/%Y') }}", "01/15/2026 (default "
                                                                          "'January 15, 2026')"),
    ("money", "{{ bond_amount|money }}", "$1,500.00"),
    ("ordinal", "{{ 3|ordinal }}", "3rd"),
    ("default", "{{ case.courtroom|default('to be assigned', true) }}", "Jinja's own; true also replaces "
                                                                       "an empty text"),
)


def top_level_names() -> set[str]:
    return {f.name.split(".")[0].split("[")[0] for f in FIELDS}


def reference_rows(questions=()) -> list[tuple[str, str, str, str]]:
    """(name, type, example, confidential) rows, the form's own questions first."""
    rows = [(q.name, f"question: {q.type}", q.example(), "no") for q in questions]
    rows += [(f.name, f.type, f.example, "CONFIDENTIAL" if f.confidential else "no") for f in FIELDS]
    return rows
