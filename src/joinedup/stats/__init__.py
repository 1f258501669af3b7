"""The national public health indicator methods, in NumPy and SciPy (no Django here).

Each method takes arrays with one element per group (or a 2-D array groups x age bands for the
standardised methods and life expectancy) and returns an :class:`Estimates`: the value, the
confidence limits at every level asked for, and a note where the reference gives no value.
They follow PHEindicatormethods 2.0.0, the reference implementation behind Fingertips; the
tests compare them with its published test data.
"""
