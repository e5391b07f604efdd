"""Rule shapes: the forms a measure's rule takes in the data file (`rule = "…"`), each with its
figures and its logic. A measure (flexcalc/measures/<id>.py) names the shapes its data may use."""
