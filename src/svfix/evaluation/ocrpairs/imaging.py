"""Pillow, for the modules that draw and degrade pages, and only for them.

Pillow is in the ``bench`` extra, not a dependency of svfix: the modules that draw import
what they need from here, inside the functions that draw, so that the rest of
:mod:`svfix.evaluation.ocrpairs` (alignment, statistics of a made dataset) works without
it, and drawing without it raises an :class:`ImportError` naming the extra.
"""
from __future__ import annotations

try:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, features
except ImportError:  # pragma: no cover - the test environment has the extra
    raise ImportError(
        "drawing OCR pages needs Pillow, which is not installed: pip install 'svfix[bench]'"
    ) from None

__all__ = ["Image", "ImageChops", "ImageDraw", "ImageFilter", "ImageFont", "features"]
