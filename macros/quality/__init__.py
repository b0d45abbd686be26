"""The quality layer: warnings, translation coverage, hints and reports about a loaded handbook,
and comparisons between two of them (for review). Reads the model; renders no pages."""
