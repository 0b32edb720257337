"""Community services: legal and illegal paths, each with a Dutch message and nothing half-saved."""

import json

import pytest
from django.db import connection
from django.utils import translation

from community import selectors, services
from community.constants import TopicKind, Visibility
from community.models import (
    PostReport,
    Prompt,
    PromptFavourite,
    PromptVersion,
    PromptVote,
    Reply,
    Topic,
    TopicFollow,
)
from journeys.constants import TaskStatus
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, Notification
from tests.community.factories import PromptFactory, ReplyFactory, TopicFactory
from tests.factories import PersonaFactory
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


# --- Variables ---------------------------------------------------------------------------

def test_variables_are_found_once_in_order_of_appearance():
    text = "Vat {{onderwerp}} samen voor {{ doelgroep }}; herhaal {{onderwerp}} in de titel."
    assert services.prompt_variables(text) == ["onderwerp", "doelgroep"]


@pytest.mark.parametrize("text", [
    "Geen variabelen hier.", "Lege {{}} en {{ }}", "Niet gesloten {{onderwerp", "{onderwerp}",
    "Spatie {{twee woorden}}", "Begint met cijfer {{1e}}", "Teken {{naam!}}",
])
def test_odd_variables_are_not_variables(text):
    assert services.prompt_variables(text) == []


def test_fill_replaces_repeated_variables_everywhere():
    text = "Vat {{onderwerp}} samen. Titel: {{onderwerp}} voor {{doelgroep}}."
    assert services.prompt_fill(text, {"onderwerp": "de begroting", "doelgroep": "de raad"}) == (
        "Vat de begroting samen. Titel: de begroting voor de raad.")


def test_fill_leaves_odd_braces_alone_and_inserts_values_literally():
    text = "Lege {{}} blijft; {{naam}} wordt ingevuld; {{ander"
    assert services.prompt_fill(text, {"naam": "{{ander}} <b>"}) == (
        "Lege {{}} blijft; {{ander}} <b> wordt ingevuld; {{ander")


def test_fill_with_missing_variables_names_them_in_dutch():
    with pytest.raises(DomainError, match="Vul elke variabele in. Ontbreekt: doelgroep"):
        services.prompt_fill("{{onderwerp}} voor {{doelgroep}}", {"onderwerp": "x",
                                                                 "doelgroep": "  "})


def test_unicode_variable_names_work():
    assert services.prompt_fill("Beste {{naam_inwoner}} en {{categorie-ë}}",
                                {"naam_inwoner": "A", "categorie-ë": "B"}) == "Beste A en B"


# --- Versions and forks ------------------------------------------------------------------

def test_create_makes_version_one_and_an_audit_entry(traveller):
    prompt = services.prompt_create(author=traveller, title="Notulen", text="Maak notulen.")
    assert prompt.version == 1 and prompt.is_published
    assert list(prompt.versions.values_list("number", "text")) == [(1, "Maak notulen.")]
    assert prompt.department == traveller.department
    assert AuditEntry.objects.filter(action="prompt.created", target_id=str(prompt.pk)).exists()


def test_every_edit_is_a_new_version_with_history(traveller):
    prompt = services.prompt_create(author=traveller, title="Notulen", text="Maak notulen.")
    services.prompt_update(prompt=prompt, actor=traveller, text="Maak korte notulen.")
    prompt = services.prompt_update(prompt=prompt, actor=traveller, title="Korte notulen")
    assert prompt.version == 3
    assert list(selectors.prompt_versions(prompt).values_list("number", "title", "text")) == [
        (3, "Korte notulen", "Maak korte notulen."),
        (2, "Notulen", "Maak korte notulen."),
        (1, "Notulen", "Maak notulen."),
    ]


def test_saving_without_changes_makes_no_version(traveller):
    prompt = services.prompt_create(author=traveller, title="Notulen", text="Maak notulen.")
    services.prompt_update(prompt=prompt, actor=traveller, text="Maak notulen.")
    assert PromptVersion.objects.filter(prompt=prompt).count() == 1


def test_editing_someone_elses_prompt_is_refused(traveller, make_user):
    prompt = PromptFactory(author=make_user("traveller"))
    with pytest.raises(DomainError, match="Alleen de auteur wijzigt een prompt"):
        services.prompt_update(prompt=prompt, actor=traveller, text="Overgenomen")
    prompt.refresh_from_db()
    assert prompt.text == "Vat {{onderwerp}} samen in vijf punten." and prompt.version == 1


def test_empty_title_is_refused_and_saves_nothing(traveller):
    with pytest.raises(DomainError, match="titel en een tekst"):
        services.prompt_create(author=traveller, title="  ", text="Iets")
    assert not Prompt.objects.exists()


