"""The model as a graph of stages: what each stage reads, and which stages a settings change reruns.

A ``Stage`` names the ModelSettings fields it reads (``reads``) and the stages whose outputs it takes
(``needs``). ``plan(graph, changed)`` lists, in run order, the stages a change of the fields
``changed`` makes stale: those that read one of them, and every stage downstream of those. The stages
themselves (model/partial.py) and the incremental run live elsewhere; this module is only the graph.

The declarations are checked by tests/core/test_stage_graph.py: every field a stage's code actually
reads (recorded through ``RecordingSettings``) must be declared, and a partial run must equal a full
one for every threshold setting.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from .settings import ModelSettings


@dataclass(frozen=True)
class Stage:
    """One step of the model: ``run(ctx)`` returns its output (kept between runs)."""

    key: str
    #: the ModelSettings fields this stage reads (directly, or through the functions it calls)
    reads: frozenset
    #: the stages whose outputs this stage takes
    needs: tuple
    run: Callable[[Any], Any]
    #: reruns on every run (cheap assembly steps that hand out fresh objects)
    always: bool = False


class StageGraph:
    """Stages in a valid run order (each after the stages it needs)."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages: list[Stage] = list(stages)
        self.by_key = {s.key: s for s in self.stages}
        if len(self.by_key) != len(self.stages):
            raise ValueError("two stages share a key")
        fields = {f.name for f in dataclasses.fields(ModelSettings)}
        seen: set[str] = set()
        for s in self.stages:
            unknown = set(s.reads) - fields
            if unknown:
                raise ValueError(f"stage {s.key} reads unknown settings {sorted(unknown)}")
            missing = [n for n in s.needs if n not in seen]
            if missing:
                raise ValueError(f"stage {s.key} needs {missing} before it")
            seen.add(s.key)

    def keys(self) -> list[str]:
        return [s.key for s in self.stages]

    def readers(self, field: str) -> list[str]:
        """The stages that read ``field`` themselves."""
        return [s.key for s in self.stages if field in s.reads]

    def plan(self, changed: Iterable[str], extra_stale: Iterable[str] = ()) -> list[str]:
        """The stages to rerun, in run order, when the settings ``changed`` (and ``extra_stale`` are stale)."""
        changed = set(changed)
        stale: set[str] = set(extra_stale)
        out = []
        for s in self.stages:
            if s.always or s.key in stale or changed & s.reads or any(n in stale for n in s.needs):
                stale.add(s.key)
                out.append(s.key)
        return out

    def ancestors(self, keys: Iterable[str]) -> set:
        """``keys`` and every stage they need, directly or not."""
        out: set = set()
        todo = list(keys)
        while todo:
            key = todo.pop()
            if key not in out:
                out.add(key)
                todo.extend(self.by_key[key].needs)
        return out

    def read_fields(self) -> frozenset:
        """Every field some stage reads: a change of any other field reruns only the ``always`` stages."""
        return frozenset().union(*(s.reads for s in self.stages))


def changed_fields(before: ModelSettings, after: ModelSettings) -> list[str]:
    """The names of the ModelSettings fields whose values differ."""
    return [f.name for f in dataclasses.fields(ModelSettings) if getattr(before, f.name) != getattr(after, f.name)]


class SettingsView:
    """Settings as a stage sees them: the real values, some fields replaced (``overrides``).

    Read-only and attribute-only, like the stages use ModelSettings. ``RecordingSettings`` (tests) is
    a view that also notes every field read.
    """

    __slots__ = ("_settings", "_overrides")

    def __init__(self, settings: Any, overrides: Optional[dict] = None) -> None:
        object.__setattr__(self, "_settings", settings)
        object.__setattr__(self, "_overrides", dict(overrides or {}))

    def __getattr__(self, name: str) -> Any:
        overrides = object.__getattribute__(self, "_overrides")
        if name in overrides:
            return overrides[name]
        return getattr(object.__getattribute__(self, "_settings"), name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("settings are read-only")

    def __hash__(self) -> int:
        return hash((object.__getattribute__(self, "_settings"),
                     tuple(sorted(object.__getattribute__(self, "_overrides").items(), key=lambda kv: kv[0]))))

    def __eq__(self, other: object) -> bool:
        return self is other


class RecordingSettings:
    """Wraps settings and records the name of every field read (for the declaration tests)."""

    def __init__(self, settings: Any) -> None:
        object.__setattr__(self, "_settings", settings)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name: str) -> Any:
        settings = object.__getattribute__(self, "_settings")
        value = getattr(settings, name)
        if name in {f.name for f in dataclasses.fields(ModelSettings)}:
            object.__getattribute__(self, "read").add(name)
        return value

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_settings"))

    def __eq__(self, other: object) -> bool:
        return self is other
