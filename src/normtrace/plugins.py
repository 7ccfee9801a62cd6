"""Entry-point registries: how parsers, indicators and exporters are found.

A plugin package declares objects under an entry-point group in its ``pyproject.toml``::

    [project.entry-points."normtrace.parsers"]
    ga_resolution = "normtrace_ga.parser:GA_RESOLUTION"

and :func:`load_group` gathers, for one group, the built-ins and every installed
package's entries. The groups (:data:`GROUPS`) and what their objects provide are defined
by the registry modules beside the code they extend: :mod:`normtrace.parse.registry`,
:mod:`normtrace.trace.registry` and :mod:`normtrace.coding.exchange.registry`.

The built-ins register the same way: normtrace's own ``pyproject.toml`` declares them as
entry points, and each registry module holds the same declarations as a table
(``BUILTINS``; a test checks that the two agree), loaded through the same
:class:`importlib.metadata.EntryPoint`. The table is what counts, so the running source
tree is right even when normtrace runs without installed metadata (``PYTHONPATH=src``)
or with the metadata of another checkout; the ``normtrace`` distribution's own entry
points are therefore skipped.

A package entry that fails to load (its import raises, the attribute is missing, the
object lacks what the group needs, or its name is taken) is skipped with exactly one
:class:`~normtrace.errors.PluginWarning` naming the entry point and its package, and
listed in :attr:`Registry.failures`; nothing else fails. Registries are read once per
process (:func:`clear` forgets them, for tests).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

from normtrace.errors import PluginWarning

#: The entry-point groups normtrace reads.
GROUPS = ("normtrace.parsers", "normtrace.indicators", "normtrace.exporters")
#: The origin of the entries declared by normtrace itself.
BUILTIN = "built-in"
_SELF = "normtrace"
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One registered object: its name, the object, where it came from."""

    name: str
    obj: T
    #: ``"built-in"`` or ``"package NAME VERSION"``
    origin: str
    #: the entry point's value, ``module:attribute``
    value: str

    @property
    def builtin(self) -> bool:
        """True for normtrace's own entries."""
        return self.origin == BUILTIN


@dataclass(frozen=True)
class Failure:
    """A package entry that was skipped, and why (one line)."""

    group: str
    name: str
    value: str
    origin: str
    error: str


@dataclass(frozen=True)
class Registry(Generic[T]):
    """The loaded entries of one group: built-ins first (in declaration order), then
    package entries by name; and the package entries that failed."""

    group: str
    entries: tuple[Entry[T], ...]
    failures: tuple[Failure, ...] = ()

    def names(self) -> tuple[str, ...]:
        """The names of the loaded entries, in registry order."""
        return tuple(e.name for e in self.entries)

    def get(self, name: str) -> Entry[T] | None:
        """The entry called ``name``, or ``None``."""
        return next((e for e in self.entries if e.name == name), None)


#: a check of a loaded object: the reason it does not fit the group, or ``""``
Check = Callable[[str, object], str]


def load_group(
    group: str, builtins: Mapping[str, str], check: Check, cast: Callable[[object], T]
) -> Registry[T]:
    """Load ``group``: the built-in table (``name -> "module:attribute"``), then packages.

    A built-in that fails to load is a bug in normtrace and raises; a package entry
    that fails is skipped with one :class:`PluginWarning` and recorded as a failure.
    ``check(name, obj)`` says why a loaded object does not fit (``""`` when it does);
    ``cast`` narrows it to the group's type once checked.
    """
    entries: list[Entry[T]] = []
    for name, value in builtins.items():
        builtin = EntryPoint(name, value, group).load()
        problem = check(name, builtin)
        if problem:
            raise TypeError(f"built-in {group} entry {name} = {value}: {problem}")
        entries.append(Entry(name, cast(builtin), BUILTIN, value))
    failures: list[Failure] = []
    taken = {e.name: e.origin for e in entries}
    for ep in sorted(entry_points(group=group), key=lambda e: (e.name, e.value)):
        origin = _origin(ep)
        if origin == BUILTIN:
            continue
        error = _name_problem(ep.name, taken)
        obj: object = None
        if not error:
            try:
                obj = ep.load()
            except Exception as exc:  # noqa: BLE001 - a plugin's bug is reported, never raised
                error = f"loading it raised {type(exc).__name__}: {_one_line(exc)}"
        if not error:
            try:
                error = check(ep.name, obj)
            except Exception as exc:  # noqa: BLE001 - a plugin's bug is reported, never raised
                error = f"checking it raised {type(exc).__name__}: {_one_line(exc)}"
        if error:
            failure = Failure(group, ep.name, ep.value, origin, error)
            failures.append(failure)
            warnings.warn(warning_text(failure), PluginWarning, stacklevel=2)
            continue
        entries.append(Entry(ep.name, cast(obj), origin, ep.value))
        taken[ep.name] = origin
    return Registry(group, tuple(entries), tuple(failures))


def warning_text(failure: Failure) -> str:
    """The one line a failed entry is reported with."""
    return (
        f"normtrace plugin {failure.name!r} ({failure.group}: {failure.name} = "
        f"{failure.value}, from {failure.origin}) is skipped: {failure.error}; "
        "fix or uninstall that package"
    )


def check_object(
    name: str,
    obj: object,
    *,
    strings: tuple[str, ...],
    functions: tuple[str, ...],
    names: tuple[str, str, Callable[[str], bool]] | None = None,
) -> str:
    """Why ``obj`` is not a plugin called ``name`` with these string attributes and
    functions (``""`` when it is one); the registry modules' checks start here. ``names`` is
    an attribute that must be a non-empty tuple of strings: (attribute, what an item looks
    like, the test each item passes)."""
    if getattr(obj, "name", None) != name:
        return f"its 'name' is {getattr(obj, 'name', None)!r}, not the entry point's {name!r}"
    lacking = [a for a in strings if not isinstance(getattr(obj, a, None), str)]
    lacking += [f"{f}()" for f in functions if not callable(getattr(obj, f, None))]
    if lacking:
        return f"it lacks {', '.join(lacking)}"
    if names is not None:
        attribute, looks, ok = names
        items = getattr(obj, attribute, None)
        if not isinstance(items, tuple) or not items:
            return f"its {attribute!r} must be a non-empty tuple of {looks}"
        if not all(isinstance(i, str) and ok(i) for i in items):
            return f"its {attribute!r} must be a non-empty tuple of {looks}"
    return ""


def _origin(ep: EntryPoint) -> str:
    dist = ep.dist
    if dist is None:
        return "package (unknown)"
    name = dist.metadata["Name"] or dist.name
    if _normalize(name) == _SELF:
        return BUILTIN
    return f"package {name} {dist.version}"


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name_problem(name: str, taken: Mapping[str, str]) -> str:
    if not _NAME.match(name):
        return "its name must be lower-case letters, digits, '_' or '-' (at most 64)"
    if name in taken:
        return f"the name is already taken by the {taken[name]} entry; rename it"
    return ""


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or "(no message)"


_CACHE: dict[str, Registry[object]] = {}


def cached(group: str, load: Callable[[], Registry[T]]) -> Registry[T]:
    """``load()`` once per process for ``group`` (so a broken plugin warns once)."""
    if group not in _CACHE:
        _CACHE[group] = load()  # type: ignore[assignment]
    return _CACHE[group]  # type: ignore[return-value]


def clear() -> None:
    """Forget the loaded registries (the next use reads the entry points again)."""
    _CACHE.clear()
