"""party_match and party_match_key: each person's folded name and blocking keys, indexed

Revision ID: i15b
Revises: i17b

Linking compares a new docket's parties only with the parties sharing a blocking key
(store/link_index.py): the keys live in an indexed table, so an incremental run reads its
blocks in SQL instead of loading every party into Python, and the name frequencies the
evidence is weighed with are counted in SQL. Both tables are derived data: the next
linking fills them for every party that has no row (existing databases included), and a
deleted party takes its rows with it (ON DELETE CASCADE).
"""
from alembic import op
import sqlalchemy as sa


revision = 'i15b'
down_revision = 'i17b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'party_match',
        sa.Column('party_id', sa.Integer(), sa.ForeignKey('party.id', ondelete='CASCADE'),
                  primary_key=True),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('first', sa.String(length=100), nullable=False),
        sa.Column('middle', sa.String(length=5), nullable=False),
        sa.Column('last', sa.String(length=200), nullable=False),
        sa.Column('surname', sa.String(length=200), nullable=False),  # last without spaces
        sa.Column('suffix', sa.String(length=20), nullable=False),
        sa.Column('dob', sa.Date(), nullable=True),
        sa.Column('canon', sa.String(length=100), nullable=False),  # formal given name, '' if initial
        sa.Column('given', sa.String(length=100), nullable=False),  # canon, or the initial
        sa.Column('initials', sa.String(length=4), nullable=False),  # first letters, sorted
        sa.Column('person_key', sa.String(length=300), nullable=False),
    )
    op.create_index('ix_party_match_case', 'party_match', ['case_id'])
    op.create_index('ix_party_match_person_key', 'party_match', ['person_key'])
    op.create_index('ix_party_match_surname', 'party_match', ['surname', 'given'])
    op.create_index('ix_party_match_canon', 'party_match', ['canon'])
    op.create_table(
        'party_match_key',
        sa.Column('key', sa.BigInteger(), nullable=False),  # 64-bit hash of the blocking key
        sa.Column('party_id', sa.Integer(), sa.ForeignKey('party.id', ondelete='CASCADE'),
                  nullable=False),
        # the party's given name is an initial: a new "Robert Quill" reads only these of its
        # initial's block ("R. Quill"), not every Quill whose name starts with R
        sa.Column('initial', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('key', 'party_id'),
        sqlite_with_rowid=False,
    )
    op.create_index('ix_party_match_key_party', 'party_match_key', ['party_id'])
    op.create_table(  # docket-wide rates the evidence is weighed with, kept between runs
        'party_match_stat',
        sa.Column('name', sa.String(length=40), primary_key=True),
        sa.Column('value', sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('party_match_stat')
    op.drop_table('party_match_key')
    op.drop_table('party_match')
