"""``python -m tradingtools_desktop.cli``: the ``tradingtools`` command."""

import sys

from . import main

sys.exit(main())
