"""The linker's index: each person's folded name and blocking keys, in indexed tables.

Linking a new docket compares its parties only with the parties that share a blocking
key (domain.blocking.blocking_keys). Those keys live in party_match_key (key,
party_id), indexed, so an incremental run asks SQL for its blocks and loads only the
parties in them, never every party of the database. party_match holds each person's
folded name (first, middle initial, surname, date of birth, case), from which the name
frequencies the evidence is weighed with are counted in SQL, for just the names a run
needs. Both are derived data: `sync` fills them for parties that have no row yet (a
database upgraded from before they existed is filled by its first linking), and a
deleted party takes its rows with it (ON DELETE CASCADE).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.domain.blocking import MAX_BLOCK, blocking_keys
from courtscreen.domain.link_evidence import NameFrequencies, family_from, recurrence_from
from courtscreen.domain.party_matching import PartyName, formal_names
from courtscreen.store.tables import reflected, tables

CHUNK = 900  # SQLite's limit on bound parameters is 999 in old builds


def key_hash(key: str) -> int:
    """A blocking key as a signed 64-bit number (smaller and faster to index than its text).
    Two keys with one hash only make a block a little bigger: every pair is still compared
    on its names."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big",
                          signed=True)


@dataclass(frozen=True)
class _IndexTables:
    match: sa.Table
    key: sa.Table
    stat: sa.Table


def _it(engine: Engine) -> _IndexTables:
    return _IndexTables(*reflected(engine, ("party_match", "party_match_key", "party_match_stat")))


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def among(conn: Connection, col, ids) -> sa.ColumnElement:
    """col IN ids, as one bound value (a JSON array on SQLite, an array on PostgreSQL): no
    999-parameter chunks, and nothing to compile per id."""
    ids = [int(i) for i in ids]
    if conn.dialect.name == "sqlite":
        each = sa.func.json_each(sa.literal(json.dumps(ids))).table_valued("value")
        return col.in_(sa.select(each.c.value))
    return col == sa.any_(sa.literal(ids, sa.ARRAY(sa.BigInteger)))


def _among_text(conn: Connection, col, values) -> sa.ColumnElement:
    values = [str(v) for v in values]
    if conn.dialect.name == "sqlite":
        each = sa.func.json_each(sa.literal(json.dumps(values))).table_valued("value")
        return col.in_(sa.select(each.c.value))
    return col == sa.any_(sa.literal(values, sa.ARRAY(sa.String)))


# --------------------------------------------------------------------------- filling the index


def sync(engine: Engine, conn: Connection, scope: set[int] | None,
         stored: list[tuple] | None = None) -> int:
    """Index the people (not organisations) that have no row yet: those of scope, or every
    one when scope is None or the index is empty (its first run). Returns how many.
    stored: given a list, each indexed person's row is appended to it as stored (see
    from_stored: a first run then has every person without reading them back)."""
    t, it = tables(engine), _it(engine)
    party, lk, match = t.party, t.case_party, it.match
    q = (sa.select(party.c.id, party.c.first_name, party.c.middle_name, party.c.last_name,
                   party.c.suffix, party.c.dob, sa.func.min(lk.c.case_id))
         .join(lk, lk.c.party_id == party.c.id)
         .join(match, match.c.party_id == party.c.id, isouter=True)
         .where(match.c.party_id.is_(None), sa.not_(party.c.is_organisation))
         .group_by(party.c.id, party.c.first_name, party.c.middle_name, party.c.last_name,
                   party.c.suffix, party.c.dob))
    empty = conn.scalar(sa.select(match.c.party_id).limit(1)) is None
    rows = []
    if scope is None or empty:
        rows = conn.execute(q).all()
    else:
        for part in _chunks(sorted(scope)):
            rows += conn.execute(q.where(party.c.id.in_(part))).all()
    # Most keys are shared (every John Smith has n:smith|jo): a first 250,000-case run has
    # 2.5 million key rows of 290,000 keys, each hashed once here.
    hashes: dict[str, int] = {}
    # In chunks: a first run's 500,000 parties make ~4 million key rows, which held at once
    # were the largest thing a full linking kept in memory.
    for start in range(0, len(rows), SYNC_CHUNK):
        names, keys = [], []
        for pid, first, middle, last, suffix, dob, cid in rows[start:start + SYNC_CHUNK]:
            p = PartyName.of(pid, first, middle, last, suffix, dob, case_id=cid)
            names.append((pid, cid, p.first[:100], p.middle, p.last[:200], p.compact_last[:200],
                          p.suffix[:20], dob, p.canon[:100], (p.canon or p.first)[:100],
                          p.initials, p.person_key[:300]))
            for k in blocking_keys(p):
                if (h := hashes.get(k)) is None:
                    h = hashes[k] = key_hash(k)
                keys.append((h, pid, p.initial_only))
        # In the key table's own order (its primary key, key then party): SQLite then writes
        # each page of it once per chunk instead of at random (17.7 -> 13.8 s of inserts at 250k).
        keys.sort()
        _insert_many(conn, it.match, MATCH_COLUMNS, names)
        _insert_many(conn, it.key, ("key", "party_id", "initial"), keys)
        if stored is not None:
            stored += [(n[0], n[1], n[2], n[3], n[4], n[6], n[7], n[11]) for n in names]
    return len(rows)


