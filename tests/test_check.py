import json
import os

import libcst as cst

from tests.helpers import check_transformed, codes_found

URL_RULES = ["APT001", "APT002", "APT003"]


def test_comments_strings_and_layout_outside_the_fix_are_byte_identical():
    before = (
        '# a comment with appt["urls"]["cancel"][0]\r\n'
        "def f(appt):\r\n"
        '\tx = appt["urls"]["cancel"][0]  # trailing\r\n'
        "\treturn (x,\r\n"
        "\t        appt.urls.ics[0])\r\n"
    )
    after = (
        '# a comment with appt["urls"]["cancel"][0]\r\n'
        "def f(appt):\r\n"
        '\tx = appt["cancel_url"]  # trailing\r\n'
        "\treturn (x,\r\n"
        "\t        appt.ics_url)\r\n"
    )
    check_transformed(before, after, URL_RULES, unsafe_fixes=True)


def test_bom_survives_a_fix(tmp_path, cli):
    path = tmp_path / "bom.py"
    path.write_bytes(b'\xef\xbb\xbfx = appt["urls"]["join"][0]\n')
    assert cli("check", "--fix", "--unsafe-fixes", str(path)).exit_code == 0
    assert path.read_bytes() == b'\xef\xbb\xbfx = appt["join_url"]\n'


def test_noqa_suppresses_by_code_or_bare():
    assert codes_found('x = a["urls"]["cancel"][0]  # noqa: APT001\n') == []
    assert codes_found('x = a["urls"]["cancel"][0]  # noqa\n') == []
    assert codes_found('x = a["urls"]["cancel"][0]  # noqa: APT101\n') == ["APT001"]


def test_check_fix_diff_and_exit_codes(tmp_path, cli):
    src = tmp_path / "app.py"
    original = 'def f(a):\n    return a["urls"]["cancel"][0], len(a["urls"]["ics"])\n'
    src.write_text(original)
    clean = tmp_path / "clean.py"
    clean.write_text("x = 1\n")

    result = cli("check", str(tmp_path))
    assert result.exit_code == 1
    assert f"{src}:2:12: APT001 `urls" in result.stdout and "APT002" in result.stdout
    assert "1 fixable with --fix --unsafe-fixes" in result.stderr  # APT001's fix is unsafe: not offered by plain --fix
    assert cli("check", "--fix", str(tmp_path)).exit_code == 1 and src.read_text() == original

    result = cli("check", "--unsafe-fixes", str(tmp_path))
    assert f"{src}:2:12: APT001 [*]" in result.stdout and "APT002" in result.stdout

    result = cli("check", "--diff", "--unsafe-fixes", str(tmp_path))
    assert result.exit_code == 1
    assert '+    return a["cancel_url"], len(a["urls"]["ics"])' in result.stdout
    assert src.read_text() == original

    mode = 0o640
    os.chmod(src, mode)
    result = cli("check", "--fix", "--unsafe-fixes", str(tmp_path))
    assert result.exit_code == 1  # APT002 is report-only and stays reported
    assert src.read_text() == 'def f(a):\n    return a["cancel_url"], len(a["urls"]["ics"])\n'
    assert os.stat(src).st_mode & 0o777 == mode
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".apptlint-tmp")]

    again = cli("check", "--fix", "--unsafe-fixes", "--output-format", "json", str(tmp_path))
    assert json.loads(again.stdout)["summary"]["fixed"] == 0
    assert cli("check", "--exit-zero", str(tmp_path)).exit_code == 0
    assert cli("check", str(clean)).exit_code == 0


def test_broken_files_are_reported_left_alone_and_the_run_goes_on(tmp_path, cli):
    bad = tmp_path / "bad.py"
    bad.write_bytes(b'x = a["urls"]["cancel"][0]\ndef f(:\n')
    undecodable = tmp_path / "latin1.py"
    undecodable.write_bytes(b'x = a["urls"]["cancel"][0]  # caf\xe9\n')
    good = tmp_path / "good.py"
    good.write_text('x = a["urls"]["cancel"][0]\n')
    snapshot = {p: p.read_bytes() for p in (bad, undecodable)}
    result = cli("check", "--fix", "--unsafe-fixes", "--output-format", "json", str(tmp_path))
    doc = json.loads(result.stdout)
    errors = {os.path.basename(f["path"]): f for f in doc["findings"] if f["code"] == "APT999"}
    assert set(errors) == {"bad.py", "latin1.py"}
    assert errors["bad.py"]["line"] == 2
    assert "UTF-8" in errors["latin1.py"]["message"] or "decode" in errors["latin1.py"]["message"]
    assert {p: p.read_bytes() for p in snapshot} == snapshot
    assert good.read_text() == 'x = a["cancel_url"]\n'


