"""Saved column-mapping profiles, reused for the next docket from the same system.

A profile is a small TOML file: which column feeds which field, whether the
file has a header row, and defaults such as the court name. courtscreen ships
profiles for exports it knows (the Vermont Superior Court calendar); a user's
own are saved from the command line or the app's mapping editor.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from courtscreen.importing.mapping import FIELD_BY_NAME, MappingError


@dataclass
class Profile:
    name: str
    description: str = ""
    map: dict[str, list[str]] = field(default_factory=dict)
    has_header: bool | None = None
    sheet: str | None = None
    court: str = ""
    year: int | None = None

    def to_toml(self) -> str:
        lines = [f"name = {_q(self.name)}", f"description = {_q(self.description)}"]
        if self.has_header is not None:
            lines.append(f"has_header = {'true' if self.has_header else 'false'}")
        if self.sheet:
            lines.append(f"sheet = {_q(self.sheet)}")
        if self.court:
            lines.append(f"court = {_q(self.court)}")
        if self.year is not None:
            lines.append(f"year = {int(self.year)}")
        lines += ["", "[map]"]
        for name, cols in self.map.items():
            lines.append(f"{name} = [{', '.join(_q(c) for c in cols)}]")
        return "\n".join(lines) + "\n"


def _q(s: str) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def builtin_profiles() -> dict[str, str]:
    folder = resources.files("courtscreen.importing").joinpath("profiles")
    return {p.name.removesuffix(".toml"): p.read_text("utf-8")
            for p in folder.iterdir() if p.name.endswith(".toml")}


def parse_profile(text: str, origin: str) -> Profile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"profile {origin}: not valid TOML ({exc})") from exc
    raw_map = data.get("map", {})
    if not isinstance(raw_map, dict):
        raise MappingError(f"profile {origin}: [map] must be a table of field = [columns]")
    mapping = {}
    for name, cols in raw_map.items():
        if name not in FIELD_BY_NAME:
            raise MappingError(f"profile {origin}: unknown field {name!r} in [map]")
        mapping[name] = [str(c) for c in (cols if isinstance(cols, list) else [cols])]
    return Profile(name=str(data.get("name", origin)), description=str(data.get("description", "")),
                   map=mapping, has_header=data.get("has_header"), sheet=data.get("sheet"),
                   court=str(data.get("court", "")), year=data.get("year"))


def load_profile(ref: str, profiles_dir: Path) -> Profile:
    """A profile by file path, by name in the user's profiles folder, or built in."""
    path = Path(ref)
    if path.suffix == ".toml" and path.exists():
        return parse_profile(path.read_text("utf-8"), str(path))
    user_file = profiles_dir / f"{ref}.toml"
    if user_file.exists():
        return parse_profile(user_file.read_text("utf-8"), str(user_file))
    builtin = builtin_profiles()
    if ref in builtin:
        return parse_profile(builtin[ref], f"built-in {ref}")
    known = sorted(set(builtin) | {p.stem for p in profiles_dir.glob("*.toml")})
    raise MappingError(f"no mapping profile {ref!r}; known profiles: {', '.join(known) or 'none'}")


def save_profile(profile: Profile, profiles_dir: Path) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", profile.name):
        raise MappingError(f"profile name {profile.name!r}: use letters, digits, '-', '_' or '.'")
    profiles_dir.mkdir(parents=True, exist_ok=True)
    path = profiles_dir / f"{profile.name}.toml"
    path.write_text(profile.to_toml(), "utf-8")
    return path
