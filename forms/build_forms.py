"""Build the four bundled DOCX templates with python-docx, so they are reproducible and reviewable.

    .venv/bin/python forms/build_forms.py        # rewrites forms/*.docx

The templates hold docxtpl (Jinja) tags; courtscreen fills them in a sandbox.
Layout follows a common state-court pattern: state and court name centred in
capitals, a caption box (parties left, case number right), the order's title,
an opening paragraph, numbered provisions with hanging indents, the statutory
basis, a signature block, and a footer with the case number and page x of y.
Court names, order titles and citations come from the jurisdiction profile.
A court that wants its own look copies a .docx, edits it in Word, keeps the
tags, and runs `courtscreen forms check` on it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"


def new_document() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(1))
    section.top_margin, section.bottom_margin = Inches(0.9), Inches(0.9)
    assert section.start_type == WD_SECTION.NEW_PAGE
    core = doc.core_properties
    core.author, core.title, core.comments, core.subject = "courtscreen", "", "", ""
    return doc


def para(doc_or_cell, text: str = "", *, bold=False, italic=False, align=None, size=None, after=None,
         before=None, caps=False, keep=False):
    p = doc_or_cell.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.all_caps = caps
        if size:
            run.font.size = Pt(size)
    if align:
        p.alignment = align
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    if before is not None:
        p.paragraph_format.space_before = Pt(before)
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


def tag(doc, text: str):
    """A paragraph holding only a {%p %} tag: docxtpl removes it when filling."""
    return para(doc, text, after=0)


def runs(p, *parts):
    """parts: (text, {bold, italic}) pairs appended to paragraph p."""
    for text, fmt in parts:
        run = p.add_run(text)
        run.bold = fmt.get("bold", False)
        run.italic = fmt.get("italic", False)
        if "size" in fmt:
            run.font.size = Pt(fmt["size"])
    return p


def heading(doc, text: str):
    return para(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=6, keep=True)


def _borders(cell, **sides):
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side, on in sides.items():
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single" if on else "nil")
        el.set(qn("w:sz"), "8")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tc_pr.append(borders)


def caption(doc):
    """State, court, division; then the parties and case number in a caption box."""
    tag(doc, "{%p if court.state %}")
    para(doc, "{{ court.state|upper }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    tag(doc, "{%p endif %}")
    para(doc, "{{ court.name|upper }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    tag(doc, "{%p if court.division %}")
    para(doc, "{{ court.division }}", align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    tag(doc, "{%p endif %}")
    para(doc, "", after=6)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Inches(3.9), Inches(2.6)
    _borders(left, top=True, bottom=True, right=True, left=False)
    _borders(right, top=True, bottom=True, left=True, right=False)
    left.paragraphs[0].text = ""
    runs(left.paragraphs[0], ("{{ parties.petitioner }},", {"bold": True}))
    para(left, "{{ parties.petitioner_label }},", italic=True).paragraph_format.left_indent = Inches(1.5)
    para(left, "v.", align=WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.left_indent = Inches(0.75)
    runs(para(left), ("{{ parties.respondent }},", {"bold": True}))
    label = para(left, "{{ parties.respondent_label }}.", italic=True, after=2)
    label.paragraph_format.left_indent = Inches(1.5)
    runs(right.paragraphs[0], ("Case No. ", {}), ("{{ case.number }}", {"bold": True}))
    right.paragraphs[0].paragraph_format.left_indent = Inches(0.15)
    for text in ("{{ case.type }}", "{% if case.judge %}{{ case.judge }}{% endif %}",
                 "{{ case.courtroom }}"):
        para(right, text).paragraph_format.left_indent = Inches(0.15)
    para(doc, "", after=6)
    para(doc, "{{ order.title|upper }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=13, before=6,
         after=12)


def provisions(doc, word: str = "ORDERED"):
    tag(doc, "{%p for p in provisions %}")
    p = para(doc)
    p.paragraph_format.left_indent = Inches(0.5)
    p.paragraph_format.first_line_indent = Inches(-0.5)
    p.paragraph_format.tab_stops.add_tab_stop(Inches(0.5))
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    runs(p, ("{{ p.number }}.\t", {"bold": True}), ("{{ p.heading }}. ", {"bold": True}),
         ("{{ p.text }}", {}), ("{% if p.basis %} ({{ p.basis }}.){% endif %}", {"italic": True, "size": 10}))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not provisions %}")
    para(doc, "No provision has been selected.", italic=True)
    tag(doc, "{%p endif %}")


def confidential_notice(doc):
    tag(doc, "{%p if confidential.notice %}")
    para(doc, "{{ confidential.notice }}", italic=True, size=10, before=6, keep=True)
    tag(doc, "{%p endif %}")


def signature(doc, closing: str = "SO ORDERED."):
    para(doc, closing, bold=True, before=12, after=6, keep=True)
    p = para(doc, "______________________________________", before=24, after=0, keep=True)
    p.paragraph_format.left_indent = Inches(3.3)
    p = para(doc, "", after=0, keep=True)
    p.paragraph_format.tab_stops.add_tab_stop(Inches(3.3))
    runs(p, ("Date: ______________________", {}),
         ("\t{% if signature.judge %}{{ signature.judge }}{% else %}Presiding judge{% endif %}", {}))
    p = para(doc, "", after=0)
    p.paragraph_format.left_indent = Inches(3.3)
    runs(p, ("{{ signature.title }}, {{ signature.court }}", {"italic": True}))


def _field(paragraph, code: str, size: int):
    """A Word field (PAGE, NUMPAGES) as separate runs, each in the footer's small type."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        elif kind == "result":
            el = OxmlElement("w:t")
            el.text = "1"
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def header_footer(doc, draft: bool = False):
    section = doc.sections[0]
    hp = section.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if draft:  # on every page: a draft is never mistaken for signed findings
        runs(hp, ("{% if findings.draft %}DRAFT — ELEMENTS NOT YET DECIDED — NOT FOR SIGNATURE{% endif %}",
                  {"bold": True, "size": 10}))
    runs(hp, ("{% if confidential.included %}CONFIDENTIAL — CONTAINS PROTECTED ADDRESSES — NOT FOR SERVICE "
              "OR PUBLIC FILING{% endif %}", {"bold": True, "size": 9}))
    fp = section.footer.paragraphs[0]
    fp.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)
    runs(fp, ("Case No. {{ case.number }} — {{ order.title }}", {"size": 8}), ("\tPage ", {"size": 8}))
    _field(fp, "PAGE", 8)
    fp.add_run(" of ").font.size = Pt(8)
    _field(fp, "NUMPAGES", 8)
    fp2 = section.footer.add_paragraph()
    runs(fp2, ("Prepared {{ generated.date }}{% if generated.by %} by {{ generated.by }}{% endif %} with "
               "courtscreen (document version {{ generated.version }}).", {"size": 7, "italic": True}))


