"""The model layer: YAML with positions → typed schema → one loader → cross-checks.

Plain Python with no MkDocs and no rendering: everything downstream reads a validated `Handbook`.
"""
