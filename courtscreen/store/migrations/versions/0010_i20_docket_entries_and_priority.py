"""docket entries (every charge and hearing row) and triage priority

Revision ID: i20
Revises: i21

Existing cases keep their source row as their first docket entry, their search text
gains their charge / hearing text, and their priority is worked out from the flags
they already carry.
"""
from alembic import op
import sqlalchemy as sa


revision = 'i20'
down_revision = 'i21'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of court_case: tables referencing it would block the copy).
    op.add_column('court_case', sa.Column('triage_rank', sa.Integer(), nullable=False,
                                          server_default='50'))
    op.add_column('court_case', sa.Column('cross_case', sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    op.add_column('court_case', sa.Column('priority', sa.Integer(), nullable=False,
                                          server_default='50'))
    op.create_index('ix_court_case_priority', 'court_case', ['priority'], unique=False)
    op.create_table(
        'docket_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('code', sa.String(length=200), nullable=False),
        sa.Column('severity', sa.String(length=100), nullable=False),
        sa.Column('disposition', sa.String(length=300), nullable=False),
        sa.Column('disposition_date', sa.Date(), nullable=True),
        sa.Column('entry_date', sa.Date(), nullable=True),
        sa.Column('entry_time', sa.Time(), nullable=True),
        sa.Column('judge', sa.String(length=200), nullable=False),
        sa.Column('source_batch_id', sa.Integer(), nullable=True),
        sa.Column('source_row', sa.Integer(), nullable=True),
        sa.Column('source_json', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['court_case.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['source_batch_id'], ['import_batch.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_docket_entry_case_id', 'docket_entry', ['case_id'], unique=False)
    op.execute(
        "INSERT INTO docket_entry (case_id, seq, kind, text, code, severity, disposition, "
        "disposition_date, entry_date, entry_time, judge, source_batch_id, source_row, source_json) "
        "SELECT id, 1, 'hearing', nature, '', '', '', NULL, hearing_date, hearing_time, judge, "
        "source_batch_id, source_row, source_json FROM court_case"
    )
    # Charge / hearing text becomes searchable.
    op.execute("UPDATE court_case SET search_text = search_text || ' ' || lower(nature) "
               "WHERE nature <> ''")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DELETE FROM case_search")
        op.execute("INSERT INTO case_search(rowid, search_text) SELECT id, search_text FROM court_case")
    # Priority from the flags each case already has (a few dozen distinct flag sets).
    from courtscreen.domain.triage import TriageRules

    rules = TriageRules.load()
    for (flags,) in bind.execute(sa.text("SELECT DISTINCT flags FROM court_case")).fetchall():
        rank = rules.priority([c for c in (flags or "").split(",") if c])
        bind.execute(sa.text("UPDATE court_case SET triage_rank = :r, priority = :r "
                             "WHERE flags = :f"), {"r": rank, "f": flags})


def downgrade() -> None:
    op.drop_index('ix_docket_entry_case_id', table_name='docket_entry')
    op.drop_table('docket_entry')
    with op.batch_alter_table('court_case', schema=None) as batch_op:
        batch_op.drop_index('ix_court_case_priority')
        batch_op.drop_column('priority')
        batch_op.drop_column('cross_case')
        batch_op.drop_column('triage_rank')
