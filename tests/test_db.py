"""`validate --db` / `migrate --db` against a real SQLite file and a real PostgreSQL server.

The PostgreSQL server is started once per session in a temp directory (initdb + pg_ctl, a unix socket only,
no TCP port), as the `postgres` user when the tests run as root since initdb refuses root.
"""

import copy
import glob
import hashlib
import json
import os
import pwd
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import closing

import pytest

from apptlint import validate_payload
from apptlint.payload import snapshots
from apptlint.payload.migrate import MigrateOptions, migrate_document

A15 = snapshots.example("1.5.0", "Appointment")
A16 = snapshots.example("1.6.0", "Appointment")
P15 = snapshots.example("1.5.0", "PublicAppointment")
PG_VERSION = "15"


def event(obj, n=1):
    return {"id": f"evt_{n}", "type": "appointment.created", "data": {"object": obj}}


def public(n):
    """A distinct 1.5.0 PublicAppointment envelope that migrate upgrades without guessing."""
    text = json.dumps({"data": P15}).replace("appt_a1b2c3d4e5f6", f"appt_{n:012d}")
    return text


# ---- the PostgreSQL server -----------------------------------------------------------------------


def pg_bindir():
    """The directory with initdb and pg_ctl: version 15 first, then any other, then `pg_config --bindir`."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (p.split("/")[4] != PG_VERSION, -int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0),
    )
    candidates = [os.path.dirname(p) for p in found]
    try:
        candidates.append(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip())
    except OSError:
        pass
    for directory in candidates:
        if directory and all(os.access(os.path.join(directory, b), os.X_OK) for b in ("initdb", "pg_ctl")):
            return directory
    return None


def server_account():
    """Who runs the server: ourselves, or when we are root (initdb refuses root) `postgres`, else `nobody`."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    pytest.fail("running as root, and there is neither a `postgres` nor a `nobody` user to run PostgreSQL as")


