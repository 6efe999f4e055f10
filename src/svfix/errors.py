"""Exceptions raised by svfix. Each message says what went wrong and what to do."""
from __future__ import annotations


class SvfixError(Exception):
    """Base class of every error svfix raises on purpose."""


class DataError(SvfixError):
    """The lexicon or another data file is missing, unreadable or of the wrong version."""


class InputError(SvfixError):
    """An input cannot be processed: binary, undecodable, missing."""


class ConfigError(SvfixError, ValueError):
    """A configuration value is out of range or inconsistent."""
