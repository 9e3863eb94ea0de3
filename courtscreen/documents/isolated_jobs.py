"""The jobs the template worker (documents.isolation) runs; each returns plain picklable values."""

from __future__ import annotations


def fill(template: bytes, manifest, context: dict, answers: dict | None, max_bytes: int) -> bytes:
    from courtscreen.documents.court_fill import fill_in_process

    return fill_in_process(template, manifest, context, answers, max_bytes)


def check(data: bytes, name: str, manifest) -> list:
    from courtscreen.documents.validate import check_template_bytes

    return check_template_bytes(data, name, manifest)


def ping() -> str:
    return "pong"