def test_improve_forks_with_a_link_to_the_original(traveller, make_user):
    original = PromptFactory(author=make_user("traveller"), persona=PersonaFactory())
    fork = services.prompt_fork(prompt=original, actor=traveller, text="Beter: {{onderwerp}}")
    assert fork.forked_from == original and fork.author == traveller
    assert fork.title == original.title and fork.persona == original.persona
    assert fork.version == 1 and original.forks.get() == fork
    original.refresh_from_db()
    assert original.text == "Vat {{onderwerp}} samen in vijf punten."


def test_improving_your_own_prompt_is_refused(traveller):
    prompt = PromptFactory(author=traveller)
    with pytest.raises(DomainError, match="uw eigen prompt"):
        services.prompt_fork(prompt=prompt, actor=traveller)


# --- Votes, favourites, copies -----------------------------------------------------------

def test_useful_once_per_traveller(traveller):
    prompt = PromptFactory()
    services.prompt_mark_useful(prompt=prompt, user=traveller)
    with pytest.raises(DomainError, match="al als nuttig gemarkeerd"):
        services.prompt_mark_useful(prompt=prompt, user=traveller)
    prompt.refresh_from_db()
    assert prompt.useful_count == 1 and PromptVote.objects.count() == 1


def test_own_prompt_cannot_be_marked_useful(traveller):
    prompt = PromptFactory(author=traveller)
    with pytest.raises(DomainError, match="eigen prompt"):
        services.prompt_mark_useful(prompt=prompt, user=traveller)
    assert not PromptVote.objects.exists()


def test_favourite_toggles(traveller):
    prompt = PromptFactory()
    assert services.prompt_toggle_favourite(prompt=prompt, user=traveller) is True
    assert services.prompt_toggle_favourite(prompt=prompt, user=traveller) is False
    assert not PromptFavourite.objects.exists()


def test_copies_are_counted():
    prompt = PromptFactory()
    services.prompt_record_copy(prompt=prompt)
    services.prompt_record_copy(prompt=prompt)
    prompt.refresh_from_db()
    assert prompt.copy_count == 2


# --- Link to a cleared task --------------------------------------------------------------

def test_prompt_links_a_cleared_task_of_my_journey(traveller):
    task = JourneyTaskFactory(cleared=True, journey=JourneyFactory(travellers=[traveller]))
    prompt = services.prompt_create(author=traveller, title="T", text="x", task=task)
    assert prompt.task == task


def test_a_task_not_cleared_cannot_be_linked(traveller):
    task = JourneyTaskFactory(journey=JourneyFactory(travellers=[traveller]))
    with pytest.raises(DomainError, match="douane heeft vrijgegeven"):
        services.prompt_create(author=traveller, title="T", text="x", task=task)
    assert not Prompt.objects.exists()


def test_prompt_of_an_excluded_task_cannot_be_published(traveller):
    task = JourneyTaskFactory(excluded=True, journey=JourneyFactory(travellers=[traveller]))
    with pytest.raises(DomainError, match="uitgesloten"):
        services.prompt_create(author=traveller, title="T", text="x", task=task)
    draft = services.prompt_create(author=traveller, title="T", text="x", task=task,
                                   publish=False)
    with pytest.raises(DomainError, match="uitgesloten"):
        services.prompt_set_published(prompt=draft, actor=traveller, published=True)
    draft.refresh_from_db()
    assert not draft.is_published


def test_prompt_disappears_for_others_when_customs_excludes_its_task(traveller, make_user):
    author = make_user("traveller")
    task = JourneyTaskFactory(cleared=True, journey=JourneyFactory(travellers=[author]))
    prompt = services.prompt_create(author=author, title="T", text="x", task=task)
    assert selectors.prompt_search(traveller).filter(pk=prompt.pk).exists()
    task.status = TaskStatus.EXCLUDED
    task.save()
    assert not selectors.prompt_search(traveller).filter(pk=prompt.pk).exists()
    assert selectors.prompt_search(author).filter(pk=prompt.pk).exists()


# --- Search ------------------------------------------------------------------------------

def _searchable(author, title, text, **kwargs):
    return services.prompt_create(author=author, title=title, text=text, **kwargs)


def test_search_filters_and_sorts(traveller, make_user):
    other = make_user("traveller")
    old = _searchable(other, "Notulen maken", "Maak notulen van de vergadering.")
    new = _searchable(other, "Vergadering voorbereiden", "Maak een agenda voor de vergadering.",
                      tool="copilot_teams")
    _searchable(other, "Brief schrijven", "Schrijf een brief.")
    services.prompt_mark_useful(prompt=old, user=traveller)
    for _i in range(3):
        services.prompt_record_copy(prompt=new)
    found = selectors.prompt_search(traveller, query="vergadering", sort="useful")
    assert list(found) == [old, new]
    assert list(selectors.prompt_search(traveller, query="vergadering", sort="copied")) == [
        new, old]
    assert list(selectors.prompt_search(traveller, query="vergadering", sort="new")) == [new, old]
    assert list(selectors.prompt_search(traveller, tool="copilot_teams")) == [new]


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="Dutch stemming needs PostgreSQL full-text search; SQLite searches "
                           "with a plain icontains fallback")
