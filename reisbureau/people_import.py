"""People from an HR export (CSV or XLSX): read, preview, apply all at once.

Columns (Dutch or English headers, any order): e-mail (required), name (or first name and
last name), department, function group, persona (several separated by "|" or ","), manager
(the manager's e-mail address). A column that is absent leaves that field alone. Departments,
function groups and personas must exist in the portal (an unknown one is a row error, so a typo
does not create a new department). Excel's semicolon CSV, a BOM and Windows-1252 all work.

The preview (`plan_import`) only reads. `people_import_apply` re-plans against the database as
it is then and writes everything in one transaction, or nothing when any row has an error.
People missing from a full export are deactivated only when agency staff tick that box: their
licence is released, the waiting list moves up, nothing is deleted. The audit trail gets ids only.
"""

import csv
import io
from datetime import timedelta
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .audit import audit_entry, audit_log, audit_log_many
from .auth_backends import access_changed
from .constants import Role
from .exceptions import DomainError
from .models import (
    ANONYMISED_EMAIL_DOMAIN,
    Department,
    FunctionGroup,
    LicenceAssignment,
    LicenceWaitlistEntry,
    PeopleImport,
    PeopleImportStatus,
    Persona,
    User,
)
from .uploads import spreadsheet_kind

HEADERS = {
    "email": {"e-mail", "email", "e-mailadres", "emailadres", "mail", "e-mail address",
              "email address", "upn"},
    "name": {"naam", "name", "volledige naam", "full name", "weergavenaam", "display name"},
    "first_name": {"voornaam", "first name", "first_name", "roepnaam", "given name"},
    "last_name": {"achternaam", "last name", "last_name", "surname", "family name"},
    "department": {"afdeling", "department", "organisatieonderdeel"},
    "function_group": {"functiegroep", "function group", "function_group", "functie",
                       "job title"},
    "persona": {"persona", "personas", "persona's"},
    "manager": {"leidinggevende", "manager", "e-mail leidinggevende", "manager e-mail"},
}
NAME_MAX = 150
FIELD_LABELS = {
    "first_name": gettext_lazy("first name"), "last_name": gettext_lazy("last name"),
    "department": gettext_lazy("department"), "function_group": gettext_lazy("function group"),
    "personas": gettext_lazy("personas"), "manager": gettext_lazy("manager"),
    "is_active": gettext_lazy("active again"),
}
PROGRESS_EVERY = 200


def _progress_key(import_id: int) -> str:
    return f"reisbureau:people-import:{import_id}:progress"


def import_progress(import_id: int) -> int:
    """Percentage applied so far (kept in the cache: the apply transaction is not visible)."""
    return int(cache.get(_progress_key(import_id)) or 0)


# --- Reading the file ------------------------------------------------------------------------