# ----- the four forms ------------------------------------------------------------------------

def findings_of_fact():
    doc = new_document()
    tag(doc, "{%p if findings.draft %}")
    para(doc, "DRAFT — NOT FOR SIGNATURE", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14, after=0)
    para(doc, "Elements of these findings are not yet decided by the court.", italic=True,
         align=WD_ALIGN_PARAGRAPH.CENTER, size=10, after=6)
    tag(doc, "{%p endif %}")
    caption(doc)
    p = para(doc, "", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    runs(p, ("This matter came before the court{% if case.hearing_date %} on {{ case.hearing_date }}{% "
             "endif %}. "
             "Having considered the evidence and the record, the court makes the following findings of fact "
             "and conclusions regarding stalking{% if findings.mutual %}, separately for the conduct of each "
             "party{% else %} by {{ findings.conduct_named }}{% endif %}, separate from any other finding "
             "of abuse.{% if findings.standard_of_proof %} The court makes these findings "
             "{{ findings.standard_of_proof }}.{% endif %}", {}))
    tag(doc, "{%p for s in findings.sets %}")
    tag(doc, "{%p if s.heading %}")
    heading(doc, "{{ s.heading|upper }}")
    tag(doc, "{%p endif %}")
    heading(doc, "I. FINDINGS OF FACT")
    tag(doc, "{%p for i in s.incidents %}")
    p = para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    p.paragraph_format.left_indent = Inches(0.5)
    p.paragraph_format.first_line_indent = Inches(-0.5)
    p.paragraph_format.tab_stops.add_tab_stop(Inches(0.5))
    runs(p, ("{{ loop.index }}.\t", {"bold": True}), ("{{ i.text }}", {}))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not s.incidents %}")
    para(doc, "{{ s.none_found }}", italic=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for t in s.not_found %}")
    p = para(doc, "{{ t }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    p.paragraph_format.left_indent = Inches(0.5)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if s.conclusions %}")
    heading(doc, "II. CONCLUSIONS")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for c in s.conclusions %}")
    p = para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    p.paragraph_format.left_indent = Inches(0.5)
    p.paragraph_format.first_line_indent = Inches(-0.5)
    p.paragraph_format.tab_stops.add_tab_stop(Inches(0.5))
    runs(p, ("{{ loop.index }}.\t", {"bold": True}), ("{{ c }}", {}))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if findings.citations_note %}")
    para(doc, "{{ findings.citations_note }}", italic=True, size=10, before=6)
    tag(doc, "{%p endif %}")
    confidential_notice(doc)
    signature(doc, "SO FOUND.")
    header_footer(doc, draft=True)
    return doc


