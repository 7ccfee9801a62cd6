"""``normtrace kwic`` and ``normtrace freq``: reading what is coded (``normtrace agreement``
is in :mod:`normtrace.cli.agreement`).

Thin commands over :mod:`normtrace.coding` (counts, KWIC): parse options, call one
library function (imported when the command runs), print a table (text, CSV or JSON).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, cast

import click

from normtrace.cli.base import (
    Context,
    LibraryChoice,
    LibraryHelpOption,
    opened,
    pass_context,
)
from normtrace.cli.coding import emit, format_option
from normtrace.coding.levels import LEVELS
from normtrace.coding.units import GROUPINGS

if TYPE_CHECKING:
    from normtrace.coding.counts import FirstAppearance, FrequencyRow
    from normtrace.coding.validity import CodeValidity
    from normtrace.store.db import Store
    from normtrace.trace.scope import CaseScope


@click.command("kwic")
@click.argument("query", required=False)
@click.option("--code", default=None, help="Concordance of a code's current codings instead.")
@click.option("--window", type=int, default=10, show_default=True, help="Words each side.")
@click.option(
    "--by",
    type=LibraryChoice("normtrace.coding.kwic:KWIC_BY"),
    default=None,
    help="Group lines by.",
)
@click.option("--limit", type=int, default=None, help="At most this many lines.")
@click.option(
    "--topic",
    metavar="TEXT",
    help="Only meeting records whose agenda item names TEXT (a whole word or phrase, case "
    "aside: Mali is not Somalia), from the UN Library meeting index (normtrace actors links).",
)
@format_option
@pass_context
def kwic_command(ctx: Context, query: str | None, code: str | None, window: int,
                 by: str | None, limit: int | None, topic: str | None,
                 fmt: str) -> None:  # fmt: skip
    """Keyword in context for QUERY (the query language of search, first and freq, docs/query.md;
    e.g. "neutrali*", "all necessary (means|measures)")."""
    from normtrace.coding.kwic import kwic

    with opened(ctx) as project:
        lines = kwic(project.store, query, code=code, window=window, by=by, limit=limit,
                     topic=topic)  # fmt: skip
        if topic is not None:
            note_topic(project.store, topic)
    if fmt != "table":
        emit(lines, fmt)
        return
    for line in lines:
        group = f"[{line.group}] " if by else ""
        click.echo(f"{group}{line.unit_key}  {line.left} [{line.match}] {line.right}")


@click.command("freq")
@click.option("--by", type=click.Choice(GROUPINGS), default="year", show_default=True)
@click.option("--source", type=LibraryChoice("normtrace.coding.counts:SOURCES"), default="all",
              show_default=True, cls=LibraryHelpOption,
              help_from="normtrace.coding.counts:SOURCE_HELP")  # fmt: skip
@click.option(
    "--case",
    "cases",
    multiple=True,
    metavar="NAME|PATH",
    help="A case's documents, as `trace`, `report` and `first --case` read them (a bundled "
    "case or a case YAML file; repeatable): with --by case one group per case, else only "
    "their documents are counted.",
)
@click.option("--code", "codes", multiple=True, help="Only these codes (repeatable).")
@click.option(
    "--topic",
    metavar="TEXT",
    help="Only meeting records whose agenda item names TEXT (a whole word or phrase, case "
    "aside: Mali is not Somalia), from the UN Library meeting index (normtrace actors links).",
)
@click.option(
    "--query",
    help="Count the matches of this query (docs/query.md) instead of codes, e.g. 'asymmetric*'.",
)
@click.option(
    "--table",
    type=click.Choice(["frequencies", "cooccurrence", "first"]),
    default="frequencies",
    show_default=True,
    help="Frequencies and rates, code co-occurrence, or first appearance by role.",
)
@click.option(
    "--level", type=click.Choice(LEVELS), default="unit", show_default=True,
    help="Count coded units, or paragraphs with their sub-paragraphs.",
)  # fmt: skip
@click.option(
    "--codebook", default=None, metavar="NAME",
    help="Count this codebook's codings and dictionary candidates only (for a code id two "
    "codebooks share), with its measured error. Frequencies only.",
)  # fmt: skip
@format_option
@pass_context
def freq_command(ctx: Context, by: str, source: str, cases: tuple[str, ...],
                 codes: tuple[str, ...], topic: str | None, query: str | None, table: str,
                 level: str, codebook: str | None, fmt: str) -> None:  # fmt: skip
    """Code frequencies (counts, rates per 10,000 words) by year, role, doc type, case or
    topic.

    With --query, the matches of a query instead of codes. --by topic: one group per agenda
    item of the unit's meeting (a meeting with several counts in each; 'unknown': no meeting
    record, or its meeting's agenda items are not known).

    count is occurrences: coded spans of a code in one unit that overlap are one; spans counts
    the spans (what `code apply` lists per code, there with those in headings, tables, maps,
    captions and notes, here other_count). units: the units (paragraphs with --level
    paragraph) holding them.

    The measured error of each code's count is said after the table (on standard error): the
    code's measurement on the genres of text counted (resolutions from 1999 and other
    documents, speeches, report paragraphs, resolutions before 1999: a count of report
    paragraphs carries the code's measurement on reports), each genre's where the counts cover
    several. With --format csv or json each row carries its group's (not with --source human,
    --query or another --table): measured_precision, measured_recall (each with _low and
    _high, its 95 % interval), measured_n and measured_source of its genre's measurement, or
    of the weakest (unvalidated first, then the lowest recall) where the group holds several
    genres; measured_genre (the genres that measurement judges), measured_genres (every genre
    the group holds), measured_validated (every genre's validates the code), measured_flag
    (why not, per genre; empty when validated) and measured_error (every genre's measurement
    in words).
    """
    from normtrace.coding.counts import (
        FrequencyRow,
        check_codes,
        code_cooccurrence,
        code_frequencies,
        codes_under,
        first_appearances,
        shared_dictionaries,
    )
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.coding.human.books import default_book
    from normtrace.coding.units import project_span
    from normtrace.coding.validity import code_validity, group_validity, project_validity

    if codebook is not None and (table != "frequencies" or query is not None):
        raise click.UsageError("--codebook counts code frequencies only (no --table, no --query)")
    if (topic is not None or by == "topic") and table != "frequencies":
        raise click.UsageError("--topic and --by topic count frequencies only")
    if cases and table != "frequencies":
        raise click.UsageError("--case counts frequencies only; for the first use within a "
                               "case: normtrace first --code CODE --case NAME|PATH")  # fmt: skip
    with opened(ctx) as project:
        store = project.store
        scopes = case_scopes(store, cases)
        check_codes(store, codes)
        rows: Sequence[Any]
        version = None
        if codebook is not None:  # a one-line error naming the project's codebooks
            version = stored_codebook(store, codebook).version  # what project_validity reads
        measured = (
            {} if source == "human"
            else code_validity(store, codebook, version, level=level) if codebook is not None
            else project_validity(store, level=level)
        )  # fmt: skip
        codes_under_each: dict[str, list[str]] = {}
        if table == "cooccurrence":
            rows = code_cooccurrence(store, source=source)
        elif table == "first":
            # a frame or group is reported under its own name: the first use of any of its codes
            under = {c: codes_under(store, c)[1] for c in dict.fromkeys(codes)}
            wanted: dict[str, list[str]] = {}
            for c, members in under.items():
                for m in members:
                    wanted.setdefault(m, []).append(c)
            rows = first_appearances(store, source=source, codes=wanted if codes else None)
            trust = {c: group_validity(measured, members) for c, members in under.items()}
        else:
            # a frame or group counts the spans of its codes under its own name
            named: dict[str, list[str]] = {}
            for c in dict.fromkeys(codes):
                codes_under_each[c] = codes_under(store, c)[1]
                for m in codes_under_each[c]:
                    named.setdefault(m, []).append(c)
            rows = code_frequencies(store, by=by, source=source, cases=scopes,
                                    level=level, query=query,
                                    under=named if codes and query is None else None,
                                    codebook=codebook, topic=topic)  # fmt: skip
        if topic is not None or by == "topic":
            note_topic(store, topic)
        shared = (
            shared_dictionaries(store, {r.code for r in rows if isinstance(r, FrequencyRow)})
            if table == "frequencies" and query is None and source != "human" and not codebook
            else {}
        )
        # whose measurement a shared code id shows: the codebook its codings are for
        measured_by = {c: default_book(store, c) or books[0] for c, books in shared.items()}
        missing = [c for c in codes if not any(getattr(r, "code", None) == c for r in rows)]
        groups = {c: codes_under(store, c) for c in missing}
        span = project_span(store)
    if table == "first":
        firsts = cast("list[FirstAppearance]", rows)
        if source != "human":  # how far each first use holds (a hand coding is its coder's)
            rows = [{**asdict(r), "trust": r.trust(trust, measured)} for r in firsts]
        emit(rows, fmt)
        click.echo(f"note: first within this project ({span}); uses in documents it does not "
                   "hold are not seen", err=True)  # fmt: skip
        return
    explained = ({c: group_validity(measured, codes_under_each[c]) for c in codes_under_each}
                 | measured)  # fmt: skip
    counted = cast("list[FrequencyRow]", rows) if table == "frequencies" else []
    if fmt != "table" and counted and query is None and source != "human":
        rows = [{**_shown(r), **_error_fields(r, explained, codes_under_each)} for r in counted]
    elif counted:
        rows = [_shown(r) for r in counted]
    emit(rows, fmt)
    if fmt == "table" and any(r.spans > r.count for r in counted):
        click.echo(f"note: {SPANS_NOTE}", err=True)
    for code, (grouping, members) in groups.items():
        if grouping and table == "frequencies":  # counted as the spans of its codes: none here
            click.echo(f"note: {code} is a {grouping} of codes ({', '.join(members[1:])}); "
                       "none of them is coded in this project", err=True)  # fmt: skip
    for code, books in shared.items():
        click.echo(f"note: {code}'s candidates come from the dictionaries of codebooks "
                       f"{', '.join(books)}, counted together; the measured error shown is "
                       f"{measured_by[code]}'s (count with --source human, or with "
                       "--codebook NAME, for one dictionary's count)",
                       err=True)  # fmt: skip
    if fmt == "table" and counted and query is None and measured:
        _explain_counts(counted, explained, codes_under_each)


#: what ``count`` and ``spans`` count, said under a table where they differ (and in the help)
SPANS_NOTE = (
    "count is occurrences: coded spans of a code in one unit that overlap (an entry and a "
    "wider one over the same words) are one occurrence; spans counts those spans, as `code "
    "apply` lists its candidates per code (which also lists those in headings, tables, maps, "
    "captions and notes, here other_count, and those coders later rejected)"
)


def _shown(row: FrequencyRow) -> dict[str, Any]:
    """``row`` as the table, CSV and JSON give it: the genres it counts are said by the
    measured error (:func:`_error_fields`, :func:`_explain_counts`), not as a column."""
    out = asdict(row)
    del out["genres"]
    return out


def _explain_counts(
    rows: Sequence[FrequencyRow], measured: dict[str, CodeValidity], under: dict[str, list[str]]
) -> None:
    """The measured error behind machine-coded counts, once per measurement: each code's is
    :func:`~normtrace.coding.validity.code_validity`'s (one rule, whichever codes are asked for
    with it) on the genres of text the counts cover (:mod:`normtrace.coding.counted_error`:
    a count of report paragraphs carries the code's measurement on reports, not its headline;
    over several genres, each one's); codes of a frame that carry the same one (the bundled
    frames set) share it, said once for the frame, and a frame's codes measured apart (a
    project's run of one of them) each say theirs. A frame or group counted under its own
    name (``under``: it and its codes) whose codes are measured apart gives each code's."""
    from normtrace.coding.count_groups import in_order
    from normtrace.coding.counted_error import by_genre, said
    from normtrace.coding.labelled_draw import GENRE_UNITS
    from normtrace.coding.validity import CodeValidity, OtherVersion, renamed

    genres = in_order(g for r in rows for g in r.genres)
    if len(genres) > 1:
        click.echo(f"note: the counts above are of {', '.join(GENRE_UNITS[g] for g in genres)}: "
                   "each code's measured error is given on each (with --format csv or json a "
                   "row carries its group's, the weakest where it holds several)",
                   err=True)  # fmt: skip
    shown: dict[tuple[str, CodeValidity], list[str]] = {}
    other: dict[OtherVersion, list[str]] = {}  # measured for another version only: said once
    for code in _measured_codes(rows, measured, under):
        v = measured.get(code, CodeValidity(code))
        if not v.source and v.other_version is not None:
            other.setdefault(v.other_version, []).append(code)
            continue
        # a frame's codes share a line only where their measurements are the same
        shown.setdefault((v.frame, renamed(v, v.frame)) if v.frame else (code, v), []).append(code)
    for note, codes in other.items():
        click.echo(f"measured error of the dictionaries of {', '.join(codes)}: unvalidated: "
                   f"{note.line()}", err=True)  # fmt: skip
    frames = Counter(name for name, _ in shown)
    for (name, v), members in shown.items():
        v = measured.get(members[0], v)
        whose = name if v.no_dictionary else f"{name}'s dictionary"
        apart = "; its other codes above are measured apart" if frames[name] > 1 else ""
        if v.frame and members != [name]:
            whose = (f"the dictionary of frame {name}, one measurement for its codes above "
                     f"({', '.join(members)}{apart})")  # fmt: skip
        found = by_genre(v, genres)
        click.echo(f"measured error of {whose}: {said(found)}", err=True)
        for m in found:  # where each figure comes from (coding.validity: one rule everywhere)
            if m.measured.source:
                click.echo(f"  {m.where}measured on: {m.measured.source}", err=True)


