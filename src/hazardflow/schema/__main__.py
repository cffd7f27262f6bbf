"""``python -m hazardflow.schema``: print the generated JSON Schema (the checked-in file's text)."""

import sys

from hazardflow.schema import text

sys.stdout.write(text())
