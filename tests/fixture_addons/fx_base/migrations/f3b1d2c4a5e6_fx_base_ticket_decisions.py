"""fx_base: when and by whom a ticket was approved, why it was rejected

Revision ID: f3b1d2c4a5e6
Revises: ea353476ca09
Create Date: 2026-12-01 09:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'f3b1d2c4a5e6'
down_revision = 'ea353476ca09'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('fx_ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('approved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reject_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key('fk_fx_ticket_approved_by_id_ab_user', 'ab_user',
                                    ['approved_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('fx_ticket', schema=None) as batch_op:
        batch_op.drop_constraint('fk_fx_ticket_approved_by_id_ab_user', type_='foreignkey')
        batch_op.drop_column('reject_reason')
        batch_op.drop_column('approved_by_id')
        batch_op.drop_column('approved_at')
