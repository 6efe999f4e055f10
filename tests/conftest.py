"""Shared fixtures (helpers live in support.py). Every test runs from the repository
alone; ../shared, when it is beside the repository, only adds extra data."""
from __future__ import annotations

import pytest
from support import shared

from svfix import Lexicon

#: The live comparison with the reference scorer needs the scorer itself.
collect_ignore = [] if shared("tools", "score.py") else ["test_metrics_reference.py"]


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.default().load()