@pytest.fixture(scope="session")
def postgres_url():
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or "
            "`pg_config --bindir`; install them (Debian: apt-get install postgresql) to run the PostgreSQL tests"
        )
    account = server_account()
    # Not pytest's tmp_path: that lives in a directory only root may enter.
    base = tempfile.mkdtemp(prefix="apptlint-pg-")
    if account:
        os.chown(base, account.pw_uid, account.pw_gid)
    data = os.path.join(base, "data")

    def run(tool, *args):
        command = [os.path.join(bindir, tool), *args]
        if account:
            command = ["runuser", "-u", account.pw_name, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=180, cwd=base)

    result = run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync")
    assert result.returncode == 0, f"initdb failed:\n{result.stdout}\n{result.stderr}"
    # Durability settings off: the fault test kills the client, never the server.
    server_options = (
        f"-k {base} -c listen_addresses='' -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    log = os.path.join(base, "server.log")
    result = run("pg_ctl", "-D", data, "-l", log, "-w", "-t", "120", "-o", server_options, "start")
    if result.returncode != 0:
        detail = open(log).read() if os.path.exists(log) else ""
        pytest.fail(f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{detail}")
    try:
        yield f"postgresql://postgres@/postgres?host={base}&port=5432"
    finally:
        run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


# ---- one interface over both databases --------------------------------------------------------------


def quote(name):
    return '"' + name.replace('"', '""') + '"'


class Sqlite:
    name = "sqlite"
    text_type = "TEXT"

    def __init__(self, path):
        self.path = str(path)
        self.url = f"sqlite:///{self.path}"  # an absolute path: sqlite:////tmp/...

    def execute(self, statement, params=()):
        with closing(sqlite3.connect(self.path, timeout=60, isolation_level=None)) as conn:
            return conn.execute(statement, params).fetchall()

    def create(self, coltype, values, table=None, column="body"):
        table = table or f"t_{uuid.uuid4().hex[:10]}"
        with closing(sqlite3.connect(self.path, isolation_level=None)) as conn:
            conn.execute(f"CREATE TABLE {quote(table)} (id TEXT PRIMARY KEY, {quote(column)} {coltype})")
            # Every UPDATE is logged, so a test can tell which rows were written.
            conn.execute(f"CREATE TABLE {quote(table + '_log')} (id TEXT)")
            conn.execute(
                f"CREATE TRIGGER {quote(table + '_trg')} AFTER UPDATE ON {quote(table)} "
                f"BEGIN INSERT INTO {quote(table + '_log')} VALUES (new.id); END"
            )
            encode = (lambda v: v.encode()) if coltype == "BLOB" else (lambda v: v)
            conn.execute("BEGIN")
            conn.executemany(
                f"INSERT INTO {quote(table)} VALUES (?, ?)",
                ((f"r{i:05d}", None if v is None else encode(v)) for i, v in enumerate(values)),
            )
            conn.execute("COMMIT")
        return table

    def fetch(self, table, column="body"):
        rows = self.execute(f"SELECT id, CAST({quote(column)} AS BLOB) FROM {quote(table)} ORDER BY id")
        return dict(rows)

    def writes(self, table):
        """How often each row has been updated."""
        return dict(self.execute(f"SELECT id, count(*) FROM {quote(table + '_log')} GROUP BY id"))

    def storage(self, table):
        return dict(self.execute(f"SELECT id, typeof(body) FROM {quote(table)}"))

    def count_migrated(self, table):
        return self.execute(f"SELECT count(*) FROM {quote(table)} WHERE body LIKE '%\"cancel_url\"%'")[0][0]


class Postgres:
    name = "postgres"
    text_type = "text"

    def __init__(self, url):
        self.url = url

    def execute(self, statement, params=None):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def create(self, coltype, values, table=None, column="body"):
        import psycopg

        assert coltype in ("jsonb", "json", "text")
        table = table or f"t_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.url) as conn:
            conn.execute(f"CREATE TABLE {quote(table)} (id text PRIMARY KEY, {quote(column)} {coltype})")
            with conn.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {quote(table)} VALUES (%s, %s::{coltype})",
                    [(f"r{i:05d}", v) for i, v in enumerate(values)],
                )
        return table

    def fetch(self, table, column="body"):
        rows = self.execute(f"SELECT id, {quote(column)}::text FROM {quote(table)} ORDER BY id")
        return {k: None if v is None else v.encode() for k, v in rows}

    def writes(self, table):
        """The transaction that last wrote each row: it changes exactly when the row is updated."""
        return dict(self.execute(f"SELECT id, xmin::text FROM {quote(table)}"))

    def storage(self, table):
        return dict(self.execute(f"SELECT id, pg_typeof(body)::text FROM {quote(table)}"))

    def count_migrated(self, table):
        return self.execute(f"SELECT count(*) FROM {quote(table)} WHERE body::text LIKE '%%\"cancel_url\"%%'")[0][0]


@pytest.fixture
def sqlite_db(tmp_path):
    return Sqlite(tmp_path / "rows.db")


@pytest.fixture
def postgres_db(postgres_url):
    return Postgres(postgres_url)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request):
    return request.getfixturevalue(f"{request.param}_db")


STORES = [("sqlite", "TEXT"), ("sqlite", "BLOB"), ("postgres", "jsonb"), ("postgres", "json"), ("postgres", "text")]


@pytest.fixture(params=STORES, ids=[f"{b}-{t}" for b, t in STORES])
def store(request):
    name, coltype = request.param
    return request.getfixturevalue(f"{name}_db"), coltype


def db_args(backend, table, *, column="body", key="id"):
    return ["--db", backend.url, "--table", table, "--column", column] + (["--key", key] if key else [])


