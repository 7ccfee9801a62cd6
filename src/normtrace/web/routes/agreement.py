"""Agreement per code (percent, Cohen's kappa, Krippendorff's alpha) with disagreements."""

from __future__ import annotations

import csv
import io
import json

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from normtrace.web import adjudication
from normtrace.web.access import ProjectAccess
from normtrace.web.agreement import CodeAgreement, agreement_for, pooled_agreement
from normtrace.web.auth import User
from normtrace.web.codings import code_labels
from normtrace.web.deps import current_user, get_access
from normtrace.web.render import twin
from normtrace.web.schemas import AgreementReport, CodeAgreementOut, DisagreementOut

router = APIRouter(dependencies=[Depends(current_user)])


def _out(
    result: CodeAgreement, settled: dict[tuple[str, str], str], names: dict[str, str]
) -> CodeAgreementOut:
    name = names.get(result.code, result.code)
    return CodeAgreementOut(
        code=result.code,
        name=name,
        coders=list(result.coders),
        units=result.units,
        percent=result.percent,
        kappa=result.kappa,
        alpha=result.alpha,
        passage_alpha=result.passage_alpha,
        unit_keys=list(result.unit_keys),
        disagreements=[
            DisagreementOut(
                unit_key=d.unit_key,
                code=d.code,
                name=name,
                applied_by=list(d.applied_by),
                not_applied_by=list(d.not_applied_by),
                adjudicated=settled.get((d.unit_key, d.code)),
            )
            for d in result.disagreements
        ],
    )


@twin(router, "/agreement", "agreement.html", response_model=AgreementReport)
def agreement(
    user: User = Depends(current_user), access: ProjectAccess = Depends(get_access)
) -> AgreementReport:
    """Agreement per code over units assigned to two or more coders.

    Admins see every such unit; coders and viewers only units that are revealed
    or were assigned without blindness.
    """
    with access.read() as store:
        assigned, coded = adjudication.agreement_inputs(store, user)
        settled = {
            (str(a["unit_key"]), str(a["code"])): str(a["decision"])
            for a in reversed(adjudication.list_adjudications(store))
        }
        names = code_labels(store)
        lengths = {
            str(r[0]): int(r[1])
            for r in store.conn.execute(
                "SELECT key, length(text) FROM units WHERE key IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(assigned)),),
            )
        }

    # by name, as people look codes up (the coding bar lists them the same way)
    def by_name(code: str) -> tuple[str, str]:
        return names.get(code, code).casefold(), code

    codes = sorted({c.code for c in coded}, key=by_name)
    per_code = [
        _out(agreement_for(assigned, coded, code, lengths), settled, names) for code in codes
    ]
    overall = _out(pooled_agreement(assigned, coded, codes), settled, names) if codes else None
    coders = sorted({c for who in assigned.values() for c in who})
    return AgreementReport(units=len(assigned), coders=coders, overall=overall, codes=per_code)


@router.get("/agreement.csv", include_in_schema=False)
@router.get("/api/agreement.csv")
def agreement_csv(
    user: User = Depends(current_user), access: ProjectAccess = Depends(get_access)
) -> Response:
    """The agreement table for a methods appendix: one row per code, with the measures
    and the units behind them (the same units the page compares)."""
    report = agreement(user, access)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "code_name", "coders", "units", "percent_agreement", "cohen_kappa",
                     "krippendorff_alpha_unit", "krippendorff_alpha_characters",
                     "disagreements", "unit_keys"])  # fmt: skip
    rows = [*report.codes, *([report.overall] if report.overall else [])]
    for c in rows:
        writer.writerow([c.code, c.name, " ".join(c.coders), c.units, _cell(c.percent),
                         _cell(c.kappa), _cell(c.alpha), _cell(c.passage_alpha),
                         len(c.disagreements), " ".join(c.unit_keys)])  # fmt: skip
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="agreement.csv"'},
    )


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
