"""case roles: whose conduct is at issue, the protected persons, relationship and hearing

Existing cases get the defaults for their type (civil: the respondent's conduct and
the petitioner protected; criminal: the defendant's conduct and the victim), marked
as not yet confirmed (recorded = false). Conclusions keep their JSON: the element
decisions added by issue 21 are read from it with the old keys mapped (see
store.findings.get_conclusion), so no row is rewritten.

Revision ID: i21
Revises: i15
"""
import json
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = 'i21'
down_revision = 'i15'
branch_labels = None
depends_on = None

CRIMINAL = ("domestic_violence", "other_criminal")


def _defaults(criminal: bool) -> str:
    return json.dumps({"conduct_of": "defendant" if criminal else "respondent",
                       "protected": ["victim" if criminal else "petitioner"], "victim_name": "",
                       "relationship": "", "cohabited": "", "hearing_with_notice": "", "order_kind": "",
                       "order_date": "", "mutual": "no"})


def upgrade() -> None:
    table = op.create_table(
        'case_roles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('details_json', sa.Text(), nullable=False),
        sa.Column('recorded', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['court_case.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id'),
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":  # issue 17: the database logs every change of the roles too
        op.execute("SELECT courtscreen_audit_table('case_roles')")
    now = datetime.now(UTC)
    rows = conn.execute(sa.text("SELECT id, case_type FROM court_case")).all()
    if rows:
        op.bulk_insert(table, [{"case_id": cid, "details_json": _defaults(kind in CRIMINAL), "recorded": False,
                                "version": 1, "updated_at": now, "updated_by": "migration i21"}
                               for cid, kind in rows])


def downgrade() -> None:
    op.drop_table('case_roles')
