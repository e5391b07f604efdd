"""flexcalc: eligibility and amounts of China's flexible-employment support measures, by city."""

__version__ = "0.1.0"
