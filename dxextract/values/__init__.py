"""Find values: apply the value rules and the traps of `rules/` to normalised text.

Every value rule is a regex with named groups: `num` (the number, read by
`numbers.NumberReader`), optional `total`, `unit`, and `span` (what the record's span
covers; the whole match when absent, the number when it opens a range). A rule with
`num2`/`span2` states a range and gives two values. A `scale` group holds scale words that
multiply `num` ("3.800 tỷ"; in a range, those after the second number: "từ 1,2 đến 1,5 tỷ").
Overlapping finds are settled by the rule's `priority`, then length; a find whose number
overlaps a trap (a date, a document number, …) is dropped.

One module a concern: finder.py holds the ValueFinder, which puts the rest together:
- compiled.py: the compiled rule and trap records, and the checks of their fields;
- pattern_shape.py: what a pattern's text says of its matches before it runs (whether each
  opens on its number, on a digit, or with strings it spells);
- rule_sets.py: rules or traps tried together, and which a window's required strings meet;
- neighbours.py: what stands by each number of a text, and which traps and rules that fits;
- follows.py: the one scan of a text's numbers for what follows each (`follows`);
- windows.py: the windows around a text's numbers where rules and traps are tried;
- matching.py: a rule tried in a window, scanned or anchored, a rule of your own on a clock;
- match_reading.py: a rule's match read into its finds;
- settling.py: overlaps settled, the finds traps take, and every number's fate.
"""
from .finder import ValueFinder
from .matching import REGEX_TIMEOUT_SECONDS, RuleTimeout

__all__ = ["REGEX_TIMEOUT_SECONDS", "RuleTimeout", "ValueFinder"]
