"""Demo impact data for "Gemeente Voorbeeldstad": up to a year of time saved on the demo
journeys' tasks, survey responses, interviews, objections and one usage import. Idempotent.

Generated, but written through the services as travellers, advisers and agency staff would:
time logged by each traveller, surveys answered, objections raised and handled, interviews
recorded and the usage export run through the importer. Where a service only knows "now",
the timestamps are moved back afterwards, and only they."""

import random
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from journeys import selectors as journey_selectors
from reisbureau.demo import demo_email
from reisbureau.models import Department, FunctionGroup, User

from . import activity, importer, services
from .constants import (
    SURVEY_WAVES,
    ImportFormat,
    ImportMode,
    InterviewTheme,
    ObjectionKind,
    ObjectionStatus,
    QuestionKind,
    SurveyWave,
)
from .models import (
    Interview,
    Objection,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    TimeSaving,
    UsageImport,
)

APPS = ["Microsoft Teams", "Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Loop",
        "Copilot Chat"]

INTERVIEWS = [
    ("Team Publiekszaken, balie", "Publiekszaken", "Klantcontactmedewerker",
     [InterviewTheme.WORKS_WELL, InterviewTheme.IDEA],
     "Antwoorden op veelgestelde vragen gaan sneller. Idee: een gedeelde promptset voor de "
     "balie."),
    ("Juridische zaken", "Bedrijfsvoering", "Juridisch medewerker",
     [InterviewTheme.CONCERN, InterviewTheme.RESISTANCE],
     "Zorg over bezwaarschriften met persoonsgegevens. Men wil duidelijkheid van de douane "
     "voordat men begint."),
    ("Bestuurssecretariaat", "Bestuur en Communicatie", "Managementondersteuner",
     [InterviewTheme.WORKS_WELL],
     "Notulen met Copilot in Teams besparen ongeveer een uur per overleg."),
    ("Team Ruimte, vergunningen", "Ruimte", "Vergunningverlener",
     [InterviewTheme.RESISTANCE, InterviewTheme.IDEA],
     "Twijfel over de juistheid van samenvattingen van regels. Idee: eerst een excursie."),
    ("Communicatie", "Bestuur en Communicatie", "Communicatieadviseur",
     [InterviewTheme.WORKS_WELL, InterviewTheme.CONCERN],
     "Webteksten op B1 gaan goed; vraag over auteursrecht op gegenereerde beelden."),
]


def _date_offsets(days_back: int):
    today = timezone.localdate()
    for offset in range(days_back, -1, -1):
        day = today - timedelta(days=offset)
        if day.weekday() < 5:
            yield day


def _time_saved(travellers, rng) -> None:
    """Savings grow as travellers get skilled: the trend the dashboard shows.

    Logged by each traveller through `services.time_savings_log_many`, which checks every
    entry as the single `time_saving_log` does (a usable task of their own, measures read, the
    past year, the week's limit) but writes a traveller's year at once and refreshes the
    roll-ups once: one by one, the 3,800 entries took seed_demo from 12 s to over 2 minutes.
    A traveller who has not yet confirmed a task's measures logs nothing on it (the demo shows
    that state too)."""
    today = timezone.localdate()
    for person in travellers:
        entries = []
        for task in journey_selectors.usable_tasks_of_traveller(person):
            if journey_selectors.traveller_must_acknowledge(task, person):
                continue
            start = max(task.journey.started_at or today, today - timedelta(days=365))
            days_back = (today - start).days
            for day in _date_offsets(days_back):
                if rng.random() < 0.45:
                    growth = 1 + (days_back - (today - day).days) / max(days_back, 1)
                    entries.append({"task_id": task.pk, "day": day,
                                    "minutes": int(rng.randint(8, 20) * growth)})
        services.time_savings_log_many(actor=person, entries=entries)


