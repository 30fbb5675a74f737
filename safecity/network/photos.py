"""Photos of highlighted initiatives: checked and re-encoded as plain JPEG, without EXIF or GPS.

The checks and the pixel-only re-encoding are the intake's (safecity/intake/photos.py); here the
result is always a JPEG no wider or taller than MAX_SIDE, so the public page stays light.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from safecity.intake.photos import clean_photo

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600


def clean_profile_photo(upload) -> bytes:
    """The photo as a bare JPEG; ValidationError with a clear message for a big or non-image file."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(limit)s. Choose a smaller photo.")
            % {"limit": filesizeformat(MAX_BYTES)}
        )
    photo = clean_photo(upload, _("The photo"))
    image = Image.open(io.BytesIO(photo.data))
    image.load()
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.split()[-1])
        image = background
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    bare = Image.frombytes("RGB", image.size, image.tobytes())
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()
