"""The one place where uploaded files are checked before anything reads them: name, size, content.

Four kinds: ``csv`` (usage imports, people import), ``json`` (prompt import, toolkit pack),
``xlsx`` (people import: a zip that openpyxl opens read-only, whose unpacked size is limited too)
and ``image`` (the municipality's logo: PNG or JPEG only). The limits are
``settings.REISBUREAU["UPLOAD_MAX_BYTES"]``. A CSV must be text (UTF-8 with or without BOM, or
Windows-1252, and no NUL bytes); a JSON file must parse. Every refusal is a DomainError with a
Dutch message, raised before anything is saved.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import DomainError

EXTENSIONS = {"csv": (".csv", ".txt"), "json": (".json",), "xlsx": (".xlsx",),
              "image": (".png", ".jpg", ".jpeg")}
# An .xlsx is a zip: refuse one that unpacks to more than this many times the upload limit.
XLSX_MAX_EXPANSION = 20
# An image (the municipality's logo) is PNG or JPEG only: no SVG, which can carry script.
IMAGE_SIGNATURES = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}
# Files that are certainly not text: zip (xlsx, docx), PDF, PNG, JPEG, GIF, old Office.
BINARY_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8",
                     b"\xd0\xcf\x11\xe0")
SNIFF_BYTES = 64 * 1024


def upload_limit(kind: str) -> int:
    return int(settings.REISBUREAU["UPLOAD_MAX_BYTES"][kind])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}" if size >= 1024 * 1024 else f"{size / (1024 * 1024):.2f}"


def check_size(size: int, *, kind: str) -> None:
    if size == 0:
        raise DomainError(_("The file is empty."))
    limit = upload_limit(kind)
    if size > limit:
        raise DomainError(_("The file is too large (at most %(size)s MB).")
                          % {"size": _megabytes(limit)})


def _decodes_as_text(sample: bytes) -> bool:
    if b"\x00" in sample or sample.startswith(BINARY_SIGNATURES):
        return False
    try:
        sample.decode("utf-8-sig")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # the sample cut a multi-byte character in two
            return True
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def check_upload(upload, *, kind: str) -> None:
    """Refuse a file of the wrong type or size. Leaves the file positioned at its start."""
    name = (getattr(upload, "name", "") or "").lower()
    if kind == "image" and not name.endswith(EXTENSIONS[kind]):
        raise DomainError(_("The file is not a PNG or JPEG image."))
    if not name.endswith(EXTENSIONS[kind]):
        raise DomainError(_("Choose a %(kind)s file (the name ends in %(extensions)s).") % {
            "kind": kind.upper(), "extensions": " / ".join(EXTENSIONS[kind])})
    check_size(upload.size, kind=kind)
    upload.seek(0)
    if kind == "image":
        check_image(upload)
    elif kind == "csv":
        sample = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if not _decodes_as_text(sample):
            raise DomainError(_("The file is not a text (CSV) file. Save it from Excel as "
                                "“CSV UTF-8” and try again."))
    elif kind == "xlsx":
        check_xlsx(upload)
        upload.seek(0)
    else:
        data = upload.read()
        upload.seek(0)
        check_json(data)


def spreadsheet_kind(name: str) -> str:
    """``xlsx`` for an Excel workbook's name, else ``csv`` (which then checks the name)."""
    return "xlsx" if (name or "").lower().endswith(".xlsx") else "csv"


def check_xlsx(upload) -> None:
    import zipfile

    refusal = DomainError(_("The file is not an Excel workbook (.xlsx). Save it from Excel as "
                            "“Excel-werkmap” or as “CSV UTF-8” and try again."))
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > upload_limit("xlsx") * XLSX_MAX_EXPANSION:
                raise DomainError(_("The workbook is too large when unpacked."))
            if "xl/workbook.xml" not in archive.namelist():
                raise refusal
    except zipfile.BadZipFile:
        raise refusal from None
    upload.seek(0)
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(upload, read_only=True, data_only=True)
        workbook.close()
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - any parser error means: not a workbook we can read
        raise refusal from None
    finally:
        upload.seek(0)


def clean_upload(upload, *, kind: str):
    """For a form's clean_<field>: the same checks, as a form error."""
    from django.core.exceptions import ValidationError

    try:
        check_upload(upload, kind=kind)
    except DomainError as exc:
        raise ValidationError(exc.message) from None
    return upload


def check_image(upload) -> None:
    """A real PNG or JPEG: the first bytes say so and Pillow reads the whole picture."""
    head = upload.read(16)
    upload.seek(0)
    fmt = next((name for name, sig in IMAGE_SIGNATURES.items() if head.startswith(sig)), None)
    if fmt is None:
        raise DomainError(_("The file is not a PNG or JPEG image."))
    from PIL import Image

    try:
        with Image.open(upload) as image:
            if image.format != fmt or image.width > 4000 or image.height > 4000:
                raise DomainError(_("The file is not a PNG or JPEG image of at most "
                                    "4000 by 4000 pixels."))
            image.verify()
    except DomainError:
        raise
    except Exception:  # Pillow raises many kinds for a broken file
        raise DomainError(_("The file is not a PNG or JPEG image.")) from None
    finally:
        upload.seek(0)


def check_json(data: bytes) -> None:
    try:
        json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise DomainError(_("The file is not valid JSON.")) from None
