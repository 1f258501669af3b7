"""`python -m joinedup ...` is the `joinedup` command."""

from joinedup.cli import main

main()
