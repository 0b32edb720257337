import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from reisbureau.audit import audit_log
from reisbureau.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_audit_entry_records_who_what_and_which_object(agency_staff, traveller):
    entry = audit_log(actor=agency_staff, action="user.updated", target=traveller,
                      data={"first_name": "Rik"})
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == agency_staff and entry.actor_label == agency_staff.email
    assert entry.target_repr == str(traveller) and entry.target_id == str(traveller.pk)
    assert entry.data == {"first_name": "Rik"} and entry.created_at is not None


def test_system_actions_are_labelled_as_such(traveller):
    assert audit_log(actor=None, action="job.ran").actor_label == "systeem"


def test_audit_entries_cannot_be_changed_or_deleted_through_the_orm(agency_staff):
    entry = audit_log(actor=agency_staff, action="x.y")
    entry.action = "rewritten"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="rewritten")
    with pytest.raises(ValidationError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "x.y"


def test_admin_offers_no_way_to_change_the_audit_trail(admin_client, agency_staff):
    entry = audit_log(actor=agency_staff, action="x.y")
    assert admin_client.get("/admin/reisbureau/auditentry/add/").status_code == 403
    response = admin_client.post(f"/admin/reisbureau/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_raw_sql_cannot_rewrite_the_audit_trail_on_postgresql(agency_staff):
    from django.db import DatabaseError

    entry = audit_log(actor=agency_staff, action="x.y")
    for sql in ("UPDATE reisbureau_auditentry SET action = 'weg' WHERE id = %s",
                "DELETE FROM reisbureau_auditentry WHERE id = %s"):
        with pytest.raises(DatabaseError, match="audittrail"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "x.y"
