"""indexes in the docket's own order, so a page is read without sorting every match

Revision ID: i19b
Revises: i15b

The worklist's first page (store/worklist.py page) used to sort every matching case: with
"state of" or a one-letter search that was all 50,000 of them, 50-100 ms per keystroke on
a quiet machine. These two indexes hold the cases in the worklist's order:

- ix_court_case_worklist_order: awaiting a screener first (an expression: the query uses
  the very same text, worklist.AWAITING_FIRST_SQL, so SQLite and PostgreSQL match it), then
  priority, then the hearing. The database walks it in order and stops after the page; only
  the hearing's "upcoming before past" step, which depends on today's date, is sorted, and
  only inside one priority.
- ix_court_case_hearing_order: the "Hearing date" sort, read upcoming / past / no date as
  three ranges of it.

Indexes only: no data changes, nothing to carry over; downgrade drops them.
"""
from alembic import op


revision = 'i19b'
down_revision = 'i15b'
branch_labels = None
depends_on = None

# Frozen copy of courtscreen.store.worklist.AWAITING_FIRST_SQL as of this revision (a test
# keeps them equal: if the query's text differs, no database uses the index).
AWAITING_FIRST_SQL = "CASE WHEN screening_status IN ('in_progress', 'not_screened') THEN 0 ELSE 1 END"


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_court_case_worklist_order ON court_case (({AWAITING_FIRST_SQL}), "
               "priority, hearing_date, hearing_time, case_number)")
    op.create_index('ix_court_case_hearing_order', 'court_case',
                    ['hearing_date', 'hearing_time', 'case_number'])


def downgrade() -> None:
    op.drop_index('ix_court_case_hearing_order', table_name='court_case')
    op.execute("DROP INDEX ix_court_case_worklist_order")
