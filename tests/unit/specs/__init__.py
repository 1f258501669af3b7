"""Tests of the specs package: specifications, validator, quality report, duplicates."""
