"""Stored files: private unless they are a public derivative, served only after a permission check.

Why: everything under `MEDIA_ROOT` used to be served at `/media/` without a login, so residents'
original photos (GPS block intact), evidence, import workbooks with ID numbers and certificates
were downloadable by anyone who guessed a name. Now there are two storages:

- `default` (private): every file. It has no public URL; a file leaves it only through
  `serve` below, which loads the owning record through the app that owns it and checks
  `has_perm` on that record first (404 for a record the person may not see, so the answer never
  tells whether it exists).
- `public`: only public derivatives (a resident's EXIF-stripped copy and its thumbnail), under
  their own prefix (`MEDIA_ROOT/public/`, URL `/media/public/`), with random names unrelated to
  any other file's name.

Each app declares its file kinds in `<app>/files.py` as `FILE_KINDS = [FileKind(...), ...]`.
How the bytes go out depends on where they are (ADR 0017): a plain streamed response on the
embedded default, `X-Accel-Redirect` (nginx) or `X-Sendfile` when `WENMING_FILE_SERVING` says so,
and a short-lived signed URL when the storage is S3-compatible object storage.
"""

from __future__ import annotations

import importlib
import mimetypes
import os
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

from wenming.core.permissions import grant_for, has_perm

#: The largest primary key the databases store (a signed 64-bit integer).
MAX_PK = 2**63 - 1
_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|;]+')


class PublicFileSystemStorage(FileSystemStorage):
    """`MEDIA_ROOT/public/` served at `MEDIA_URL + "public/"` unless told otherwise; follows
    `MEDIA_ROOT` when a test overrides it (like Django's own file system storage)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, os.path.join(settings.MEDIA_ROOT, "public"))

    @cached_property
    def base_url(self):
        if self._base_url is not None and not self._base_url.endswith("/"):
            self._base_url += "/"
        return self._value_or_setting(self._base_url, settings.MEDIA_URL + "public/")


def public_storage():
    """The storage of public derivatives (referenced by the photo fields, resolved per call)."""
    return storages["public"]


def random_name(extension: str) -> str:
    """A name that says nothing: 128 random bits, unrelated to any other file's name."""
    return f"{secrets.token_hex(16)}.{extension.lstrip('.')}"


def safe_filename(name: str, default: str = "file") -> str:
    """A download name without path separators or control characters (Chinese kept)."""
    name = _UNSAFE_FILENAME.sub("_", str(name or "")).strip(" ._")
    if not name:
        return default
    stem, extension = os.path.splitext(name)
    return stem[:80] + extension[:10]


@dataclass(frozen=True)
class FileKind:
    """A kind of stored file: where it lives and who may fetch it.

    `allowed(user, record)` replaces the default check `has_perm(user, permission, record)`
    when a kind needs more (a job's file: its creator or who may view jobs). `filename(record)`
    names the download; the stored name is never shown.
    """

    name: str
    model: str
    field: str
    permission: str
    lookup: str = "public_id"
    filename: Callable | None = None
    allowed: Callable | None = None
    as_attachment: bool = False

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def may_fetch(self, user, record) -> bool:
        if self.allowed is not None:
            return bool(self.allowed(user, record))
        return has_perm(user, self.permission, record)

    def download_name(self, record, fieldfile) -> str:
        if self.filename is not None:
            return safe_filename(self.filename(record))
        return safe_filename(os.path.basename(fieldfile.name))


_KINDS: dict[str, FileKind] = {}
_COLLECTED = False


