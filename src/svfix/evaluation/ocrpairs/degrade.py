"""Named degradation profiles: what is done to a page's 300 dpi drawing before OCR.

=========== ================================================================================
profile     what is done to the 300 dpi drawing
=========== ================================================================================
clean       nothing (300 dpi)
mild        200 dpi (area resampling), Gaussian blur σ 0.7 px
scan        150 dpi, skew uniform in ±0.6°, blur σ 0.5–0.9 px, Gaussian grey noise σ 4–10,
            JPEG quality 30
photocopy   135–150 dpi, blur σ 0.8 px, noise σ 12–24, binarised at a threshold drawn
            from 150–170 (grey < t → black)
=========== ================================================================================

A :class:`Profile` holds ranges; :meth:`Profile.draw` draws one page's
:class:`DrawnParams` from the seed and the page id alone, and :func:`degrade` applies them
(a pure function: the noise comes from its own seeded generator).

>>> PROFILES["mild"].draw(0, "p00001")
DrawnParams(profile='mild', dpi=200, skew_deg=0.0, blur=0.7, noise=0.0, jpeg_quality=None, threshold=None, noise_seed='')
"""
from __future__ import annotations

import io
import random
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist
from types import MappingProxyType
from typing import TYPE_CHECKING

from .layout import RENDER_DPI

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["PROFILES", "DrawnParams", "Profile", "degrade"]


@dataclass(frozen=True)
class DrawnParams:
    """The degradation applied to one page (drawn from a :class:`Profile`).

    Attributes:
        profile: profile name.
        dpi: resolution the 300 dpi drawing is resampled to.
        skew_deg: rotation in degrees (counter-clockwise positive).
        blur: Gaussian blur standard deviation in pixels at ``dpi`` (0: none).
        noise: standard deviation of additive Gaussian grey noise (0-255 scale).
        jpeg_quality: JPEG round trip at this quality, or ``None``.
        threshold: binarise (grey < threshold -> black), or ``None``.
        noise_seed: seed string of the noise field.
    """

    profile: str
    dpi: int
    skew_deg: float = 0.0
    blur: float = 0.0
    noise: float = 0.0
    jpeg_quality: int | None = None
    threshold: int | None = None
    noise_seed: str = ""


@dataclass(frozen=True)
class Profile:
    """A named degradation profile: ranges from which each page's parameters
    are drawn (a range ``(a, a)`` is a fixed value).

    Attributes:
        name: profile name.
        dpi: inclusive range of target resolutions.
        skew_deg: maximum absolute skew in degrees.
        blur: range of the blur standard deviation in pixels.
        noise: range of the noise standard deviation (grey levels).
        jpeg_quality: JPEG quality of a round trip, or ``None``.
        threshold: inclusive range of binarising thresholds, or ``None``.
    """

    name: str
    dpi: tuple[int, int] = (RENDER_DPI, RENDER_DPI)
    skew_deg: float = 0.0
    blur: tuple[float, float] = (0.0, 0.0)
    noise: tuple[float, float] = (0.0, 0.0)
    jpeg_quality: int | None = None
    threshold: tuple[int, int] | None = None

    def draw(self, seed: int | str, page_id: str) -> DrawnParams:
        """Draw this page's parameters from ``Random(f"{seed}:{page_id}:{name}")``.

        The draw depends only on the seed, the page id and the profile: not on
        ``PYTHONHASHSEED``, other pages, or the order pages are made in.

        >>> SCAN = PROFILES["scan"]
        >>> SCAN.draw(7, "p00001") == SCAN.draw(7, "p00001")
        True
        >>> abs(SCAN.draw(7, "p00001").skew_deg) <= 0.6
        True
        """
        rng = random.Random(f"{seed}:{page_id}:{self.name}")
        dpi = rng.randint(*self.dpi)
        skew = round(rng.uniform(-self.skew_deg, self.skew_deg), 3) if self.skew_deg else 0.0
        blur = round(rng.uniform(*self.blur), 3) if self.blur[1] > self.blur[0] else self.blur[0]
        noise = round(rng.uniform(*self.noise), 2) if self.noise[1] > self.noise[0] else self.noise[0]
        threshold = rng.randint(*self.threshold) if self.threshold else None
        return DrawnParams(
            profile=self.name, dpi=dpi, skew_deg=skew, blur=blur, noise=noise,
            jpeg_quality=self.jpeg_quality, threshold=threshold,
            noise_seed=f"{seed}:{page_id}:noise" if noise else "",
        )


PROFILES: Mapping[str, Profile] = MappingProxyType(
    {
        p.name: p
        for p in (
            Profile("clean"),
            Profile("mild", dpi=(200, 200), blur=(0.7, 0.7)),
            Profile("scan", dpi=(150, 150), skew_deg=0.6, blur=(0.5, 0.9), noise=(4.0, 10.0), jpeg_quality=30),
            Profile("photocopy", dpi=(135, 150), blur=(0.8, 0.8), noise=(12.0, 24.0), threshold=(150, 170)),
        )
    }
)
"""The four degradation profiles, by name."""


def _noise_lut(sigma: float) -> list[int]:
    """Grey level 128 + σ·z for the 256 equiprobable quantiles z of a standard normal."""
    nd = NormalDist()
    return [min(255, max(0, round(128 + sigma * nd.inv_cdf((k + 0.5) / 256)))) for k in range(256)]


def degrade(img: Image.Image, params: DrawnParams) -> Image.Image:
    """Apply drawn parameters to a 300 dpi page: resample to ``dpi`` (area
    average), skew, blur, add Gaussian noise, JPEG round trip, binarise (in
    that order). Pure function of its inputs (the noise comes from
    ``random.Random(params.noise_seed)``). Returns an "L" image.
    """
    from .imaging import Image, ImageChops, ImageFilter

    out = img.convert("L")
    if params.dpi != RENDER_DPI:
        size = (round(out.width * params.dpi / RENDER_DPI), round(out.height * params.dpi / RENDER_DPI))
        out = out.resize(size, Image.Resampling.BOX)
    if params.skew_deg:
        out = out.rotate(params.skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if params.blur:
        out = out.filter(ImageFilter.GaussianBlur(params.blur))
    if params.noise:
        field_ = Image.frombytes("L", out.size, random.Random(params.noise_seed).randbytes(out.width * out.height))
        out = ImageChops.add(out, field_.point(_noise_lut(params.noise)), scale=1.0, offset=-128)
    if params.jpeg_quality is not None:
        buf = io.BytesIO()
        out.save(buf, format="JPEG", quality=params.jpeg_quality)
        buf.seek(0)
        out = Image.open(buf).convert("L")
    if params.threshold is not None:
        t = params.threshold
        out = out.point([0 if v < t else 255 for v in range(256)])
    return out
