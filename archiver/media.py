"""Image bytes -> a validated, hashed record with a thumbnail. Pure: no network, no SQL.

Validation (Pillow): the real format must be an image format we keep (JPEG, PNG, GIF,
WebP); the pixel count is checked from the header before decoding (decompression bombs);
`verify()` checks the structure; a full (draft-mode) decode catches truncated data.

Perceptual hash: a 64-bit pHash (DCT of a 32x32 luminance image, low 8x8 block against
its median), stored as 16 hex digits, with a 0-100 quality score computed as PDQ does
(gradient energy of a 64x64 luminance image: below ~50 the image is too flat for the hash
to mean much). Chosen over PDQ by measurement on 1200x675 JPEGs (bench/media.py): on a
full decode PDQ (pdqhash 0.2.8) took 7.6 ms per image and this pHash 4.9 ms; taken from
the thumbnail of a draft-mode decode, as here, the whole record (SHA-256, checks, pHash,
thumbnail) costs 3.7 ms, against 1.3 ms for Pillow's bare decode. It needs only numpy,
where PDQ adds a C++ wheel that does not declare its numpy dependency. Both survive
resizing and recompression (RESEARCH.md §6; tests/test_media.py).
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, UnidentifiedImageError

#: Formats stored as images, and the MIME type each is stored under.
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif",
                 "WEBP": "image/webp"}
#: Default pixel cap (width x height) against decompression bombs.
MAX_IMAGE_PIXELS = 50_000_000
#: Longest side of the stored thumbnail; JPEG quality 80 keeps it far under 100 KB, the
#: size Datasette's image renderer accepts.
THUMBNAIL_SIDE = 400
THUMBNAIL_QUALITY = 80

_N = 32
_k = np.arange(_N)
_DCT = np.sqrt(2 / _N) * np.cos(np.pi * (2 * _k[None, :] + 1) * _k[:, None] / (2 * _N))
_DCT[0] /= np.sqrt(2)


class MediaError(ValueError):
    """Bytes that are not an image we keep; `code` is a short stable error code."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True, slots=True)
class ImageRecord:
    sha256: str  # of the exact bytes
    mime: str  # from the real format, not the Content-Type
    format: str
    bytes: int
    width: int
    height: int
    phash: str  # 16 lowercase hex digits
    phash_quality: int  # 0-100
    thumbnail: bytes  # JPEG
    thumbnail_width: int
    thumbnail_height: int
    claimed_type: str | None = None  # the Content-Type it came with, when that differs


def analyse_image(data: bytes, claimed_type: str | None = None,
                  max_pixels: int = MAX_IMAGE_PIXELS) -> ImageRecord:
    """Validate image bytes and compute their hashes and thumbnail.

    Raises:
        MediaError: code "not_an_image", "unsupported_format", "decompression_bomb",
            "corrupt_image" or "truncated_image".
    """
    if not data:
        raise MediaError("not_an_image", "empty body")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            fmt, (width, height) = probe.format, probe.size
            if width * height > max_pixels:
                raise MediaError("decompression_bomb",
                                 f"{width}x{height} pixels is over the {max_pixels}-pixel cap")
            if fmt not in IMAGE_FORMATS:
                raise MediaError("unsupported_format", f"{fmt} images are not kept")
            probe.verify()
            image = Image.open(io.BytesIO(data))
            scale = min(1.0, THUMBNAIL_SIDE / max(width, height, 1))
            # JPEG: decode straight at 1/2..1/8 scale, no smaller than the thumbnail.
            image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
            image.load()  # a truncated body fails here (Pillow's LOAD_TRUNCATED_IMAGES is off)
    except MediaError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        if isinstance(exc, UnidentifiedImageError):
            raise MediaError("not_an_image", f"not an image (starts with {data[:16]!r})") from None
        # Pillow refuses past twice its own limit before the size is ours to see: said
        # with our cap, as every other image over it is
        size = re.search(r"\((\d+) pixels\)", str(exc))
        raise MediaError("decompression_bomb",
                         f"{size.group(1)} pixels is over the {max_pixels}-pixel cap" if size
                         else str(exc).splitlines()[0][:200]) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        text = str(exc)
        code = "truncated_image" if "truncated" in text or isinstance(exc, EOFError) else "corrupt_image"
        raise MediaError(code, (text.splitlines()[0] if text else type(exc).__name__)[:200]) from None
    thumb = image.convert("RGB") if image.mode != "RGB" else image
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    # The perceptual hash is taken from the thumbnail: it only looks at a 32x32 and a
    # 64x64 reduction, and the thumbnail is the same deterministic function of the bytes.
    phash, quality = perceptual_hash(thumb.convert("L"))
    buffer = io.BytesIO()
    thumb.save(buffer, "JPEG", quality=THUMBNAIL_QUALITY)
    mime = IMAGE_FORMATS[fmt]
    return ImageRecord(
        sha256=hashlib.sha256(data).hexdigest(),
        mime=mime,
        format=fmt,
        bytes=len(data),
        width=width,
        height=height,
        phash=phash,
        phash_quality=quality,
        thumbnail=buffer.getvalue(),
        thumbnail_width=thumb.width,
        thumbnail_height=thumb.height,
        claimed_type=claimed_type if claimed_type and claimed_type.split(";")[0].strip() != mime else None,
    )


def perceptual_hash(gray: Image.Image) -> tuple[str, int]:
    """(pHash as 16 hex digits, PDQ-style quality 0-100) of a luminance image."""
    small = np.asarray(gray.resize((_N, _N), Image.Resampling.LANCZOS), dtype=np.float64)
    coefficients = (_DCT @ small @ _DCT.T)[:8, :8].flatten()
    median = np.median(coefficients[1:])
    bits = 0
    for bit in coefficients > median:
        bits = (bits << 1) | int(bit)
    grid = np.asarray(gray.resize((64, 64), Image.Resampling.BILINEAR), dtype=np.int64)
    gradient = (np.abs((grid[1:, :] - grid[:-1, :]) * 100 // 255).sum()
                + np.abs((grid[:, 1:] - grid[:, :-1]) * 100 // 255).sum())
    return format(bits, "016x"), int(min(100, gradient // 90))


def hamming(a: str, b: str) -> int:
    """Bits that differ between two hex hashes of the same width."""
    return (int(a, 16) ^ int(b, 16)).bit_count()