def _sentiment(survey, rng) -> None:
    """The one-month wave of the sentiment survey; four in five answer."""
    questions = list(survey.questions.all())
    now = timezone.now()
    # The daily job invites the travellers of journeys that started a month ago; the demo
    # journeys started earlier, so the demo invites as that job did then (only the clock
    # moves back).
    today = timezone.localdate()
    memberships = list(journey_selectors.memberships_of_journeys_started_between(
        today - timedelta(days=400), today - timedelta(days=SURVEY_WAVES[SurveyWave.ONE_MONTH]))
        .order_by("traveller_id", "journey_id"))
    services.surveys_invite(survey=survey, wave=SurveyWave.ONE_MONTH, memberships=memberships)
    SurveyInvitation.objects.filter(survey=survey).update(sent_at=now - timedelta(days=40))
    invited = list(dict.fromkeys(m.traveller for m in memberships))
    for i, person in enumerate(invited):
        if i % 5 == 4:
            continue  # not everyone answers: a real response rate
        response = services.survey_respond(
            survey=survey, respondent=person,
            answers={q.pk: rng.choice([3, 4, 4, 5, 5, 2, 4]) for q in questions})
        # Answered in the weeks after the invitation: only the clock moves back.
        when = now - timedelta(days=rng.randint(10, 38))
        SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=when)
        SurveyInvitation.objects.filter(pk=response.invitation_id).update(responded_at=when)


def _open_survey(agency, rng) -> None:
    survey = services.survey_create(
        actor=agency, title="Tevredenheid over het reisbureau", is_open=True,
        intro="Hoe helpt het reisbureau u? Drie vragen.")
    q1 = services.survey_add_question(survey=survey, actor=agency, kind=QuestionKind.SCALE,
                                      text="Ik weet waar ik met vragen over AI terecht kan.")
    q2 = services.survey_add_question(survey=survey, actor=agency, kind=QuestionKind.CHOICE,
                                      text="Hoe wilt u het liefst leren?",
                                      choices=["Training", "Excursie", "Tips van collega's"])
    q3 = services.survey_add_question(survey=survey, actor=agency, kind=QuestionKind.OPEN,
                                      text="Wat kan het reisbureau beter doen?")
    ideas = ["Meer voorbeelden uit ons eigen werk.", "Vaker een spreekuur.",
             "Duidelijkere regels over persoonsgegevens.", ""]
    people = list(User.objects.filter(email__startswith="medewerker").order_by("pk")[:20])
    for person in people:
        answers = {q1.pk: rng.choice([2, 3, 4, 4, 5]), q2.pk: rng.choice(q2.choices),
                   q3.pk: rng.choice(ideas)}
        response = services.survey_respond(survey=survey, respondent=person, answers=answers)
        SurveyResponse.objects.filter(pk=response.pk).update(  # only the clock moves back
            submitted_at=timezone.now() - timedelta(days=rng.randint(1, 60)))


def _objections(adviser, agency, traveller) -> None:
    tasks = list(journey_selectors.tasks_visible_to(adviser)[:6])
    specs = [
        (ObjectionKind.ETHICAL, ObjectionStatus.OPEN, traveller,
         "Worden inwoners geïnformeerd als hun vraag met AI wordt beantwoord?", ""),
        (ObjectionKind.LEGAL, ObjectionStatus.CONSIDERING, traveller,
         "Mag een conceptbesluit door AI worden opgesteld onder de Awb?", ""),
        (ObjectionKind.LEGAL, ObjectionStatus.RESOLVED, adviser,
         "Worden de opnames van Teams bewaard volgens de Archiefwet?",
         "Opnames worden na het maken van de notulen verwijderd; de notulen worden "
         "gearchiveerd."),
    ]
    for i, (kind, status, person, text, answer) in enumerate(specs):
        if not tasks:
            break
        objection = services.objection_raise(
            actor=person, target_kind="task", target_id=tasks[i % len(tasks)].pk, kind=kind,
            description=text)
        if status == ObjectionStatus.CONSIDERING:
            services.objection_consider(objection=objection, actor=agency)
        elif status == ObjectionStatus.RESOLVED:
            services.objection_resolve(objection=objection, actor=agency, answer=answer)


