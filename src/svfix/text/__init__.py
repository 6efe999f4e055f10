"""The character stages: bytes decoded, encoding damage repaired, layout cleaned up.

:mod:`~svfix.text.bytes` turns a file's bytes into text; :mod:`~svfix.text.encoding`
repairs mojibake, entities, code pages, PDF accents, ISO 646 and invisible
characters; :mod:`~svfix.text.layout` removes page furniture, joins hyphenated words and
wrapped lines and tidies whitespace. Each is a sequence of named, pure fixers.
"""
