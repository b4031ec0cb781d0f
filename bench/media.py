"""Benchmark: hashing images as the archive does, beside Pillow's bare decode.

Run from the repository root:  .venv/bin/python bench/media.py [--images N]

For N deterministic 1200x675 JPEGs (photo-like: gradients, shapes, noise; quality 85)
it times, per image, in one run and one process (one core):

- Pillow's bare decode: Image.open(bytes).load()
- archiver.media.analyse_image: SHA-256, format check, pixel cap, verify(), a draft-mode
  decode, the 64-bit pHash with its quality score, and the JPEG thumbnail
- for information, the perceptual hashes considered: this pHash alone on a full
  decode, and PDQ (pdqhash) when it is installed (it is not a dependency)

Medians of per-image times; no wall time is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from archiver.media import analyse_image, perceptual_hash  # noqa: E402


def photo(seed: int) -> bytes:
    rng = random.Random(seed)
    width, height = 1200, 675
    x = np.linspace(0, 1, width)[None, :, None]
    y = np.linspace(0, 1, height)[:, None, None]
    base = np.array([rng.random() for _ in range(3)])[None, None, :]
    tilt = np.array([rng.random() for _ in range(3)])[None, None, :]
    pixels = (base * 180 + 60 * x * tilt + 60 * y * (1 - tilt))
    noise = np.random.default_rng(seed).normal(0, 12, (height, width, 3))
    image = Image.fromarray(np.clip(pixels + noise, 0, 255).astype("uint8"), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        draw.ellipse([x0, y0, x0 + rng.randrange(20, 300), y0 + rng.randrange(20, 200)],
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def per_image(fn, images, reps: int = 3) -> float:
    """Median seconds per image over all images, best of `reps` runs for each."""
    times = []
    for data in images:
        best = min(_time(fn, data) for _ in range(reps))
        times.append(best)
    return statistics.median(times)


def _time(fn, data) -> float:
    start = time.perf_counter()
    fn(data)
    return time.perf_counter() - start


def bare_decode(data: bytes) -> None:
    Image.open(io.BytesIO(data)).load()


def phash_full_decode(data: bytes) -> None:
    perceptual_hash(Image.open(io.BytesIO(data)).convert("L"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=40)
    args = parser.parse_args(argv)
    images = [photo(seed) for seed in range(args.images)]
    size = statistics.mean(len(i) for i in images) / 1024
    print(f"bench/media.py: {args.images} JPEGs 1200x675, quality 85, mean {size:.0f} KB; "
          "one process, per-image medians")
    rows = [
        ("Pillow bare decode (open + load)", per_image(bare_decode, images)),
        ("SHA-256 alone", per_image(lambda d: hashlib.sha256(d).digest(), images)),
        ("analyse_image: SHA-256 + checks + pHash + thumbnail", per_image(analyse_image, images)),
        ("  pHash on a full decode (for comparison)", per_image(phash_full_decode, images)),
    ]
    try:
        import pdqhash

        rows.append(("  PDQ on a full decode (pdqhash, not a dependency)", per_image(
            lambda d: pdqhash.compute(np.asarray(Image.open(io.BytesIO(d)).convert("RGB"))),
            images)))
    except ImportError:
        rows.append(("  PDQ (pdqhash not installed)", float("nan")))
    decode = rows[0][1]
    for label, seconds in rows:
        if seconds != seconds:  # nan
            print(f"  {label}")
            continue
        print(f"  {label:55} {seconds * 1000:7.2f} ms/image  {1 / seconds:7.0f} images/s/core"
              f"  ({seconds / decode:4.2f}x bare decode)")
    thumbs = [len(analyse_image(i).thumbnail) for i in images]
    print(f"  thumbnails: median {statistics.median(thumbs) / 1024:.1f} KB, max "
          f"{max(thumbs) / 1024:.1f} KB (cap 100 KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
