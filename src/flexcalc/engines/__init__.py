"""The engines that run the rule language: scalar (one profile, with a trace) and, later, vector."""
