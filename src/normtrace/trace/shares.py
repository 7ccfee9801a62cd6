"""A share printed beside the threshold that classes it, on the same side as the share.

R6 and R12 call a Secretariat share ``substantial`` from 10 %: printed with no decimals,
636 of 6,425 (9.9 %, ``slight``) read "(10%)" beside "threshold 10%". The ledger, the
case report, which print such a share beside the threshold, use :func:`share_percent`
(``secretariat``'s own lines classify nothing and print one decimal).
"""

from __future__ import annotations

import math


def share_percent(share: float, threshold: float) -> str:
    """``share`` as a percentage with one decimal, or more where one would put the printed
    number on the other side of ``threshold`` than the share itself.

    >>> share_percent(636 / 6425, 0.10), share_percent(106 / 1805, 0.10)
    ('9.9%', '5.9%')
    >>> share_percent(0.1, 0.10), share_percent(0.09996, 0.10), share_percent(0.25, 0.10)
    ('10.0%', '9.996%', '25.0%')
    """
    below = share < threshold
    for digits in range(1, 7):
        text = f"{share * 100:.{digits}f}"
        if (float(text) < threshold * 100) == below:
            return f"{text}%"
    # closer than a millionth of a percentage point: cut the digits instead of rounding them
    return f"{math.floor(share * 10**8) / 10**6:.6f}%"
