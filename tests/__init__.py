"""Differential tests of np2tf against NumPy (import the harness as `from .diff import assert_same`)."""
