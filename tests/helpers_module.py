"""Module-level NumPy code used by tests/test_compiler.py (name resolution across modules)."""
import math

import numpy
import numpy as xp
from numpy import exp as e
from numpy.linalg import norm

SCALE = 3.0
TABLE = numpy.arange(4.0)


def scaled(a):
    return a * SCALE + TABLE


def softplus(a):
    return xp.log1p(e(a)) + math.pi - math.pi


def unit(v):
    return v / norm(v)


def calls_helper(a):
    return scaled(a) + softplus(a)