#: what each row of `freq --format csv|json` says of its code's measured error on the genres
#: of its group (``--source human``: none)
ERROR_FIELDS = (
    "measured_precision", "measured_precision_low", "measured_precision_high",
    "measured_recall", "measured_recall_low", "measured_recall_high", "measured_n",
    "measured_validated", "measured_flag", "measured_source", "measured_error",
    "measured_genre", "measured_genres",
)  # fmt: skip


def _error_fields(
    row: FrequencyRow, measured: dict[str, CodeValidity], under: dict[str, list[str]]
) -> dict[str, Any]:
    """The measured error of ``row``'s count as the columns :data:`ERROR_FIELDS`: its code's
    measurement on the genres of the row's group (:mod:`normtrace.coding.counted_error`):
    the figures, interval, ``n`` and source of that genre's, or of the weakest where the group
    holds several (``measured_genre`` names the genres it judges, ``measured_genres`` every
    genre counted), ``measured_validated`` whether every genre's validates the code,
    ``measured_flag`` why each that does not, named by its genre, and ``measured_error`` all
    of them in words. A frame or group whose codes are measured apart has no one measurement:
    its flag says so."""
    from normtrace.coding.counted_error import by_genre, said, weakest
    from normtrace.coding.labelled_draw import GENRE_UNITS
    from normtrace.coding.validity import CodeValidity

    v = measured.get(row.code, CodeValidity(row.code))
    found = by_genre(v, row.genres)
    w = weakest(found)
    m = w.measured
    flag = "; ".join(f.flag() for f in found if f.flag())
    text = said(found)
    apart = [c for c in under.get(row.code, [row.code])[1:] if c in measured]
    if apart and not (v.source or v.other_version or v.no_dictionary):
        flag = text = (f"its codes ({', '.join(apart)}) are measured apart: count each with "
                       "--code for its measured error")  # fmt: skip
    values = (m.precision, m.precision_low, m.precision_high, m.recall, m.recall_low,
              m.recall_high, m.n, all(f.measured.validated for f in found), flag, m.source,
              text, w.names(), [GENRE_UNITS[g] for g in row.genres or ("",)])  # fmt: skip
    return dict(zip(ERROR_FIELDS, values, strict=True))


