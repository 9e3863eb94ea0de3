"""docs/cli.md is generated from `--help`; this fails when a command changes and the reference
was not regenerated (python -m courtscreen.cli.reference > docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

from courtscreen.cli.reference import render

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_the_cli_reference_is_what_help_says():
    assert REFERENCE.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is out of date: run  python -m courtscreen.cli.reference > docs/cli.md")


def test_the_reference_covers_every_command():
    from courtscreen.cli import cli

    text = REFERENCE.read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"`courtscreen {name}`" in text
    assert "Usage: courtscreen import [OPTIONS]" in text
