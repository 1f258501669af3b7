"""Submissions of standardised data: upload, background checks, quality reports, the store."""