def test_postgres_search_stems_dutch_and_ranks_title_first(traveller, make_user):
    other = make_user("traveller")
    in_text = _searchable(other, "Vergaderstukken", "Maak een samenvatting van de stukken.")
    in_title = _searchable(other, "Samenvatting van een nota", "Lees de nota.")
    _searchable(other, "Brief schrijven", "Schrijf een brief aan een inwoner.")
    found = list(selectors.prompt_search(traveller, query="samenvatten"))
    assert found == [in_title, in_text]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: GIN index")
def test_postgres_has_the_gin_index_on_the_search_vector():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'community_prompt' "
                       "AND indexname = 'community_prompt_search_gin'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition.lower() and "search_vector" in definition


def test_search_vector_follows_edits(traveller):
    prompt = _searchable(traveller, "Brief", "Schrijf een brief.")
    services.prompt_update(prompt=prompt, actor=traveller, text="Maak een samenvatting.")
    assert list(selectors.prompt_search(traveller, query="samenvatting")) == [prompt]
    assert not selectors.prompt_search(traveller, query="schrijf").exists()


# --- Import and export -------------------------------------------------------------------

def test_export_and_import_round_trip(traveller, make_user):
    persona = PersonaFactory(name="De notulist")
    _searchable(traveller, "Notulen", "Notulen van {{vergadering}}.", persona=persona,
                task_kind="routine", tool="copilot_teams", visibility=Visibility.DEPARTMENT)
    _searchable(traveller, "Brief", "Schrijf een brief.", visibility=Visibility.PRIVATE)
    exported = services.prompts_export(selectors.prompts_for_export(traveller))
    other = make_user("traveller")
    imported = services.prompts_import(author=other, data=exported.encode())
    assert len(imported) == 2
    assert json.loads(services.prompts_export(selectors.prompts_for_export(other))) == json.loads(
        exported)
    notulen = Prompt.objects.get(author=other, title="Notulen")
    assert notulen.persona == persona and notulen.visibility == Visibility.DEPARTMENT
    assert notulen.versions.count() == 1


