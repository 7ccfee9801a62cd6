"""Which codebook version ``normtrace code apply`` applies, and what it says when there was a
choice: a file is itself; a name is the project's current version of that codebook, else the
bundled one; ``--bundled`` the bundled one, ``--version`` a version the project holds.

Applying a version puts it in use (:func:`~normtrace.coding.dictionary.apply.register_codebook`
appends a ``codebook_uses`` row, migration 0014): it becomes what "the codebook" means to every
reader (``current_codebooks``: exports, agreement, counts, measured error, the codes a coder may
apply), and its run's candidates are the codebook's current ones. Nothing is deleted: the
version it replaces stays in the project, with its codes and runs, and every human coding stays
(append-only events). But a coding of a code the applied version lacks is no longer a code of
"the codebook": exports of the codebook cannot carry it and coders cannot apply the code again
(``code apply`` warns after the fact). So ``--bundled`` in place of a version of the project's
own (a version edited in the workbench or applied from a file: not the bundled one) says, in
one line, which version stops being the one ``code apply`` uses and the command that takes it
back (``code apply NAME --version VERSION``), and refuses without ``force`` when human codings
of that codebook are of codes the bundled version does not contain.

>>> from normtrace.store.db import Store
>>> codebook_to_apply(Store.open(":memory:"), None)[0].name
'stability-operations'
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.yamlio import (
    bundled_codebooks,
    default_codebook_path,
    load_codebook,
)
from normtrace.coding.human import events
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store


def codebook_to_apply(
    store: Store,
    source: str | None,
    *,
    bundled: bool = False,
    version: str | None = None,
    force: bool = False,
) -> tuple[Codebook, str]:
    """The codebook ``normtrace code apply SOURCE`` applies, and a note when there was a choice.

    A file (YAML, ``.qdc``) is itself. A name (``None``: the default codebook's) is the
    project's current version of that codebook when the project holds one (a version edited
    in the workbench, or applied from a file, is not silently replaced by the bundled one),
    else the bundled codebook of that name; ``bundled`` takes the bundled one in any case (see
    the module doc: the note names the project's version it replaces and how to take it back);
    ``version`` the project's stored version ``version`` of the name (to take a replaced
    version back).

    Raises:
        CodingError: ``bundled`` would replace a project version holding human codings of codes
            the bundled version lacks, without ``force``; ``bundled`` and ``version`` together,
            ``force`` without ``bundled`` (it would do nothing), or ``version`` with a file.
        NotFoundError: the project holds no version ``version`` of the name.
    """
    from normtrace.coding.exchange.qdc import import_qdc
    from normtrace.coding.exchange.yamlio import DEFAULT_CODEBOOK

    if bundled and version:
        raise CodingError("give --bundled or --version, not both: one version is applied")
    if force and not bundled:
        raise CodingError(
            "--force only lets --bundled replace a project version holding codings of codes "
            "the bundled one lacks; without --bundled it would do nothing: drop --force, or "
            "add --bundled"
        )
    if source is not None:
        path = Path(source)
        is_file = path.suffix.lower() in (".yaml", ".yml", ".qdc") or path.exists()
        if is_file and version:
            raise CodingError(
                f"--version names a version the project holds; {source} is a file, applied "
                "as it is: give the codebook's name instead"
            )
        if path.suffix.lower() == ".qdc":
            return import_qdc(path), ""
        if is_file:
            return load_codebook(path), ""
    name = source or DEFAULT_CODEBOOK
    if version:
        return stored_codebook(store, name, version), ""
    held: Codebook | None = None
    with contextlib.suppress(NotFoundError):
        held = stored_codebook(store, name)
    shipped = load_codebook(default_codebook_path(name)) if (
        bundled or held is None or name in bundled_codebooks()) else None  # fmt: skip
    if held is None or bundled:
        assert shipped is not None
        if held is None or held.version == shipped.version:
            return shipped, ""
        return shipped, _replacing(store, held, shipped, force=force)
    note = ""
    if shipped is not None and shipped.version != held.version:
        note = (f"applied the project's current version of {name} ({held.version}); the "
                f"bundled one is {shipped.version}: `normtrace code apply {name} --bundled` "
                "applies it")  # fmt: skip
    return held, note


def _replacing(store: Store, held: Codebook, shipped: Codebook, *, force: bool) -> str:
    """The line saying that the bundled ``shipped`` replaces the project's ``held``; raises
    when human codings of ``held``'s codebook are of codes ``shipped`` lacks and not
    ``force``."""
    name = held.name
    back = f"`normtrace code apply {name} --version {held.version}` takes it back"
    known = {c.id for c in shipped.codes}
    ours = {c.id for c in held.codes}
    outside: dict[str, int] = {}
    for coding in events.human_codings(store):
        # a coding recording no codebook (one made before codings recorded theirs) is work
        # for this codebook only when the project's version holds its code: one of another
        # codebook's codes is no reason to refuse
        mine = coding.codebook == name or (coding.codebook is None and coding.code in ours)
        if mine and coding.code not in known:
            outside[coding.code] = outside.get(coding.code, 0) + 1
    if outside and not force:
        listed = ", ".join(f"{code} ({n})" for code, n in sorted(outside.items()))
        raise CodingError(
            f"code apply {name} --bundled: the project's version {held.version} (not the "
            f"bundled one: your edit, or an earlier release's) holds {sum(outside.values())} "
            f"human coding(s) of codes the bundled {shipped.version} lacks: {listed}; applied, "
            "the bundled version would leave them out of exports and coding; pass --force to "
            f"apply it anyway ({back}), or keep the project's version"
        )
    kept = (f"; {sum(outside.values())} human coding(s) of codes it lacks stay in the project, "
            "out of its exports" if outside else "")  # fmt: skip
    return (
        f"the project's version {held.version} of {name} (not the bundled one: your edit, "
        f"or an earlier release's) stops being the one `code apply` uses: the bundled "
        f"{shipped.version} is applied in its place, nothing is deleted{kept}; {back}"
    )
