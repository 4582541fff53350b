"""`[tool.apptlint]` configuration: found by walking up from the paths given, or `--config FILE`."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    "node_modules",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".eggs",
    "*.egg-info",
    "site-packages",
    "build",
    "dist",
)
DEFAULT_PAYLOAD_GLOBS = ("*.json", "*.jsonl", "*.ndjson")
# Matched against the file's path, where `*` also crosses folders; `templates/...` also matches below any folder.
DEFAULT_TEMPLATE_GLOBS = (
    "*.jinja",
    "*.jinja2",
    "*.j2",
    "templates/*.html",
    "templates/*.htm",
    "templates/*.txt",
    "templates/*.xml",
)
TEMPLATE_ENGINES = ("jinja", "django")
DEFAULT_CASSETTE_GLOBS = ("cassettes/*.yaml", "cassettes/*.yml", "*.har")
DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024
# JSON compresses 5-20x in practice (a long run of one value, 100x or so); a deflate stream tops out near 1,000x.
DEFAULT_MAX_COMPRESSION_RATIO = 200.0
CANONICAL_HOST = "savvycal.com"
VERSION = re.compile(r"^\d+\.\d+\.\d+$")
DEFAULT_MAX_FILE_SIZE = 2_000_000
DEFAULT_PYTHON = (3, 10)  # the oldest Python apptlint itself supports
_PYTHON = re.compile(r"^(?:py3(?P<compact>\d{1,2})|3\.(?P<dotted>\d{1,2}))$")
# The lowest Python a `requires-python` admits: the smallest 3.X its >=, ~=, == or > clauses name.
_REQUIRES = re.compile(r"(?P<op>>=|~=|==|>)\s*3\.(?P<minor>\d+)")


class ConfigError(ValueError):
    """A configuration problem; the message names the file and the key."""


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    schema_version: str | None = None
    # The snapshot whose facts the code rules apply (deprecated keys, flat fields); None: the newest.
    target_version: str | None = None
    # The oldest Python the checked code runs on: every fixed file must parse under its grammar. None: the
    # consumer's `requires-python`, else `[tool.ruff] target-version`, else DEFAULT_PYTHON (see python_grammar).
    target_python: tuple[int, int] | None = None
    unsafe_fixes: bool = False
    # A code file bigger than this is reported (APT999), not parsed: libcst needs about 800 bytes of memory
    # per byte of source, so a generated 10 MB module would take minutes and gigabytes.
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    payload_globs: list[str] = field(default_factory=lambda: list(DEFAULT_PAYLOAD_GLOBS))
    template_globs: list[str] = field(default_factory=lambda: list(DEFAULT_TEMPLATE_GLOBS))
    cassette_globs: list[str] = field(default_factory=lambda: list(DEFAULT_CASSETTE_GLOBS))
    # glob -> "jinja" | "django": which engine reads the templates a glob matches (else: detected, see README).
    template_engines: dict[str, str] = field(default_factory=dict)
    # A compressed recorded body is inflated only this far (bytes), and past 1 MiB only up to this many times
    # its compressed size: a gzip bomb in a cassette is reported, not inflated.
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_compression_ratio: float = DEFAULT_MAX_COMPRESSION_RATIO
    # Where each value came from, for `apptlint config`.
    origins: dict[str, str] = field(default_factory=dict, compare=False)
    root: str = field(default=".", compare=False)

    @property
    def all_hosts(self) -> tuple[str, ...]:
        return (CANONICAL_HOST, *(h.lower().strip(".") for h in self.hosts))

    @property
    def python_grammar(self) -> tuple[int, int]:
        return self.target_python or DEFAULT_PYTHON

    @property
    def excludes(self) -> list[str]:
        return self.exclude + self.extend_exclude

    def public(self) -> dict:
        shown = {
            f.name.replace("_", "-"): getattr(self, f.name) for f in fields(self) if f.name not in ("origins", "root")
        }
        shown["target-python"] = "{}.{}".format(*self.python_grammar)
        return shown


def _list_of_str(key, value, where):
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings, got {value!r}")
    return list(value)


def _codes(key, value, where):
    from apptlint.core.registry import all_rules

    codes = _list_of_str(key, value, where)
    known = all_rules()
    for code in codes:
        if not any(c.startswith(code.upper()) for c in known) and code.upper() != "ALL":
            raise ConfigError(f"{where}: `{key}` has unknown rule code {code!r}")
    return [] if "ALL" in (c.upper() for c in codes) and key == "select" else [c.upper() for c in codes]


def _per_file(key, value, where):
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `{key}` must be a table of glob = [codes], got {value!r}")
    return {glob: _codes(f"{key}.{glob}", codes, where) for glob, codes in value.items()}


def _hosts(key, value, where):
    hosts = _list_of_str(key, value, where)
    for host in hosts:
        if not host or "/" in host or ":" in host or " " in host:
            raise ConfigError(f"{where}: `{key}` entries are bare host names like 'book.example.com', got {host!r}")
    return hosts


def _engines(key, value, where):
    if not isinstance(value, dict):
        raise ConfigError(f'{where}: `{key}` must be a table of glob = "jinja" or "django", got {value!r}')
    for glob, engine in value.items():
        if engine not in TEMPLATE_ENGINES:
            raise ConfigError(f'{where}: `{key}.{glob}` must be "jinja" or "django", got {engine!r}')
    return dict(value)


def _version(key, value, where):
    # Which versions exist is the snapshots' business (a layer above this one): load_settings checks it.
    if not isinstance(value, str) or not VERSION.match(value):
        raise ConfigError(f"{where}: `{key}` must be a snapshot version like '1.6.0', got {value!r}")
    return value


def _python(key, value, where):
    match = _PYTHON.match(value) if isinstance(value, str) else None
    if match is None:
        raise ConfigError(f"{where}: `{key}` must be a Python version like '3.10' or 'py310', got {value!r}")
    return (3, int(match.group("compact") or match.group("dotted")))


def python_from_project(data: dict) -> tuple[int, int] | None:
    """The oldest Python a pyproject.toml says the project runs on: `[tool.ruff] target-version`, else the
    lowest bound of `requires-python`."""
    ruff = data.get("tool", {}).get("ruff", {}).get("target-version") if isinstance(data.get("tool"), dict) else None
    if isinstance(ruff, str) and _PYTHON.match(ruff):
        return _python("target-version", ruff, "")
    requires = data.get("project", {}).get("requires-python") if isinstance(data.get("project"), dict) else None
    if not isinstance(requires, str):
        return None
    minors = [int(m.group("minor")) + (m.group("op") == ">") for m in _REQUIRES.finditer(requires)]
    return (3, min(minors)) if minors else None


def _size(key, value, where):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{where}: `{key}` must be a positive number of bytes, got {value!r}")
    return value


def _positive(key, value, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigError(f"{where}: `{key}` must be a positive number, got {value!r}")
    return value


def _bool(key, value, where):
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: `{key}` must be true or false, got {value!r}")
    return value


PARSERS = {
    "select": _codes,
    "ignore": _codes,
    "per-file-ignores": _per_file,
    "exclude": _list_of_str,
    "extend-exclude": _list_of_str,
    "hosts": _hosts,
    "schema-version": _version,
    "target-version": _version,
    "target-python": _python,
    "unsafe-fixes": _bool,
    "max-file-size": _size,
    "payload-globs": _list_of_str,
    "template-globs": _list_of_str,
    "cassette-globs": _list_of_str,
    "template-engines": _engines,
    "max-body-bytes": _positive,
    "max-compression-ratio": _positive,
}


def find_config(paths) -> Path | None:
    """The nearest pyproject.toml with a [tool.apptlint] table, walking up from the first path."""
    for candidate in _pyprojects_above(paths):
        try:
            data = tomllib.loads(candidate.read_text("utf-8"))
        except OSError:
            continue
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            # ruff does the same: a broken pyproject.toml is an error, not a file to look past.
            raise ConfigError(f"{candidate}: invalid TOML: {exc}") from None
        if "apptlint" in data.get("tool", {}):
            return candidate
    return None


def load_settings(
    paths=(), config_file: str | None = None, versions: Callable[[], tuple[str, ...]] | None = None
) -> Settings:
    """The settings for `paths`; `versions`, when given, gives the snapshot versions a version key may name
    (a function: finding them reads the installed snapshots, which a run without such a key never needs)."""
    settings = Settings()
    for f in fields(Settings):
        if f.name not in ("origins", "root"):
            settings.origins[f.name.replace("_", "-")] = "default"
    path = Path(config_file) if config_file else find_config(list(paths))
    if path is None:
        _python_from_nearest_project(settings, paths)
        return settings
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("apptlint") if path.name == "pyproject.toml" or "tool" in data else data
    if table is None:
        if config_file:
            raise ConfigError(f"{path}: no [tool.apptlint] table")
        return settings
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.apptlint] must be a table")
    where = str(path)
    for key, value in table.items():
        parser = PARSERS.get(key)
        if parser is None:
            raise ConfigError(f"{where}: unknown key `{key}` in [tool.apptlint]; known keys: {', '.join(PARSERS)}")
        parsed = parser(key, value, where)
        if parser is _version and versions is not None and parsed not in versions():
            raise ConfigError(f"{where}: `{key}` must be one of {', '.join(versions())}, got {value!r}")
        setattr(settings, key.replace("-", "_"), parsed)
        settings.origins[key] = where
    settings.root = str(path.parent)
    if settings.target_python is None:
        found = python_from_project(data)
        if found is not None:
            settings.target_python = found
            settings.origins["target-python"] = f"{where} (requires-python / [tool.ruff] target-version)"
    return settings


def _python_from_nearest_project(settings: Settings, paths) -> None:
    """With no [tool.apptlint] table, the nearest pyproject.toml still says which Python the code runs on."""
    for candidate in _pyprojects_above(paths):
        try:
            found = python_from_project(tomllib.loads(candidate.read_text("utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return  # find_config has already judged this file; nothing more to learn from it
        if found is not None:
            settings.target_python = found
            settings.origins["target-python"] = f"{candidate} (requires-python / [tool.ruff] target-version)"
        return


def _pyprojects_above(paths):
    """Each pyproject.toml in the folders from the first path up, nearest first."""
    start = Path(paths[0] if paths else ".")
    if start.name == "-":
        start = Path(".")
    try:
        start = start.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the path is reported when it is read; look from its folder
        start = Path(os.path.abspath(start)).parent
    if not start.is_dir():
        start = start.parent
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            yield candidate


def relative_to_root(path: str, settings: Settings) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(Path(settings.root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
