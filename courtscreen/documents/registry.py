"""Which forms are on offer: the bundled forms/ folder and the court's own folder.

Each form is a manifest (<id>.toml) beside its DOCX template. Every template is
validated when the registry loads; one with problems is listed as rejected,
with the problems, and never offered. A court's form with the same id as a
bundled one replaces it, but only if it passes the checks. A court's templates
are checked one by one in the template worker under a time limit
(documents.isolation), so a slow or broken one is rejected by name and never
stops another. The court folder's clauses.toml (documents.court_clauses) is not
a form: it adds clauses, merged into the catalogue when the registry loads.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from courtscreen.documents.court_clauses import FILE_NAME as CLAUSES_FILE
from courtscreen.documents.court_clauses import install
from courtscreen.documents.manifest import Manifest, ManifestError, load_manifest
from courtscreen.documents.validate import Problem, check_isolated, check_template_bytes, errors

BUNDLED_FORMS = Path(__file__).resolve().parents[2] / "forms"


@dataclass(frozen=True)
class Form:
    manifest: Manifest
    template: bytes = field(repr=False)
    sha256: str
    origin: str  # "bundled" or "court"

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def title(self) -> str:
        return self.manifest.title


@dataclass(frozen=True)
class Rejected:
    path: Path
    problems: tuple[Problem, ...]

    @property
    def form_id(self) -> str:
        from courtscreen.documents.manifest import derive_id

        return derive_id(self.path.name)


@dataclass(frozen=True)
class Registry:
    forms: dict[str, Form]
    rejected: tuple[Rejected, ...] = ()
    court_dir: Path | None = None

    def get(self, form_id: str) -> Form:
        if form_id in self.forms:
            return self.forms[form_id]
        bad = [r for r in self.rejected if r.form_id == form_id]
        if bad:
            raise LookupError(f"the form {form_id!r} was rejected: {bad[0].problems[0]}. "
                              "Run 'courtscreen forms check' for every problem.")
        raise LookupError(f"there is no form {form_id!r} (forms: {', '.join(self.forms) or 'none'}). "
                          "Run 'courtscreen forms list'.")


def load_form(manifest_path: Path, origin: str) -> Form | Rejected:
    try:
        manifest = load_manifest(manifest_path)
    except ManifestError as exc:
        return Rejected(manifest_path, (Problem("manifest", str(exc)),))
    try:
        data = manifest.template_path.read_bytes()
    except OSError as exc:
        return Rejected(manifest_path, (Problem("template", f"{manifest.template_path}: cannot be read "
                                                f"({exc.strerror}); the manifest names it in 'template'"),))
    if origin == "bundled":
        problems = errors(check_template_bytes(data, manifest.template, manifest))
    else:
        problems = errors(check_isolated(data, manifest.template, manifest))
    if problems:
        return Rejected(manifest.template_path, tuple(problems))
    return Form(manifest, data, hashlib.sha256(data).hexdigest(), origin)


_cache: dict[tuple, Registry] = {}


def load_registry(court_dir: Path | None = None, bundled_dir: Path = BUNDLED_FORMS) -> Registry:
    """The forms on offer. Cached until a manifest or template in either folder changes."""
    folders = [(bundled_dir, "bundled")] + ([(court_dir, "court")] if court_dir else [])
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                  for folder, _ in folders if folder.is_dir()
                  for p in sorted(folder.iterdir()) if p.suffix.lower() in (".toml", ".docx"))
    key = (tuple(str(f) for f, _ in folders), stamp)
    if key in _cache:
        cached = _cache[key]
        install(court_dir, _offers(cached))
        return cached
    forms: dict[str, Form] = {}
    rejected: list[Rejected] = []
    for folder, origin in folders:
        if not folder.is_dir():
            if origin == "court":
                rejected.append(Rejected(folder, (Problem("forms_dir", f"{folder} is not a folder; fix "
                                                          "[jurisdiction] forms_dir in the config file"),)))
            continue
        for manifest_path in manifests(folder):
            result = load_form(manifest_path, origin)
            if isinstance(result, Form):
                forms[result.id] = result
            else:
                rejected.append(result)
    registry = Registry(forms, tuple(rejected), court_dir)
    for problem in install(court_dir, _offers(registry)):
        rejected.append(Rejected(court_dir / CLAUSES_FILE if court_dir else bundled_dir,
                                 (Problem("clauses", problem),)))
    registry = Registry(forms, tuple(rejected), court_dir)
    _cache.clear()
    _cache[key] = registry
    return registry


def manifests(folder: Path) -> list[Path]:
    """The form manifests of a folder: every .toml but the court's clauses file."""
    return [p for p in sorted(folder.glob("*.toml")) if p.name != CLAUSES_FILE]


def _offers(registry: Registry) -> dict[str, tuple[str, ...]]:
    return {f.id: f.manifest.provisions for f in registry.forms.values() if f.manifest.provisions}
