"""The columnar engine: a chunk of profiles at once, per city and as-of date, for bulk screening.

Each (city, measure) of the data is compiled once per as-of date (engine.Plan) into one of:

- a constant: `not_offered`, or `not_in_force` when the as-of date is outside the document's
  validity — one MeasureResult for every row of the city;
- a compiled rule shape (shapes.py, business.py; none is left: every shape is now a program in
  the rule language, run by the scalar engine row by row): the facts the rule
  reads, computed column by column for the chunk (three-valued facts None where unknown, groups
  as a bitmask, group paths as codes memoised on the person, amounts and dates by value where
  the rule's words or amounts use them) and folded into one key per row; rows with equal keys
  have equal outcomes, so the rule itself (the scalar code, the one definition of its words)
  runs once per distinct key on a representative row;
- a program (a shape in the rule language): the scalar engine, row by row;
- a fallback: the scalar rule, row by row, for a shape not compiled.

Whatever the path, each measure is finished by the scalar pipeline's own step (pipeline._measure:
rounding, floors, missing), then non-combination and totals, so the results are the scalar
engine's. tests/test_columnar.py holds the two engines to identical output on generated profiles.
"""
