"""A resolution deciding that a mission shall have the following mandate is that mission's
(SYNTHETIC texts: ZEPHUN is an invented mission).

The census of R9 left out S/RES/1933 (2010), 1609 (2005) and 1739 (2007), UNOCI task lists,
because their decision gives the mandate without "extend": ``Decides that, in order to support
the parties ..., UNOCI shall have the following mandate from the date of adoption``.
"""

from __future__ import annotations

from normtrace.reuse.mission import mission_of


def test_shall_have_the_following_mandate_names_the_mission() -> None:
    assert mission_of("Decides that ZEPHUN shall have the following mandate:") == "ZEPHUN"
    assert (
        mission_of(
            "Decides that, in order to support the parties to implement the Agreement more "
            "effectively, ZEPHUN shall have the following mandate from the date of adoption "
            "of this resolution until 31 December 2099:"
        )
        == "ZEPHUN"
    )


def test_a_mandate_someone_else_has_names_no_mission() -> None:
    assert mission_of("Decides that the Group of Experts shall have the following mandate:") is None
    assert mission_of("Requests that ZEPHUN have access to all sites;") is None
