"""Settings: where the database lives, who the user is, and a court's own rules.

Settings are resolved once, at the edge (CLI or TUI start-up), and passed down
explicitly, so tests can point everything at a temporary database. Order of
precedence: command-line option, environment variable, config file, default.

Environment variables:
  COURTSCREEN_DATABASE_URL   SQLAlchemy URL (sqlite:///… or postgresql+psycopg://…)
  COURTSCREEN_USER           name recorded on imports and screenings (default: OS user)
  COURTSCREEN_CONFIG         path to a config.toml (default: user config dir)
  COURTSCREEN_DATA_DIR       where the default SQLite file and mapping profiles live

The [jurisdiction] table of the config file adapts the documents to a court
without code changes (see Jurisdiction below and README "Documents").
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "courtscreen"


class ConfigError(Exception):
    """The config file is unreadable or says something we cannot use."""


DEFAULT_ORDER_NAMES = {
    "findings_of_fact": "Findings of Fact and Conclusions Regarding Stalking",
    "protection_addendum": "Addendum to Protection Order: Detailed Stalking Provisions",
    "custody_safety": "Order on Custody and Parenting-Time Safety Provisions",
    "supervision_conditions": "Special Conditions of Supervision (Stalking)",
}
DEFAULT_CITATIONS = {
    "stalking": "18 U.S.C. § 2261A",
    "course_of_conduct": "18 U.S.C. § 2266(2)",
    "firearms": "18 U.S.C. § 922(g)(8)",
    "full_faith_and_credit": "18 U.S.C. § 2265",
    "supervision": "18 U.S.C. § 3563(b)",
}
# The citations the findings of fact need from a court's own statute. Until the profile gives them
# the findings print CITATION_PLACEHOLDER (and `findings show` and generation warn); a federal
# statute is never presented as the governing law of a state court.
STATE_CITATION_KEYS = {
    "stalking": "the stalking or protection-order statute the findings are made under",
    "course_of_conduct": "the statute's definition of a course of conduct",
}
CITATION_PLACEHOLDER = "[citation]"
STANDARDS_OF_PROOF = {"civil": "by a preponderance of the evidence", "criminal": "beyond a reasonable doubt"}
ELEMENT_MENTAL_STATES = ("none", "knowing", "intent", "reckless")


@dataclass(frozen=True)
class Jurisdiction:
    """A court's names for things: read from [jurisdiction] in the config file.

    The defaults are generic (federal definitions, two acts for a course of
    conduct); a court sets its own court name, order names, citations and the
    number of acts its statute requires (e.g. three under Mass. G.L. c.258E).
    """

    court_name: str = ""  # used when a case has no court on the docket
    state: str = ""  # "State of Franklin": the first caption line
    county: str = ""
    acts_required: int = 2
    order_names: dict = field(default_factory=lambda: dict(DEFAULT_ORDER_NAMES))
    citations: dict = field(default_factory=lambda: dict(DEFAULT_CITATIONS))
    forms_dir: Path | None = None  # the court's own templates, validated before they are offered
    output_dir: Path | None = None  # where generated documents go (default: <data dir>/documents)
    signature_title: str = "Judge"
    # Orders (issue 22): a federal court cites 18 U.S.C. 3563(b)/3142(c) for supervision; a state court its
    # own statute. firearms_state_law: the state's own firearms rule for orders, in the court's words.
    federal_court: bool = False
    firearms_state_law: str = ""
    date_style: str = "us"  # "us": August 20, 2026; "day_month": 20 August 2026 (one style per document)
    spelling: str = "us"  # "us" (program, offense, center) or "uk"
    mental_state: str = "none"  # what the statute requires of the conduct: none, knowing, intent, reckless
    standard_of_proof: dict = field(default_factory=lambda: dict(STANDARDS_OF_PROOF))
    words_required: tuple = ()  # elements whose decision must carry the court's words
    citations_note: str = ""  # printed under the findings, e.g. "citations are examples"
    citations_given: frozenset = frozenset()  # citation keys the court's profile itself supplied

    def findings_citation(self, key: str) -> str:
        """A citation the findings may print: the profile's own, else a [citation] placeholder.

        The federal definitions (18 U.S.C. 2261A, 2266(2)) apply to federal crimes;
        they are printed only when the profile sets them itself, and § 2266(2) never
        when acts_required is not 2 (it defines two acts).
        """
        value = self.citations.get(key, "")
        if key not in self.citations_given and value == DEFAULT_CITATIONS.get(key):
            return CITATION_PLACEHOLDER
        if key == "course_of_conduct" and "2266" in value and self.acts_required != 2:
            return CITATION_PLACEHOLDER
        return value or CITATION_PLACEHOLDER

    def citation_warnings(self) -> list[str]:
        """What to tell the user before findings are generated with placeholders."""
        out = []
        for key, what in STATE_CITATION_KEYS.items():
            if self.findings_citation(key) == CITATION_PLACEHOLDER:
                out.append(f"The jurisdiction profile gives no citation for {what} "
                           f"([jurisdiction.citations] {key} = \"…\"); the findings print "
                           f"{CITATION_PLACEHOLDER}.")
        if "2266" in self.citations.get("course_of_conduct", "") and self.acts_required != 2 and (
                "course_of_conduct" in self.citations_given):
            out.append(f"citations.course_of_conduct is 18 U.S.C. § 2266(2), which defines two acts, but "
                       f"acts_required is {self.acts_required}: give your statute's citation.")
        return out


def _jurisdiction(path: Path, raw) -> Jurisdiction:
    if raw is None:
        return Jurisdiction()
    where = f"{path}: [jurisdiction]"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table (a [jurisdiction] section).")
    known = {"court_name", "state", "county", "acts_required", "order_names", "citations", "forms_dir",
             "output_dir", "signature_title", "federal_court", "firearms_state_law", "date_style",
             "spelling", "mental_state", "standard_of_proof", "words_required", "citations_note"}
    extra = sorted(set(raw) - known)
    if extra:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(extra)}; keys are {', '.join(sorted(known))}.")
    if not isinstance(raw.get("federal_court", False), bool):
        raise ConfigError(f"{where}.federal_court must be true or false (true only for a federal court).")
    for key in ("court_name", "state", "county", "forms_dir", "output_dir", "signature_title", "date_style",
                "spelling", "mental_state", "citations_note", "firearms_state_law"):
        if key in raw and not isinstance(raw[key], str):
            raise ConfigError(f"{where}.{key} must be text in quotes.")
    acts = raw.get("acts_required", 2)
    if isinstance(acts, bool) or not isinstance(acts, int) or not 1 <= acts <= 10:
        raise ConfigError(f"{where}.acts_required must be a whole number from 1 to 10 (the number of "
                          "acts your statute requires for a course of conduct; 2 federally).")
    tables = {}
    for key, defaults in (("order_names", DEFAULT_ORDER_NAMES), ("citations", DEFAULT_CITATIONS)):
        value = raw.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"{where}.{key} must be a table of text values, e.g. "
                              f'[jurisdiction.{key}] {next(iter(defaults))} = "…".')
        tables[key] = {**defaults, **value}

    from courtscreen.domain.findings_elements import ELEMENTS

    choices = {"date_style": ("us", "day_month"), "spelling": ("us", "uk"),
               "mental_state": ELEMENT_MENTAL_STATES}
    for key, allowed in choices.items():
        if key in raw and raw[key] not in allowed:
            raise ConfigError(f"{where}.{key} must be one of {', '.join(allowed)}.")
    words = raw.get("words_required", [])
    if not isinstance(words, list) or any(w not in ELEMENTS for w in words):
        raise ConfigError(f"{where}.words_required must be a list of elements from {', '.join(ELEMENTS)}.")
    proof = raw.get("standard_of_proof", {})
    if not isinstance(proof, dict) or set(proof) - set(STANDARDS_OF_PROOF) or \
            not all(isinstance(v, str) for v in proof.values()):
        raise ConfigError(f"{where}.standard_of_proof must be a table with civil and/or criminal text.")

    def folder(key: str) -> Path | None:
        text = raw.get(key, "").strip()
        return Path(text).expanduser() if text else None

    return Jurisdiction(
        court_name=raw.get("court_name", "").strip(), state=raw.get("state", "").strip(),
        county=raw.get("county", "").strip(), acts_required=acts, order_names=tables["order_names"],
        citations=tables["citations"], forms_dir=folder("forms_dir"), output_dir=folder("output_dir"),
        signature_title=raw.get("signature_title", "Judge").strip() or "Judge",
        federal_court=raw.get("federal_court", False),
        firearms_state_law=raw.get("firearms_state_law", "").strip(),
        date_style=raw.get("date_style", "us"), spelling=raw.get("spelling", "us"),
        mental_state=raw.get("mental_state", "none"), standard_of_proof={**STANDARDS_OF_PROOF, **proof},
        words_required=tuple(words), citations_note=raw.get("citations_note", "").strip(),
        citations_given=frozenset(raw.get("citations", {})),
    )


@dataclass(frozen=True)
class Settings:
    database_url: str
    user: str
    data_dir: Path
    config_path: Path | None = None
    default_court: str = ""
    # Extra classification rules from the court's config file ([[case_types.*]] tables).
    case_type_rules: dict = field(default_factory=dict)
    # Extra triage charge rules ([[triage.charge]] tables).
    triage_rules: dict = field(default_factory=dict)
    # A court's changes to what each role may do ([roles.<role>] permissions = [...]).
    role_overrides: dict = field(default_factory=dict)
    # The court's names, citations and course-of-conduct threshold ([jurisdiction]).
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)

    @property
    def acts_required(self) -> int:
        """Acts needed for a course of conduct: 2 under 18 U.S.C. 2266, 3 in some states."""
        return self.jurisdiction.acts_required

    @property
    def profiles_dir(self) -> Path:
        return self.data_dir / "profiles"

    @property
    def documents_dir(self) -> Path:
        """Where generated documents go: [jurisdiction] output_dir, else <data dir>/documents."""
        return self.jurisdiction.output_dir or self.data_dir / "documents"


def default_data_dir() -> Path:
    env = os.environ.get("COURTSCREEN_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'courtscreen.sqlite'}"


def current_os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers; still record something honest
        return "unknown user"


def _config_path() -> Path:
    env = os.environ.get("COURTSCREEN_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def _read_config(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix or remove the file.") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}).") from exc


def load_settings(database_url: str | None = None, user: str | None = None) -> Settings:
    """Resolve settings from options, environment and the config file."""
    path = _config_path()
    cfg = _read_config(path)
    data_dir = default_data_dir()
    url = (
        database_url
        or os.environ.get("COURTSCREEN_DATABASE_URL")
        or cfg.get("database_url")
        or default_database_url(data_dir)
    )
    name = user or os.environ.get("COURTSCREEN_USER") or cfg.get("user") or current_os_user()
    rules = cfg.get("case_types", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{path}: [case_types] must be a table of rule lists.")
    roles = cfg.get("roles", {})
    if not isinstance(roles, dict):
        raise ConfigError(f"{path}: [roles] must be tables such as [roles.clerk] with a permissions list.")
    from courtscreen.domain.roles import RoleError, load_roles

    try:
        load_roles(roles)  # checked here so every command and the app report it the same way
    except RoleError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return Settings(
        role_overrides=roles,
        database_url=url,
        user=name,
        data_dir=data_dir,
        config_path=path if path.exists() else None,
        default_court=str(cfg.get("default_court", "")),
        case_type_rules=rules,
        triage_rules=cfg.get("triage", {}) if isinstance(cfg.get("triage", {}), dict) else {},
        jurisdiction=_jurisdiction(path, cfg.get("jurisdiction")),
    )
