"""`validate`/`migrate --db`: payloads stored in database rows (SQLite via the stdlib, PostgreSQL via psycopg).

Each row goes through the same per-payload code as a JSON Lines line, so findings match the file case;
they are addressed as `table#key` and carry no line. Rows are streamed (a server-side cursor in
PostgreSQL, fetchmany in SQLite), so memory does not grow with the table.

`--where` is pasted into the query as SQL: it is trusted operator input, like the rest of the command
line. Reads run where nothing can be written: a READ ONLY transaction in PostgreSQL (for migrate too:
its writes go through a second connection), a `mode=ro` connection for SQLite validate.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from apptlint.core.diffs import unified_diff
from apptlint.sources.base import Item, Location, SourceError
from apptlint.sources.base import Source

DEFAULT_BATCH = 500
# How long a statement waits for another connection's lock before it fails (SQLite's busy timeout).
SQLITE_BUSY_SECONDS = 30.0
NULL_PAYLOAD = "NULL payload"
# The cast that keeps a PostgreSQL column's type on UPDATE, by the column's base type name.
PG_CASTS = {"jsonb": "::jsonb", "json": "::json", "text": "::text", "varchar": "::text"}


class DatabaseError(SourceError):
    """A database problem, shown as one line; exit 2 like every other unreadable input."""


@dataclass(frozen=True)
class TableQuery:
    """Which rows of which table, from the --db options."""

    url: str
    table: str
    column: str
    key: str | None = None
    where: str | None = None
    batch_size: int = DEFAULT_BATCH


def _errors():
    # Evaluated when an exception is matched, so psycopg counts only once something imported it.
    psycopg = sys.modules.get("psycopg")
    # sqlite3.Warning: what Python before 3.12 raises for a second statement smuggled into --where.
    return (sqlite3.Error, sqlite3.Warning) + ((psycopg.Error,) if psycopg else ())


def _first_line(exc) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def connect(source: TableQuery, write: bool):
    if source.url.startswith("sqlite:"):
        return _Sqlite(source, write)
    if source.url.startswith(("postgresql://", "postgres://")):
        return _Postgres(source, write)
    raise DatabaseError("--db URL must start with sqlite:/// or postgresql:// (postgres://)")


def _split_name(name: str) -> list[str]:
    """`schema.table` names a table in a schema; every part must be a plain, non-empty string."""
    parts = name.split(".", 1)
    for part in parts:
        if not part or "\x00" in part:
            raise DatabaseError(f"invalid identifier {name!r}")
    return parts


class _Sqlite:
    def __init__(self, source: TableQuery, write: bool):
        if not source.url.startswith("sqlite:///") or len(source.url) == len("sqlite:///"):
            raise DatabaseError("SQLite URL is sqlite:///relative/path.db or sqlite:////absolute/path.db")
        path = source.url[len("sqlite:///") :]
        self.batch = source.batch_size
        self.queued: list[tuple[str, tuple]] = []
        self.written, self.stale = 0, list[str]()
        # mode=rw as well as ro: a mistyped path must not silently create an empty database.
        try:
            self.conn = sqlite3.connect(
                f"file:{quote(path)}?mode={'rw' if write else 'ro'}",
                uri=True,
                isolation_level=None,
                timeout=SQLITE_BUSY_SECONDS,
            )
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open SQLite database {path}: {exc}") from None
        try:
            self._prepare(source, path)
        except BaseException:
            self.close()
            raise

    def _prepare(self, source: TableQuery, path: str) -> None:
        parts = _split_name(source.table)
        for name in filter(None, (source.column, source.key)):
            _split_name(name)
        known = {
            row[0].lower()
            for row in self.conn.execute(
                "SELECT name FROM pragma_table_info(?" + (", ?)" if len(parts) == 2 else ")"), parts[::-1]
            )
        }
        if not known:
            raise DatabaseError(f"no table {source.table!r} in {path}")
        # Checked because SQLite reads a double-quoted name that is no column as a string literal.
        for name in filter(None, (source.column, source.key)):
            if name.lower() not in known:
                raise DatabaseError(f"no column {name!r} in table {source.table!r}")
        table = ".".join(map(self.quote, parts))
        column = self.quote(source.column)
        key = self.quote(source.key) if source.key else "rowid"
        where = f" WHERE ({source.where})" if source.where else ""
        # CAST AS BLOB hands over the stored bytes, so bad UTF-8 is reported rather than raised on.
        columns = f"{key}, typeof({column}), CAST({column} AS BLOB)"
        self.update_sql = f"UPDATE {table} SET {column} = ? WHERE {key} = ? AND {column} = ?"
        # Read one batch at a time, by rowid, each a statement of its own: a reader then holds SQLite's
        # shared lock for one batch, not the whole table, so other writers (and migrate's own) get in between.
        self.pages: tuple[str, str] | None = None
        try:
            self.conn.execute(f"SELECT _rowid_ FROM {table} LIMIT 0")
        except sqlite3.OperationalError:  # a WITHOUT ROWID table: one streaming read
            self.select = f"SELECT {columns} FROM {table}{where}"
            return
        condition = f" AND ({source.where})" if source.where else ""
        order = f" ORDER BY _rowid_ LIMIT {int(self.batch)}"
        self.pages = (
            f"SELECT _rowid_, {columns} FROM {table} WHERE 1{condition}{order}",
            f"SELECT _rowid_, {columns} FROM {table} WHERE _rowid_ > ?{condition}{order}",
        )

    @staticmethod
    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def rows(self):
        if self.pages is None:
            cursor = self.conn.execute(self.select)
            while batch := cursor.fetchmany(self.batch):
                for key, storage, data in batch:
                    yield str(key), key, data, storage
            return
        first, after = self.pages
        page = self.conn.execute(first).fetchall()
        while page:
            for _, key, storage, data in page:
                yield str(key), key, data, storage
            page = self.conn.execute(after, (page[-1][0],)).fetchall()

    def update(self, label: str, ident, storage, old: bytes, new: bytes) -> None:
        values: tuple = (new, ident, old)
        if storage == "text":
            values = (new.decode("utf-8"), ident, old.decode("utf-8"))  # keep TEXT as TEXT
        self.queued.append((label, values))
        if len(self.queued) >= self.batch:
            self.commit()

    def commit(self):
        """Write the queued batch in one short transaction, so other writers wait milliseconds, not a batch's work.
        The busy timeout waits out theirs; since no read is open by then, the two cannot deadlock."""
        if not self.queued:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for label, values in self.queued:
                # Matching the old value too: a row someone changed since it was read is left alone.
                if self.conn.execute(self.update_sql, values).rowcount > 0:
                    self.written += 1
                else:
                    self.stale.append(label)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.rollback()
            raise
        self.queued = []

    def close(self):
        self.conn.close()  # an open batch is rolled back


class _Postgres:
    def __init__(self, source: TableQuery, write: bool):
        try:
            import psycopg
            from psycopg import sql
        except ImportError:
            raise DatabaseError("PostgreSQL needs psycopg: pip install 'apptlint[postgres]'") from None
        self.batch, self.pending = source.batch_size, 0
        self.written, self.stale = 0, list[str]()
        self.writer: Any = None
        self.reader = psycopg.connect(source.url)
        self.reader.read_only = True
        try:
            self._prepare(source, sql)
            if write:
                self.writer = psycopg.connect(source.url)
        except BaseException:
            self.close()
            raise

    def _prepare(self, source: TableQuery, sql) -> None:
        table = sql.Identifier(*_split_name(source.table))
        column = sql.Identifier(source.column)
        kind = self._type_of(table, source.column)
        if kind not in PG_CASTS:
            raise DatabaseError(f"column {source.column!r} is {kind}; apptlint reads jsonb, json and text columns")
        if source.key:
            self._type_of(table, source.key)
            key = sql.Identifier(source.key)
            label, ident, match = sql.SQL("{}::text").format(key), key, sql.SQL("{} = %s").format(key)
        else:
            label = ident = sql.SQL("ctid::text")
            match = sql.SQL("ctid = %s::tid")
        where = sql.SQL(" WHERE ({})").format(sql.SQL(source.where)) if source.where else sql.SQL("")
        # ::text, not the loaded object: the exact stored text is what is parsed, strictly, and edited.
        self.select = sql.SQL("SELECT {}, {}, {}::text FROM {}{}").format(label, ident, column, table, where)
        self.update_sql = sql.SQL("UPDATE {} SET {} = %s{} WHERE {} AND {}::text = %s").format(
            table, column, sql.SQL(PG_CASTS[kind]), match, column
        )

    def _type_of(self, table, column: str) -> str:
        row = self.reader.execute(
            "SELECT t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
            " WHERE a.attrelid = %s::regclass AND a.attname = %s AND a.attnum > 0 AND NOT a.attisdropped",
            (table.as_string(self.reader), column),
        ).fetchone()
        if row is None:
            raise DatabaseError(f"no column {column!r} in table {table.as_string(self.reader)}")
        return row[0]

    def rows(self):
        import psycopg

        cursor = self.reader.cursor(name="apptlint_rows")
        try:
            cursor.itersize = self.batch
            cursor.execute(self.select)
            for label, ident, text in cursor:
                yield label, ident, None if text is None else text.encode("utf-8"), None
        finally:
            try:
                cursor.close()
            except psycopg.Error:
                pass  # the server is gone: the error that ended the read is what the user is told

    def update(self, label: str, ident, storage, old: bytes, new: bytes) -> None:
        cursor = self.writer.execute(self.update_sql, (new.decode("utf-8"), ident, old.decode("utf-8")))
        # Matching the old value too: a row someone changed since it was read is left alone.
        if cursor.rowcount > 0:
            self.written += 1
        else:
            self.stale.append(label)
        self.pending += 1
        if self.pending >= self.batch:
            self.commit()

    def commit(self):
        if self.writer is not None and self.pending:
            self.writer.commit()
            self.pending = 0

    def close(self):
        for conn in (self.writer, self.reader):
            if conn is not None:
                conn.close()  # an open batch is rolled back


class TableSource(Source):
    """The selected rows of one table; a replacement is an UPDATE, committed `batch_size` rows at a time."""

    def __init__(self, query: TableQuery, write: bool = False) -> None:
        self.query, self.write = query, write
        self.name = query.table
        self.rows = 0
        self._db: Any = None

    def items(self):
        try:
            self._db = connect(self.query, self.write)
            for label, ident, data, storage in self._db.rows():
                self.rows += 1
                yield Item(
                    Location(f"{self.query.table}#{label}", None),
                    data,
                    note=NULL_PAYLOAD if data is None else None,
                    handle=(ident, storage),
                )
        except _errors() as exc:
            raise DatabaseError(_first_line(exc)) from None

    def replace(self, item: Item, new: bytes) -> None:
        ident, storage = item.handle  # type: ignore[misc]  # set by items()
        try:
            self._db.update(item.location.path, ident, storage, item.data, new)
        except _errors() as exc:
            raise DatabaseError(_first_line(exc)) from None

    def stale(self) -> list[str]:
        return list(self._db.stale) if self._db is not None else []

    def diff(self, item: Item, new: bytes) -> str:
        return unified_diff(item.location.path, self.shown(item.data or b""), self.shown(new))

    def commit(self) -> int:
        if self._db is not None:
            try:
                self._db.commit()
            except _errors() as exc:
                raise DatabaseError(_first_line(exc)) from None
        return self._db.written if self._db is not None else 0

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
