"""The default codebook's R2P code: a responsibility for protecting things is not the
responsibility to protect populations (FRAMES.md: "a responsibility for security or development
that says nothing of protecting the population" does not count).

The sentences are SYNTHETIC, in the shape of real non-reserved paragraphs a new user found coded
(a coast guard's responsibilities in protecting maritime borders; a security service's
"executive protection"; the host State's responsibility for protecting United Nations
personnel), beside the speech wording the labelled samples count as R2P.
"""

from __future__ import annotations

from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook


def _r2p(text: str) -> bool:
    return any(s.code == "r2p" for s in compile_codebook(load_default_codebook()).match(text))


def test_protecting_things_is_not_r2p() -> None:
    absent = [  # SYNTHETIC
        "Welcomes the deployment of patrol boats in support of the Coast Guard's "
        "responsibilities in protecting and patrolling the maritime borders;",
        "Recognizing the need for the new security forces to assume greater responsibility for "
        "national security, including policing, intelligence and executive protection,",
        "Reaffirming that the primary responsibility for the security and protection of "
        "personnel employed by the Mission rests with the host Government,",
    ]
    for text in absent:
        assert not _r2p(text), text


def test_protecting_people_stays_r2p() -> None:
    present = [  # SYNTHETIC
        "The primary responsibility of a State is to protect its citizens.",
        "We call on the Government to assume its primary responsibilities of protecting its own "
        "territory and people.",
        "Stressing the primary responsibility of the Government for protecting its population,",
        "Reaffirms the responsibility to protect as set out in the World Summit Outcome;",
    ]
    for text in present:
        assert _r2p(text), text
