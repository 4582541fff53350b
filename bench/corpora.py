"""Build the benchmark inputs under bench/.work/, reproducibly (everything random comes from one seed).

- code: the Django 5.1 source distribution (about 2,800 .py files) plus generated webhook
  consumers that read the deprecated `urls` lists and hard-code the host;
- all-parse: the consumers replicated, so every file has a `urls` read and must be parsed;
- events: JSON Lines webhook events of about 5 KB, written as a stream.

Every builder writes into a temporary name and renames it when done, so an interrupted build is
never mistaken for a finished one; a finished corpus is reused when its name (seed, size, mix) matches.
"""

from __future__ import annotations

import glob
import json
import os
import random
import shutil
import subprocess
import tarfile

import orjson

from apptlint.payload import snapshots

URL_KEYS = ("cancel", "confirm", "ics", "join", "reschedule", "add_to_calendar")
RECEIVERS = ("appt", "appointment", "obj", "booking", "data")


def _finish(tmp: str, final: str) -> str:
    os.replace(tmp, final)
    return final


def _own_project(tree: str) -> str:
    """Give a code tree its own pyproject.toml. Fixit (through trailrunner) finds the project root by walking
    up to a pyproject.toml or .git and obeys that root's .gitignore, which ignores bench/.work/."""
    marker = os.path.join(tree, "pyproject.toml")
    if not os.path.exists(marker):
        with open(marker, "w") as handle:
            handle.write("# Marks this benchmark corpus as a project of its own (see bench/corpora.py).\n")
    return tree


# ---- code -------------------------------------------------------------------------------------


def django_tree(work: str, python: str) -> str:
    """Unpack the Django 5.1 sdist (tests included) with the peer venv's pip; returns its directory."""
    final = os.path.join(work, "django")
    if os.path.isdir(final):
        return final
    downloads = os.path.join(work, "downloads")
    if not glob.glob(os.path.join(downloads, "[Dd]jango-5.1.*.tar.gz")):
        pip = subprocess.run(
            [
                python,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-d",
                downloads,
                "django==5.1.*",
            ],
            capture_output=True,
            text=True,
        )
        if pip.returncode:
            raise SystemExit(f"pip download django==5.1.* failed:\n{pip.stderr[-3000:]}")
    archive = sorted(glob.glob(os.path.join(downloads, "[Dd]jango-5.1.*.tar.gz")))[-1]
    tmp = final + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")
    (top,) = os.listdir(tmp)
    os.replace(os.path.join(tmp, top), final)
    os.rmdir(tmp)
    return final


def consumer_source(rng: random.Random, index: int) -> str:
    """One generated webhook consumer: deprecated reads in every form, fixed hosts, and lookalikes."""
    parts = [
        f'"""Generated webhook consumer #{index} (apptlint benchmark corpus)."""\n',
        "import logging\nfrom urllib.parse import urlparse\n\nlog = logging.getLogger(__name__)\n",
    ]
    for n in range(rng.randint(8, 16)):
        v, k = rng.choice(RECEIVERS), rng.choice(URL_KEYS)
        form = n if n < 3 else rng.randrange(8)  # every file starts with the three read forms
        name = f"handle_{index}_{n}"
        if form == 0:
            body = f'    link = {v}["urls"]["{k}"][0]\n    log.info("link %s", link)\n    return link\n'
        elif form == 1:
            body = f'    return {v}.get("urls", {{}}).get("{k}", [None])[0]\n'
        elif form == 2:
            body = f'    urls = {v}["urls"]\n    first = urls["{k}"][0]\n    return first\n'
        elif form == 3:
            body = f'    path = "/c/appointments/" + {v}["id"] + "/{k}"\n    return "https://app.savvycal.com" + path\n'
        elif form == 4:
            body = f'    return urlparse({v}["cancel_url"]).netloc == "savvycal.com"\n'
        elif form == 5:
            body = f'    return [u["filename"] for u in {v}["urls"]]  # a PyPI-style urls list: not flagged\n'
        elif form == 6:
            body = f'    return {v}["urls"].get("{k}", [""])[0]\n'
        else:
            body = f"    total = sum(len(x) for x in {v}.values())\n    return total * {rng.randint(2, 9)}\n"
        parts.append(f"\n\ndef {name}({v}):\n{body}")
    return "".join(parts)


def consumers(work: str, seed: int, count: int = 50) -> str:
    final = os.path.join(work, f"consumers-s{seed}-n{count}")
    if os.path.isdir(final):
        return final
    rng = random.Random(seed)
    tmp = final + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for i in range(count):
        with open(os.path.join(tmp, f"consumer_{i:03d}.py"), "w") as handle:
            handle.write(consumer_source(rng, i))
    return _finish(tmp, final)


def code_tree(work: str, seed: int, django: str, django_files: int | None) -> str:
    """Django (all of it, or a seeded sample of `django_files` files) plus the consumers, in one tree."""
    label = "all" if django_files is None else str(django_files)
    final = os.path.join(work, f"code-s{seed}-django{label}")
    if os.path.isdir(final):
        return _own_project(final)
    tmp = final + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    if django_files is None:
        shutil.copytree(django, os.path.join(tmp, "django"))
    else:
        files = sorted(
            os.path.relpath(p, django) for p in glob.glob(os.path.join(django, "**", "*.py"), recursive=True)
        )
        for rel in random.Random(seed).sample(files, min(django_files, len(files))):
            os.makedirs(os.path.dirname(os.path.join(tmp, "django", rel)), exist_ok=True)
            shutil.copy2(os.path.join(django, rel), os.path.join(tmp, "django", rel))
    shutil.copytree(consumers(work, seed), os.path.join(tmp, "consumers"))
    return _own_project(_finish(tmp, final))


