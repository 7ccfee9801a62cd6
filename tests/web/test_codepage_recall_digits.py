"""The code page prints a recall below the threshold with the digits its flag reads: never a
``0.70`` beside "recall 0.698 < 0.7" (SYNTHETIC measurement)."""

from __future__ import annotations

from normtrace.coding.counted_error import GenreMeasurement
from normtrace.coding.measured_error import CodeValidity
from normtrace.web.measured import _row


def test_a_recall_just_below_the_threshold_prints_as_the_flag_reads_it() -> None:
    v = CodeValidity(code="stabilization", precision=0.9, recall=0.698, n=1067, source="SYNTHETIC",
                     recall_low=0.6, recall_high=0.78, positives=40)  # fmt: skip
    row = _row(GenreMeasurement(where="on reports: ", genres=("report",), measured=v))
    assert row.recall_shown == "0.698"
    assert "0.698" in row.flag and not row.validated
    high = CodeValidity(code="poc", precision=0.9, recall=0.86, n=1330, source="SYNTHETIC",
                        positives=120)  # fmt: skip
    above = _row(GenreMeasurement(where="", genres=("",), measured=high))
    assert above.recall_shown == "0.86"
