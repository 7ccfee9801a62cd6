"""Agreement per code (percent, Cohen's kappa, Krippendorff's alpha) with disagreements, of
one codebook's readings (the page's ``codebook``, as on the adjudication page: a code id two
codebooks share is coded, compared and decided for each apart)."""

from __future__ import annotations

import csv
import io
import re

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from normtrace.coding.human.adjudicated import decisions_in_force
from normtrace.coding.human.agreement import OVERALL, AgreementRow, Disagreement
from normtrace.coding.human.agreement import agreement as measure
from normtrace.coding.human.books import code_names
from normtrace.web import adjudication
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.codings import code_labels
from normtrace.web.deps import current_user, get_access
from normtrace.web.render import twin
from normtrace.web.schemas import CodeAgreementOut, DisagreementOut, PredatingOut
from normtrace.web.schemas_agreement import AgreementPage, StaleOut

router = APIRouter(dependencies=[Depends(current_user)])


def _out(
    row: AgreementRow,
    disagreements: list[Disagreement],
    settled: dict[tuple[str, str], str],
    names: dict[str, str],
) -> CodeAgreementOut:
    name = names.get(row.code, row.code) if row.code != OVERALL else row.code
    return CodeAgreementOut(
        code=row.code,
        name=name,
        coders=list(row.coder_names),
        units=row.units,
        percent=row.percent_agreement,
        kappa=row.cohen_kappa,
        alpha=row.krippendorff_alpha,
        passage_alpha=row.passage_alpha,
        unit_keys=list(row.unit_keys),
        disagreements=[
            DisagreementOut(
                unit_key=d.unit_key,
                code=d.code,
                name=name,
                applied_by=list(d.applied_by),
                not_applied_by=list(d.not_applied_by),
                adjudicated=settled.get((d.unit_key, d.code)),
            )
            for d in disagreements
        ],
    )


@twin(router, "/agreement", "agreement.html", response_model=AgreementPage)
def agreement(
    codebook: str = Query("", max_length=200),
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> AgreementPage:
    """Agreement per code over units assigned to two or more coders, of ``codebook``'s
    readings (default: the first registered, as on the adjudication page); each disagreement's
    ``adjudicated``: the decision in force for that codebook (its own latest, or one recorded
    before decisions named a codebook, which decided for every codebook).

    Admins see every such unit; coders and viewers only units that are revealed
    or were assigned without blindness. On blind-assigned units a coder's work from before
    the assignment is no blind reading: set aside unless they re-read the unit since, and
    listed (:mod:`~normtrace.coding.human.blind_work`). Marks and codings on words a new
    version changed since count nowhere: ``stale`` names them per coder, with the units that
    left the table because of them (:mod:`~normtrace.coding.human.agreement_stale`).
    """
    with access.read() as store:
        books, book = adjudication.chosen_codebook(store, codebook)
        assigned = adjudication.visible_assignments(store, user)
        report = measure(store, within=assigned, codebook=book or None)
        # what the command line compares (every coder's work, assigned or not): for an admin,
        # who may see every coder's work, so that an empty page says where the work is
        empty = not report.units and user.is_admin
        everywhere = measure(store, codebook=book or None).units if empty else None
        # no codebook registered: only a decision that names none is in force
        settled = {(a.unit_key, a.code): a.decision for a in decisions_in_force(store, book)}
        # a shared id: this book's name
        names = code_labels(store) | code_names(store, book)

    # by name, as people look codes up (the coding bar lists them the same way)
    def by_name(row: AgreementRow) -> tuple[str, str]:
        return names.get(row.code, row.code).casefold(), row.code

    by_code: dict[str, list[Disagreement]] = {}
    for d in report.disagreements:
        by_code.setdefault(d.code, []).append(d)
    rows = [r for r in report.rows if r.units and r.code != OVERALL]
    per_code = [_out(r, by_code.get(r.code, []), settled, names) for r in sorted(rows, key=by_name)]
    pooled = [r for r in report.rows if r.code == OVERALL]
    overall = _out(pooled[0], [], settled, names) if pooled else None
    coders = list(report.coders)
    predating = [PredatingOut.model_validate(p, from_attributes=True) for p in report.predating]
    return AgreementPage(
        units=report.units, coders=coders, overall=overall, codes=per_code,
        predating=predating, set_aside=len(report.set_aside), codebook=book, codebooks=books,
        project_units=everywhere,
        stale=[StaleOut.model_validate(w, from_attributes=True) for w in report.stale],
    )  # fmt: skip


@router.get("/agreement.csv", include_in_schema=False)
@router.get("/api/agreement.csv")
def agreement_csv(
    codebook: str = Query("", max_length=200),
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """The agreement table for a methods appendix: one row per code, with the measures
    and the units behind them (the same units the page compares), of ``codebook``'s readings
    (the page's), which each row names."""
    report = agreement(codebook, user, access)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "code_name", "codebook", "coders", "units", "percent_agreement",
                     "cohen_kappa", "krippendorff_alpha_unit", "krippendorff_alpha_characters",
                     "disagreements", "unit_keys"])  # fmt: skip
    rows = [*report.codes, *([report.overall] if report.overall else [])]
    for c in rows:
        writer.writerow([c.code, c.name, report.codebook, " ".join(c.coders), c.units,
                         _cell(c.percent), _cell(c.kappa), _cell(c.alpha),
                         _cell(c.passage_alpha), len(c.disagreements),
                         " ".join(c.unit_keys)])  # fmt: skip
    name = "-".join(["agreement", *([_slug(report.codebook)] if report.codebook else [])])
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _slug(name: str) -> str:
    """``name`` as a file name's part (a codebook's name may hold any character)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "codebook"


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