def all_parse_tree(work: str, seed: int, files: int) -> str:
    """The consumers copied round-robin up to `files` files: each one has `urls` reads to parse and fix."""
    final = os.path.join(work, f"allparse-s{seed}-n{files}")
    if os.path.isdir(final):
        return _own_project(final)
    source = consumers(work, seed)
    names = sorted(os.listdir(source))
    tmp = final + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    for i in range(files):
        sub = os.path.join(tmp, f"pkg{i // 100:02d}")
        os.makedirs(sub, exist_ok=True)
        shutil.copy2(os.path.join(source, names[i % len(names)]), os.path.join(sub, f"mod_{i:04d}.py"))
    return _own_project(_finish(tmp, final))


# ---- JSON Lines events --------------------------------------------------------------------------

PAD = "__PAD__"
# Ways to break a 1.6.0 event (each verified to fail the schema): (bytes to find, replacement).
BREAKAGES = (
    (b'"object":"client"', b'"object":"customer"'),  # enum
    (b'"utc":"2025-03-01T03:00:00Z"', b'"utc":"2025-03-01 3pm"'),  # date-time format
    (b'"unix_ts":1736461200', b'"unix_ts":"1736461200"'),  # type
    (b'"id":"clnt_a1b2c3d4e5f6"', b'"id":"client-1"'),  # pattern
)


def _template(version: str) -> bytes:
    event_data = snapshots.example(version, "AppointmentCreatedEventData")
    event_data["object"]["client"]["metadata"] = PAD
    event = {
        "id": "evt_a1b2c3d4e5f6",
        "type": "appointment.created",
        "created_at": "2025-03-10T14:30:00Z",
        "data": event_data,
    }
    return orjson.dumps(event)


def _metadata(rng: random.Random, room: int) -> bytes:
    """Free-form client metadata of about `room` bytes (the schema allows up to 16 KB)."""
    fields = {}
    while room > 40:
        chunk = min(room - 20, rng.randint(60, 240))
        fields[f"crm_{len(fields):02d}"] = rng.randbytes(chunk // 2).hex()
        room -= chunk + 12
    return orjson.dumps(fields)


def events(work: str, seed: int, lines: int, *, old_share: float, invalid_share: float, size: int = 5000) -> str:
    """`lines` appointment.created events: 1.6.0, with `old_share` 1.5.0-shaped and `invalid_share` broken."""
    final = os.path.join(work, f"events-s{seed}-n{lines}-old{old_share:g}-bad{invalid_share:g}.jsonl")
    if os.path.exists(final):
        return final
    rng = random.Random(f"{seed}:{lines}:{old_share}:{invalid_share}")
    templates = {v: _template(v) for v in ("1.5.0", "1.6.0")}
    tmp = final + ".tmp"
    with open(tmp, "wb", buffering=1 << 20) as out:
        for _ in range(lines):
            version = "1.5.0" if rng.random() < old_share else "1.6.0"
            line = templates[version]
            appt_id, client_id = f"appt_{rng.randbytes(6).hex()}".encode(), f"clnt_{rng.randbytes(6).hex()}".encode()
            if version == "1.6.0" and rng.random() < invalid_share:
                old, new = rng.choice(BREAKAGES)
                line = line.replace(old, new, 1)
            room = size - len(line) + rng.randint(-400, 400)
            line = (
                line.replace(b'"' + PAD.encode() + b'"', _metadata(rng, room))
                .replace(b"appt_a1b2c3d4e5f6", appt_id)
                .replace(b"clnt_a1b2c3d4e5f6", client_id)
                .replace(b"evt_a1b2c3d4e5f6", f"evt_{rng.randbytes(6).hex()}".encode())
            )
            out.write(line + b"\n")
    return _finish(tmp, final)


def booking_links_document(work: str, items: int, invalid: int) -> str:
    """One indented BookingLinksResponse of `items` links (~1 KB each), `invalid` of them spread out and broken."""
    final = os.path.join(work, f"booking-links-n{items}-bad{invalid}.json")
    if os.path.exists(final):
        return final
    doc = snapshots.example("1.6.0", "BookingLinksResponse")
    link = json.dumps(doc["data"][0], indent=2).replace("\n", "\n    ").encode()
    broken = {items * (k + 1) // (invalid + 1) for k in range(invalid)}
    doc = {**doc, "meta": {**doc["meta"], "total_count": items}, "data": []}
    head, tail = json.dumps(doc, indent=2).encode().split(b'"data": []')
    tmp = final + ".tmp"
    with open(tmp, "wb", buffering=1 << 20) as out:
        out.write(head + b'"data": [\n')
        for n in range(items):
            text = link.replace(b'"id": "bl_d025a96ac0c6d025a96ac0c6"', f'"id": "bl_{n:024d}"'.encode())
            if n in broken:
                text = text.replace(b'"max_uses": 5', b'"max_uses": 0')
            out.write(b"    " + text + (b",\n" if n < items - 1 else b"\n"))
        out.write(b"  ]" + tail)
    return _finish(tmp, final)


def split_events(work: str, source: str, count: int) -> str:
    """The first `count` events of `source`, one .json file each (for check-jsonschema)."""
    final = os.path.join(work, f"{os.path.basename(source)[:-6]}-files{count}")
    if os.path.isdir(final):
        return final
    tmp = final + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    with open(source, "rb") as handle:
        for i, line in zip(range(count), handle):
            with open(os.path.join(tmp, f"event_{i:05d}.json"), "wb") as out:
                out.write(line)
    return _finish(tmp, final)
