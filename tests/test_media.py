"""Image validation and hashing on real encoded images."""

import hashlib
import io

import pytest
from PIL import Image

from archiver.demo import sample_image
from archiver.media import MediaError, analyse_image, hamming


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def test_jpeg_record():
    data = sample_image("photo-one")
    record = analyse_image(data, "image/jpeg")
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert (record.mime, record.format, record.width, record.height) == ("image/jpeg", "JPEG", 1200, 675)
    assert record.bytes == len(data)
    assert len(record.phash) == 16 and int(record.phash, 16) >= 0
    assert record.thumbnail_width == 400 and len(record.thumbnail) < 100 * 1024
    assert record.claimed_type is None


def test_perceptual_hash_survives_resize_and_recompression():
    data = sample_image("photo-two")
    original = analyse_image(data)
    image = Image.open(io.BytesIO(data))
    smaller = encode(image.resize((800, 450)), "JPEG", quality=70)
    other = analyse_image(sample_image("a-different-photo"))
    assert hamming(original.phash, analyse_image(smaller).phash) <= 8
    assert hamming(original.phash, other.phash) > 16


def test_flat_image_has_low_quality():
    flat = analyse_image(encode(Image.new("RGB", (600, 400), (120, 130, 140)), "PNG"))
    busy = analyse_image(sample_image("busy"))
    assert flat.phash_quality < 10 < busy.phash_quality


def test_real_format_wins_over_the_claimed_type():
    png = encode(Image.new("RGBA", (50, 40), (1, 2, 3, 128)), "PNG")
    record = analyse_image(png, "image/jpeg")
    assert record.mime == "image/png" and record.claimed_type == "image/jpeg"


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "not_an_image"),
        (b"<html><body>nope</body></html>", "not_an_image"),
        (sample_image("cut")[:5000], "truncated_image"),
        (encode(Image.new("RGB", (10, 10)), "BMP"), "unsupported_format"),
    ],
)
def test_bad_bytes_are_refused_with_a_code(data, code):
    with pytest.raises(MediaError) as caught:
        analyse_image(data, "image/jpeg")
    assert caught.value.code == code


def test_pixel_cap_refuses_a_bomb_before_decoding():
    bomb = encode(Image.new("1", (9000, 9000)), "PNG")  # 81 Mpx, a few KB
    assert len(bomb) < 100_000
    with pytest.raises(MediaError) as caught:
        analyse_image(bomb, "image/png", max_pixels=50_000_000)
    assert caught.value.code == "decompression_bomb"


def test_a_bomb_past_pillows_own_limit_is_said_with_our_cap():
    """Past twice Pillow's limit (179 Mpx) Pillow refuses before the size is ours to
    see, and its limit was quoted instead of the archive's."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0))
    bomb = b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\0" * 10)) \
        + chunk(b"IEND", b"")
    with pytest.raises(MediaError) as caught:
        analyse_image(bomb, "image/png", max_pixels=50_000_000)
    assert caught.value.code == "decompression_bomb"
    assert str(caught.value) == "400000000 pixels is over the 50000000-pixel cap"