def _measured_codes(
    rows: Sequence[Any], measured: dict[str, CodeValidity], under: dict[str, list[str]]
) -> list[str]:
    """The codes whose measurements explain ``rows``: each row's code; for a frame or group
    counted under its own name whose codes carry different measurements (no one measurement:
    :func:`~normtrace.coding.validity.group_validity`), its codes, said in a note."""
    from normtrace.coding.counts import FrequencyRow

    out: list[str] = []
    for code in dict.fromkeys(r.code for r in rows if isinstance(r, FrequencyRow)):
        members = [m for m in under.get(code, [code])[1:] if m in measured]
        v = measured.get(code)
        if members and (v is None or not (v.source or v.other_version or v.no_dictionary)):
            click.echo(f"note: {code} counts the spans of its codes ({', '.join(members)}), "
                       "whose dictionaries are measured apart: each one's measured error "
                       "follows", err=True)  # fmt: skip
            out += members
        else:
            out.append(code)
    return list(dict.fromkeys(out))


def note_topic(store: Store, topic: str | None) -> None:
    """Say on stderr what a topic cannot read: meeting records whose agenda items are not
    known (the meeting index is not imported), or no agenda item naming ``topic``."""
    from normtrace.store.topics import meeting_topics, records_without_topic, topic_symbols

    unknown = records_without_topic(store)
    if unknown:
        click.echo(f"note: {len(unknown)} meeting record(s) have no agenda item known (e.g. "
                   f"{', '.join(unknown[:3])}); import the UN Library meeting index with "
                   "`normtrace actors links`", err=True)  # fmt: skip
    held = meeting_topics(store)
    if topic is not None and not topic_symbols(store, topic).intersection(held):
        click.echo(f"note: no agenda item of the project's meetings names {topic!r} (a whole "
                   "word or phrase; `normtrace timeline --topic` lists the meetings of "
                   "the index)", err=True)  # fmt: skip


def case_scopes(store: Store, specs: Sequence[str]) -> list[CaseScope] | None:
    """The documents of each ``--case NAME|PATH`` (:func:`normtrace.trace.scope.case_scope`);
    the form before stop 44, ``NAME=SYMBOL,YEAR,...``, is a one-line error saying what to use."""
    from normtrace.actors.cases import is_case_path
    from normtrace.trace.scope import case_scope

    for spec in specs:
        if "=" in spec and not is_case_path(spec):
            raise click.UsageError(
                f"--case {spec!r}: a case is a bundled case or a case YAML file, as trace, "
                "report and first --case read it (NAME=SYMBOL,YEAR lists are no longer cases); "
                "for a window of years write a case file (id, start, end, terms), for single "
                "documents count --by symbol"
            )
    return [case_scope(store, spec) for spec in specs] or None