def kinds() -> dict[str, FileKind]:
    """Every registered file kind, collected once from each app's `files.FILE_KINDS`."""
    global _COLLECTED
    if not _COLLECTED:
        for config in apps.get_app_configs():
            if not config.name.startswith("wenming."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.files")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.files":
                    raise
                continue
            for kind in getattr(module, "FILE_KINDS", []):
                _KINDS[kind.name] = kind
        _COLLECTED = True
    return _KINDS


def _key(kind: FileKind, record) -> str:
    return str(getattr(record, kind.lookup))


def file_url(record, kind_name: str) -> str:
    """The permission-checked URL of `record`'s file of kind `kind_name` ("" when none)."""
    kind = kinds()[kind_name]
    fieldfile = getattr(record, kind.field)
    if not fieldfile:
        return ""
    name = kind.download_name(record, fieldfile)
    return reverse("file", args=[kind.name, _key(kind, record), name])


def _parse_key(kind: FileKind, raw: str):
    if kind.lookup == "public_id":
        try:
            return uuid.UUID(raw)
        except ValueError:
            return None
    if not raw.isdigit() or int(raw) > MAX_PK:
        return None
    return int(raw)


def serve(request, kind_name: str, key: str, name: str = ""):
    """The one way a private file leaves storage: check, then hand the bytes over."""
    kind = kinds().get(kind_name)
    if kind is None:
        raise Http404
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    value = _parse_key(kind, key)
    if value is None:
        raise Http404
    record = (
        kind.model_class.objects.with_scopes_disabled().filter(**{kind.lookup: value}).first()
        if hasattr(kind.model_class.objects, "with_scopes_disabled")
        else kind.model_class._default_manager.filter(**{kind.lookup: value}).first()
    )
    if record is None or not kind.may_fetch(request.user, record):
        raise Http404
    fieldfile = getattr(record, kind.field)
    if not fieldfile:
        raise Http404
    return file_response(
        fieldfile,
        filename=kind.download_name(record, fieldfile),
        as_attachment=kind.as_attachment or request.GET.get("download") == "1",
    )


def serve_public(request, path: str):
    """`/media/public/…` on the embedded default: the public derivatives and nothing else (in
    production nginx or object storage serves this prefix; see docs/operations.md)."""
    from django.views.static import serve as static_serve

    response = static_serve(
        request, path, document_root=os.path.join(settings.MEDIA_ROOT, "public")
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _local_path(storage, name: str) -> str | None:
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


def _content_type(filename: str, content_type: str | None) -> str:
    if content_type:
        return content_type
    guessed, _encoding = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def _harden(response, *, disposition: str | None = None) -> HttpResponse:
    if disposition:
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0, no-transform"
    # A stored file never runs script in the platform's origin, whatever its bytes are. (Not
    # on PDFs: browsers refuse to show a PDF in a sandboxed document; PDFs are checked by
    # content on upload and rendered by the browser's viewer, not as a page of ours.)
    if response.get("Content-Type") != "application/pdf":
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


def file_response(
    fieldfile,
    *,
    filename: str,
    content_type: str | None = None,
    as_attachment: bool = False,
) -> HttpResponse:
    """Send `fieldfile` (already permission-checked by the caller) the configured way."""
    filename = safe_filename(filename)
    content_type = _content_type(filename, content_type)
    disposition = content_disposition_header(as_attachment, filename)
    storage, name = fieldfile.storage, fieldfile.name
    local_path = _local_path(storage, name)
    if local_path is None:
        url = signed_url(storage, name, disposition=disposition, content_type=content_type)
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    mode = settings.WENMING_FILE_SERVING
    if mode == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        relative = os.path.relpath(local_path, settings.MEDIA_ROOT)
        if relative.startswith(".."):
            raise Http404
        response["X-Accel-Redirect"] = settings.WENMING_FILE_ACCEL_PREFIX + quote(relative)
        return _harden(response, disposition=disposition)
    if mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = local_path
        return _harden(response, disposition=disposition)
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    return _harden(response, disposition=disposition)


def signed_url(storage, name: str, *, disposition: str, content_type: str) -> str:
    """A short-lived URL of object storage (`WENMING_FILE_URL_SECONDS`), issued only after
    the caller's check, that makes the object store answer with our file name and type."""
    return storage.url(
        name,
        parameters={
            "ResponseContentDisposition": disposition,
            "ResponseContentType": content_type,
            "ResponseCacheControl": "private, max-age=0",
        },
        expire=settings.WENMING_FILE_URL_SECONDS,
    )


def _may_fetch_job_file(user, job) -> bool:
    """A job's file (an import's error workbook with ID numbers, an export): who started the
    job, or who may view jobs across the whole jurisdiction. Jobs are shared rows
    (`scope_path = None`), so `has_perm` alone would let a unit that views its own jobs fetch
    every unit's files."""
    if job.created_by_id is not None and job.created_by_id == user.pk:
        return True
    if user.jurisdiction_id is not None and user.jurisdiction_id != job.jurisdiction_id:
        return False
    return grant_for(user, "core.view_job").everywhere


FILE_KINDS = [
    FileKind(
        name="job-result",
        model="core.Job",
        field="result_file",
        permission="core.view_job",
        allowed=_may_fetch_job_file,
        as_attachment=True,
    ),
]
