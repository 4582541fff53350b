"""CI guard: fail if our pinned API client lags the newest release on PyPI."""
from __future__ import annotations

import re
import sys

import requests
from packaging.version import Version

PYPI = "https://pypi.org/pypi/{name}/json"
NPM_CORE = "https://registry.npmjs.org/@savvycal/appointments-core/latest"


def latest(name: str) -> tuple[Version, str | None]:
    meta = requests.get(PYPI.format(name=name), timeout=10).json()
    files = meta["urls"]
    wheel = next((f for f in files if f["packagetype"] == "bdist_wheel"), files[0] if files else None)
    return Version(meta["info"]["version"]), wheel and wheel["url"]


def project_links(name: str) -> dict[str, str]:
    meta = requests.get(PYPI.format(name=name), timeout=10).json()
    return meta["info"].get("project_urls") or {}


def pinned(path: str = "constraints.txt") -> Version:
    m = re.search(r"^acme-appointments-client==(\S+)$", open(path).read(), re.M)
    if not m:
        raise SystemExit("client not pinned")
    return Version(m.group(1))


def main() -> int:
    newest, wheel = latest("acme-appointments-client")
    if pinned() < newest:
        print(f"pinned {pinned()} < {newest} ({wheel}); see {project_links('acme-appointments-client').get('Changelog')}")
        return 1
    core = requests.get(NPM_CORE, timeout=10).json()["version"]
    if Version(core) > Version("1.6.0"):
        print("core types moved past 1.6.0; re-run the link migration checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