BAD_FILES = [
    (b"{niet: json", "geen geldige JSON"),
    (b"\xff\xfe", "geen geldige JSON"),
    (b"[]", "geen promptexport"),
    (json.dumps({"format": "iets anders", "prompts": []}).encode(), "geen promptexport"),
    (json.dumps({"format": "reisbureau-prompts", "prompts": []}).encode(), "geen prompts"),
    (json.dumps({"format": "reisbureau-prompts", "prompts": "x"}).encode(), "geen prompts"),
    (json.dumps({"format": "reisbureau-prompts", "prompts": [
        {"title": "Goed", "text": "Goed"}, {"title": "", "text": "x"}]}).encode(),
     "Prompt 2 in het bestand"),
    (json.dumps({"format": "reisbureau-prompts", "prompts": [
        {"title": "Goed", "text": "Goed"}, "tekst"]}).encode(), "Prompt 2 in het bestand"),
    (json.dumps({"format": "reisbureau-prompts", "prompts": [
        {"title": "A", "text": "B", "visibility": "iedereen-ter-wereld"}]}).encode(),
     "onbekende zichtbaarheid"),
    (json.dumps({"format": "reisbureau-prompts", "prompts": [
        {"title": "A", "text": "B", "persona": "Bestaat niet"}]}).encode(), "niet bekend"),
    (json.dumps({"format": "reisbureau-prompts", "prompts": [
        {"title": 5, "text": "B"}]}).encode(), "moet tekst zijn"),
    (json.dumps({"format": "reisbureau-prompts", "prompts": [
        {"title": "A", "text": "B", "tool": "chatgpt-prive"}]}).encode(), "onbekend hulpmiddel"),
    (b" " * (5 * 1024 * 1024 + 1), "te groot"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_malformed_import_files_get_a_dutch_message_and_save_nothing(traveller, data, message):
    with pytest.raises(DomainError, match=message):
        services.prompts_import(author=traveller, data=data)
    assert not Prompt.objects.exists()


def test_too_many_prompts_in_one_file(traveller):
    rows = [{"title": f"P{i}", "text": "x"} for i in range(201)]
    with pytest.raises(DomainError, match="hoogstens 200"):
        services.prompts_import(author=traveller, data=json.dumps(
            {"format": "reisbureau-prompts", "prompts": rows}).encode())
    assert not Prompt.objects.exists()


# --- Board -------------------------------------------------------------------------------

def test_asker_follows_and_is_notified_of_replies(traveller, make_user):
    topic = services.topic_create(author=traveller, kind=TopicKind.QUESTION, title="Vraag",
                                  body="Hoe?")
    helper = make_user("traveller")
    reply = services.reply_create(topic=topic, author=helper, body="Zo.")
    assert TopicFollow.objects.filter(topic=topic, user=traveller).exists()
    note = Notification.objects.get(recipient=traveller)
    assert note.subject == "Nieuwe reactie op “Vraag”" and note.url.endswith(f"#reactie-{reply.pk}")
    assert not Notification.objects.filter(recipient=helper).exists()


def test_followers_are_notified_and_unfollowers_not(traveller, make_user):
    topic = TopicFactory()
    follower, quitter = make_user("traveller"), make_user("traveller")
    services.topic_follow(topic=topic, user=follower, follow=True)
    services.topic_follow(topic=topic, user=quitter, follow=True)
    services.topic_follow(topic=topic, user=quitter, follow=False)
    services.reply_create(topic=topic, author=traveller, body="Antwoord")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [follower.pk]


def test_empty_reply_is_refused(traveller):
    topic = TopicFactory()
    with pytest.raises(DomainError, match="Schrijf een tekst"):
        services.reply_create(topic=topic, author=traveller, body="   ")
    assert not Reply.objects.exists()


def test_unknown_topic_kind_is_refused(traveller):
    with pytest.raises(DomainError, match="Kies een soort"):
        services.topic_create(author=traveller, kind="klacht", title="x", body="y")
    assert not Topic.objects.exists()


def test_asker_accepts_another_travellers_answer(traveller, make_user):
    topic = TopicFactory(author=traveller)
    reply = ReplyFactory(topic=topic)
    services.reply_accept(topic=topic, reply=reply, actor=traveller)
    topic.refresh_from_db()
    assert topic.accepted_reply == reply
    assert Notification.objects.filter(recipient=reply.author,
                                       subject__contains="geaccepteerd").exists()
    assert AuditEntry.objects.filter(action="topic.answer_accepted").count() == 1


@pytest.mark.parametrize("case", ["not_asker", "own_answer", "not_question", "other_topic"])
def test_illegal_accepts_are_refused(case, traveller, make_user):
    topic = TopicFactory(author=traveller)
    reply = ReplyFactory(topic=topic)
    actor = traveller
    if case == "not_asker":
        actor = make_user("traveller")
    elif case == "own_answer":
        reply = ReplyFactory(topic=topic, author=traveller)
    elif case == "not_question":
        topic.kind = TopicKind.SUCCESS
        topic.save()
    else:
        reply = ReplyFactory()
    with pytest.raises(DomainError):
        services.reply_accept(topic=topic, reply=reply, actor=actor)
    topic.refresh_from_db()
    assert topic.accepted_reply is None


def test_double_report_is_refused(traveller):
    reply = ReplyFactory()
    services.post_report(reporter=traveller, reply=reply, reason="Persoonsgegevens")
    with pytest.raises(DomainError, match="al gemeld"):
        services.post_report(reporter=traveller, reply=reply, reason="Nogmaals")
    assert PostReport.objects.count() == 1


def test_key_user_hides_a_reported_post_and_the_reason_is_kept(traveller, make_user):
    key_user = make_user("traveller", is_key_user=True)
    topic = TopicFactory(author=traveller)
    reply = ReplyFactory(topic=topic)
    topic.accepted_reply = reply
    topic.save()
    services.post_report(reporter=traveller, reply=reply, reason="Noemt een inwoner")
    services.post_hide(actor=key_user, reply=reply, reason="Bevat persoonsgegevens")
    reply.refresh_from_db()
    topic.refresh_from_db()
    assert reply.is_hidden and reply.hidden_reason == "Bevat persoonsgegevens"
    assert reply.hidden_by == key_user and topic.accepted_reply is None
    assert not selectors.open_reports().exists()
    assert AuditEntry.objects.get(action="post.hidden").data == {
        "reason": "Bevat persoonsgegevens"}


def test_agency_staff_hide_a_topic(agency_staff):
    topic = TopicFactory()
    services.post_hide(actor=agency_staff, topic=topic, reason="Reclame")
    topic.refresh_from_db()
    assert topic.is_hidden


def test_a_traveller_cannot_hide_posts(traveller):
    reply = ReplyFactory()
    with pytest.raises(DomainError, match="key-users en medewerkers van het reisbureau"):
        services.post_hide(actor=traveller, reply=reply, reason="Weg ermee")
    reply.refresh_from_db()
    assert not reply.is_hidden


def test_hiding_needs_a_reason(agency_staff):
    reply = ReplyFactory()
    with pytest.raises(DomainError, match="reden"):
        services.post_hide(actor=agency_staff, reply=reply, reason=" ")
    reply.refresh_from_db()
    assert not reply.is_hidden
