"""One module per measure of the contract: its declaration (MEASURE) and the union of the rule
shapes its data may use (Rule); the shapes themselves are in shapes/."""
