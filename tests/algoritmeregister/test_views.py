"""The register pages: who reads what (anonymous with and without REGISTER_PUBLIC, the council,
drafts a 404 to everyone but officers), the officers' management, and pinned query counts."""

import pytest
from django.urls import reverse

from algoritmeregister.constants import EntryState
from algoritmeregister.models import RegisterEntry
from tests.algoritmeregister.factories import draft_entry, published_entry

pytestmark = pytest.mark.django_db

INDEX = reverse("algoritmeregister:index")


def _detail(entry):
    return reverse("algoritmeregister:detail", args=[entry.pk])


def test_every_employee_reads_published_entries_never_a_draft(client, officer, traveller):
    published = published_entry(officer, submission__task__work_task="Notulen samenvatten")
    draft = draft_entry(officer, submission__task__work_task="Geheime proef")
    client.force_login(traveller)
    page = client.get(INDEX).content.decode()
    assert "Algoritmeregister" in page and "Notulen samenvatten" in page
    assert "Geheime proef" not in page
    detail = client.get(_detail(published)).content.decode()
    assert "Afwegingen" in detail and "Microsoft" in detail
    assert client.get(_detail(draft)).status_code == 404


@pytest.mark.parametrize("role", ["adviser", "manager", "agency_staff", "council"])
def test_a_draft_is_a_404_to_everyone_but_officers(client, officer, role, request):
    draft = draft_entry(officer)
    published = published_entry(officer)
    client.force_login(request.getfixturevalue(role))
    assert client.get(_detail(draft)).status_code == 404
    assert client.get(_detail(published)).status_code == 200
    assert client.get(INDEX).status_code == 200


def test_an_officer_previews_a_draft(client, officer):
    draft = draft_entry(officer)
    client.force_login(officer)
    page = client.get(_detail(draft)).content.decode()
    assert "Niet gepubliceerd (Concept)" in page


def test_anonymous_visitors_go_to_the_login_unless_the_register_is_public(client, officer,
                                                                          settings):
    published = published_entry(officer, submission__task__work_task="Notulen samenvatten")
    draft = draft_entry(officer)
    settings.REGISTER_PUBLIC = False
    for url in (INDEX, _detail(published), f"{INDEX}?formaat=json", f"{INDEX}?formaat=csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"), url
    settings.REGISTER_PUBLIC = True
    assert "Notulen samenvatten" in client.get(INDEX).content.decode()
    assert client.get(_detail(published)).status_code == 200
    assert client.get(_detail(draft)).status_code == 404
    assert client.get(f"{INDEX}?formaat=json").json()[0]["name"] == "Notulen samenvatten"


@pytest.mark.parametrize("role", ["traveller", "adviser", "manager", "agency_staff", "council"])
def test_only_officers_manage_entries(client, officer, role, request):
    entry = draft_entry(officer)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("algoritmeregister:manage")).status_code == 403
    assert client.get(reverse("algoritmeregister:edit", args=[entry.pk])).status_code == 403
    response = client.post(reverse("algoritmeregister:edit", args=[entry.pk]),
                           {"name": "Gekaapt"})
    assert response.status_code == 403
    for action in ("gereed", "publiceren", "concept", "intrekken"):
        assert client.post(reverse("algoritmeregister:transition",
                                   args=[entry.pk, action])).status_code == 403
    assert client.post(reverse("algoritmeregister:create_missing")).status_code == 403
    assert RegisterEntry.objects.get().name != "Gekaapt"


def _form_data(entry, **changes):
    from algoritmeregister.services import EDITABLE_FIELDS

    data = {name: getattr(entry, name) for name in EDITABLE_FIELDS}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_officer_completes_marks_ready_and_publishes(client, officer):
    entry = draft_entry(officer)
    client.force_login(officer)
    edit = reverse("algoritmeregister:edit", args=[entry.pk])
    page = client.get(edit).content.decode()
    assert "Nog in te vullen" in page and "afwegingen" in page
    assert "Organisatie en bedrijfsvoering" in page  # the standard's themes as choices
    refused = client.post(reverse("algoritmeregister:transition", args=[entry.pk, "gereed"]),
                          follow=True).content.decode()
    assert "Vul eerst in: afwegingen" in refused
    response = client.post(edit, _form_data(entry, considerations="Sneller en even goed.",
                                            theme=["Werk", "Organisatie en bedrijfsvoering"]),
                           follow=True)
    assert "De registratie is opgeslagen" in response.content.decode()
    entry.refresh_from_db()
    assert entry.theme == ["Werk", "Organisatie en bedrijfsvoering"]
    client.post(reverse("algoritmeregister:transition", args=[entry.pk, "gereed"]))
    client.post(reverse("algoritmeregister:transition", args=[entry.pk, "publiceren"]))
    entry.refresh_from_db()
    assert entry.state == EntryState.PUBLISHED and entry.published_by == officer
    response = client.post(reverse("algoritmeregister:transition", args=[entry.pk, "intrekken"]),
                           {"reason": ""}, follow=True)
    assert "Dit veld is verplicht" in response.content.decode()
    client.post(reverse("algoritmeregister:transition", args=[entry.pk, "intrekken"]),
                {"reason": "Taak gestopt"})
    entry.refresh_from_db()
    assert entry.state == EntryState.WITHDRAWN
    assert client.post(reverse("algoritmeregister:transition",
                               args=[entry.pk, "onbekend"])).status_code == 404


def test_an_invalid_form_saves_nothing_and_says_why_in_dutch(client, officer):
    entry = draft_entry(officer)
    client.force_login(officer)
    response = client.post(reverse("algoritmeregister:edit", args=[entry.pk]),
                           _form_data(entry, start_date="maart", contact=officer.email,
                                      considerations="x"))
    body = response.content.decode()
    assert response.status_code == 200 and "jaar-maand" in body
    assert RegisterEntry.objects.get().considerations == ""


def test_create_missing_is_a_post_that_drafts_every_cleared_task(client, officer):
    from tests.customs.factories import CustomsDecisionFactory

    CustomsDecisionFactory.create_batch(3)
    client.force_login(officer)
    page = client.get(reverse("algoritmeregister:manage")).content.decode()
    assert "3 vrijgegeven taken hebben nog geen registratie" in page
    assert RegisterEntry.objects.count() == 0  # GET writes nothing
    response = client.post(reverse("algoritmeregister:create_missing"), follow=True)
    assert "3 conceptregistraties gemaakt" in response.content.decode()
    assert RegisterEntry.objects.count() == 3


def test_query_counts_do_not_grow_with_the_register(client, officer, traveller,
                                                    django_assert_max_num_queries):
    def pages():
        entry = RegisterEntry.objects.filter(state=EntryState.PUBLISHED).last()
        client.force_login(traveller)
        for url, most in ((INDEX, 8), (f"{INDEX}?formaat=json", 4), (f"{INDEX}?formaat=csv", 4),
                          (_detail(entry), 5)):
            with django_assert_max_num_queries(most):
                assert client.get(url).status_code == 200
        client.force_login(officer)
        for url, most in ((reverse("algoritmeregister:manage"), 11),
                          (reverse("algoritmeregister:edit", args=[entry.pk]), 5)):
            with django_assert_max_num_queries(most):
                assert client.get(url).status_code == 200

    for _ in range(2):
        published_entry(officer)
    pages()
    for _ in range(6):
        published_entry(officer)
    draft_entry(officer)
    pages()
