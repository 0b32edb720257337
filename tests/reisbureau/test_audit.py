import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from reisbureau.audit import audit_log
from reisbureau.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_audit_entry_records_who_what_and_which_object(agency_staff, traveller):
    entry = audit_log(actor=agency_staff, action="user.updated", target=traveller,
                      data={"department": "Burgerzaken"})
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == agency_staff and entry.actor_display == agency_staff.display_name
    assert entry.target_id == str(traveller.pk) and entry.target_display == str(traveller)
    assert entry.data == {"department": "Burgerzaken"} and entry.created_at is not None


def test_the_audit_entry_stores_no_name_or_address_and_shows_the_current_name(
        agency_staff, traveller):
    from reisbureau.privacy import user_anonymise
    from reisbureau.services import user_update_profile

    user_update_profile(user=traveller, actor=agency_staff, first_name="Rikkertje")
    entry = AuditEntry.objects.get(action="user.updated")
    stored = [entry.actor_label, entry.target_repr, str(entry.data)]
    for text in (agency_staff.email, agency_staff.last_name, traveller.email, "Rikkertje"):
        assert all(text not in value for value in stored)
    assert entry.target_display == "Rikkertje " + traveller.last_name
    user_anonymise(user=agency_staff, actor=traveller)
    entry = AuditEntry.objects.select_related("actor").get(pk=entry.pk)
    assert entry.actor_display == f"geanonimiseerde medewerker #{agency_staff.pk}"


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


@pytest.mark.django_db(transaction=True)
def test_the_migration_takes_names_and_addresses_out_of_existing_entries():
    """Rows written before the trail stopped storing personal data are rewritten once, by the
    migration (on PostgreSQL past the row trigger, which stays in force afterwards)."""
    from django.db.migrations.executor import MigrationExecutor

    before, after = ("reisbureau", "0004_audit_refuse_truncate"), (
        "reisbureau", "0005_audit_and_notifications_without_personal_data")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    user = old.get_model("reisbureau", "User").objects.create(
        email="rianne@voorbeeldstad.example", first_name="Rianne", last_name="Reiziger")
    user_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="reisbureau", model="user")
    entries = old.get_model("reisbureau", "AuditEntry").objects
    by_her = entries.create(actor=user, actor_label=user.email, action="user.updated",
                            target_type=user_type, target_id=str(user.pk),
                            target_repr="Rianne Reiziger",
                            data={"first_name": "Rianne", "department": "Burgerzaken"}).pk
    job = entries.create(actor_label="systeem", action="journey.traveller_added",
                         target_repr="Rianne Reiziger – Adviseur",
                         data={"traveller": "rianne@voorbeeldstad.example"}).pk
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    rows = {e.pk: e for e in AuditEntry.objects.filter(pk__in=[by_her, job])}
    assert (rows[by_her].actor_label, rows[by_her].target_repr) == ("", "")
    assert rows[by_her].data == {"first_name": "", "department": "Burgerzaken"}
    assert rows[job].actor_label == "systeem"
    assert rows[job].target_repr == f"medewerker #{user.pk} – Adviseur"
    assert rows[job].data == {"traveller": user.pk}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    if connection.vendor == "postgresql":  # the trigger is back on
        with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE reisbureau_auditentry SET action = 'x' WHERE id = %s",
                           [job])
