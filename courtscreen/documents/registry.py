"""Which forms are on offer: the bundled forms/ folder and the court's own folder.

Each form is a manifest (<id>.toml) beside its DOCX template. Every template is
validated when the registry loads; one with problems is listed as rejected,
with the problems, and never offered. A court's form with the same id as a
bundled one replaces it, but only if it passes the checks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from courtscreen.documents.manifest import Manifest, ManifestError, load_manifest
from courtscreen.documents.validate import Problem, check_template_bytes

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


@dataclass(frozen=True)
class Registry:
    forms: dict[str, Form]
    rejected: tuple[Rejected, ...] = ()

    def get(self, form_id: str) -> Form:
        if form_id in self.forms:
            return self.forms[form_id]
        bad = [r for r in self.rejected if r.path.stem == form_id]
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
    if manifest.id != manifest_path.stem:
        return Rejected(manifest_path, (Problem("manifest", f"{manifest_path}: id {manifest.id!r} must "
                                                f"match the file name {manifest_path.stem!r}"),))
    try:
        data = manifest.template_path.read_bytes()
    except OSError as exc:
        return Rejected(manifest_path, (Problem("template", f"{manifest.template_path}: cannot be read "
                                                f"({exc.strerror}); the manifest names it in 'template'"),))
    problems = check_template_bytes(data, manifest.template, manifest)
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
        return _cache[key]
    forms: dict[str, Form] = {}
    rejected: list[Rejected] = []
    for folder, origin in folders:
        if not folder.is_dir():
            if origin == "court":
                rejected.append(Rejected(folder, (Problem("forms_dir", f"{folder} is not a folder; fix "
                                                          "[jurisdiction] forms_dir in the config file"),)))
            continue
        for manifest_path in sorted(folder.glob("*.toml")):
            result = load_form(manifest_path, origin)
            if isinstance(result, Form):
                forms[result.id] = result
            else:
                rejected.append(result)
    registry = Registry(forms, tuple(rejected))
    _cache.clear()
    _cache[key] = registry
    return registry
