"""The app's Settings as JSON, for a job whose child process needs all of them (document
generation reads the jurisdiction: names, citations, the court's own forms, the output folder).

The child gets exactly the settings the app runs with (a --db or a test's settings included),
not whatever a config file would give it now. Paths, tuples and frozensets come back as
themselves, following the dataclasses' own field types.
"""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any

from courtscreen.config import Jurisdiction, Settings


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _to_json(obj) -> dict[str, Any]:
    out = {}
    for spec in dataclasses.fields(obj):
        value = getattr(obj, spec.name)
        out[spec.name] = _to_json(value) if dataclasses.is_dataclass(value) else _plain(value)
    return out


def _back(hint, value):
    if value is None:
        return None
    args = typing.get_args(hint)
    kinds = args or (hint,)
    if Path in kinds:
        return Path(value)
    if frozenset in kinds or typing.get_origin(hint) is frozenset:
        return frozenset(value)
    if tuple in kinds or typing.get_origin(hint) is tuple:
        return tuple(value)
    return value


def _from_json(cls, data: dict[str, Any]):
    hints = typing.get_type_hints(cls)
    values = {}
    for spec in dataclasses.fields(cls):
        if spec.name not in data:
            continue  # a field this end does not know: its default
        hint = hints[spec.name]
        if hint is Jurisdiction:
            values[spec.name] = _from_json(Jurisdiction, data[spec.name])
        else:
            values[spec.name] = _back(hint, data[spec.name])
    return cls(**values)


def settings_to_json(settings: Settings) -> dict[str, Any]:
    return _to_json(settings)


def settings_from_json(data: dict[str, Any]) -> Settings:
    return _from_json(Settings, data)
