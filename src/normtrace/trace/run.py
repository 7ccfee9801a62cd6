"""One call per command: resolve a case, collect its data, weigh its ledger.

:func:`run_trace` is what ``normtrace trace CASE`` and ``normtrace report CASE``
call. A case is named by the path of a case YAML file or by the id of a case
bundled in ``normtrace/data/cases/``; a case file holds::

    id: mali-2013
    title: Mali — MINUSMA (2013)
    start: 2012-07-01          # ISO dates of the case window
    end: 2013-12-31
    terms: [Mali]              # words naming the case in titles and texts
    key_resolution: S/RES/2100 (2013)
    symbols: []                # documents that belong to the case whatever their text
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from normtrace.actors.cases import Case, is_case_path
from normtrace.coding.levels import COUNTED_LEVEL
from normtrace.coding.units import unit_genres
from normtrace.coding.validity import code_validity, project_validity
from normtrace.errors import TraceError
from normtrace.store.db import Store
from normtrace.trace.annotate import annotate
from normtrace.trace.books import coding_scope
from normtrace.trace.case import trace_case
from normtrace.trace.collect import CaseData, collect_case_data
from normtrace.trace.hypotheses import HypothesisSet, default_hypotheses, load_hypotheses
from normtrace.trace.ledger import Ledger, load_ledger
from normtrace.trace.pointers import weigh
from normtrace.trace.record import record_trace
from normtrace.trace.result import TraceRun
from normtrace.trace.rulefile import RuleSet, default_rules_path, load_rules
from normtrace.trace.rules import derive_ledger
from normtrace.trace.store_trace import CaseWindow, check_citations, fill_quotes
from normtrace.yamlfile import LineDict, load_mapping, where


def bundled_cases_dir() -> Path:
    """``normtrace/data/cases`` in the installed package."""
    return Path(str(resources.files("normtrace") / "data" / "cases"))


def resolve_case(case: str) -> CaseWindow:
    """A case from a YAML path or a bundled case id; a wrong id lists the valid ones.

    A case file is either a Council-context case (``normtrace.actors.cases``: name,
    countries, topics, mission, key resolutions, a window of years) or a trace window
    with exact dates (id, title, start, end, terms, key_resolution).
    """
    if is_case_path(case):
        return load_case(case)
    found = _bundled_cases()
    if case in found:
        return found[case]
    raise TraceError(
        f"no case {case!r}; valid bundled cases: {sorted(found) or 'none'}; "
        "or pass the path of a case YAML file (id, title, start, end, terms, key_resolution)"
    )


def load_case(path: str | Path) -> CaseWindow:
    """Load one case file (see :func:`resolve_case` for the two forms)."""
    data = load_mapping(path, what="case file", error=TraceError)
    if "name" in data and "window" in data:
        from normtrace.actors.cases import load_case as load_council_case

        return window_from_case(load_council_case(path))
    return case_from_mapping(data, source=str(path))


def window_from_case(case: Case) -> CaseWindow:
    """The trace window of a Council-context case: its years, countries, topics and mission
    as terms, its key and related resolutions as listed symbols."""
    terms = [*case.countries, *case.topics, *([case.mission] if case.mission else [])]
    return CaseWindow(
        id=case.name,
        title=case.title,
        start=f"{case.start}-01-01",
        end=f"{case.end}-12-31",
        terms=tuple(dict.fromkeys(terms)),
        symbols=(*case.key_resolutions, *case.related_resolutions),
        key_resolution=case.key_resolutions[0] if case.key_resolutions else None,
    )


def case_from_mapping(data: LineDict, *, source: str) -> CaseWindow:
    """Validate a case mapping: id, title, ISO start and end dates; optional lists."""
    missing = [k for k in ("id", "start", "end") if k not in data]
    if missing:
        raise TraceError(f"{where(source, data)}: case lacks {missing}")
    start, end = (_iso(data, k, source) for k in ("start", "end"))
    if start > end:
        raise TraceError(f"{where(source, data, 'start')}: start {start} is after end {end}")
    return CaseWindow(
        id=str(data["id"]),
        title=str(data.get("title") or data["id"]),
        start=start,
        end=end,
        terms=_strings(data, "terms", source),
        symbols=_strings(data, "symbols", source),
        key_resolution=str(data["key_resolution"]) if data.get("key_resolution") else None,
    )


def _iso(data: LineDict, key: str, source: str) -> str:
    value: Any = data[key]
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise TraceError(f"{where(source, data, key)}: {key} must be an ISO date") from exc


def _strings(data: LineDict, key: str, source: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise TraceError(f"{where(source, data, key)}: {key} must be a list")
    return tuple(str(v) for v in value)


def _bundled_cases() -> dict[str, CaseWindow]:
    from normtrace.actors.cases import load_cases

    return {case.name: window_from_case(case) for case in load_cases()}


def run_trace(
    store: Store,
    case: CaseWindow,
    *,
    hypotheses: str | Path | None = None,
    ledger: str | Path | None = None,
    rules: str | Path | None = None,
    delta: float = 0.1,
    prior_delta: float | None = None,
    record: bool = False,
    codebook: str | None = None,
) -> TraceRun:
    """Collect the case's data from ``store`` and, given a ledger, weigh the hypotheses.

    An item whose pointer to the text is broken (it cites no unit, a unit the project does
    not hold, a span beyond its unit, or a quote that is not the unit's stored text:
    :mod:`normtrace.trace.pointers`) is left out of the posterior and named in
    ``left_out``, a corroborating item's too; quotes missing from the other items are filled
    from the stored texts. When a derived item that another restates is left out, the rules
    are derived again without it, so that the other is weighed in its place, as when its
    indicator cannot be computed (:func:`normtrace.trace.pointers.weigh`).
    With ``rules`` (a rules file, or ``"default"`` for the bundled one) the ledger is
    derived from the indicators instead (:func:`normtrace.trace.rules.derive_ledger`).
    Every item, weighed or corroborating, carries the measured error of the codes it rests
    on and its units dated outside the case window (:func:`normtrace.trace.annotate.annotate`),
    which the table, the JSON, the saved ledger and the report all print.
    With ``record`` the indicator values and the result are stored under a new run
    (:func:`normtrace.trace.record.record_trace`) whose id is ``run_id``, the codebooks read
    and the rules file's name and sha256 (``rules_name``, ``rules_sha256``) among its
    parameters.

    ``codebook``: read that codebook's codings only, with its measured error; without one,
    a code id two codebooks share is read from the first registered, whose measurement is
    shown (:mod:`normtrace.trace.books`; the other's codings of the case documents left out
    are counted in ``data.codings``).

    Raises:
        NotFoundError: ``codebook`` is not a codebook of the project.
    """
    hs = load_hypotheses(hypotheses) if hypotheses else default_hypotheses()
    scope = coding_scope(store, codebook)
    data = collect_case_data(store, case, codings=scope)
    from normtrace.coding.learn.validate import current_validations  # loads scikit-learn

    validity = (
        project_validity(store)
        if codebook is None
        else code_validity(store, codebook, scope.versions[codebook], level=COUNTED_LEVEL)
    )
    runs = tuple(current_validations(store))
    result = TraceRun(data, hs, None, validity=validity, validations=runs)
    if ledger is not None and rules is not None:
        raise TraceError("give an evidence ledger or evidence rules, not both")
    if ledger is not None or rules is not None:
        loaded, problems, rule_set = _ledger(store, data, hs, ledger, rules)
        if ledger is not None:
            check_citations(loaded, store, scope)
        # each item's measured error and units outside the window, once for every output
        loaded = annotate(loaded, store, case, validity)
        again = None
        if rule_set is not None:  # a derived ledger: derived again without left-out rules

            def again(out: frozenset[str], rs: RuleSet = rule_set) -> Ledger:
                fewer = replace(rs, rules=tuple(r for r in rs.rules if r.id not in out))
                return annotate(derive_ledger(data, fewer, store=store)[0], store, case, validity)

        loaded, kept, left_out = weigh(loaded, store, again)
        filled, _ = fill_quotes(kept, store)  # every key of a kept item is in the project
        trace = (
            trace_case(hs, filled, delta=delta, prior_delta=prior_delta) if filled.items else None
        )
        if trace is None:
            problems.append(
                "every evidence item was left out of the posterior (see left out), so no "
                "hypothesis is weighed"
                if loaded.items
                else "no evidence item could be derived, so no hypothesis is weighed"
            )
        weighed = {i.id: i for i in (*filled.items, *filled.corroborating)}
        given = replace(
            loaded,
            items=tuple(weighed.get(i.id, i) for i in loaded.items),
            corroborating=tuple(weighed.get(i.id, i) for i in loaded.corroborating),
        )
        cited = {u.key for item in filled.items for u in item.units}
        result = TraceRun(data, hs, trace, tuple(problems), validity=validity,
                          genres=unit_genres(store, cited), validations=runs,
                          left_out=left_out, ledger=given, rules=rule_set)  # fmt: skip
    if not record:
        return result
    params = {
        "hypotheses": hs.source,
        "ledger": str(ledger or ""),
        "rules": str(rules or ""),
        # which rules, by content: "default" names whatever file this normtrace bundles
        **(
            {"rules_name": result.rules.name, "rules_sha256": result.rules.sha256}
            if result.rules is not None
            else {}
        ),
        "delta": delta,
        "prior_delta": prior_delta,
        **scope.params(),
    }
    return replace(result, run_id=record_trace(store, result, params=params))


def _ledger(
    store: Store,
    data: CaseData,
    hs: HypothesisSet,
    ledger: str | Path | None,
    rules: str | Path | None,
) -> tuple[Ledger, list[str], RuleSet | None]:
    if ledger is not None:
        return load_ledger(ledger, hs), [], None
    path = default_rules_path() if str(rules) == "default" else Path(str(rules))
    rule_set = load_rules(path, hs)
    derived, skipped = derive_ledger(data, rule_set, store=store)
    return derived, [f"rule {r} not applied: {why}" for r, why in skipped.items()], rule_set
