"""``python -m np2tf``: the same command as the ``np2tf`` console script."""
import sys

from np2tf.cli import main

sys.exit(main())
