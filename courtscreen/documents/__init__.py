"""Documents: court forms (DOCX templates + manifests) filled from plain view models.

registry   which forms exist (bundled forms/ and the court's own folder), each validated
manifest   what a form is and which context fields its template may use
validate   check_template: readable DOCX, Jinja syntax, unknown fields, curly quotes, {%p %}
context    plain view models (dicts of text) built from the case, findings and screening
render     sandboxed docxtpl rendering (autoescape, StrictUndefined, a fresh environment each time)
service    generate one document or a batch: recorded, versioned, never overwritten
pdf        optional PDF through LibreOffice

Never imports Textual (import-linter contract in pyproject.toml).
"""
