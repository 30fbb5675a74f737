"""Photos for signals: checked by their content, re-encoded from the pixels alone.

A phone photo carries EXIF data — often the GPS position, the time and the camera's serial number —
and PNG and WebP files can carry text chunks. Re-saving only the pixel data drops all of it
(PRODUCT.md rule 2). The orientation is applied to the pixels first so the photo stays upright.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# A photo larger than this many pixels is refused before it is decoded (decompression bombs).
MAX_PIXELS = 50_000_000


def max_photo_bytes() -> int:
    return settings.INTAKE_MAX_PHOTO_BYTES


def max_photos() -> int:
    return settings.INTAKE_MAX_PHOTOS


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    width: int
    height: int


def clean_photo(upload, name: str = "") -> CleanPhoto:
    """The photo's pixels in a new file of the same type; ValidationError naming the file otherwise."""
    name = name or getattr(upload, "name", "") or _("the photo")
    size = getattr(upload, "size", None)
    if size is not None and size > max_photo_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(limit)s. Choose a smaller photo.")
            % {"name": name, "limit": filesizeformat(max_photo_bytes())}
        )
    raw = upload.read() if hasattr(upload, "read") else bytes(upload)
    if len(raw) > max_photo_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(limit)s. Choose a smaller photo.")
            % {"name": name, "limit": filesizeformat(max_photo_bytes())}
        )
    not_a_photo = ValidationError(
        _("%(name)s is not a JPEG, PNG or WebP photo. Only those types can be sent.") % {"name": name}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(raw))
            if probe.format not in FORMATS:
                raise not_a_photo
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("%(name)s has too many pixels. Choose a smaller photo.") % {"name": name}
                )
            probe.verify()
            image = Image.open(io.BytesIO(raw))
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Warning,
    ) as exc:
        raise not_a_photo from exc
    kind = image.format
    image = ImageOps.exif_transpose(image)
    return _reencode(image, kind)


def _reencode(image: Image.Image, kind: str) -> CleanPhoto:
    if kind == "JPEG":
        mode = "L" if image.mode in {"L", "1"} else "RGB"
    else:
        mode = "RGBA" if image.mode in {"RGBA", "LA", "P", "PA"} else "RGB"
    pixels = image.convert(mode)
    # A new image made from the pixel bytes alone has no info, EXIF, XMP, ICC or text chunks to carry.
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if kind == "JPEG":
        bare.save(out, "JPEG", quality=85, optimize=True)
    elif kind == "PNG":
        bare.save(out, "PNG", optimize=True)
    else:
        bare.save(out, "WEBP", quality=85)
    return CleanPhoto(out.getvalue(), FORMATS[kind], bare.width, bare.height)
