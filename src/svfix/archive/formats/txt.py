"""Plain text: the whole file is the document; the output is UTF-8."""
from __future__ import annotations

from ... import Lexicon
from ...config import Config
from .base import DocumentResult


class Text:
    name = "txt"

    def fix(self, data: bytes, config: Config, lexicon: Lexicon, encoding: str | None = None) -> DocumentResult:
        from ... import fix_bytes

        result = fix_bytes(data, config, lexicon, encoding)
        return DocumentResult("txt", result.text.encode("utf-8"), text=result.text, original=result.original,
                              changes=result.changes, encoding=result.encoding)

    def text_of(self, data: bytes, encoding: str | None = None) -> str:
        from ... import decode_bytes

        return decode_bytes(data, encoding)[0]
