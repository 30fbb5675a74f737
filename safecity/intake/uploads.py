"""Photo uploads held in memory only, within the limits, so an unstripped photo never lands on disk.

Django writes uploads above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file; a photo with its GPS
position would then sit unencrypted in /tmp. This handler keeps each file in memory up to
INTAKE_MAX_PHOTO_BYTES, skips the rest of a file that is larger and any file past INTAKE_MAX_PHOTOS,
and notes what it skipped on the request so the form can name it.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile


class PhotoUploadHandler(MemoryFileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        request.skipped_uploads = {"too_large": [], "too_many": 0}
        self.count = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True  # whatever the request's size: files are limited one by one below

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.count += 1
        if self.count > settings.INTAKE_MAX_PHOTOS:
            self.request.skipped_uploads["too_many"] += 1
            self.file = io.BytesIO()  # the parser closes handler.file on a skip: not the previous photo
            raise SkipFile
        super().new_file(field_name, file_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.INTAKE_MAX_PHOTO_BYTES:
            self.request.skipped_uploads["too_large"].append(self.file_name)
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