def test_walk_skips_git_venvs_and_excludes(tmp_path, cli):
    for rel in [".git/hooks/x.py", "venv/lib/x.py", "env1/lib/y.py", "vendored/z.py", "pkg/app.py"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('x = a["urls"]["cancel"][0]\n')
    (tmp_path / "env1" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "pyproject.toml").write_text('[tool.apptlint]\nextend-exclude = ["vendored"]\n')
    doc = json.loads(cli("check", "--output-format", "json", str(tmp_path)).stdout)
    assert [os.path.relpath(f["path"], tmp_path) for f in doc["findings"]] == ["pkg/app.py"]


def test_config_select_ignore_and_per_file_ignores(tmp_path, cli):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.apptlint]\nignore = ["APT002"]\n[tool.apptlint.per-file-ignores]\n"tests/*" = ["APT001"]\n'
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.py").write_text('x = a["urls"]["cancel"][0]\n')
    (tmp_path / "m.py").write_text('x = a["urls"]["cancel"][0]\nn = len(a["urls"]["ics"])\n')
    doc = json.loads(cli("check", "--output-format", "json", str(tmp_path)).stdout)
    assert [(os.path.basename(f["path"]), f["code"]) for f in doc["findings"]] == [("m.py", "APT001")]
    doc = json.loads(cli("check", "--select", "APT002", "--output-format", "json", str(tmp_path / "m.py")).stdout)
    assert doc["findings"] == []  # selected, but ignored by config


def test_bad_config_is_a_clear_error(tmp_path, cli):
    (tmp_path / "pyproject.toml").write_text('[tool.apptlint]\nselekt = ["APT001"]\n')
    (tmp_path / "m.py").write_text("x = 1\n")
    result = cli("check", str(tmp_path / "m.py"))
    assert result.exit_code == 2
    assert "selekt" in result.output


def test_parallel_run_matches_serial(tmp_path, cli, monkeypatch):
    from apptlint.code import engine

    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD_BYTES", 1)  # these files are too small to start a pool
    for i in range(40):
        (tmp_path / f"m{i}.py").write_text(f'x{i} = a["urls"]["cancel"][0]\n' + "y = 1\n" * i)
    serial = json.loads(cli("check", "--jobs", "1", "--output-format", "json", str(tmp_path)).stdout)["findings"]
    parallel = json.loads(cli("check", "--jobs", "2", "--output-format", "json", str(tmp_path)).stdout)["findings"]
    assert serial == parallel and len(serial) == 40


def test_screening_in_workers_matches_serial(tmp_path, cli, monkeypatch):
    from apptlint.code import engine

    monkeypatch.setattr(engine, "SCREEN_IN_WORKERS_FILES", 10)
    monkeypatch.setattr(engine, "SCREEN_BATCH", 3)
    for i in range(25):
        body = f'x{i} = a["urls"]["cancel"][0]\n' if i % 4 == 0 else f"y{i} = {i}\n"
        (tmp_path / f"m{i:02d}.py").write_text(body)
    (tmp_path / "bad.py").write_bytes(b"def (:\n  urls['cancel'][0]\n")
    serial = json.loads(cli("check", "--jobs", "1", "--output-format", "json", str(tmp_path)).stdout)
    parallel = json.loads(cli("check", "--jobs", "2", "--output-format", "json", str(tmp_path)).stdout)
    assert serial["findings"] == parallel["findings"] and len(serial["findings"]) == 8  # 7 reads, 1 APT999
    fixed = cli("check", "--jobs", "2", "--fix", "--unsafe-fixes", str(tmp_path))
    assert fixed.exit_code == 1  # the file that does not parse stays a finding
    assert (tmp_path / "m04.py").read_text() == 'x4 = a["cancel_url"]\n'


def test_the_worker_pool_starts_only_for_enough_source(tmp_path):
    from apptlint.code.engine import PARALLEL_THRESHOLD_BYTES, _Runner
    from apptlint.core.config import Settings

    def candidate(size):
        source = b'x = a["urls"]["cancel"][0]\n' + b"#" * size + b"\n"
        return (str(tmp_path / "m.py"), source, Settings(), ["APT001"], False, True, False)

    with _Runner(jobs=2) as runner:
        for _ in range(5):
            runner.submit(candidate(100))
        assert runner.pool is None  # a pre-commit sized batch is parsed in this process
        assert len(list(runner.results())) == 5
    with _Runner(jobs=2) as runner:
        runner.submit(candidate(PARALLEL_THRESHOLD_BYTES))
        assert runner.pool is None  # one file, however big, gains nothing from a second process
        runner.submit(candidate(100))
        assert runner.pool is not None
        assert [r.findings[0].code for r in runner.results()] == ["APT001", "APT001"]
    with _Runner(jobs=1) as runner:
        for _ in range(3):
            runner.submit(candidate(PARALLEL_THRESHOLD_BYTES))
        assert runner.pool is None


def test_every_fix_reparses():
    from apptlint.core import registry

    for rule in registry.code_rules():
        for example in rule.INVALID:
            if example.fixed:
                cst.parse_module(example.fixed)
