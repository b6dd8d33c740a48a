"""Numbers as Indian officials read them: 4,00,000 (lakh) and 3,07,00,00,000 (crore), not 400,000.

For the command line and the loaders' messages; the dashboard formats through ``dashboard.i18n`` (Babel's
en_IN), which groups the same way.
"""

from __future__ import annotations


def grouped(value: int) -> str:
    """A whole number in Indian digit groups: the last three digits, then pairs (16,00,000)."""
    digits = str(abs(int(value)))
    head, tail = digits[:-3], digits[-3:]
    pairs: list[str] = []
    while head:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ("-" if value < 0 else "") + ",".join([*pairs, tail])
