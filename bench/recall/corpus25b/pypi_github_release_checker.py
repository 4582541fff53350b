"""Dependency watcher (dev-productivity). Posts when our pinned SDKs have releases."""
import requests

PINNED = {
    "pypi": ["httpx", "pydantic", "msgspec"],
    "npm": ["@savvycal/appointments-core"],
    "github": ["encode/httpx"],
}


def pypi_latest(name: str) -> dict:
    data = requests.get(f"https://pypi.org/pypi/{name}/json", timeout=10).json()
    wheel = next((u for u in data["urls"] if u["packagetype"] == "bdist_wheel"), None)
    return {
        "version": data["info"]["version"],
        "first_file": data["urls"][0]["url"],
        "wheel": wheel["url"] if wheel else None,
        "homepage": (data["info"].get("project_urls") or {}).get("Homepage"),
        "n_files": len(data["urls"]),
    }


def pypi_project_links(name: str) -> dict[str, str]:
    data = requests.get(f"https://pypi.org/pypi/{name}/json", timeout=10).json()
    links = {label.lower(): link for label, link in (data["info"].get("project_urls") or {}).items()}
    links["files"] = ", ".join(f["url"] for f in data["urls"])
    return links


def npm_latest(name: str) -> dict:
    meta = requests.get(f"https://registry.npmjs.org/{name}", timeout=10).json()
    latest = meta["dist-tags"]["latest"]
    return {"version": latest, "tarball": meta["versions"][latest]["dist"]["tarball"]}


def github_latest(repo: str) -> dict:
    rel = requests.get(f"https://api.github.com/repos/{repo}/releases/latest", timeout=10).json()
    return {
        "version": rel["tag_name"],
        "html": rel["html_url"],
        "first_asset": rel["assets"][0]["browser_download_url"] if rel["assets"] else None,
        "upload_url": rel["upload_url"].split("{")[0],
    }


def report() -> list[str]:
    lines = []
    for name in PINNED["pypi"]:
        lines.append(f"pypi {name}: {pypi_latest(name)['version']}")
    for name in PINNED["npm"]:
        lines.append(f"npm {name}: {npm_latest(name)['version']}")
    for repo in PINNED["github"]:
        lines.append(f"github {repo}: {github_latest(repo)['version']}")
    return lines


if __name__ == "__main__":
    print("\n".join(report()))
