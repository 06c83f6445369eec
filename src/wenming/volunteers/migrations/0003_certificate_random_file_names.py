"""Certificate PDFs stored as `<verification code>.pdf` get a random name.

The verification code is what the public check page asks for; the PDF carries the unmasked
name. The job that rendered a certificate points at the same file, so it follows the rename.
"""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations


def rename_certificate_pdfs(apps, schema_editor):
    Certificate = apps.get_model("volunteers", "Certificate")
    Job = apps.get_model("core", "Job")
    for certificate in Certificate._base_manager.exclude(pdf="").only("pk", "pdf", "verification_code"):
        old = certificate.pdf.name
        if certificate.verification_code not in old or not default_storage.exists(old):
            continue
        folder = old.rsplit("/", 1)[0] if "/" in old else ""
        with default_storage.open(old, "rb") as handle:
            new = default_storage.save(
                f"{folder}/{secrets.token_hex(16)}.pdf".lstrip("/"), ContentFile(handle.read())
            )
        Certificate._base_manager.filter(pk=certificate.pk).update(pdf=new)
        Job._base_manager.filter(result_file=old).update(result_file=new)
        default_storage.delete(old)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_throttle_cache_table"),
        ("volunteers", "0002_points_label"),
    ]

    operations = [
        migrations.RunPython(rename_certificate_pdfs, migrations.RunPython.noop, elidable=True),
    ]
