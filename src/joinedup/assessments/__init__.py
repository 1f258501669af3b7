"""Assessments: rounds of a partnership survey instrument, anonymous answers, and their results.

The scoring and suppression live in the pure core :mod:`joinedup.instruments`; this app keeps
rounds, single-use invitation links and answers, and shows only what
:func:`joinedup.instruments.publishable_results` publishes.
"""
