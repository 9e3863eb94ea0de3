"""A court's own clauses: clauses.toml beside the court's forms adds clauses or replaces bundled ones.

The file has the bundled catalogue's format (domain/clauses.toml: id, forms,
heading, text, source, [[clause.param]], [clause.support]) and is checked by
the same parser, so the same support rules apply: a court clause is
pre-selected only when a finding supports it. A clause with a bundled id
replaces that clause; a form's manifest can also offer any clause by id
(`provisions = [...]`). The merged catalogue is installed for the process when
the registry loads (domain.clauses.load_clauses then returns it), and its
version names the court file's hash, so a document records which wording it used.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import replace
from pathlib import Path

from courtscreen.domain import clauses as clause_rules
from courtscreen.domain.clauses import ClauseCatalogue, ClauseError, bundled_clauses, parse_clauses

FILE_NAME = "clauses.toml"


def court_clauses_path(court_dir: Path | None) -> Path | None:
    return court_dir / FILE_NAME if court_dir is not None else None


def merge(bundled: ClauseCatalogue, court: ClauseCatalogue | None, offers: dict[str, tuple[str, ...]],
          version: str = "") -> tuple[ClauseCatalogue, list[str]]:
    """The bundled clauses, the court's replacing same ids, then each form's offered ids added to it."""
    by_id = {c.id: c for c in bundled.clauses}
    for c in court.clauses if court else ():
        by_id[c.id] = c
    problems = []
    for form_id, ids in offers.items():
        for cid in ids:
            if cid not in by_id:
                problems.append(f"{form_id}: provisions names {cid!r}, which is neither a bundled clause "
                                f"nor in the court's {FILE_NAME}")
                continue
            if form_id not in by_id[cid].forms:
                by_id[cid] = replace(by_id[cid], forms=(*by_id[cid].forms, form_id))
    return ClauseCatalogue(version or bundled.version, tuple(by_id.values())), problems


def load_court_clauses(court_dir: Path | None) -> tuple[ClauseCatalogue | None, str, str]:
    """(catalogue or None, its hash, a problem naming the file and what to fix, or '')."""
    path = court_clauses_path(court_dir)
    if path is None or not path.is_file():
        return None, "", ""
    try:
        raw_bytes = path.read_bytes()
        raw = tomllib.loads(raw_bytes.decode("utf-8"))
        return parse_clauses(raw, str(path)), hashlib.sha256(raw_bytes).hexdigest()[:12], ""
    except OSError as exc:
        return None, "", f"{path}: cannot be read ({exc.strerror})"
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return None, "", f"{path}: not valid TOML ({exc}); fix the file"
    except (ClauseError, KeyError, TypeError) as exc:
        return None, "", f"{path}: {exc}"


def install(court_dir: Path | None, offers: dict[str, tuple[str, ...]]) -> list[str]:
    """Merge the court's clauses and the forms' offers into the catalogue the process uses; problems."""
    court, sha, problem = load_court_clauses(court_dir)
    bundled = bundled_clauses()
    if court is None and not any(offers.values()):
        clause_rules.court_catalogue = None
        return [problem] if problem else []
    version = bundled.version + (f"+court-{sha}" if sha else "")
    merged, problems = merge(bundled, court, offers, version)
    clause_rules.court_catalogue = merged
    return ([problem] if problem else []) + problems
