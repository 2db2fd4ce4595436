"""The text around one value, as the meaning stage hands it to the label's reading."""
from __future__ import annotations

from dataclasses import dataclass

# How far from a value its label may reach (in characters): a long line with no
# punctuation must not make a label of a whole page.
REACH = 300


@dataclass(slots=True)  # not frozen: one per value, built five times faster
class Around:
    """The text around one value that its meaning is read from (offsets in the block)."""

    s_start: int        # the sentence's start
    before: str         # text[s_start:value], closed brackets blanked out
    clause_start: int   # where the value's clause starts
    left_start: int     # where its left phrase may start (after the previous value's phrase)
    left_raw: str       # before[left_start - s_start:]
    right_start: int    # where right_raw starts
    right_raw: str      # the text after the value (past a numeric aside) to its clause's end
    cut_by_value: bool  # the right phrase runs into the next value