@transaction.atomic
def seed_demo() -> None:
    if not getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
        raise RuntimeError("Demo data is only for the local and test settings.")
    rng = random.Random(2026)
    adviser = User.objects.get(email=demo_email("adviseur"))
    agency = User.objects.get(email=demo_email("beheer"))
    traveller = User.objects.get(email=demo_email("reiziger"))
    survey = services.survey_default()
    travellers = list(journey_selectors.travellers_on_journeys().order_by("pk"))

    if not TimeSaving.objects.exists():
        _time_saved(travellers, rng)
    if not SurveyResponse.objects.filter(survey=survey).exists():
        _sentiment(survey, rng)
    if not Survey.objects.filter(title="Tevredenheid over het reisbureau").exists():
        _open_survey(agency, rng)

    if not Interview.objects.exists():
        departments = {d.name: d for d in Department.objects.all()}
        groups = {g.name: g for g in FunctionGroup.objects.all()}
        for n, (subject, dept, group, themes, notes) in enumerate(INTERVIEWS):
            services.interview_record(
                actor=adviser, held_on=timezone.localdate() - timedelta(days=10 + 12 * n),
                subject=subject, department=departments.get(dept),
                function_group=groups.get(group), themes=themes, notes=notes)

    if not Objection.objects.exists():
        _objections(adviser, agency, traveller)

    if not UsageImport.objects.exists():
        _usage_import(agency, rng)
    services.rollup_rebuild(full=True)
    activity.rebuild(full=True)
    _progress_reports(agency)


def _progress_reports(agency) -> None:
    """Two published progress reports (last quarter and this one so far), so the College and
    the Raad see a list and a comparison."""
    from .models import ProgressReport

    if ProgressReport.objects.exists():
        return
    today = timezone.localdate()
    quarter_start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    previous_end = quarter_start - timedelta(days=1)
    previous_start = previous_end.replace(month=3 * ((previous_end.month - 1) // 3) + 1, day=1)
    services.progress_report_publish(
        actor=agency, period_start=previous_start, period_end=previous_end,
        title=f"Voortgangsrapportage Q{(previous_start.month - 1) // 3 + 1} "
              f"{previous_start.year}")
    services.progress_report_publish(
        actor=agency, period_start=quarter_start, period_end=today,
        title=f"Voortgangsrapportage Q{(quarter_start.month - 1) // 3 + 1} "
              f"{quarter_start.year} (tot nu toe)")


def _usage_import(agency, rng) -> None:
    """One Microsoft 365 Copilot usage export, as the admin center makes it, uploaded by the
    agency and imported at once (the job would run it after the upload commits; it then
    finds the import done)."""
    today = timezone.localdate()
    header = (["Report Refresh Date", "User Principal Name", "Display Name",
               "Last Activity Date"] + [f"{app} Copilot Last Activity Date" for app in APPS]
              + ["Report Period"])
    lines = [",".join(header)]
    people = User.objects.filter(licence__isnull=False).order_by("pk")
    for person in people:
        used = [app for app in APPS if rng.random() < 0.5]
        dates = {app: today - timedelta(days=rng.randint(0, 60)) for app in used}
        last = max(dates.values()) if dates else ""
        lines.append(",".join(
            [today.isoformat(), person.email, person.display_name.replace(",", " "),
             str(last)] + [str(dates.get(app, "")) for app in APPS] + ["90"]))
    upload = SimpleUploadedFile("copilot-gebruik.csv",
                                ("\n".join(lines) + "\n").encode("utf-8-sig"),
                                content_type="text/plain")  # an upload, not an export
    usage_import = services.usage_import_start(actor=agency, uploaded_file=upload,
                                               format=ImportFormat.M365,
                                               mode=ImportMode.SKIP_BAD_ROWS)
    importer.run(usage_import.pk)
