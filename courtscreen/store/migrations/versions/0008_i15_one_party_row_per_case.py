"""people: one party row per party of each case; linking state per import

Revision ID: i15
Revises: i18

Before this revision the import made one party row for every party with the same
name key and date of birth, so "Williams" of six cases was one row, and in "AKWAR
VS AKWAR" one row was both petitioner and respondent. Identity is now the linker's
(on evidence) or a person's to decide, so this migration:

- splits every party row named more than once: the first (case, role) keeps the
  row and its id (so every confirmed or rejected decision recorded on it stays);
  each other occurrence gets a copy of the row;
- links each copy in another case to the original with status "linked" and says
  why ("one party row before ..."), so nothing that was connected before is silently
  disconnected; the next `courtscreen people link` re-weighs these links on the
  evidence and keeps, demotes or drops them (decisions are never changed);
- never links a copy in the same case as the original (X VS X: two people);
- adds import_batch.people_linked_at: when the linker finished that import's
  parties (NULL: linking is owed, e.g. the process was killed while linking).
  Earlier imports are taken as linked.
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = 'i15'
down_revision = 'i18'
branch_labels = None
depends_on = None

NOTE = ("one party row before each case party got its own row (migration i15); "
        "re-checked by `courtscreen people link`")


def upgrade() -> None:
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('people_linked_at', sa.DateTime(timezone=True), nullable=True))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE import_batch SET people_linked_at = imported_at"))
    _split_shared_party_rows(conn)


def _split_shared_party_rows(conn) -> None:
    md = sa.MetaData()
    md.reflect(conn, only=["party", "case_party", "party_link", "party_person"])
    party, lk, link, person = (md.tables[n] for n in ("party", "case_party", "party_link",
                                                        "party_person"))
    shared = [pid for (pid,) in conn.execute(
        sa.select(lk.c.party_id).group_by(lk.c.party_id).having(sa.func.count() > 1))]
    if not shared:
        return
    now = datetime.now(UTC)
    columns = [c.name for c in party.columns if c.name != "id"]
    for pid in shared:
        row = conn.execute(sa.select(*[party.c[c] for c in columns]).where(party.c.id == pid)).one()
        occurrences = conn.execute(sa.select(lk.c.case_id, lk.c.role).where(lk.c.party_id == pid)
                                   .order_by(lk.c.case_id, lk.c.role)).all()
        first_case = occurrences[0][0]
        group = conn.scalar(sa.select(person.c.person_id).where(person.c.party_id == pid))
        organisation = bool(row._mapping["is_organisation"])
        copies = []
        for case_id, role in occurrences[1:]:
            new_id = conn.execute(sa.insert(party).values(**row._mapping).returning(party.c.id)).scalar_one()
            conn.execute(sa.update(lk).where(lk.c.party_id == pid, lk.c.case_id == case_id,
                                             lk.c.role == role).values(party_id=new_id))
            copies.append((new_id, case_id))
        for new_id, case_id in copies:
            if organisation or case_id == first_case:
                continue  # organisations link nobody; two parties of one case are two people
            conn.execute(sa.insert(link).values(party_a=pid, party_b=new_id, confidence=90,
                                                reasons=NOTE, status="linked", decided_by="",
                                                decided_at=None, updated_at=now))
            if group is None:
                group = pid
                conn.execute(sa.insert(person).values(party_id=pid, person_id=pid))
            conn.execute(sa.insert(person).values(party_id=new_id, person_id=group))


def downgrade() -> None:
    # The split rows stay split (merging them again would join people a person kept apart).
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('people_linked_at')
