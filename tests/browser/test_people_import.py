"""Agency staff import people from an HR export (issue #16, section 2): a file with one bad
row shows a Dutch error for that row and saves nothing; the corrected file previews who is
created, changed and not in the file; applying it creates, changes and deactivates them.

The file is what Dutch Excel saves as "CSV UTF-8": semicolons, a byte-order mark, CRLF."""

import pytest

from reisbureau.models import Department, PeopleImport, User
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN = "beheer@voorbeeldstad.example"
LEAVER = "medewerker60@voorbeeldstad.example"
CHANGED = "medewerker01@voorbeeldstad.example"
NEW = [("nieuw.collega@voorbeeldstad.example", "Noor", "de Wit"),
       ("tweede.collega@voorbeeldstad.example", "Sem", "Çelik")]


def _moved_to() -> str:
    return Department.objects.exclude(
        pk=User.objects.get(email=CHANGED).department_id).order_by("name").first().name


def _excel_csv(bad_department: str | None, moved_to: str) -> bytes:
    """A full export: every active employee but the leaver, two new people, one moved to
    another department; with `bad_department`, the first new person's department is a typo."""
    lines = ["E-mailadres;Voornaam;Achternaam;Afdeling;Functiegroep"]
    people = (User.objects.filter(is_active=True, is_superuser=False)
              .exclude(email__in=[ADMIN, LEAVER]).select_related("department", "function_group")
              .order_by("email"))
    for person in people:
        department = moved_to if person.email == CHANGED else (
            person.department.name if person.department else "")
        group = person.function_group.name if person.function_group else ""
        lines.append(";".join([person.email.upper() if person.email == CHANGED else person.email,
                               person.first_name, person.last_name, department, group]))
    for n, (email, first, last) in enumerate(NEW):
        department = bad_department if (bad_department and n == 0) else "Ruimte"
        lines.append(f"{email};{first};{last};{department};Vergunningverlener")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _upload(page, data: bytes) -> None:
    page.goto("/reisbureau/mensen/importeren/")
    page.get_by_label("HR-export (CSV of Excel-werkmap)").set_input_files(
        {"name": "hr-export.csv", "mimeType": "text/csv", "buffer": data})
    page.get_by_label("Dit is een volledige export van alle medewerkers").check()
    page.get_by_role("button", name="Toon het voorbeeld").click()
    page.wait_for_load_state()


def test_agency_staff_import_people_from_an_excel_csv(page, demo):
    login(page, ADMIN)
    page.goto("/reisbureau/mensen/importeren/")
    assert page.get_by_role("heading", level=1, name="Medewerkers importeren uit HR").is_visible()
    assert_accessible(page)
    users_before = User.objects.count()
    moved_to = _moved_to()

    # One bad row: its own Dutch message, no apply button, nothing saved.
    _upload(page, _excel_csv("Burgerzaken", moved_to))
    errors = page.get_by_role("table", name="Rijen met fouten")
    assert errors.is_visible()
    message = errors.get_by_role("row").nth(1).inner_text()
    assert "de afdeling “Burgerzaken” bestaat niet in het portaal" in message
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_role("button", name="Verwerk de import").count() == 0
    assert_accessible(page)
    assert User.objects.count() == users_before
    assert not User.objects.filter(email__in=[e for e, *_ in NEW]).exists()

    # The corrected file: a preview of who is created, changed and not in the file.
    page.get_by_role("link", name="Upload een verbeterd bestand").click()
    _upload(page, _excel_csv(None, moved_to))
    summary = page.get_by_role("list", name="Samenvatting van het voorbeeld")
    assert "2 personen worden aangemaakt" in summary.inner_text()
    assert "1 persoon wordt gewijzigd" in summary.inner_text()
    assert "1 persoon staat niet in het bestand" in summary.inner_text()
    assert "0 fouten" in summary.inner_text()
    created = page.get_by_role("table", name="Wordt aangemaakt")
    for email, first, last in NEW:
        assert created.get_by_role("cell", name=email).is_visible()
    assert created.get_by_role("cell", name="Sem Çelik").is_visible()  # UTF-8 kept
    changed = page.get_by_role("table", name="Wordt gewijzigd")
    assert changed.get_by_role("cell", name=CHANGED).is_visible()
    assert changed.get_by_role("cell", name="afdeling").is_visible()
    leaving = page.get_by_role("table", name="Niet in het bestand")
    assert leaving.get_by_role("cell", name=LEAVER).is_visible()
    assert_accessible(page)
    assert User.objects.count() == users_before  # a preview writes nothing

    page.get_by_label("Deactiveer de mensen die niet in het bestand staan").check()
    page.get_by_role("button", name="Verwerk de import").click()
    page.get_by_text("De import is verwerkt.").wait_for()
    result = page.get_by_role("list", name="Resultaat van de import").inner_text()
    assert "2 personen aangemaakt" in result and "1 persoon gewijzigd" in result
    assert "1 persoon gedeactiveerd" in result
    assert_accessible(page)

    ruimte = Department.objects.get(name="Ruimte")
    for email, first, last in NEW:
        person = User.objects.get(email=email)
        assert (person.first_name, person.last_name, person.department) == (first, last, ruimte)
        assert person.is_active and not person.has_usable_password()
    assert User.objects.get(email=CHANGED).department.name == moved_to
    assert User.objects.get(email=LEAVER).is_active is False  # deactivated, not deleted
    assert PeopleImport.objects.filter(status="done").count() == 1