SYNC_CHUNK = 20_000


MATCH_COLUMNS = ("party_id", "case_id", "first", "middle", "last", "surname", "suffix", "dob",
                 "canon", "given", "initials", "person_key")


def _insert_many(conn: Connection, table: sa.Table, columns: tuple[str, ...], rows: list[tuple]
                 ) -> None:
    """Bulk insert through the driver (SQLAlchemy's per-row dictionaries cost seconds for the
    million key rows of a big docket)."""
    if not rows:
        return
    cols = ", ".join(columns)
    if conn.dialect.name == "sqlite":
        sql = f"INSERT INTO {table.name} ({cols}) VALUES ({', '.join('?' * len(columns))})"
    else:
        sql = f"INSERT INTO {table.name} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
    cur = conn.connection.dbapi_connection.cursor()
    try:
        for part in _chunks(rows, 50000):
            cur.executemany(sql, part)
    finally:
        cur.close()


# --------------------------------------------------------------------------- reading it


def _names(rows: Iterable, keys_of: dict[int, list[tuple[int, str]]] | None = None
           ) -> list[PartyName]:
    out = []
    for pid, cid, first, middle, last, suffix, dob in rows:
        co = frozenset()
        if keys_of is not None and cid in keys_of:
            co = frozenset(k for other, k in keys_of[cid] if other != pid and k)
        out.append(PartyName(pid, first, middle, last, suffix, dob, cid, co))
    return out


def _cols(match: sa.Table):
    return (match.c.party_id, match.c.case_id, match.c.first, match.c.middle, match.c.last,
            match.c.suffix, match.c.dob)


def load_all(engine: Engine, conn: Connection) -> list[PartyName]:
    """Every indexed person still named in a case, with co-party keys (a full run)."""
    match, lk = _it(engine).match, tables(engine).case_party
    in_case = sa.exists().where(lk.c.party_id == match.c.party_id)
    keys_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pid, cid, key in conn.execute(sa.select(match.c.party_id, match.c.case_id,
                                                match.c.person_key).where(in_case)):
        if key:
            keys_of[cid].append((pid, key))
    rows = conn.execute(sa.select(*_cols(match)).where(in_case).order_by(match.c.party_id))
    return _names(rows, keys_of=keys_of)


def from_stored(stored: list[tuple]) -> list[PartyName]:
    """What load_all reads, from the rows sync just wrote (when it indexed every person: a first
    run), without reading them back: the same people in the same order, with the same
    co-party keys."""
    stored.sort(key=lambda r: r[0])
    keys_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pid, cid, *_, key in stored:
        if key:
            keys_of[cid].append((pid, key))
    people = _names((r[:7] for r in stored), keys_of=keys_of)
    stored.clear()
    return people


@dataclass(frozen=True)
class Neighbourhood:
    """What an incremental run needs: the new parties, every party sharing a block with one
    of them, and the other parties of all their cases (co-party evidence)."""

    people: list[PartyName]  # scope and candidates (their co-party keys are not filled in)
    scope: set[int]
    mates: object  # (conn, case ids) -> {case id: its people}: see _mates
    blocks: dict[str, list[PartyName]] | None = None  # key -> its members, as read from SQL