def protection_addendum():
    doc = new_document()
    caption(doc)
    p = para(doc, "", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    # The order's own date and kind (the case's roles), never the docket's hearing date; the
    # restrained and protected persons from the roles, never assumed from the docket columns.
    runs(p, ("This addendum forms part of {{ order.entered }}. On the court's findings of fact, and for the "
             "protection of {{ order.protected_name }} (\"{{ order.protected }}\"), ", {}),
         ("IT IS ORDERED", {"bold": True}),
         (" that {{ order.restrained_name }} (\"{{ order.restrained }}\") comply with each of the "
          "following provisions. Each states the finding or rule of law it rests on.", {}))
    provisions(doc)
    p = para(doc, "", align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, keep=True)
    runs(p, ("Notice to {{ order.restrained }}. ", {"bold": True}),
         ("A violation of this order may be punished as contempt of court and may be a crime. "
          "{{ order.protected[:1]|upper }}{{ order.protected[1:] }} cannot give permission to break it; only "
          "the court can change it."
          "{% if order.full_faith_and_credit %} This order is to be enforced in every state, tribe and "
          "territory ({{ citations.full_faith_and_credit }}).{% endif %}"
          "{% if order.firearms_notice %} Under this order {{ order.firearms_notice }}"
          "{% if order.federal_firearms %} ({{ citations.firearms }}){% endif %}.{% endif %}",
          {"size": 11}))
    confidential_notice(doc)
    signature(doc)
    header_footer(doc)
    return doc


def custody_safety():
    doc = new_document()
    caption(doc)
    p = para(doc, "", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    runs(p, ("On the court's findings of fact regarding the conduct of {{ order.restrained_name }} "
             "(\"{{ order.restrained }}\") toward {{ order.protected_name }} (\"{{ order.protected }}\"), "
             "the court finds the following provisions necessary for the safety of {{ order.protected }} and "
             "the children and in the children's best interests. Each states the finding it rests on. They "
             "supplement, and where they differ replace, the parenting-time terms now in force. ", {}),
         ("IT IS ORDERED:", {"bold": True}))
    provisions(doc)
    confidential_notice(doc)
    signature(doc)
    header_footer(doc)
    return doc


def supervision_conditions():
    doc = new_document()
    caption(doc)
    p = para(doc, "", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    # No boilerplate that every condition is "reasonably related": each condition carries the finding
    # it rests on, or a line for the court's own reason. The statute comes from the profile (a state
    # court's own; 18 U.S.C. 3563(b) only for a federal court; the release statute before trial).
    runs(p, ("{% if order.pretrial %}The defendant, {{ order.restrained_name }}, is released before trial on "
             "the following conditions of release{% if citations.supervision %} "
             "({{ citations.supervision }}){% endif %}, in addition to the standard conditions of release. "
             "{% else %}The defendant, {{ order.restrained_name }}, is subject to supervision in this case. "
             "In addition to the standard conditions, the defendant shall comply with the following special "
             "conditions{% if citations.supervision %} ({{ citations.supervision }}){% endif %}. {% endif %}"
             "Each condition states the finding in this case it rests on, or the court's reason for it."
             "{% if order.protected_name %} {{ order.protected_name }} is \"the victim\".{% endif %}", {}))
    provisions(doc)
    confidential_notice(doc)
    signature(doc)
    para(doc, "ACKNOWLEDGEMENT", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, keep=True)
    para(doc, "I have read these conditions, or had them read to me, and I understand them. I have "
              "received a "
              "copy.", size=11, keep=True)
    for who in ("Defendant", "Supervising officer"):
        p = para(doc, "", before=12, after=0, keep=True)
        p.paragraph_format.tab_stops.add_tab_stop(Inches(4.2))
        runs(p, ("______________________________________\t____________________", {}))
        p = para(doc, "", after=0)
        p.paragraph_format.tab_stops.add_tab_stop(Inches(4.2))
        runs(p, (f"{who}\tDate", {"italic": True, "size": 10}))
    header_footer(doc)
    return doc


FORMS = {"findings_of_fact": findings_of_fact, "protection_addendum": protection_addendum,
         "custody_safety": custody_safety, "supervision_conditions": supervision_conditions}


def main(out: Path = HERE) -> None:
    for name, build in FORMS.items():
        path = out / f"{name}.docx"
        build().save(path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
