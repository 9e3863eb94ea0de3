"""The JSON-lines protocol between the app and a job's child process (version 1).

Parent -> child (stdin), one object per line:
    {"protocol": 1, "type": "start", "job": "import" | "preview" | "link" | "export" | "batch",
     "params": {...}}
    {"protocol": 1, "type": "cancel"}
Child -> parent (stdout), one object per line:
    {"protocol": 1, "type": "progress", "stage": str, "done": int, "total": int | null}
    {"protocol": 1, "type": "problem", "code": str, "severity": str, "message": str,
     "row": int | null, "column": str, "field": str, "values": {...}}
    {"protocol": 1, "type": "result", "job": str, "data": {...}}      (the job is done)
    {"protocol": 1, "type": "cancelled", "job": str, "changed": false} (nothing was written)
    {"protocol": 1, "type": "failed", "job": str, "code": str, "message": str, "changed": false}
Every job ends with exactly one of result / cancelled / failed. A reader refuses a line of
another protocol version rather than guess at it (tests/unit/test_job_protocol.py pins this).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass
from typing import Any

PROTOCOL_VERSION = 1
FINAL_TYPES = frozenset({"result", "cancelled", "failed"})


class ProtocolError(ValueError):
    """A line that is not a message of this protocol version."""


@dataclass(frozen=True)
class Progress:
    stage: str
    done: int
    total: int | None
    type: str = "progress"


@dataclass(frozen=True)
class JobProblem:
    """One structured problem: each front end words it for itself (flags, or its own controls)."""

    code: str
    message: str
    severity: str = "warning"  # "warning" | "rejected" | "error"
    row: int | None = None
    column: str = ""
    field: str = ""
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    type: str = "problem"


@dataclass(frozen=True)
class Result:
    job: str
    data: dict[str, Any]
    type: str = "result"


@dataclass(frozen=True)
class Cancelled:
    job: str
    changed: bool = False
    type: str = "cancelled"


@dataclass(frozen=True)
class Failed:
    job: str
    code: str
    message: str
    changed: bool = False
    type: str = "failed"


Message = Progress | JobProblem | Result | Cancelled | Failed
_BY_TYPE = {"progress": Progress, "problem": JobProblem, "result": Result,
            "cancelled": Cancelled, "failed": Failed}


def encode(message: Message | dict) -> str:
    """One line of JSON (no newline inside), with the protocol version."""
    body = message if isinstance(message, dict) else asdict(message)
    return json.dumps({"protocol": PROTOCOL_VERSION, **body}, ensure_ascii=False,
                      separators=(",", ":"), default=str)


def start_line(job: str, params: dict[str, Any]) -> str:
    return encode({"type": "start", "job": job, "params": params})


def cancel_line() -> str:
    return encode({"type": "cancel"})


def parse_object(line: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ProtocolError(f"not a JSON line: {line[:80]!r}") from exc
    if not isinstance(obj, dict) or obj.get("protocol") != PROTOCOL_VERSION:
        raise ProtocolError(f"not protocol version {PROTOCOL_VERSION}: {line[:80]!r}")
    return obj


def decode(line: str) -> Message:
    """A child's line back into its message; ProtocolError for anything else."""
    obj = parse_object(line)
    kind = _BY_TYPE.get(obj.pop("type", None))
    obj.pop("protocol")
    if kind is None:
        raise ProtocolError(f"unknown message type in {line[:80]!r}")
    try:
        return kind(**obj)
    except TypeError as exc:
        raise ProtocolError(f"bad {kind.__name__} message: {exc}") from exc
