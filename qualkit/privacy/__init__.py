"""Identifier scan, redaction and the export guard.

:func:`scan_identifiers` runs a registry of named detectors (rules with
validation for structured identifiers, whole names after a title, a list of
known names, and a trained spaCy NER pipeline when one is installed) and returns
one row per finding, with offsets into ``Transcript.text``. :func:`redact`
replaces the findings with consistent placeholders (``[NAME_1]``,
``[NHS_NUMBER_1]`` ...); :func:`check_export` is the guard other modules call
before text leaves the toolkit. A scan is a help, not a guarantee.
:func:`suppress_counts`, :func:`suppress_table`, :func:`band`,
:func:`percentile_summary` and :func:`small_combinations` are the
disclosure-control rules every table and figure of people follows.

Examples
--------
>>> from qualkit.privacy import scan_identifiers
>>> f = scan_identifiers("Ring Dr Patel on 07700 900123, NHS number 943 476 5919.", ner=False)
>>> f[["text", "kind"]].values.tolist()
[['Patel', 'NAME'], ['07700 900123', 'PHONE'], ['943 476 5919', 'NHS_NUMBER']]
"""

from __future__ import annotations

from ._detectors import DETECTORS, POSTCODE_AREAS, Detector, nhs_number_valid
from ._redact import LOG_COLUMNS, check_export, describe_findings, redact, redact_with_log
from ._scan import (DEFAULT_ALLOW, FINDING_COLUMNS, ID_COLUMN, KNOWN_NAMES, NER, SPEAKER,
                    label_is_name, scan_identifiers)
from ._disclosure import (age_bands, band, disclosure_rules, percentile_summary,
                          small_combinations, suppress_counts, suppress_table)
from ._scope import identifier_column_kind

__all__ = [
    "scan_identifiers", "redact", "redact_with_log", "check_export", "nhs_number_valid",
    "DETECTORS", "Detector", "DEFAULT_ALLOW", "FINDING_COLUMNS", "LOG_COLUMNS", "KNOWN_NAMES",
    "NER", "SPEAKER", "ID_COLUMN", "POSTCODE_AREAS", "label_is_name", "identifier_column_kind",
    "describe_findings", "suppress_counts", "suppress_table", "band", "age_bands",
    "percentile_summary", "disclosure_rules", "small_combinations",
]
