"""Batch mode: stream many profiles through the pipeline in parallel, in order, nothing lost."""
