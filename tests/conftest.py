import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # test-run choice: quiet TF's C++ logs

import warnings  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# The same examples on every run, so CI's verdict does not depend on luck; explore new
# ones with `pytest --hypothesis-profile=explore`.
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("ci")

from np2tf import FallbackWarning  # noqa: E402


@pytest.fixture(autouse=True)
def _quiet_fallbacks():
    # Fallbacks are asserted on explicitly (tests/test_fallback.py); elsewhere the
    # warning is noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FallbackWarning)
        yield
