"""identity, permissions and audit that the database enforces

Revision ID: i17
Revises: 0005

- app_user.login: the PostgreSQL login role of each person (session_user maps to the user).
- audit_trail: the hash-chained audit trail (store/trail.py).
- PostgreSQL: group roles, privileges, row-change triggers and the chain's sealing trigger
  (store/security.py). When the migrating login may not create roles, the triggers are still
  installed and `courtscreen db secure` adds the groups and privileges later.

Existing users keep their names and roles and have no login yet: the administrator gives each one
with `courtscreen users set-login NAME --login LOGIN [--password-file F]` (docs/deployment.md).

A table added by a later migration gets the row-change trigger with one line in that migration:
    op.execute("SELECT courtscreen_audit_table('charge')")       # PostgreSQL only
    (courtscreen_audit_table('t', ARRAY['secret_column']) logs that column as "(confidential)")
"""
from alembic import op
import sqlalchemy as sa


revision = 'i17'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login', sa.String(length=63), nullable=True))
        batch_op.create_unique_constraint('uq_app_user_login', ['login'])
    op.create_table(
        'audit_trail',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('db_login', sa.String(length=63), nullable=False),
        sa.Column('user_name', sa.String(length=200), nullable=False),
        sa.Column('client_addr', sa.String(length=100), nullable=False),
        sa.Column('event', sa.String(length=30), nullable=False),
        sa.Column('table_name', sa.String(length=63), nullable=False),
        sa.Column('row_id', sa.String(length=100), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('row_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        from courtscreen.store.security import install

        for problem in install(bind):
            op.get_context().impl.static_output(f"-- not done: {problem}")
    else:
        # SQLite: the app writes the trail; these triggers stop courtscreen (or a slip with the sqlite3
        # shell) from editing audit rows. The file's owner can still drop them: SQLite protects nothing
        # beyond the file's permissions.
        for table in ('audit_trail', 'audit_entry'):
            for op_name in ('UPDATE', 'DELETE'):
                op.execute(f"CREATE TRIGGER {table}_no_{op_name.lower()} BEFORE {op_name} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: {op_name} on "
                           f"{table} is refused'); END")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        for table in ('screening', 'incident', 'conduct_conclusion', 'protected_detail',
                      'generated_document', 'app_user', 'import_batch', 'audit_entry'):
            op.execute(f"DROP TRIGGER IF EXISTS courtscreen_audit ON {table}")
        for table in ('audit_trail', 'audit_entry'):
            op.execute(f"DROP TRIGGER IF EXISTS courtscreen_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS courtscreen_no_truncate ON {table}")
    else:
        for table in ('audit_trail', 'audit_entry'):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    op.drop_table('audit_trail')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint('uq_app_user_login', type_='unique')
        batch_op.drop_column('login')
