"""`python -m flexcalc`."""

from flexcalc.cli import main

main()
