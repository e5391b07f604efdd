"""`flexcalc advise`: the steps that would raise a person's benefits, and the dates things change."""
