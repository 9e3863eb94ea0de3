"""courtscreen forms: list the forms on offer and check templates (bundled or a court's own)."""

from __future__ import annotations

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
        name = settings.jurisdiction.order_names.get(m.id, m.title)
        types = ", ".join(t.value for t in m.case_types) or "any case"
        n = len(clauses.for_form(m.id))
        click.echo(f"  {m.id:<24} {name}")
        click.echo(f"  {'':<24} {m.kind}, {form.origin}; {n} provision(s) in the catalogue; suggested "
                   f"for {types}")
    if not registry.forms:
        click.echo("  (no form passed the checks)")
    for bad in registry.rejected:
        click.secho(f"  rejected: {bad.path}", fg="red")
        for problem in bad.problems:
            click.secho(f"    - {problem}", fg="red")
    if registry.rejected:
        click.echo("Rejected forms are not offered until fixed; 'courtscreen forms check PATH' rechecks one.")


@forms_group.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.pass_context
def forms_check(ctx, path: Path | None) -> None:
    """Validate templates: PATH is a .docx, its .toml manifest, or a folder (default: every forms folder).

    Checks that the file is a readable DOCX, the Jinja syntax (with where it fails), fields the
    manifest does not provide, curly quotes inside tags, {%p %} sharing a paragraph, and a trial fill.
    Exit code 3 when any problem is found.
    """
    from courtscreen.documents.manifest import ManifestError, load_manifest
    from courtscreen.documents.registry import BUNDLED_FORMS
    from courtscreen.documents.validate import check_template

    settings = _settings(ctx)
    if path is None:
        court = settings.jurisdiction.forms_dir
        targets = [BUNDLED_FORMS] + ([court] if court else [])
    elif not path.exists():
        _fail(f"{path}: no such file or folder.", EXIT_USAGE)
    else:
        targets = [path]
    items: list[tuple[Path, Path | None]] = []  # (template, manifest)
    for target in targets:
        if target.is_dir():
            manifests = sorted(target.glob("*.toml"))
            named = set()
            for m in manifests:
                items.append((target / (m.stem + ".docx"), m))
                named.add(m.stem)
            items += [(d, None) for d in sorted(target.glob("*.docx")) if d.stem not in named
                      and not d.name.startswith("~$")]
        elif target.suffix.lower() == ".toml":
            items.append((target.with_suffix(".docx"), target))
        else:
            manifest = target.with_suffix(".toml")
            items.append((target, manifest if manifest.exists() else None))
    if not items:
        _fail(f"{', '.join(map(str, targets))}: no .docx templates or .toml manifests found.", EXIT_USAGE)
    failed = 0
    for template, manifest_path in items:
        problems = []
        manifest = None
        if manifest_path is not None:
            try:
                manifest = load_manifest(manifest_path)
                template = manifest.template_path
            except ManifestError as exc:
                problems.append(str(exc))
        if not problems:
            problems = [str(p) for p in check_template(template, manifest)]
        if manifest_path is None and not problems:
            problems_note = " (no manifest beside it: fields not checked; add " \
                            f"{template.with_suffix('.toml').name} to offer it)"
        else:
            problems_note = ""
        if problems:
            failed += 1
            click.secho(f"FAIL {template}", fg="red")
            for p in problems:
                click.secho(f"  - {p}", fg="red")
        else:
            click.echo(f"ok   {template}{problems_note}")
    click.echo(f"{len(items) - failed} of {len(items)} template(s) passed.")
    if failed:
        sys.exit(EXIT_ROWS_REJECTED)
