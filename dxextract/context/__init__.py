"""Document context: the province or city a report is about, and the period and date it covers.

The knowledge is data: the gazetteer in `rules/provinces.yaml` (sections `provinces`,
`not_provinces`, `province_cues`) and the period and date patterns in `rules/periods.yaml`
(section `periods`); both files describe how matches are weighed. Everything here runs on the
NFC text with the traditional tone placement, so `Hoà Bình` and a decomposed `Hòa Bình` are
the same name.

One module a concern: finder.py puts the context together from the report's province
(province.py, over the gazetteer and its names and cues in gazetteer.py, the districts and
communes in subunits.py, the merged units in merger.py, the country's evidence in
national.py), its title zone (title.py), its period (period.py, over the rules in
period_rules.py and their value templates in templates.py) and its date (dateline.py);
rule_checks.py holds the checks of the rule files' entries.
"""
from .finder import Context, ContextFinder
from .gazetteer import name_key
from .period_rules import LeadPlaces, last_year
from .templates import Template, valid_value

__all__ = ["Context", "ContextFinder", "LeadPlaces", "Template", "last_year", "name_key", "valid_value"]
