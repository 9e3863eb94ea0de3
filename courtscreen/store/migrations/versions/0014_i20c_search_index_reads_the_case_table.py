"""SQLite's search index reads the case table's search text instead of keeping a copy

Revision ID: i20c
Revises: i19b

The FTS5 table case_search kept its own copy of every case's search text (6.6 MB of the
126 MB a 130,000-row charge file gives) beside court_case.search_text, and an import wrote
that text twice. It becomes an external-content table (content='court_case',
content_rowid='id'): the same trigram index, the same matches, no copy. The index is rebuilt
from the cases already there ('rebuild' reads court_case), so every stored case stays
searchable.

Only SQLite: PostgreSQL searches court_case.search_text through a pg_trgm GIN index on that
column, which never held a copy. Downgrade puts the copying table back, filled from the cases.
"""
from alembic import op


revision = 'i20c'
down_revision = 'i19b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS case_search")
    op.execute("CREATE VIRTUAL TABLE case_search USING fts5(search_text, tokenize='trigram', "
               "content='court_case', content_rowid='id')")
    op.execute("INSERT INTO case_search(case_search) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS case_search")
    op.execute("CREATE VIRTUAL TABLE case_search USING fts5(search_text, tokenize='trigram')")
    op.execute("INSERT INTO case_search(rowid, search_text) SELECT id, search_text FROM court_case")
