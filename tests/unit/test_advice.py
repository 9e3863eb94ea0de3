"""Errors from the core are worded for the front end they appear in (courtscreen.advice)."""

from __future__ import annotations

import pytest

from courtscreen.advice import APP, CLI, Advice, AdvisedError, words_for
from courtscreen.exporting.service import ExportError, check_target


def test_the_cli_reads_flags_and_the_app_reads_its_controls(tmp_path):
    target = tmp_path / "docket.xlsx"
    target.write_bytes(b"")
    with pytest.raises(ExportError) as caught:
        check_target(target, overwrite=False)
    assert str(caught.value) == f"{target} already exists; choose another name, or replace it with --force"
    assert words_for(caught.value, CLI) == str(caught.value)
    assert words_for(caught.value, APP) == (f"{target} already exists; choose another name, or tick "
                                            "'Replace if it exists'")
    assert "--" not in words_for(caught.value, APP)


def test_an_error_without_advice_reads_the_same_everywhere():
    plain = AdvisedError("the folder x does not exist")
    assert words_for(plain, APP) == words_for(plain, CLI) == "the folder x does not exist"
    assert words_for(ValueError("bad"), APP) == "bad"
    assert AdvisedError("f", Advice(cli="c", app="a"), usage=True).usage is True


def test_generation_errors_keep_their_usage_flag():
    from courtscreen.documents.service import GenerationError

    exc = GenerationError("no such provision", usage=True)
    assert exc.usage and str(exc) == "no such provision"


def test_a_missing_court_form_answer_is_worded_for_each_front_end():
    from courtscreen.documents.questions import AnswerError, Question, parse_answers

    questions = (Question("term", "Term of probation", "text", (), None, True, ""),
                 Question("bond", "Bond amount", "money", (), None, True, ""))
    with pytest.raises(AnswerError) as caught:
        parse_answers(questions, {"bond": "lots"})
    assert "term: no answer given (Term of probation)" in str(caught.value)
    assert "'lots' is not an amount of money" in str(caught.value)
    assert "--set NAME=VALUE" in words_for(caught.value, CLI)
    assert words_for(caught.value, APP).endswith("answer it on the generate screen")
    assert "--" not in words_for(caught.value, APP)
