"""Archive export of 5,000 accepted evidence files (demo-sized, 20 KB each): MB/s."""

from __future__ import annotations

import datetime
import os
import random
import tempfile
import time

from benchkit import summarize

NAME = "standards_archive_export"
SCALE = "small"
FILES = 5_000
FILE_BYTES = 20 * 1024


def run(env):
    env.django()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone
    from django_scopes import scope

    from wenming.core.models import Jurisdiction
    from wenming.standards.choices import EvidenceStatus
    from wenming.standards.models import Assignment, Evidence, Framework
    from wenming.standards.tasks import write_archive

    rng = random.Random(2020)
    jurisdiction = Jurisdiction.objects.get(code="410482")
    with scope(jurisdiction=jurisdiction):
        framework = Framework.objects.get(is_sample=True)
        Evidence.objects.filter(indicator__framework=framework).update(
            status=EvidenceStatus.REJECTED
        )
        assignments = list(Assignment.objects.filter(indicator__framework=framework))
        names = []
        for number in range(FILES):
            data = b"%PDF-1.4\n" + rng.randbytes(FILE_BYTES - 9)
            names.append(
                default_storage.save(f"evidence/bench/{number:05d}.pdf", ContentFile(data))
            )
        now = timezone.now()
        Evidence.objects.bulk_create(
            [
                Evidence(
                    jurisdiction=jurisdiction,
                    indicator_id=assignments[n % len(assignments)].indicator_id,
                    organization_id=assignments[n % len(assignments)].organization_id,
                    title=f"基准资料{n}",
                    kind="document",
                    file=name,
                    file_name=f"{n}.pdf",
                    content_type="application/pdf",
                    size=FILE_BYTES,
                    status=EvidenceStatus.ACCEPTED,
                    submitted_at=now - datetime.timedelta(minutes=n),
                )
                for n, name in enumerate(names)
            ],
            batch_size=1000,
        )
        with tempfile.TemporaryFile(dir=os.environ.get("WENMING_VAR_DIR")) as handle:
            started = time.perf_counter()
            counts = write_archive(framework, handle)
            seconds = time.perf_counter() - started
            archive_bytes = handle.tell()
    result = summarize([seconds], seconds, 0 if counts["files"] == FILES else 1)
    result.update(
        files=counts["files"],
        megabytes=round(counts["bytes"] / 1e6, 1),
        archive_megabytes=round(archive_bytes / 1e6, 1),
        mb_per_second=round(counts["bytes"] / 1e6 / seconds, 1),
    )
    return result
