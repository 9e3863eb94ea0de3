"""The JSON-lines protocol between the app and its job processes (courtscreen.jobs), pinned.

A change to these lines is a change of protocol: bump PROTOCOL_VERSION and say so, because an
app and a job child of different versions must refuse each other rather than misread.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from courtscreen.jobs import protocol
from courtscreen.jobs.process import JobProcess
from courtscreen.jobs.protocol import Cancelled, Failed, JobProblem, Progress, Result

REPO = Path(__file__).resolve().parents[2]
SAMPLE_CSV = REPO / "fixtures" / "sample_docket.csv"


def test_the_version_1_lines_are_pinned():
    assert protocol.PROTOCOL_VERSION == 1
    assert protocol.encode(Progress("Saving", 4000, 20000)) == (
        '{"protocol":1,"stage":"Saving","done":4000,"total":20000,"type":"progress"}')
    assert json.loads(protocol.encode(JobProblem("link_failed", "boom", "error", row=3,
                                                 column="F 'Hearing Date'", field="hearing_date",
                                                 values={"cell": "02/30"}))) == {
        "protocol": 1, "type": "problem", "code": "link_failed", "message": "boom",
        "severity": "error", "row": 3, "column": "F 'Hearing Date'", "field": "hearing_date",
        "values": {"cell": "02/30"}}
    assert json.loads(protocol.encode(Result("import", {"added": 2}))) == {
        "protocol": 1, "type": "result", "job": "import", "data": {"added": 2}}
    assert json.loads(protocol.encode(Cancelled("import"))) == {
        "protocol": 1, "type": "cancelled", "job": "import", "changed": False}
    assert json.loads(protocol.encode(Failed("import", "job_failed", "x.csv: no such file"))) == {
        "protocol": 1, "type": "failed", "job": "import", "code": "job_failed",
        "message": "x.csv: no such file", "changed": False}
    assert json.loads(protocol.start_line("link", {"batch_id": 4})) == {
        "protocol": 1, "type": "start", "job": "link", "params": {"batch_id": 4}}
    assert json.loads(protocol.cancel_line()) == {"protocol": 1, "type": "cancel"}


@pytest.mark.parametrize("message", [Progress("Reading", 0, None), JobProblem("c", "m"),
                                     Result("preview", {"lines": ["a"]}), Cancelled("import"),
                                     Failed("link", "internal", "KeyError: 'x'")])
def test_every_message_survives_the_line(message):
    line = protocol.encode(message)
    assert "\n" not in line
    assert protocol.decode(line) == message


@pytest.mark.parametrize("line", ['{"protocol":2,"type":"progress","stage":"x","done":1,"total":2}',
                                  '{"type":"progress","stage":"x","done":1,"total":2}',
                                  "Compared 300 people in 0.4 s; people: 3 new links",
                                  '{"protocol":1,"type":"shout"}',
                                  '{"protocol":1,"type":"progress","stage":"x"}'])
def test_a_reader_refuses_what_is_not_version_1(line):
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(line)


def run_child(start: str, timeout: float = 120) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "courtscreen.jobs.child"], input=start + "\n",
                          capture_output=True, text=True, timeout=timeout, cwd=REPO)
    assert done.returncode in (0, 2), done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_child_previews_a_docket_in_protocol_lines():
    lines = run_child(protocol.start_line("preview", {"path": str(SAMPLE_CSV)}))
    assert all(line["protocol"] == 1 for line in lines)
    assert [line["type"] for line in lines][-1] == "result"
    assert {line["type"] for line in lines[:-1]} == {"progress"}
    assert "300 cases from 303 rows; 3 rows would not be imported. Nothing was changed." in \
        lines[-1]["data"]["lines"]


def test_the_child_answers_a_bad_start_with_a_failed_line():
    assert run_child("hello")[-1]["type"] == "failed"
    assert run_child(protocol.start_line("format_disk", {}))[-1] == {
        "protocol": 1, "type": "failed", "job": "format_disk", "code": "protocol",
        "message": "unknown job 'format_disk'", "changed": False}


def test_import_then_link_in_a_child_process(tmp_path):
    """The import job saves the cases and links people in its own process; the result is data."""
    from courtscreen.store.database import make_engine

    url = f"sqlite:///{tmp_path / 'job.sqlite'}"
    docket = shutil.copy(SAMPLE_CSV, tmp_path / "d.csv")
    got = []
    job = JobProcess("import", {"path": str(docket), "database_url": url, "user": "clerk"},
                     got.append)
    assert job.wait(300)
    final = got[-1]
    assert final.type == "result", final
    assert (final.data["added"], final.data["updated"]) == (300, 0)
    assert final.data["link"]["repeat_cases"] > 0
    assert not final.data["cancel_came_too_late"]
    assert any(m.type == "progress" and m.stage == "Linking people across cases" for m in got)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            import sqlalchemy as sa

            assert conn.scalar(sa.text("select count(*) from court_case")) == 300
    finally:
        engine.dispose()


def test_a_cancelled_import_writes_nothing(tmp_path, monkeypatch):
    from courtscreen.jobs.child import PACE_ENV

    url = f"sqlite:///{tmp_path / 'job.sqlite'}"
    docket = shutil.copy(SAMPLE_CSV, tmp_path / "d.csv")
    monkeypatch.setenv(PACE_ENV, "0.5")
    got = []
    job = JobProcess("import", {"path": str(docket), "database_url": url, "user": "clerk"},
                     got.append)
    job.cancel()
    assert job.wait(120)
    assert got[-1] == Cancelled("import")
    from courtscreen.store.database import make_engine

    engine = make_engine(url)
    try:
        import sqlalchemy as sa

        with engine.connect() as conn:
            names = set(sa.inspect(conn).get_table_names())
            if "court_case" in names:
                assert conn.scalar(sa.text("select count(*) from court_case")) == 0
                assert conn.scalar(sa.text("select count(*) from import_batch")) == 0
    finally:
        engine.dispose()


def test_people_link_json_prints_one_protocol_line(tmp_path):
    """`courtscreen people link --json`: a program reads a version-1 result, not a sentence."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    env = {"COURTSCREEN_DATABASE_URL": url, "COURTSCREEN_USER": "clerk",
           "COURTSCREEN_DATA_DIR": str(tmp_path / "data")}
    import os

    env = {**os.environ, **env}
    done = subprocess.run([sys.executable, "-m", "courtscreen", "import", str(SAMPLE_CSV), "--no-link"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert done.returncode in (0, 3), done.stderr
    done = subprocess.run([sys.executable, "-m", "courtscreen", "people", "link", "--json"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    message = protocol.decode(done.stdout.strip())
    assert message.type == "result" and message.job == "link"
    assert set(message.data["link"]) == {"parties_checked", "new_links", "new_suggestions", "people",
                                         "repeat_cases", "seconds"}


def test_the_export_job_writes_the_filtered_cases_and_words_its_problems_for_the_app(tmp_path):
    """The export runs in a child like the import: the filter travels as JSON, the result is
    data in the app's words, and a refusal names the app's control (not --force)."""
    from datetime import date

    import openpyxl

    from courtscreen.domain.case_types import CaseType, CaseTypeRules
    from courtscreen.importing.service import ImportOptions, import_docket
    from courtscreen.jobs.filters import filter_from_json, filter_to_json
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import upgrade
    from courtscreen.store.worklist import WorklistFilter, count

    url = f"sqlite:///{tmp_path / 'job.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    import_docket(engine, SAMPLE_CSV, ImportOptions(), CaseTypeRules.load(), "clerk")
    f = WorklistFilter(case_types=frozenset({CaseType.CUSTODY}), search="a", flagged_only=True,
                       today=date(2026, 11, 23))
    assert filter_from_json(json.loads(json.dumps(filter_to_json(f)))) == f
    expected = count(engine, f)
    engine.dispose()
    assert 0 < expected < 300
    out = tmp_path / "custody.xlsx"
    params = {"path": str(out), "filter": filter_to_json(f), "database_url": url, "user": "clerk"}
    got = []
    job = JobProcess("export", params, got.append)
    assert job.wait(300)
    assert got[-1].type == "result", got[-1]
    assert got[-1].data["cases"] == expected
    assert got[-1].data["lines"][0] == f"Exported {expected:,} cases to {out}"
    assert "--" not in " ".join(got[-1].data["lines"])
    rows = list(openpyxl.load_workbook(out)["Docket"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == expected

    again = []
    job = JobProcess("export", params, again.append)
    assert job.wait(300)
    assert again[-1].type == "failed" and "already exists" in again[-1].message
    assert "Replace if it exists" in again[-1].message and "--force" not in again[-1].message


def _batch_docket(tmp_path):
    """A database with the sample docket; the first protection-order case has findings that
    support the protection addendum, the others none. Returns (settings, case ids, that case)."""
    from datetime import date

    import sqlalchemy as sa

    from courtscreen.config import Settings
    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.domain.findings import Conclusion, parse_incident
    from courtscreen.importing.service import ImportOptions, import_docket
    from courtscreen.store import findings
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import upgrade

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'job.sqlite'}", user="clerk",
                        data_dir=tmp_path / "data")
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        import_docket(engine, SAMPLE_CSV, ImportOptions(), CaseTypeRules.load(), "clerk")
        with engine.connect() as conn:
            ids = [i for (i,) in conn.execute(sa.text(
                "select id from court_case where case_type = 'protection_order' order by case_number "
                "limit 4"))]
        findings.add_incidents(engine, ids[0], [parse_incident(
            {"when": "2026-10-05", "description": "hid a tracker on the petitioner's car",
             "finding": "proven", "methods": ["gps_tracker"], "areas": ["surveillance"],
             "behaviours": ["gps_tracker"]}, date(2026, 11, 1))], "clerk")
        findings.save_conclusion(engine, ids[0], Conclusion(), Conclusion("the petitioner"), "clerk")
    finally:
        engine.dispose()
    return settings, ids


def _documents(settings) -> int:
    import sqlalchemy as sa

    from courtscreen.store.database import make_engine

    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text("select count(*) from generated_document"))
    finally:
        engine.dispose()


def test_the_batch_job_generates_per_case_and_reports_each_refusal_as_a_problem(tmp_path):
    from courtscreen.jobs.settings_json import settings_from_json, settings_to_json

    settings, ids = _batch_docket(tmp_path)
    assert settings_from_json(json.loads(json.dumps(settings_to_json(settings)))) == settings
    got = []
    job = JobProcess("batch", {"settings": settings_to_json(settings), "form_id": "protection_addendum",
                               "case_ids": ids}, got.append)
    assert job.wait(300)
    final = got[-1]
    assert final.type == "result" and final.job == "batch", final
    assert (final.data["total"], final.data["done"], final.data["cancelled"]) == (4, 4, False)
    outcomes = final.data["outcomes"]
    assert [o["case_id"] for o in outcomes] == ids
    assert outcomes[0]["ok"] and outcomes[0]["version"] == 1 and Path(outcomes[0]["path"]).is_file()
    problems = [m for m in got if m.type == "problem"]
    assert [p.values["case_id"] for p in problems] == ids[1:]
    assert all(p.code == "document_not_made" and p.field == "protection_addendum" and p.values["case_number"]
               and "no provision of protection_addendum is supported" in p.message for p in problems)
    assert [m.done for m in got if m.type == "progress"][-1] == 4
    assert _documents(settings) == 1


def test_a_batch_cancelled_before_its_first_document_makes_nothing(tmp_path, monkeypatch):
    from courtscreen.jobs.child import PACE_ENV
    from courtscreen.jobs.settings_json import settings_to_json

    settings, ids = _batch_docket(tmp_path)
    monkeypatch.setenv(PACE_ENV, "0.5")
    got = []
    job = JobProcess("batch", {"settings": settings_to_json(settings), "form_id": "protection_addendum",
                               "case_ids": ids}, got.append)
    job.cancel()
    assert job.wait(120)
    assert got[-1] == Cancelled("batch")
    assert _documents(settings) == 0
    folder = settings.documents_dir
    assert not folder.exists() or not any(folder.rglob("*.docx"))
