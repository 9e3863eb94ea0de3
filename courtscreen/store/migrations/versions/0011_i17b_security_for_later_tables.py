"""database security for the tables added after i17, and ending a deactivated user's sessions

Revision ID: i17b
Revises: i20

The security functions, triggers and grants were installed once, by i17, so tables created by
later migrations (case_roles, docket_entry) had no row-audit trigger and kept DELETE for every
group. This re-runs the same install (it is idempotent) and adds courtscreen_end_sessions, which
lets an administrator end the open connections of a user just deactivated. SQLite: nothing.
"""
from alembic import op


revision = 'i17b'
down_revision = 'i20'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        from courtscreen.store.security import install

        for problem in install(bind):
            op.get_context().impl.static_output(f"-- not done: {problem}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        bind.exec_driver_sql("DROP FUNCTION IF EXISTS courtscreen_end_sessions(text)")
