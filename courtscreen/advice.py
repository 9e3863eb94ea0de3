"""What to do next, worded for the front end the message appears in.

The core states the fact ("x.xlsx already exists") and what can be done about it for each front
end: the command line names its flags, the app names its own controls. A clerk in the app is
never told to type `--force`, and a CLI user is never told to tick a box.

    raise ExportError(f"{path} already exists",
                      advice=Advice(cli="choose another name, or replace it with --force",
                                    app="choose another name, or tick 'Replace'"))

str(error) is the command-line wording (the CLI prints errors as they are); the app shows
words_for(error, APP).
"""

from __future__ import annotations

from dataclasses import dataclass

CLI, APP = "cli", "app"


@dataclass(frozen=True)
class Advice:
    cli: str
    app: str

    def words(self, front_end: str) -> str:
        return self.app if front_end == APP else self.cli


class AdvisedError(Exception):
    """An error with a front-end-neutral fact and advice per front end."""

    def __init__(self, fact: str, advice: Advice | None = None, **extra) -> None:
        self.fact, self.advice = fact, advice
        super().__init__(self.words(CLI))
        for name, value in extra.items():
            setattr(self, name, value)

    def words(self, front_end: str) -> str:
        return f"{self.fact}; {self.advice.words(front_end)}" if self.advice else self.fact


def words_for(error: BaseException, front_end: str = APP) -> str:
    """The message of any error, in the words of front_end when it has advice."""
    return error.words(front_end) if isinstance(error, AdvisedError) else str(error)
