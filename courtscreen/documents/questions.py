"""Questions a court form asks the clerk at generation time (term of probation, bond amount …).

Declared in the form's manifest:

    [questions.probation_term]
    label = "Term of probation"
    type = "choice"            # text | number | money | date | choice | yes_no
    choices = ["6 months", "12 months", "24 months"]
    default = "12 months"      # optional; a question without a default must be answered
    required = true            # default true

Answers are given in the app's generate screen, or on the CLI with
`--set NAME=VALUE` (or `--answers FILE.json`). Each answer reaches the template
under its own name and as answers.NAME: dates as ISO text (2026-03-01, use
|date_format), yes_no as true/false, numbers and money as text of digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from courtscreen.advice import Advice, AdvisedError

TYPES = ("text", "number", "money", "date", "choice", "yes_no")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
YES = {"yes", "y", "true", "1", "on"}
NO = {"no", "n", "false", "0", "off"}


class AnswerError(AdvisedError, ValueError):
    """An answer is missing or not of its question's type; the message names the question, and
    says per front end where a missing answer is given (the CLI's --set, the app's screen)."""


MISSING = Advice(cli="give it with --set NAME=VALUE or in an --answers file",
                 app="answer it on the generate screen")


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    type: str = "text"
    choices: tuple[str, ...] = ()
    default: str | None = None
    required: bool = True
    help: str = ""

    def example(self) -> str:
        if self.default not in (None, ""):
            return str(self.default)
        return {"number": "12", "money": "1500", "date": "2026-03-01", "yes_no": "yes",
                "choice": self.choices[0] if self.choices else ""}.get(self.type, f"(the {self.label})")

    def trial_values(self) -> list:
        """The values a check fills the template with: every choice, both yes/no, one example."""
        if self.type == "choice":  # the default first: the sample shows what a clerk gets unasked
            return sorted(self.choices, key=lambda c: c != self.default)
        if self.type == "yes_no":
            return [True, False]
        return [self.parse(self.example())] + ([""] if not self.required else [])

    def parse(self, raw) -> object:
        text = "" if raw is None else str(raw).strip()
        if isinstance(raw, bool) and self.type == "yes_no":
            return raw
        if not text:
            if self.required and self.default in (None, ""):
                raise AnswerError(f"{self.name}: no answer given ({self.label})", MISSING)
            text = "" if self.default is None else str(self.default)
            if not text:
                return False if self.type == "yes_no" else ""
        if self.type == "number":
            try:
                Decimal(text.replace(",", ""))
            except InvalidOperation:
                raise AnswerError(f"{self.name}: {text!r} is not a number ({self.label})") from None
            return text.replace(",", "")
        if self.type == "money":
            cleaned = text.replace(",", "").replace("$", "").strip()
            try:
                Decimal(cleaned)
            except InvalidOperation:
                raise AnswerError(f"{self.name}: {text!r} is not an amount of money, e.g. 1500 or "
                                  f"1,500.00 ({self.label})") from None
            return cleaned
        if self.type == "date":
            try:
                return date.fromisoformat(text).isoformat()
            except ValueError:
                raise AnswerError(f"{self.name}: {text!r} is not a date; write it as YYYY-MM-DD, e.g. "
                                  f"2026-03-01 ({self.label})") from None
        if self.type == "choice":
            match = next((c for c in self.choices if c.casefold() == text.casefold()), None)
            if match is None:
                raise AnswerError(f"{self.name}: {text!r} is not one of: {', '.join(self.choices)} "
                                  f"({self.label})")
            return match
        if self.type == "yes_no":
            if text.lower() in YES:
                return True
            if text.lower() in NO:
                return False
            raise AnswerError(f"{self.name}: {text!r} is not yes or no ({self.label})")
        return text


def parse_questions(raw, problems: list[str]) -> tuple[Question, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        problems.append("questions: write each question as a table [questions.NAME]")
        return ()
    out = []
    known = {"label", "type", "choices", "default", "required", "help"}
    for name, spec in raw.items():
        at = f"questions.{name}"
        if not NAME.match(name):
            problems.append(f"{at}: a question name uses letters, digits and _ and does not start with a "
                            "digit")
            continue
        if not isinstance(spec, dict):
            problems.append(f"{at}: write it as a table with label and type")
            continue
        problems += [f"{at}.{k}: not a question key (keys: {', '.join(sorted(known))})" for k in spec
                     if k not in known]
        qtype = spec.get("type", "text")
        if qtype not in TYPES:
            problems.append(f"{at}.type: {qtype!r} is not one of {', '.join(TYPES)}")
            continue
        choices = tuple(str(c) for c in spec.get("choices", ()))
        if qtype == "choice" and not choices:
            problems.append(f"{at}.choices: a choice question lists its choices, e.g. choices = "
                            "[\"weekly\", \"monthly\"]")
            continue
        default = spec.get("default")
        q = Question(name, str(spec.get("label") or name), qtype, choices,
                     None if default is None else str(default).lower() if isinstance(default, bool)
                     else str(default), bool(spec.get("required", True)), str(spec.get("help", "")))
        if default is not None:
            try:
                q.parse(q.default)
            except AnswerError as exc:
                problems.append(f"{at}.default: {exc}")
                continue
        out.append(q)
    return tuple(out)


def parse_answers(questions: tuple[Question, ...], given: dict) -> dict:
    """Every question's value (given, else its default); AnswerError lists every problem at once."""
    names = {q.name for q in questions}
    problems = [f"{k}: the form asks no such question (its questions: {', '.join(sorted(names)) or 'none'})"
                for k in given if k not in names]
    out, advice = {}, None
    for q in questions:
        try:
            out[q.name] = q.parse(given.get(q.name))
        except AnswerError as exc:
            problems.append(exc.fact)
            advice = advice or exc.advice
    if problems:
        raise AnswerError("; ".join(problems), advice)
    return out
