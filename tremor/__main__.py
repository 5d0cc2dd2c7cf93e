"""``python -m tremor``: the command line."""

import sys

from tremor.cli.main import main

sys.exit(main())
