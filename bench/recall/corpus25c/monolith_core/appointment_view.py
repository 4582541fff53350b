"""Read-only view over an appointment payload, used across the monolith."""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Iterator


class AppointmentView(Mapping):
    __slots__ = ("_raw",)

    def __init__(self, raw: dict[str, Any]):
        self._raw = raw

    def __getitem__(self, key: str) -> Any:
        return self._raw[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"<AppointmentView {self._raw.get('id')} {self._raw.get('status')}>"

    @property
    def cancel_link(self) -> str:
        return self._raw["urls"]["cancel"][0]

    @property
    def reschedule_link(self) -> str:
        return self["urls"]["reschedule"][0]

    @property
    def confirm_link(self) -> str | None:
        return self._raw.get("confirm_url") or self._raw["urls"]["confirm"][0]

    @property
    def join_link(self) -> str:
        return self._raw["join_url"]

    @property
    def calendar_link(self) -> str:
        [first, *_] = self._raw["urls"]["add_to_calendar"]
        return first

    def link_variants(self, kind: str) -> tuple[str, ...]:
        return tuple(self._raw["urls"][kind])

    def legacy_links(self) -> Mapping[str, list[str]]:
        return MappingProxyType(self._raw["urls"])

    def has_any_link(self) -> bool:
        return any(self._raw["urls"].values())

    def primary_links(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._raw["urls"].items() if v}

    def last_ics(self) -> str:
        return self._raw["urls"]["ics"][-1]

    def is_legacy_payload(self) -> bool:
        return "cancel_url" not in self._raw and bool(self._raw.get("urls"))
