"""courtscreen forms: list the forms on offer, check templates (bundled or a court's own), list the fields."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import click

from courtscreen.cli.base import EXIT_ROWS_REJECTED, EXIT_USAGE, _fail, _settings, cli


@cli.group("forms")
def forms_group() -> None:
    """The court forms courtscreen fills (DOCX templates with a manifest each)."""


@forms_group.command("list")
@click.pass_context
def forms_list(ctx) -> None:
    """List the forms on offer, and any the checks rejected (with why)."""
    from courtscreen.documents.registry import BUNDLED_FORMS, load_registry
    from courtscreen.domain.clauses import load_clauses

    settings = _settings(ctx)
    registry = load_registry(settings.jurisdiction.forms_dir)
    clauses = load_clauses()
    click.echo(f"Forms from {BUNDLED_FORMS}"
               + (f" and {settings.jurisdiction.forms_dir}" if settings.jurisdiction.forms_dir else ""))
    for form in registry.forms.values():
        m = form.manifest
        name = m.title if form.origin == "court" else settings.jurisdiction.order_names.get(m.id, m.title)
        types = ", ".join(t.value for t in m.case_types) or "any case"
        n = len(clauses.for_form(m.id))
        asks = f"; asks {len(m.questions)} question(s)" if m.questions else ""
        click.echo(f"  {m.id:<24} {name}")
        click.echo(f"  {'':<24} {m.kind}, {form.origin}; {n} provision(s) in the catalogue; suggested "
                   f"for {types}{asks}")
    if not registry.forms:
        click.echo("  (no form passed the checks)")
    for bad in registry.rejected:
        click.secho(f"  rejected: {bad.path}", fg="red")
        for problem in bad.problems:
            click.secho(f"    - {problem}", fg="red")
    if registry.rejected:
        click.echo("Rejected forms are not offered until fixed; 'courtscreen forms check PATH' rechecks one.")


def _targets(path: Path) -> list[tuple[Path, Path | None]]:
    """(template, manifest) pairs to check for a folder, a manifest or a template."""
    from courtscreen.documents.manifest import ManifestError, load_manifest
    from courtscreen.documents.registry import manifests

    if path.is_dir():
        items: list[tuple[Path, Path | None]] = []
        named = set()
        for m in manifests(path):
            try:
                template = load_manifest(m).template_path
            except ManifestError:
                template = path / (m.stem + ".docx")
            items.append((template, m))
            named.add(template.name)
        items += [(d, None) for d in sorted(path.glob("*.docx")) if d.name not in named
                  and not d.name.startswith("~$")]
        return items
    if path.suffix.lower() == ".toml":
        return [(path.with_suffix(".docx"), path)]
    beside = [m for m in manifests(path.parent)
              if m.stem == path.stem or _names_template(m, path.name)]
    return [(path, beside[0] if beside else None)]


def _names_template(manifest_path: Path, name: str) -> bool:
    from courtscreen.documents.manifest import ManifestError, load_manifest

    try:
        return load_manifest(manifest_path).template == name
    except ManifestError:
        return False


def _check_one(template: Path, manifest_path: Path | None, sample_dir: Path | None):
    """(problems, notes, sample path or None) for one template."""
    from courtscreen.documents.manifest import ManifestError, derive_id, load_manifest
    from courtscreen.documents.registry import BUNDLED_FORMS, Form
    from courtscreen.documents.validate import check_isolated, check_template_bytes, errors

    manifest = None
    if manifest_path is not None:
        try:
            manifest = load_manifest(manifest_path)
            template = manifest.template_path
        except ManifestError as exc:
            return [str(exc)], [], None
    try:
        data = template.read_bytes()
    except OSError as exc:
        return [f"{template}: cannot be read ({exc.strerror})"], [], None
    bundled = template.parent.resolve() == BUNDLED_FORMS.resolve()
    found = (check_template_bytes if bundled else check_isolated)(data, template.name, manifest)
    problems = [str(p) for p in errors(found)]
    notes = [str(p) for p in found if p.severity != "error"]
    if manifest is None and not problems:
        fid = derive_id(template.name)
        notes.append(f"no manifest beside it: fields not checked; to offer it, add {fid}.toml beside it with "
                     f"title = \"…\" and template = \"{template.name}\" (its id is then {fid})")
    sample = None
    if manifest is not None and not problems and sample_dir is not None:
        sample = _write_sample(Form(manifest, data, hashlib.sha256(data).hexdigest(),
                                    "bundled" if bundled else "court"), sample_dir, problems)
    return problems, notes, sample


def _write_sample(form, folder: Path, problems: list[str]) -> Path | None:
    from courtscreen.documents.court_fill import fill_form
    from courtscreen.documents.render import RenderError
    from courtscreen.documents.sample import sample_court_context

    answers = {q.name: q.trial_values()[0] for q in form.manifest.questions}
    try:
        data = fill_form(form, sample_court_context(form.manifest), answers)
        folder.mkdir(parents=True, exist_ok=True)
        path = (folder / f"{form.id}_sample.docx").absolute()
        path.write_bytes(data)
        return path
    except RenderError as exc:
        problems.append(str(exc))
    except OSError as exc:
        problems.append(f"{folder}: the sample could not be written ({exc.strerror})")
    return None


@forms_group.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--sample-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write a sample filled document of each form that passes "
                   "(default: <data dir>/samples).")
@click.option("--no-sample", is_flag=True, help="Write no sample document.")
@click.pass_context
def forms_check(ctx, path: Path | None, sample_dir: Path | None, no_sample: bool) -> None:
    """Validate templates: PATH is a .docx, its .toml manifest, or a folder (default: every forms folder).

    A real trial, as docxtpl renders it: the Jinja syntax and filters, names the manifest neither
    provides nor maps, the manifest's ids and [map], and a fill of a fictional case through every
    branch (confidential details withheld and included, empty lists, each question's values), under a
    time limit. A sample of each passing form is written for a look. Exit code 3 when any problem is
    found. Ids: lower-case letters, digits and _, equal to the manifest's file name.
    """
    from courtscreen.documents.registry import BUNDLED_FORMS

    settings = _settings(ctx)
    if path is None:
        court = settings.jurisdiction.forms_dir
        targets = [BUNDLED_FORMS] + ([court] if court else [])
    elif not path.exists():
        _fail(f"{path}: no such file or folder.", EXIT_USAGE)
    else:
        targets = [path]
    items = [item for target in targets for item in _targets(target)]
    if not items:
        _fail(f"{', '.join(map(str, targets))}: no .docx templates or .toml manifests found.", EXIT_USAGE)
    samples = None if no_sample else (sample_dir or settings.data_dir / "samples")
    failed = 0
    for template, manifest_path in items:
        problems, notes, sample = _check_one(template, manifest_path, samples)
        if problems:
            failed += 1
            click.secho(f"FAIL {template}", fg="red")
            for p in problems:
                click.secho(f"  - {p}", fg="red")
        else:
            click.echo(f"ok   {template}")
        for n in notes:
            click.echo(f"  note: {n}")
        if sample:
            click.echo(f"  sample: {sample}")
    click.echo(f"{len(items) - failed} of {len(items)} template(s) passed.")
    if failed:
        sys.exit(EXIT_ROWS_REJECTED)


@forms_group.command("fields")
@click.argument("form_id", required=False)
@click.option("--markdown", is_flag=True,
              help="Print the reference as Markdown (docs/template-authoring.md).")
@click.pass_context
def forms_fields(ctx, form_id: str | None, markdown: bool) -> None:
    """The names a template can use: name, type, example, and whether it is confidential.

    With FORM_ID, that form's own questions and mapped names come first.
    """
    from courtscreen.documents.field_docs import reference_markdown, reference_text
    from courtscreen.documents.registry import load_registry

    form = None
    if form_id:
        try:
            form = load_registry(_settings(ctx).jurisdiction.forms_dir).get(form_id)
        except LookupError as exc:
            _fail(str(exc), EXIT_USAGE)
    manifest = form.manifest if form else None
    if markdown:
        click.echo(reference_markdown(), nl=False)
    else:
        click.echo(reference_text(manifest))
