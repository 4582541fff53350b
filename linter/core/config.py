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
    unsafe_fixes: bool = False
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
    def excludes(self) -> list[str]:
        return self.exclude + self.extend_exclude

    def public(self) -> dict:
        return {
            f.name.replace("_", "-"): getattr(self, f.name) for f in fields(self) if f.name not in ("origins", "root")
        }


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
    "unsafe-fixes": _bool,
    "payload-globs": _list_of_str,
    "template-globs": _list_of_str,
    "cassette-globs": _list_of_str,
    "template-engines": _engines,
    "max-body-bytes": _positive,
    "max-compression-ratio": _positive,
}


def find_config(paths) -> Path | None:
    """The nearest pyproject.toml with a [tool.apptlint] table, walking up from the first path."""
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
    return settings


def relative_to_root(path: str, settings: Settings) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(Path(settings.root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
