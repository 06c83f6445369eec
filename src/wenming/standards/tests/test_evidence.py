"""Evidence: submission refused with the reason, review, completeness, archive."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wenming.core.errors import DomainError, TransitionError
from wenming.core.permissions import SYSTEM
from wenming.standards.actions import (
    resubmit_evidence,
    review_evidence,
    submit_evidence,
    update_framework,
)
from wenming.standards.choices import EvidenceKind, EvidenceStatus
from wenming.standards.models import Evidence
from wenming.standards.queries import completeness
from wenming.standards.tasks import write_archive
from wenming.standards.tests.factories import (
    assign,
    make_framework,
    pdf_upload,
    png_bytes,
)
from wenming.testing import error_codes


@pytest.fixture
def owned(in_scope):
    framework = make_framework(in_scope.jurisdiction)
    indicator = assign(framework, in_scope.unit, [in_scope.sibling_unit])
    return framework, indicator


def test_unit_submits_evidence_for_an_owned_criterion(in_scope, owned):
    _framework, indicator = owned
    evidence = submit_evidence(
        indicator,
        in_scope.unit,
        upload=pdf_upload(),
        title="方案",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )
    assert evidence.status == EvidenceStatus.SUBMITTED
    assert evidence.content_type == "application/pdf"
    assert evidence.file.read().startswith(b"%PDF")


def test_criterion_not_owned_is_refused_with_the_reason(in_scope, owned):
    framework, _indicator = owned
    other = framework.indicators.get(code="1.1.1.2")
    with pytest.raises(DomainError) as caught:
        submit_evidence(
            other,
            in_scope.unit,
            upload=pdf_upload(),
            title="x",
            kind=EvidenceKind.DOCUMENT,
            actor=SYSTEM,
        )
    assert caught.value.code == "not_owner"
    assert "1.1.1.2" in str(caught.value.message)
    assert not Evidence.objects.exists()


def test_evidence_outside_the_window_is_refused(in_scope, owned):
    framework, indicator = owned
    update_framework(
        framework,
        data={
            "submission_start": datetime.date(2025, 1, 1),
            "submission_end": datetime.date(2025, 12, 31),
        },
        actor=SYSTEM,
    )
    indicator.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        submit_evidence(
            indicator,
            in_scope.unit,
            upload=pdf_upload(),
            title="x",
            kind=EvidenceKind.DOCUMENT,
            actor=SYSTEM,
            today=datetime.date(2026, 1, 5),
        )
    assert caught.value.code == "outside_window"
    assert "2025-12-31" in str(caught.value.message)
    evidence = submit_evidence(
        indicator,
        in_scope.unit,
        upload=pdf_upload(),
        title="x",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
        today=datetime.date(2025, 6, 1),
    )
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize(
    "content, kind",
    [
        (b"MZ\x90\x00 an executable renamed .pdf", EvidenceKind.DOCUMENT),
        (b"%PDF-1.4 a pdf sent as a photo", EvidenceKind.PHOTO),
        (b"PK\x03\x04 broken zip", EvidenceKind.TABLE),
    ],
)
def test_forbidden_types_are_refused_by_content(in_scope, owned, content, kind):
    _framework, indicator = owned
    upload = SimpleUploadedFile("看起来没问题.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        submit_evidence(indicator, in_scope.unit, upload=upload, title="x", kind=kind, actor=SYSTEM)
    assert "forbidden_type" in error_codes(caught.value)
    assert not Evidence.objects.exists()


def test_office_files_and_photos_are_recognised(in_scope, owned):
    from openpyxl import Workbook

    from wenming.core.documents import sniff
    from wenming.core.excel import workbook_bytes

    assert sniff(workbook_bytes(Workbook())) == "xlsx"
    assert sniff(png_bytes()) == "png"
    _framework, indicator = owned
    photo = SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png")
    evidence = submit_evidence(
        indicator, in_scope.unit, upload=photo, title="现场", kind=EvidenceKind.PHOTO, actor=SYSTEM
    )
    assert evidence.content_type == "image/png"


def test_oversized_files_are_refused(in_scope, owned, settings):
    settings.WENMING_UPLOAD_MAX_BYTES = 20
    _framework, indicator = owned
    with pytest.raises(ValidationError) as caught:
        submit_evidence(
            indicator,
            in_scope.unit,
            upload=pdf_upload(),
            title="x",
            kind=EvidenceKind.DOCUMENT,
            actor=SYSTEM,
        )
    assert "file_too_large" in error_codes(caught.value)


def test_virus_scan_refuses_infected_files(in_scope, owned, settings, monkeypatch):
    from wenming.core import documents

    settings.WENMING_CLAMAV_SOCKET = "/run/clamav/clamd.ctl"
    monkeypatch.setattr(documents, "clamd_instream", lambda data, path: "stream: Eicar FOUND")
    _framework, indicator = owned
    with pytest.raises(ValidationError) as caught:
        submit_evidence(
            indicator,
            in_scope.unit,
            upload=pdf_upload(),
            title="x",
            kind=EvidenceKind.DOCUMENT,
            actor=SYSTEM,
        )
    assert "infected" in error_codes(caught.value)
    monkeypatch.setattr(documents, "clamd_instream", lambda data, path: "stream: OK")
    submit_evidence(
        indicator,
        in_scope.unit,
        upload=pdf_upload(),
        title="x",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )


def test_clamd_instream_speaks_the_protocol(tmp_path):
    import socket
    import struct
    import threading

    from wenming.core.documents import clamd_instream

    path = str(tmp_path / "clamd.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    received = {}

    def serve():
        connection, _ = server.accept()
        data = b""
        while not data.endswith(struct.pack("!L", 0)):
            data += connection.recv(65536)
        received["data"] = data
        connection.sendall(b"stream: OK\0")
        connection.close()

    thread = threading.Thread(target=serve)
    thread.start()
    assert clamd_instream(b"hello", path) == "stream: OK"
    thread.join()
    server.close()
    assert received["data"] == b"zINSTREAM\0" + struct.pack("!L", 5) + b"hello" + struct.pack(
        "!L", 0
    )


def test_review_return_resubmit_accept(in_scope, owned):
    _framework, indicator = owned
    evidence = submit_evidence(
        indicator,
        in_scope.unit,
        upload=pdf_upload(),
        title="x",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )
    with pytest.raises(DomainError) as caught:
        review_evidence(evidence, EvidenceStatus.RETURNED, reason=" ", actor=SYSTEM)
    assert caught.value.code == "reason_required"
    review_evidence(evidence, EvidenceStatus.RETURNED, reason="缺少盖章", actor=SYSTEM)
    with pytest.raises(TransitionError):
        review_evidence(evidence, EvidenceStatus.ACCEPTED, actor=SYSTEM)
    resubmit_evidence(evidence, upload=pdf_upload("盖章版.pdf"), actor=SYSTEM)
    review_evidence(evidence, EvidenceStatus.ACCEPTED, actor=SYSTEM)
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.ACCEPTED
    assert evidence.file_name == "盖章版.pdf"


def test_completeness_per_unit_and_criterion(in_scope, owned):
    framework, indicator = owned
    assign(framework, in_scope.sibling_unit, code="1.1.2.1")
    evidence = submit_evidence(
        indicator,
        in_scope.unit,
        upload=pdf_upload(),
        title="x",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )
    review_evidence(evidence, EvidenceStatus.ACCEPTED, actor=SYSTEM)
    submit_evidence(
        indicator,
        in_scope.sibling_unit,
        upload=pdf_upload(),
        title="y",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )
    overview = completeness(framework)
    units = {u.organization_id: u for u in overview.units}
    assert (units[in_scope.unit.pk].owned, units[in_scope.unit.pk].accepted) == (1, 1)
    sibling = units[in_scope.sibling_unit.pk]
    assert (sibling.owned, sibling.accepted, sibling.pending, sibling.missing) == (2, 0, 1, 1)
    criteria = {c.code: c for c in overview.criteria}
    assert criteria["1.1.1.1"].complete and not criteria["1.1.2.1"].complete
    assert criteria["1.1.1.2"].owners == 0


def test_completeness_query_count_does_not_grow(in_scope, owned, django_assert_max_num_queries):
    framework, indicator = owned
    for _ in range(5):
        submit_evidence(
            indicator,
            in_scope.unit,
            upload=pdf_upload(),
            title="x",
            kind=EvidenceKind.DOCUMENT,
            actor=SYSTEM,
        )
    with django_assert_max_num_queries(3):
        completeness(framework)


def test_archive_has_a_folder_per_criterion_and_an_index(in_scope, owned):
    framework, indicator = owned
    for title in ("方案", "方案"):
        evidence = submit_evidence(
            indicator,
            in_scope.unit,
            upload=pdf_upload(),
            title=title,
            kind=EvidenceKind.DOCUMENT,
            actor=SYSTEM,
        )
        review_evidence(evidence, EvidenceStatus.ACCEPTED, actor=SYSTEM)
    submit_evidence(
        indicator,
        in_scope.unit,
        upload=pdf_upload(),
        title="未审",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )
    buffer = io.BytesIO()
    counts = write_archive(framework, buffer)
    assert counts["files"] == 2
    names = zipfile.ZipFile(io.BytesIO(buffer.getvalue())).namelist()
    assert names[0].startswith("001_1.1.1.1_") and names[0].endswith(".pdf")
    assert names[0] != names[1]
    assert "000_资料索引.xlsx" in names


def test_the_archive_export_is_audited_with_the_number_of_files(
    in_scope, owned, settings, tmp_path
):
    from django_scopes import scopes_disabled

    from wenming.core.models import AuditEvent, Job
    from wenming.standards.tasks import export_evidence_archive

    settings.MEDIA_ROOT = tmp_path
    framework, indicator = owned
    evidence = submit_evidence(
        indicator,
        in_scope.unit,
        upload=pdf_upload(),
        title="方案",
        kind=EvidenceKind.DOCUMENT,
        actor=SYSTEM,
    )
    review_evidence(evidence, EvidenceStatus.ACCEPTED, actor=SYSTEM)
    reviewer = in_scope.member(in_scope.office, ["standards.review_evidence"], scope="jurisdiction")
    job = Job.objects.create(
        jurisdiction=in_scope.jurisdiction,
        kind="standards.evidence_archive",
        title="归档",
        created_by=reviewer,
    )
    export_evidence_archive.call_local(job.pk, framework.pk)
    with scopes_disabled():
        [event] = AuditEvent.objects.filter(action="standards.evidence.exported")
    assert event.new_data["rows"] == 1 and event.new_data["format"] == "zip"
    assert event.new_data["filters"] == {"framework": framework.pk}
    assert event.actor_id == reviewer.pk and event.new_data["job"] == str(job.public_id)
