"""Label: the phrase that says what a value measures, copied from the text.

The reading runs in stages, each a module, over one record of the label rules' words
(`lexicon`): `cleaning` trims a phrase to a label; `phrases` reads the phrase after a value
and the clause before it; `shares`, `parts` and `ranks` read what a share is of, which part
of a breakdown a value is, and what a rank ranks in; `choice` decides which phrase names
the value.
"""
from .around import REACH, Around
from .choice import LabelReader

__all__ = ["REACH", "Around", "LabelReader"]
