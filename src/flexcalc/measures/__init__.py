"""One module per measure of the contract; each holds its rule shapes and their logic."""
