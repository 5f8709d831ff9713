"""``python -m contracts.cli``: the ``skuguard`` console script."""

import sys

from contracts.cli.main import main

sys.exit(main())
