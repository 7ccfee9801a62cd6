"""Agreement per code (percent, Cohen's kappa, Krippendorff's alpha) with disagreements."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from normtrace.web import adjudication
from normtrace.web.access import ProjectAccess
from normtrace.web.agreement import CodeAgreement, agreement_for, pooled_agreement
from normtrace.web.auth import User
from normtrace.web.deps import current_user, get_access
from normtrace.web.render import twin
from normtrace.web.schemas import AgreementReport, CodeAgreementOut, DisagreementOut

router = APIRouter(dependencies=[Depends(current_user)])


def _out(result: CodeAgreement, settled: dict[tuple[str, str], str]) -> CodeAgreementOut:
    return CodeAgreementOut(
        code=result.code,
        coders=list(result.coders),
        units=result.units,
        percent=result.percent,
        kappa=result.kappa,
        alpha=result.alpha,
        disagreements=[
            DisagreementOut(
                unit_key=d.unit_key,
                code=d.code,
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
    codes = sorted({c.code for c in coded})
    per_code = [_out(agreement_for(assigned, coded, code), settled) for code in codes]
    overall = _out(pooled_agreement(assigned, coded, codes), settled) if codes else None
    coders = sorted({c for who in assigned.values() for c in who})
    return AgreementReport(units=len(assigned), coders=coders, overall=overall, codes=per_code)