def neighbourhood(engine: Engine, conn: Connection, scope: set[int]) -> Neighbourhood:
    it, lk = _it(engine), tables(engine).case_party
    match, key = it.match, it.key
    in_case = sa.exists().where(lk.c.party_id == match.c.party_id)
    mine = _names(conn.execute(sa.select(*_cols(match)).where(among(conn, match.c.party_id, scope),
                                                               in_case)))
    every: set[int] = set()  # keys whose whole block is read
    initials_of: set[int] = set()  # keys of which only the parties named by an initial are read
    text: dict[int, str] = {}  # hash -> key (the blocks are read by hash, paired by kind)
    own: dict[int, list[int]] = defaultdict(list)  # hash -> the new parties with that key
    for p in mine:
        for k in blocking_keys(p):
            h = key_hash(k)
            text[h] = k
            own[h].append(p.id)
            (initials_of if k.startswith("i:") and not p.initial_only else every).add(h)
    initials_of -= every
    # Block members come from the key table itself: the candidates' keys are never worked out
    # again in Python (the rows named in the blocks are only read, not re-keyed).
    members = _block_members(conn, key, every)
    for h, pid in conn.execute(sa.select(key.c.key, key.c.party_id).where(
            among(conn, key.c.key, initials_of), key.c.initial)):
        members[h].add(pid)
    for h in initials_of:
        if members.get(h):
            members[h].update(own[h])
    mine_ids = {p.id for p in mine}
    others = set().union(*members.values()) - mine_ids if members else set()
    people = mine + _names(conn.execute(sa.select(*_cols(match)).where(
        among(conn, match.c.party_id, others), in_case)))
    by_id = {p.id: p for p in people}
    blocks = {text[h]: [by_id[i] for i in ids if i in by_id] for h, ids in members.items()}
    return Neighbourhood(people, scope & mine_ids, _mates(engine), blocks)


def _block_members(conn: Connection, key: sa.Table, every: set[int]) -> dict[int, set[int]]:
    """key -> its parties, for the keys of `every` whose block has 2 to MAX_BLOCK parties.
    On SQLite each block comes as one row (its parties joined by commas, in the key table's
    order), not one row per party: 160,000 rows fewer for 1,000 cases at 250,000."""
    members: dict[int, set[int]] = defaultdict(set)
    if conn.dialect.name == "sqlite":
        n = sa.func.count()
        for h, ids in conn.execute(
                sa.select(key.c.key, sa.case((n <= MAX_BLOCK, sa.func.group_concat(key.c.party_id)),
                                             else_=None))
                .where(among(conn, key.c.key, every)).group_by(key.c.key).having(n > 1)):
            if ids is not None:
                members[h].update(map(int, ids.split(",")))
        return members
    sizes = dict(conn.execute(sa.select(key.c.key, sa.func.count())
                              .where(among(conn, key.c.key, every)).group_by(key.c.key)).all())
    wanted = [k for k in every if 1 < sizes.get(k, 0) <= MAX_BLOCK]
    for h, pid in conn.execute(sa.select(key.c.key, key.c.party_id).where(among(conn, key.c.key,
                                                                              wanted))):
        members[h].add(pid)
    return members


def _mates(engine: Engine):
    """A loader: case ids -> the people of those cases (with their co-party keys), asked for only
    the cases of the pairs whose names could be one person's."""
    match, lk = _it(engine).match, tables(engine).case_party
    in_case = sa.exists().where(lk.c.party_id == match.c.party_id)

    def load(conn: Connection, case_ids: set[int]) -> dict[int, list[PartyName]]:
        rows = conn.execute(sa.select(*_cols(match), match.c.person_key)
                            .where(among(conn, match.c.case_id, case_ids), in_case)).all()
        keys_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for r in rows:
            if r[7]:
                keys_of[r[1]].append((r[0], r[7]))
        out: dict[int, list[PartyName]] = defaultdict(list)
        for p in _names((r[:7] for r in rows), keys_of=keys_of):
            out[p.case_id].append(p)
        return out

    return load


# --------------------------------------------------------------------------- name frequencies


