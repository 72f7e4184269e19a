"""``ColumnMapping`` (the user's choice of columns for an unrecognised file) and ``MappingStore``,
which remembers it by a signature of the header row."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Optional

from .mapping_fields import FIELDS, norm_header


@dataclass
class ColumnMapping:
    """The user's choice for an unrecognised file: which header holds which field."""

    kind: str
    fields: dict[str, str]
    #: raw status word -> one of schema.ORDER_STATUSES (orders only; optional)
    status_map: dict[str, str] = field(default_factory=dict)
    platform: str = "other"

    def missing(self) -> list[str]:
        """Required fields not mapped."""
        return [f for f, (req, _) in FIELDS[self.kind].items() if req and not self.fields.get(f)]

    def to_json(self) -> dict:
        return {"kind": self.kind, "fields": dict(self.fields), "status_map": dict(self.status_map),
                "platform": self.platform}

    @classmethod
    def from_json(cls, d: dict) -> "ColumnMapping":
        return cls(kind=d["kind"], fields=dict(d.get("fields", {})), status_map=dict(d.get("status_map", {})),
                   platform=d.get("platform", "other"))


def header_signature(headers: list[str]) -> str:
    """A stable key for a header row (order-insensitive, loose comparison)."""
    key = "\x1f".join(sorted(norm_header(h) for h in headers))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class MappingStore:
    """Saved mappings in a JSON file, keyed by ``header_signature``.

    The GUI's mapping dialog saves the user's choice; ``registry.load_file`` looks it up so the
    same headers are read the same way next time without asking.
    """

    def __init__(self, path) -> None:
        self.path = os.fspath(path)

    def _load(self) -> dict:
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
            return data if isinstance(data, dict) else {}
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def get(self, headers: list[str]) -> Optional[ColumnMapping]:
        """The mapping saved for these headers, or None."""
        d = self._load().get(header_signature(headers))
        if not d:
            return None
        mapping = ColumnMapping.from_json(d)
        # A saved mapping only applies while every mapped header still exists.
        if any(h not in headers for h in mapping.fields.values()):
            return None
        return mapping

    def save(self, headers: list[str], mapping: ColumnMapping) -> None:
        """Remember ``mapping`` for these headers (atomic write)."""
        data = self._load()
        entry = mapping.to_json()
        entry["headers"] = list(headers)
        data[header_signature(headers)] = entry
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)

    def forget(self, headers: list[str]) -> None:
        data = self._load()
        if data.pop(header_signature(headers), None) is not None:
            with open(self.path, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1)


def default_store_path() -> str:
    """Where the app keeps saved mappings (the user's data directory)."""
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("desktop-app", appauthor=False), "column_mappings.json")
