"""`python -m bench`: the indicator engine benchmark (see bench/indicators.py)."""

from bench.indicators import main

main()
