"""Standardised data collection, pure core: specifications as data, validation in DuckDB.

A specification is a Frictionless Table Schema JSON file with our ``x-`` extensions
(``docs/specs.md``); the shipped ones are in ``library/`` (:func:`get_spec`). :func:`validate`
checks a CSV, XLSX or Parquet file against one and returns a :class:`Validation`: every problem
by row and field, a summary per rule, and the counts the quality report (:mod:`.quality`) is
made of. No Django here: the web app calls this package, never the reverse.
"""

from .catalogue import Catalogue, load_catalogue
from .errors import SpecError, UnusableInput
from .loading import load_spec, parse_spec
from .model import CodeList, Condition, CrossFieldRule, Field, PersonFields, Spec, UniqueKey
from .quality import QualityReport, quality_report
from .registry import LIBRARY, get_spec, shipped_specs
from .safe_csv import safe_cell
from .validate import CSV_COLUMNS, Problem, RuleSummary, Validation, validate

__all__ = [
    "CSV_COLUMNS",
    "LIBRARY",
    "Catalogue",
    "CodeList",
    "Condition",
    "CrossFieldRule",
    "Field",
    "PersonFields",
    "Problem",
    "QualityReport",
    "RuleSummary",
    "Spec",
    "SpecError",
    "UniqueKey",
    "UnusableInput",
    "Validation",
    "get_spec",
    "load_catalogue",
    "load_spec",
    "parse_spec",
    "quality_report",
    "safe_cell",
    "shipped_specs",
    "validate",
]
