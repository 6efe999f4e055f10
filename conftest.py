"""Collection of the doctests in src/ (``--doctest-modules``): a module of an optional
extra that is not installed is left out (it fails on import, naming the extra)."""
from __future__ import annotations

import importlib.util

collect_ignore = [] if importlib.util.find_spec("ocrmypdf") else ["src/svfix/ocrmypdf.py"]
