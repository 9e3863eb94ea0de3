"""an index on court_case (source_batch_id, repeat_party), for the linking after an import

Revision ID: i15c
Revises: i20c

The linking that follows an import (store.people.link_batch) starts from the parties of
the cases that import added or changed: the cases whose source_batch_id is the import's.
Without an index that was a scan of every case, the widest table of the database (each
case keeps its source row): 0.1-0.25 s of a 2 s linking at 250,000 cases, for 1,000.
The linking's report then counts the cases flagged as sharing a person with another
(repeat_party): with that column in the index too, the count reads the index, not every
case (0.08 -> 0.015 s at 250,000 cases).

Index only: no data changes, nothing to carry over; downgrade drops it.
"""
from alembic import op


revision = 'i15c'
down_revision = 'i20c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_court_case_source_batch', 'court_case', ['source_batch_id', 'repeat_party'])


def downgrade() -> None:
    op.drop_index('ix_court_case_source_batch', table_name='court_case')
