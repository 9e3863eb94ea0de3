"""The command-line reference (docs/cli.md), generated from the commands' own `--help`.

    python -m courtscreen.cli.reference > docs/cli.md

tests/cli/test_cli_reference.py fails when docs/cli.md and the commands drift apart, so the
reference can only be what `--help` says.
"""

from __future__ import annotations

import sys

import click

WIDTH = 100  # fixed, so the text does not depend on the terminal that generated it


def _help(command: click.Command, path: list[str], parent: click.Context | None) -> str:
    # click caches a command's help option the first time any context asks for it; a command
    # invoked on its own (as some tests do) caches "--help" without the group's "-h". Ask afresh.
    if getattr(command, "_help_option", None) is not None:
        command._help_option = None
    ctx = click.Context(command, info_name=path[-1], parent=parent, terminal_width=WIDTH,
                        max_content_width=WIDTH)
    return command.get_help(ctx), ctx


def _walk(command: click.Command, path: list[str], parent, out: list[str]) -> None:
    text, ctx = _help(command, path, parent)
    level = "#" * min(len(path) + 1, 4)
    out += [f"{level} `{' '.join(path)}`", "", "```text", text.rstrip(), "```", ""]
    if isinstance(command, click.Group):
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                _walk(sub, [*path, name], ctx, out)


def render() -> str:
    from courtscreen.cli import cli

    out = ["# Command-line reference", "",
           "Generated from each command's `--help` by `python -m courtscreen.cli.reference > "
           "docs/cli.md`; do not edit by hand (tests/cli/test_cli_reference.py checks it).", ""]
    _walk(cli, ["courtscreen"], None, out)
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