def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_table(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # Dutch Excel writes semicolons; pick the separator the header line uses most.
    delimiter = max(";,\t", key=first_line.count) if first_line else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx_table(upload) -> list[list[str]]:
    from openpyxl import load_workbook

    upload.seek(0)
    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        limit = settings.REISBUREAU["PEOPLE_IMPORT_MAX_ROWS"] + 2
        table = []
        for values in sheet.iter_rows(values_only=True):
            table.append(["" if v is None else str(v) for v in values])
            if len(table) > limit:
                break
        return table
    finally:
        workbook.close()


def _column_map(header: list[str]) -> dict[str, int]:
    columns = {}
    for index, title in enumerate(header):
        normal = " ".join(title.replace("\ufeff", "").strip().lower().replace("_", " ").split())
        for key, names in HEADERS.items():
            if (normal in names or normal.replace(" ", "_") in names) and key not in columns:
                columns[key] = index
    return columns


def read_rows(upload) -> list[dict]:
    """The rows of an uploaded (already checked) file, as plain dicts with their line number.
    A problem with the file as a whole is a DomainError."""
    if spreadsheet_kind(upload.name) == "xlsx":
        table = _xlsx_table(upload)
    else:
        upload.seek(0)
        table = _csv_table(upload.read())
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise DomainError(_("The file has no rows."))
    columns = _column_map(table[0])
    if "email" not in columns:
        raise DomainError(_("The file has no column “e-mail”. The first row must name the "
                            "columns: e-mail, naam, afdeling, functiegroep, persona, "
                            "leidinggevende."))
    body = table[1:]
    maximum = settings.REISBUREAU["PEOPLE_IMPORT_MAX_ROWS"]
    if len(body) > maximum:
        raise DomainError(_("The file has more than %(max)s rows. Split it into smaller "
                            "files.") % {"max": maximum})
    rows = []
    for number, cells in enumerate(body, start=2):
        row = {"row": number}
        for key, index in columns.items():
            row[key] = cells[index].strip() if index < len(cells) else ""
        rows.append(row)
    return rows


# --- The plan ---------------------------------------------------------------------------

@dataclass
class Plan:
    creates: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    unchanged: int = 0
    deactivations: list[User] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _split_name(row: dict) -> tuple[str | None, str | None]:
    if "first_name" in row or "last_name" in row:
        return row.get("first_name"), row.get("last_name")
    if "name" in row:
        first, _space, last = row["name"].partition(" ")
        return first, last
    return None, None


def _lookup(model) -> dict[str, int]:
    return {name.casefold(): pk for pk, name in model.objects.values_list("pk", "name")}


def _import_candidates(*, actor: User | None):
    """Who a full export that leaves them out may deactivate: active, real employees, not
    the administrator applying it nor a superuser."""
    qs = (User.objects.filter(is_active=True, is_superuser=False)
          .exclude(email__endswith=ANONYMISED_EMAIL_DOMAIN))
    if actor is not None:
        qs = qs.exclude(pk=actor.pk)
    return qs


def plan_import(rows: list[dict], *, full_export: bool, actor: User | None = None) -> Plan:
    """What applying `rows` would create, change and (for a full export) deactivate, with the
    errors per row. Reads only."""
    plan = Plan()
    departments, groups, personas = (_lookup(Department), _lookup(FunctionGroup),
                                     _lookup(Persona))
    emails = {r.get("email", "").strip().lower() for r in rows}
    existing = {u.email: u for u in User.objects.filter(email__in=[e for e in emails if e])
                .prefetch_related("personas")}
    manager_emails = {r.get("manager", "").strip().lower() for r in rows} - emails - {""}
    known_managers = {u.email: u.pk for u in User.objects.filter(
        email__in=list(manager_emails), is_active=True)}
    first_row: dict[str, int] = {}

    def error(row, message):
        plan.errors.append({"row": row["row"], "message": message})

    for row in rows:
        number = row["row"]
        email = row.get("email", "").strip().lower()
        errors_before = len(plan.errors)
        if not email:
            error(row, _("Row %(row)s: the e-mail address is missing.") % {"row": number})
            continue
        try:
            validate_email(email)
        except ValidationError:
            error(row, _("Row %(row)s: “%(value)s” is not a valid e-mail address.")
                  % {"row": number, "value": email[:100]})
            continue
        if email.endswith(ANONYMISED_EMAIL_DOMAIN):
            error(row, _("Row %(row)s: this address belongs to an anonymised account.")
                  % {"row": number})
            continue
        if email in first_row:
            error(row, _("Row %(row)s: this e-mail address is also in row %(first)s.")
                  % {"row": number, "first": first_row[email]})
            continue
        first_row[email] = number
        first_name, last_name = _split_name(row)
        if (first_name and len(first_name) > NAME_MAX) or (last_name and len(last_name)
                                                           > NAME_MAX):
            error(row, _("Row %(row)s: the name is longer than %(max)s characters.")
                  % {"row": number, "max": NAME_MAX})
        wanted: dict = {}
        if first_name is not None:
            wanted["first_name"] = first_name
        if last_name is not None:
            wanted["last_name"] = last_name
        for key, table, message in (
            ("department", departments,
             _("Row %(row)s: the department “%(value)s” does not exist in the portal.")),
            ("function_group", groups,
             _("Row %(row)s: the function group “%(value)s” does not exist in the portal.")),
        ):
            if key in row:
                value = row[key]
                if value and value.casefold() not in table:
                    error(row, message % {"row": number, "value": value[:120]})
                wanted[f"{key}_id"] = table.get(value.casefold()) if value else None
        if "persona" in row:
            ids = []
            names = [n.strip() for n in row["persona"].replace("|", ",").split(",")]
            for name in filter(None, names):
                if name.casefold() not in personas:
                    error(row, _("Row %(row)s: the persona “%(value)s” does not exist in the "
                                 "portal.") % {"row": number, "value": name[:120]})
                else:
                    ids.append(personas[name.casefold()])
            wanted["persona_ids"] = sorted(set(ids))
        if "manager" in row:
            manager = row["manager"].strip().lower()
            if manager == email:
                error(row, _("Row %(row)s: someone cannot be their own manager.")
                      % {"row": number})
            elif manager and manager not in emails and manager not in known_managers:
                error(row, _("Row %(row)s: the manager “%(value)s” is not in the file and has "
                             "no active account.") % {"row": number, "value": manager[:100]})
            wanted["manager_email"] = manager
        if len(plan.errors) > errors_before:
            continue
        user = existing.get(email)
        entry = {"row": number, "email": email, "wanted": wanted,
                 "name": " ".join(filter(None, [first_name, last_name])) or email}
        if user is None:
            plan.creates.append(entry)
            continue
        changed = _changed_fields(user, wanted, existing)
        if changed:
            entry.update(user_id=user.pk, fields=changed,
                         labels=[str(FIELD_LABELS[name]) for name in changed])
            plan.changes.append(entry)
        else:
            plan.unchanged += 1
    if full_export:
        plan.deactivations = list(
            _import_candidates(actor=actor).exclude(email__in=list(emails))
            .order_by("last_name", "first_name", "email"))
    return plan


def _changed_fields(user: User, wanted: dict, existing: dict[str, User]) -> list[str]:
    changed = []
    for name in ("first_name", "last_name", "department_id", "function_group_id"):
        if name in wanted and getattr(user, name) != wanted[name]:
            changed.append(name.removesuffix("_id"))
    if "persona_ids" in wanted and sorted(p.pk for p in user.personas.all()) != \
            wanted["persona_ids"]:
        changed.append("personas")
    if "manager_email" in wanted:
        manager = wanted["manager_email"]
        current = user.manager_id
        target = (existing[manager].pk if manager in existing else
                  User.objects.filter(email=manager).values_list("pk", flat=True).first()
                  if manager else None)
        if current != target or (manager and target is None):
            changed.append("manager")
    if not user.is_active:
        changed.append("is_active")
    return changed


# --- Upload and apply ----------------------------------------------------------------------

def people_import_create(*, upload, actor: User, full_export: bool) -> PeopleImport:
    """Read a checked upload into a previewable import (nothing else is written)."""
    try:
        rows = read_rows(upload)
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - a file we cannot parse is the user's problem, not a 500
        raise DomainError(_("The file could not be read. Save it from Excel as “CSV UTF-8” "
                            "or as a workbook (.xlsx) and try again.")) from None
    people_import = PeopleImport(uploaded_by=actor, filename=(upload.name or "")[:255],
                                 full_export=full_export, rows=rows, total_rows=len(rows))
    people_import.save()
    audit_log(actor=actor, action="people_import.uploaded", target=people_import,
              data={"rows": len(rows), "full_export": full_export})
    return people_import


def people_import_request_apply(*, people_import: PeopleImport, actor: User,
                                deactivate_missing: bool) -> PeopleImport:
    """Apply a small file now; queue a large one for the worker (progress on its page)."""
    with transaction.atomic():
        locked = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
        if locked.status != PeopleImportStatus.PREVIEW:
            return locked
        locked.deactivate_missing = deactivate_missing and locked.full_export
        if locked.total_rows <= settings.REISBUREAU["PEOPLE_IMPORT_SYNC_ROWS"]:
            locked.save(update_fields=["deactivate_missing"])
            people_import_apply(import_id=locked.pk, actor=actor)
            locked.refresh_from_db()
            return locked
        locked.status = PeopleImportStatus.QUEUED
        locked.save(update_fields=["deactivate_missing", "status"])
        transaction.on_commit(lambda: _enqueue(locked.pk))
        return locked


def _enqueue(import_id: int) -> None:
    from .tasks import apply_people_import

    try:
        apply_people_import.delay(import_id)
    except Exception:  # noqa: BLE001 - broker down: the sweep starts it later
        return
    PeopleImport.objects.filter(pk=import_id, queued_at__isnull=True).update(
        queued_at=timezone.now())


def people_imports_sweep(*, grace_seconds: int = 30, stalled_minutes: int = 15) -> list[int]:
    """Queue again what the broker never took, or a run whose worker died (its transaction
    was rolled back, so running it again is safe)."""
    now = timezone.now()
    ids = list(PeopleImport.objects.filter(
        status=PeopleImportStatus.QUEUED, queued_at__isnull=True,
        created_at__lte=now - timedelta(seconds=grace_seconds),
    ).values_list("pk", flat=True))
    ids += list(PeopleImport.objects.filter(
        status__in=[PeopleImportStatus.QUEUED, PeopleImportStatus.APPLYING],
        queued_at__lte=now - timedelta(minutes=stalled_minutes),
    ).values_list("pk", flat=True))
    for pk in ids:
        PeopleImport.objects.filter(pk=pk).update(status=PeopleImportStatus.QUEUED,
                                                  queued_at=None)
        _enqueue(pk)
    return ids


def people_import_run(*, import_id: int) -> None:
    """The worker's side: apply a queued import; a refusal is recorded on the import."""
    claimed = PeopleImport.objects.filter(
        pk=import_id, status__in=[PeopleImportStatus.QUEUED, PeopleImportStatus.APPLYING],
    ).update(status=PeopleImportStatus.APPLYING, queued_at=timezone.now())
    if not claimed:
        return
    people_import = PeopleImport.objects.get(pk=import_id)
    try:
        people_import_apply(import_id=import_id, actor=people_import.uploaded_by)
    except DomainError as exc:
        PeopleImport.objects.filter(pk=import_id).update(
            status=PeopleImportStatus.FAILED, message=str(exc.message)[:1000], rows=[],
            finished_at=timezone.now())


def people_import_apply(*, import_id: int, actor: User,
                        progress: Callable[[int], None] | None = None) -> PeopleImport:
    """Write the import: every row or none. Safe to call twice (a done import is skipped)."""
    progress = progress or (lambda percent: cache.set(_progress_key(import_id), percent, 3600))
    with transaction.atomic():
        people_import = PeopleImport.objects.select_for_update().get(pk=import_id)
        if people_import.finished:
            return people_import
        plan = plan_import(people_import.rows, full_export=people_import.full_export,
                           actor=people_import.uploaded_by)
        if plan.errors:
            raise DomainError(ngettext(
                "Nothing has been saved: %(count)s row has errors. Fix the file and upload it "
                "again.",
                "Nothing has been saved: %(count)s rows have errors. Fix the file and upload it "
                "again.", len(plan.errors)) % {"count": len(plan.errors)})
        total = max(1, len(plan.creates) + len(plan.changes) + len(plan.deactivations))
        done = 0
        entries = []
        by_email: dict[str, int] = {}

        def step():
            nonlocal done
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress(int(done * 100 / total))

        traveller = Group.objects.get(name=Role.TRAVELLER)
        unusable = make_password(None)
        new_users = []
        for entry in plan.creates:
            wanted = entry["wanted"]
            new_users.append(User(
                email=entry["email"], password=unusable,
                first_name=wanted.get("first_name") or "", last_name=wanted.get("last_name")
                or "", department_id=wanted.get("department_id"),
                function_group_id=wanted.get("function_group_id")))
        created = User.objects.bulk_create(new_users, batch_size=500)
        if created and created[0].pk is None:  # backends without RETURNING
            ids = dict(User.objects.filter(email__in=[u.email for u in created])
                       .values_list("email", "pk"))
            for user in created:
                user.pk = user.id = ids[user.email]
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=traveller.pk) for u in created],
            batch_size=1000)
        access_changed()  # new group links without m2m signals (bulk_create)
        persona_links = []
        for entry, user in zip(plan.creates, created, strict=True):
            by_email[user.email] = user.pk
            persona_links += [User.personas.through(user_id=user.pk, persona_id=pid)
                              for pid in entry["wanted"].get("persona_ids", [])]
            entries.append(audit_entry(actor=actor, action="user.imported", target=user,
                                       data={"import": people_import.pk}))
            step()

        changed_users = []
        for entry in plan.changes:
            wanted = entry["wanted"]
            user = User(pk=entry["user_id"])
            update = {}
            for name in ("first_name", "last_name", "department", "function_group"):
                if name in entry["fields"]:
                    key = name if name.endswith("name") else f"{name}_id"
                    update[key] = wanted[key] if key in wanted else None
            if "is_active" in entry["fields"]:
                update["is_active"] = True
            if update:
                User.objects.filter(pk=user.pk).update(**update)
            if "personas" in entry["fields"]:
                User.personas.through.objects.filter(user_id=user.pk).delete()
                persona_links += [User.personas.through(user_id=user.pk, persona_id=pid)
                                  for pid in wanted["persona_ids"]]
            changed_users.append(user)
            data = {"import": people_import.pk, "fields": entry["fields"]}
            for name in ("department", "function_group"):
                if name in entry["fields"]:
                    data[name] = wanted.get(f"{name}_id")
            entries.append(audit_entry(actor=actor, action="user.import_changed",
                                       target=user, data=data))
            step()
        User.personas.through.objects.bulk_create(persona_links, batch_size=1000)

        # Managers last: they may be people this file creates.
        manager_rows = [e for e in plan.creates + plan.changes
                        if "manager_email" in e["wanted"]
                        and (e in plan.creates or "manager" in e.get("fields", []))]
        if manager_rows:
            wanted_emails = {e["wanted"]["manager_email"] for e in manager_rows} - {""}
            by_email.update(User.objects.filter(email__in=list(wanted_emails))
                            .values_list("email", "pk"))
            for entry in manager_rows:
                manager = entry["wanted"]["manager_email"]
                User.objects.filter(email=entry["email"]).update(
                    manager_id=by_email.get(manager) if manager else None)

        deactivated = []
        if people_import.full_export and people_import.deactivate_missing:
            deactivated = [u.pk for u in plan.deactivations]
            User.objects.filter(pk__in=deactivated).update(is_active=False)
            LicenceWaitlistEntry.objects.filter(user_id__in=deactivated).delete()
            released = list(LicenceAssignment.objects.filter(user_id__in=deactivated)
                            .values_list("user_id", flat=True))
            LicenceAssignment.objects.filter(user_id__in=released).delete()
            for user in plan.deactivations:
                entries.append(audit_entry(actor=actor, action="user.deactivated_by_import",
                                           target=user, data={"import": people_import.pk}))
                if user.pk in released:
                    entries.append(audit_entry(actor=actor, action="licence.released",
                                               target=user, data={"import": people_import.pk}))
                step()
            if released:
                from .services import _locked_pool, _promote_waiting

                _promote_waiting(pool=_locked_pool(), actor=actor)
        audit_log_many(entries)

        people_import.status = PeopleImportStatus.DONE
        people_import.created_count = len(created)
        people_import.changed_count = len(changed_users)
        people_import.deactivated_count = len(deactivated)
        people_import.rows = []  # the names and addresses are in the accounts now
        people_import.finished_at = timezone.now()
        people_import.message = ""
        people_import.save()
        audit_log(actor=actor, action="people_import.applied", target=people_import, data={
            "created": len(created), "changed": len(changed_users),
            "deactivated": len(deactivated)})
        transaction.on_commit(lambda: progress(100))
    return people_import