def run_json(cli, *args):
    result = cli(*args, "--output-format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def canonical(findings):
    return sorted(findings, key=lambda f: json.dumps(f, sort_keys=True))


# ---- findings ---------------------------------------------------------------------------------------


def mixed_payloads():
    bad_uri = copy.deepcopy(A16)
    bad_uri["cancel_url"] = "not a uri"
    bad_id = copy.deepcopy(A16)
    bad_id["id"] = 5
    meta = {"current_page": 1, "page_size": 2, "total_count": 2, "total_pages": 1}
    return [
        event(A16),
        event(A15, 2),
        {"data": P15},
        event(bad_uri, 3),
        {"hello": "world"},
        [1, 2],
        {"data": [A16, bad_id], "meta": meta},
    ]


@pytest.mark.parametrize(
    "extra",
    [[], ["--detect-version"], ["--schema", "Appointment", "--max-errors", "1", "--show-values"]],
    ids=["plain", "detect-version", "schema-max-errors-show-values"],
)
def test_row_findings_equal_those_of_the_same_text_in_a_file(store, extra, cli, tmp_path):
    backend, coltype = store
    table = backend.create(coltype, [json.dumps(p) for p in mixed_payloads()])
    stored = backend.fetch(table)  # jsonb hands back its own normalised text: compare against exactly that
    ids = sorted(stored)
    lines = tmp_path / "same.jsonl"
    lines.write_bytes(b"".join(stored[i] + b"\n" for i in ids))
    file_code, from_file = run_json(cli, "validate", *extra, lines)
    row_code, from_rows = run_json(cli, "validate", *extra, *db_args(backend, table))
    assert file_code == row_code == 1
    expected = [
        {**f, "path": f"{table}#{ids[f['line'] - 1]}", "line": None, "end_line": None} for f in from_file["findings"]
    ]
    assert canonical(from_rows["findings"]) == canonical(expected)
    assert len(expected) >= 5
    assert from_rows["summary"]["payloads"] == from_rows["summary"]["rows"] == len(ids)
    if "--detect-version" in extra:
        assert from_rows["summary"]["detected_versions"] == from_file["summary"]["detected_versions"]
        assert from_rows["summary"]["detected_shapes"] == from_file["summary"]["detected_shapes"]
        text = cli("validate", "--detect-version", *db_args(backend, table)).stdout
        assert f"{table}#r00001: AppointmentCreatedEventData valid under 1.5.0 (1.5.0-shaped)\n" in text


def test_null_and_malformed_rows_are_reported_and_left_alone(store, cli):
    backend, coltype = store
    values = [public(1), None]
    if coltype != "jsonb":  # jsonb keeps only the last of duplicate keys
        values.append('{"object": "provider", "id": "a", "id": "b"}')
    if coltype not in ("jsonb", "json"):  # both refuse malformed JSON on insert
        values += ['{"broken": ', "\ufeff" + public(4)]
    table = backend.create(coltype, values)
    code, doc = run_json(cli, "validate", *db_args(backend, table))
    found = {(f["path"], f["code"], f["message"]) for f in doc["findings"]}
    assert code == 1 and all(f["line"] is None for f in doc["findings"])
    assert (f"{table}#r00001", "APT205", "NULL payload") in found
    if len(values) > 2:
        assert (f"{table}#r00002", "APT206", "duplicate key 'id': Python keeps only the last value") in found
    if len(values) > 3:
        assert (f"{table}#r00003", "APT205", "truncated JSON (ends before the value is complete)") in found
        assert any(p == f"{table}#r00004" and "byte order mark" in m for p, c, m in found)
    before = backend.fetch(table)
    code, doc = run_json(cli, "migrate", "--write", *db_args(backend, table))
    assert code == 1  # the bad rows are still findings
    after = backend.fetch(table)
    assert after["r00001"] is None and after["r00000"] != before["r00000"]
    assert {k for k in before if before[k] != after[k]} == {"r00000"} | ({"r00004"} if len(values) > 3 else set())
    assert {(f["path"], f["message"]) for f in doc["findings"] if f["code"] == "APT205"} >= {
        (f"{table}#r00001", "NULL payload; left unchanged")
    }
    if len(values) > 3:
        assert (
            after["r00004"].startswith("\ufeff".encode()) and b'"cancel_url"' in after["r00004"]
        )  # BOM kept, as in files


def test_without_a_key_rows_are_named_and_updated_by_rowid_or_ctid(backend, cli):
    table = backend.create(backend.text_type, [public(1), json.dumps(event(A16))])
    code, doc = run_json(cli, "validate", *db_args(backend, table, key=None))
    assert code == 1
    assert [(f["path"], f["code"]) for f in doc["findings"]] == [
        (f"{table}#1" if backend.name == "sqlite" else f"{table}#(0,1)", "APT204")
    ]
    code, doc = run_json(cli, "migrate", "--write", *db_args(backend, table, key=None))
    assert code == 0 and doc["summary"]["fixed"] == 1
    assert cli("validate", *db_args(backend, table, key=None)).exit_code == 0


# ---- migrate ---------------------------------------------------------------------------------------


def test_migrate_dry_run_then_write_then_rerun_changes_nothing(store, cli):
    backend, coltype = store
    values = [
        public(0),
        json.dumps(event(A16)),
        json.dumps(event(A15, 3)),
        json.dumps({"data": json.loads(public(3))["data"]}, separators=(",", ":")),
    ]
    table = backend.create(coltype, values)
    before, writes_before = backend.fetch(table), backend.writes(table)
    storage = backend.storage(table)

    assert cli("migrate", "--derive-missing", *db_args(backend, table)).exit_code == 1  # dry run: would change
    diff = cli("migrate", "--derive-missing", "--diff", *db_args(backend, table)).stdout
    assert f"--- a/{table}#r00000\n+++ b/{table}#r00000\n" in diff and f"{table}#r00001" not in diff
    assert backend.fetch(table) == before and backend.writes(table) == writes_before

    result = cli("migrate", "--derive-missing", "--write", *db_args(backend, table))
    assert result.exit_code == 0, result.output
    after, writes_after = backend.fetch(table), backend.writes(table)
    changed = {k for k in after if writes_after.get(k) != writes_before.get(k)}
    assert changed == {"r00000", "r00002", "r00003"}  # only rows that change are written
    assert after["r00001"] == before["r00001"]
    assert backend.storage(table) == storage  # TEXT stays TEXT, BLOB stays BLOB, jsonb stays jsonb
    options = MigrateOptions("1.6.0", derive_missing=True)
    for key in changed:
        assert validate_payload(json.loads(after[key])) == []
        if coltype != "jsonb":  # byte for byte what the file path writes; jsonb normalises whatever it stores
            assert after[key] == migrate_document(before[key], key, None, options, [])

    assert cli("migrate", "--derive-missing", "--write", *db_args(backend, table)).exit_code == 0
    assert cli("migrate", "--derive-missing", *db_args(backend, table)).exit_code == 0
    assert backend.fetch(table) == after and backend.writes(table) == writes_after
    assert cli("validate", *db_args(backend, table)).exit_code == 0


@pytest.mark.slow
def test_a_killed_write_loses_nothing_and_a_rerun_finishes_it(backend):
    """SIGKILL mid-run: every row is old or fully new, only whole batches landed, and a rerun completes."""
    coltype = "TEXT" if backend.name == "sqlite" else "jsonb"
    rows, batch = 6000, 25
    table = backend.create(coltype, [public(n) for n in range(rows)])
    before = backend.fetch(table)
    command = [
        sys.executable,
        "-m",
        "apptlint.cli",
        "migrate",
        "--write",
        "--batch-size",
        str(batch),
        *db_args(backend, table),
    ]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while backend.count_migrated(table) < 4 * batch:
            assert child.poll() is None, f"migrate ended before it could be killed: {child.stderr.read()!r}"
            assert time.monotonic() < deadline, "migrate wrote nothing within 120 s"
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    options = MigrateOptions("1.6.0")
    expected = {k: migrate_document(v, k, None, options, []) for k, v in before.items()}
    after = backend.fetch(table)
    done = {k for k in after if after[k] != before[k]}
    assert 0 < len(done) < rows, "the kill should land mid-run"
    assert len(done) % batch == 0, "a partly applied batch survived the kill"
    for key in done:
        if coltype == "jsonb":
            assert json.loads(after[key]) == json.loads(expected[key])
        else:
            assert after[key] == expected[key]

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    final = backend.fetch(table)
    for key, value in final.items():
        assert json.loads(value) == json.loads(expected[key])
        if key in done:
            assert value == after[key]  # the rerun left finished rows alone
    again = subprocess.run(command[:4] + command[5:], capture_output=True, text=True, timeout=300)  # dry run
    assert again.returncode == 0, again.stdout + again.stderr


def test_postgres_going_away_mid_write_is_one_line_and_exit_2(postgres_db):
    """Every server process of migrate's connections is terminated mid-run (as a server stop does)."""
    table = postgres_db.create("jsonb", [public(n) for n in range(6000)])
    command = [sys.executable, "-m", "apptlint.cli", "migrate", "--write", "--batch-size", "25"]
    child = subprocess.Popen(
        [*command, *db_args(postgres_db, table)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while postgres_db.count_migrated(table) < 100:
        assert child.poll() is None and time.monotonic() < deadline, "migrate ended before it could be cut off"
        time.sleep(0.01)
    postgres_db.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'"
    )
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 2
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert stderr.count("\n") == 1 and stderr.startswith("Error: "), stderr


SQLITE_WRITER = """
import os, sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=1.0, isolation_level=None)  # an app's usual short busy timeout
conn.execute("CREATE TABLE IF NOT EXISTS other (n INTEGER)")
ok = failed = 0
slowest = 0.0
while not os.path.exists(sys.argv[2]):
    started = time.monotonic()
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO other VALUES (1)")
        conn.execute("COMMIT")
        ok += 1
    except sqlite3.OperationalError:
        failed += 1
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    slowest = max(slowest, time.monotonic() - started)
    time.sleep(0.005)
print(ok, failed, slowest)
"""


@pytest.mark.parametrize("command", ["validate", "migrate"])
def test_sqlite_shares_the_database_with_a_live_writer(sqlite_db, command, tmp_path):
    """Reads hold SQLite's lock for one batch and writes for one short transaction: a writer with a 1 s
    busy timeout never fails, and migrate is not aborted by it."""
    rows = 20_000
    table = sqlite_db.create("TEXT", [public(n) for n in range(rows)])
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", SQLITE_WRITER, sqlite_db.path, str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        time.sleep(0.3)
        args = ["--write"] if command == "migrate" else []
        run = subprocess.run(
            [sys.executable, "-m", "apptlint.cli", command, *args, "-q", *db_args(sqlite_db, table)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        stop.touch()
        out, _ = writer.communicate(timeout=30)
    assert run.returncode == (0 if command == "migrate" else 1), run.stderr
    if command == "migrate":
        assert sqlite_db.count_migrated(table) == rows
    ok, failed, slowest = out.split()
    assert int(ok) > 10 and int(failed) == 0, out


# ---- read-only validate ---------------------------------------------------------------------------


def test_validate_cannot_write_even_with_a_hostile_where(backend, cli):
    table = backend.create(backend.text_type, [json.dumps(event(A16, n)) for n in range(3)])
    before = backend.fetch(table)
    attempts = [f"1 = 1); DELETE FROM {quote(table)}; --", f"1 = 1); UPDATE {quote(table)} SET body = 'x'; --"]
    if backend.name == "postgres":
        # A function that deletes, called from the WHERE: only the READ ONLY transaction stops it.
        backend.execute(
            f"CREATE FUNCTION {table}_wipe() RETURNS boolean LANGUAGE sql "
            f"AS $$ DELETE FROM {quote(table)}; SELECT true $$"
        )
        attempts.append(f"{table}_wipe()")
    else:
        digest = hashlib.sha256(open(backend.path, "rb").read()).hexdigest()
    for where in attempts:
        result = cli("validate", *db_args(backend, table), "--where", where)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and result.stderr.count("\n") == 1
        assert backend.fetch(table) == before
    if backend.name == "postgres":
        assert cli("migrate", *db_args(backend, table), "--where", f"{table}_wipe()").exit_code == 2
        assert "read-only transaction" in cli("validate", *db_args(backend, table), "--where", f"{table}_wipe()").stderr
    else:
        assert hashlib.sha256(open(backend.path, "rb").read()).hexdigest() == digest
    assert backend.fetch(table) == before
    code, doc = run_json(cli, "validate", *db_args(backend, table), "--where", "id <> 'r00001'")
    assert code == 0 and doc["summary"]["payloads"] == 2


# ---- many rows ------------------------------------------------------------------------------------

MEASURE = """
import resource, sys
from apptlint.cli import main
try:
    main(sys.argv[2:], prog_name="apptlint")
except SystemExit as exc:
    code = exc.code
with open(sys.argv[1], "w") as out:
    out.write(f"{code} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
"""


def peak_memory(tmp_path, *args):
    """Exit code, JSON report and peak RSS in MiB of `apptlint ARGS` run in a fresh process."""
    out = tmp_path / f"rss-{uuid.uuid4().hex}"
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(out), *args], capture_output=True, text=True, timeout=600
    )
    code, kib = out.read_text().split()
    return int(code), json.loads(result.stdout), int(kib) / 1024


@pytest.mark.slow
def test_100k_rows_stream_in_flat_memory(backend, tmp_path):
    rows, pad = 100_000, 1900
    note = "x" * pad
    if backend.name == "sqlite":
        with closing(sqlite3.connect(backend.path, isolation_level=None)) as conn:
            conn.execute("CREATE TABLE big (n INTEGER PRIMARY KEY, body TEXT)")
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT INTO big VALUES (?, ?)",
                (
                    (n, json.dumps({"unix_ts": n, "utc": "2025-03-12T12:34:55Z", "note": note}))
                    for n in range(1, rows + 1)
                ),
            )
            conn.execute("COMMIT")
    else:
        backend.execute("DROP TABLE IF EXISTS big")
        backend.execute("CREATE TABLE big (n integer PRIMARY KEY, body jsonb)")
        backend.execute(
            "INSERT INTO big SELECT g, jsonb_build_object('unix_ts', g, 'utc', '2025-03-12T12:34:55Z', "
            "'note', repeat('x', %s)) FROM generate_series(1, %s) g",
            (pad, rows),
        )
    total_mib = rows * (pad + 50) / 2**20
    args = ["validate", "-q", "--output-format", "json", "--schema", "ZonedDateTime", *db_args(backend, "big", key="n")]
    code, small, small_rss = peak_memory(tmp_path, *args, "--where", "n <= 1000")
    assert code == 0 and small["summary"]["payloads"] == 1000
    code, full, full_rss = peak_memory(tmp_path, *args)
    assert code == 0 and full["summary"]["payloads"] == rows and full["findings"] == []
    # 100 times the rows, ~190 MiB more payload text: the peak may only move by noise and a batch.
    assert full_rss - small_rss < 40, (small_rss, full_rss, total_mib)
    assert total_mib > 150


@pytest.mark.slow
def test_findings_of_100k_rows_stream_in_flat_memory(sqlite_db, tmp_path):
    """Every row has a finding: with text output they are printed as found, not kept (issue #19)."""
    rows = 100_000
    with closing(sqlite3.connect(sqlite_db.path, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE bad (n INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO bad VALUES (?, ?)", ((n, json.dumps({"object": "client", "id": n})) for n in range(rows))
        )
        conn.execute("COMMIT")
    script = MEASURE.replace('with open(sys.argv[1], "w")', 'sys.stdout.flush()\nwith open(sys.argv[1], "w")')
    peaks = []
    for limit in (1_000, rows):
        out = tmp_path / f"rss-{limit}"
        listing = tmp_path / f"findings-{limit}.txt"
        args = ["validate", "-q", *db_args(sqlite_db, "bad", key="n"), "--where", f"n < {limit}"]
        with open(listing, "w") as stdout:
            subprocess.run([sys.executable, "-c", script, str(out), *args], stdout=stdout, timeout=600, check=False)
        code, kib = out.read_text().split()
        assert int(code) == 1
        assert sum(1 for _ in open(listing)) >= limit  # every row has findings, each printed
        peaks.append(int(kib) / 1024)
    assert peaks[1] - peaks[0] < 30, peaks


# ---- usage and errors ---------------------------------------------------------------------------


def test_usage_errors_exit_2_with_one_line(cli, tmp_path, monkeypatch):
    sqlite_url = f"sqlite:///{tmp_path}/missing.db"
    cases = [
        (("validate",), "give PATHS to read, or --db"),
        (("migrate",), "give PATHS to read, or --db"),
        (("validate", "--db", sqlite_url, "--table", "t"), "--db needs --table and --column"),
        (("migrate", "--table", "t", "--column", "c", "examples"), "apply only with --db"),
        (("validate", "--db", "mysql://h/d", "--table", "t", "--column", "c"), "must start with sqlite:///"),
        (("validate", "--db", sqlite_url, "--table", "t", "--column", "c"), "cannot open SQLite database"),
        (
            ("migrate", "--write", "--backup", "--db", sqlite_url, "--table", "t", "--column", "c"),
            "--backup copies files only",
        ),
    ]
    for args, message in cases:
        result = cli(*args)
        assert result.exit_code == 2 and message in result.stderr, (args, result.output)
        assert "Traceback" not in result.output
    assert not os.path.exists(tmp_path / "missing.db")  # never created by accident
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    result = cli("validate", "--db", "postgresql://nowhere/db", "--table", "t", "--column", "c")
    assert result.exit_code == 2 and "pip install 'apptlint[postgres]'" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_missing_columns_and_odd_identifiers(backend, cli):
    table = backend.create(backend.text_type, [json.dumps(event(A16))], table='we"ird table', column="pay load")
    assert cli("validate", *db_args(backend, table, column="pay load")).exit_code == 0
    victim = backend.create(backend.text_type, ["{}"])
    for args in (
        db_args(backend, table, column="nope"),
        db_args(backend, table, column="pay load", key="nope"),
        db_args(backend, f"{victim}; DROP TABLE {victim}", column="body"),
        db_args(backend, table, column='pay load" FROM x; --'),
    ):
        result = cli("validate", *args)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert backend.fetch(victim) == {"r00000": b"{}"}
    if backend.name == "postgres":
        backend.execute("CREATE TABLE numbers (id text, body integer)")
        result = cli("validate", *db_args(backend, "numbers"))
        assert result.exit_code == 2 and "reads jsonb, json and text" in result.stderr
