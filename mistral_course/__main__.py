"""python -m mistral_course lab | test | check: the course's set-up and tests, with or without make (commands.py)."""

import sys

from .commands import main

sys.exit(main())
