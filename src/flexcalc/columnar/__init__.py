"""The columnar engine: a chunk of profiles at once, per city and as-of date, for bulk screening.

Each (city, measure) of the data is compiled once per as-of date (plan.py) into one of:

- a constant: `not_offered`, or `not_in_force` when the as-of date is outside the document's
  validity — one MeasureResult for every row of the city;
- a compiled rule shape (shapes.py): the facts the rule reads are computed as Arrow columns
  (pyarrow.compute; three-valued facts as nullable booleans, groups as a bitmask) and folded into
  one key per row; rows with equal keys have equal outcomes, so the rule itself (the scalar code,
  the one definition of its words) runs once per distinct key on a representative row;
- a fallback: the scalar rule, row by row, for every shape not compiled yet.

Whatever the path, each measure is finished by the scalar pipeline's own step (pipeline._measure:
rounding, floors, missing), then non-combination and totals, so the results are the scalar
engine's. tests/test_columnar.py holds the two engines to identical output on generated profiles.
"""
