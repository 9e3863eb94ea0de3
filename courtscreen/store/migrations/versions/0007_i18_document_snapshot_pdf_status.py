"""generated documents keep their fill data, their PDF and hash, and a status with its steps

Revision ID: i18
Revises: i17
"""
from alembic import op
import sqlalchemy as sa


revision = 'i18'
down_revision = 'i17'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing documents keep their rows: no snapshot ('{}'), no PDF recorded, status draft.
    with op.batch_alter_table('generated_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot_json', sa.Text(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('pdf_path', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('pdf_sha256', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='draft'))
    op.create_table('document_status_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['generated_document.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document_status_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_status_event_document_id'), ['document_id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':  # every change logged by the database (issue 17)
        op.execute("SELECT courtscreen_audit_table('document_status_event')")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS courtscreen_audit ON document_status_event")
    with op.batch_alter_table('document_status_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_status_event_document_id'))
    op.drop_table('document_status_event')
    with op.batch_alter_table('generated_document', schema=None) as batch_op:
        batch_op.drop_column('status')
        batch_op.drop_column('pdf_sha256')
        batch_op.drop_column('pdf_path')
        batch_op.drop_column('snapshot_json')