def frequencies(engine: Engine, conn: Connection, people: list[PartyName],
                refresh: bool = False, paired: list[PartyName] | None = None) -> NameFrequencies:
    """The database's name frequencies for the names of `people` (counted in SQL over every
    indexed party), and the docket-wide rates (recomputed when refresh, else kept from the
    last full run). paired: the people of the pairs a run compares, when known: surname
    counts and known namesakes are looked up only for a pair's own rows, so only theirs are
    counted; given names only for a pair's own forms that are the formal name of one of
    `people`, as if all of theirs had been counted)."""
    match = _it(engine).match
    rows = conn.scalar(sa.select(sa.func.count()).select_from(match))
    # {p.canon for p in people if p.canon}, worked out once per given name
    canons = {min(formal_names(f)) for f in {p.first for p in people} if len(f) > 1}
    if paired is not None:  # only a pair's own given-name forms are looked up (first_share)
        canons &= {f for p in paired for f in p.forms}
    canons = sorted(canons)
    paired = people if paired is None else paired
    surnames = sorted({p.compact_last for p in paired if p.compact_last})
    pkeys = sorted({p.person_key for p in paired if p.person_key})
    first = dict(conn.execute(sa.select(match.c.canon, sa.func.count())
                              .where(_among_text(conn, match.c.canon, canons))
                              .group_by(match.c.canon)).all())
    last, last_rows = {}, {}
    for surname, given, n in conn.execute(
            sa.select(match.c.surname, sa.func.count(sa.distinct(match.c.given)), sa.func.count())
            .where(_among_text(conn, match.c.surname, surnames)).group_by(match.c.surname)):
        last[surname], last_rows[surname] = given, n
    recurrence, family, weights, initial = _rates(engine, conn, refresh)
    if not initial:  # counted by the last full run (a scan of every row: not per import)
        one = sa.literal_column("1")  # not a bound value: PostgreSQL must see one expression twice
        ini = sa.func.substr(match.c.first, one, one)
        initial = dict(conn.execute(sa.select(ini, sa.func.count()).where(match.c.first != "")
                                    .group_by(ini)).all())
    sigs: dict[str, set] = defaultdict(set)
    for k, middle, dob in conn.execute(
            sa.select(match.c.person_key, match.c.middle, match.c.dob).distinct()
            .where(_among_text(conn, match.c.person_key, pkeys),
                   sa.or_(match.c.middle != "", match.c.dob.is_not(None)))):
        sigs[k].add((middle, dob))
    return NameFrequencies(rows or 0, Counter(first), Counter(last), Counter(initial), recurrence,
                           dict(sigs), family, weights, Counter(last_rows))


def store_rates(engine: Engine, conn: Connection, freq: NameFrequencies) -> None:
    """Keep a full run's docket-wide rates for the incremental runs that follow."""
    stat = _it(engine).stat
    conn.execute(sa.delete(stat))
    conn.execute(sa.insert(stat), [{"name": "recurrence", "value": freq.recurrence},
                                   {"name": "family", "value": freq.family},
                                   *({"name": f"w:{k}", "value": v} for k, v in freq.weights.items()),
                                   *({"name": f"i:{k}", "value": v} for k, v in freq.initial.items())])


def count(engine: Engine, conn: Connection) -> int:
    match = _it(engine).match
    return conn.scalar(sa.select(sa.func.count()).select_from(match)) or 0


def match_table(engine: Engine) -> sa.Table:
    return _it(engine).match


def _rates(engine: Engine, conn: Connection, refresh: bool) -> tuple[float, float, dict, dict]:
    """(recurrence, family, weights, initials) as the last full run estimated them (weights:
    the evidence weights it estimated from the docket, none yet: the defaults; initials: rows
    per first letter of the given name, none yet: counted by the caller)."""
    stat, match = _it(engine).stat, _it(engine).match
    kept = dict(conn.execute(sa.select(stat.c.name, stat.c.value)).all())
    weights = {k[2:]: v for k, v in kept.items() if k.startswith("w:")}
    initial = {k[2:]: int(v) for k, v in kept.items() if k.startswith("i:")}
    if not refresh and "recurrence" in kept and "family" in kept:
        return kept["recurrence"], kept["family"], weights, initial
    dated = sa.and_(match.c.dob.is_not(None), match.c.initials != "")
    n_dated = conn.scalar(sa.select(sa.func.count()).select_from(match).where(dated)) or 0
    people = conn.scalar(sa.select(sa.func.count()).select_from(
        sa.select(match.c.dob, match.c.initials).where(dated)
        .group_by(match.c.dob, match.c.initials).subquery())) or 0
    per_name = (sa.select(match.c.person_key, sa.func.count(sa.distinct(match.c.dob)).label("n"))
                .where(match.c.dob.is_not(None), match.c.person_key != "")
                .group_by(match.c.person_key).subquery())
    two_dobs = sa.func.coalesce(sa.func.sum(sa.case((per_name.c.n > 1, 1), else_=0)), 0)
    names, two = conn.execute(sa.select(sa.func.count(), two_dobs).select_from(per_name)).one()
    recurrence, family = recurrence_from(n_dated, people), family_from(names, int(two))
    conn.execute(sa.delete(stat).where(stat.c.name.in_(("recurrence", "family"))))
    conn.execute(sa.insert(stat), [{"name": "recurrence", "value": recurrence},
                                   {"name": "family", "value": family}])
    return recurrence, family, weights, initial
