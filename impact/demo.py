"""Demo impact data for "Gemeente Voorbeeldstad": up to a year of time saved on the demo
journeys' tasks, survey responses, interviews, objections and one usage import. Idempotent.
Rows are bulk-inserted: the data is generated, not typed in through forms."""

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from journeys import selectors as journey_selectors
from reisbureau.demo import demo_email
from reisbureau.models import Department, FunctionGroup, User

from . import activity, importer, services
from .constants import (
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
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
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
        rows = []
        for person in travellers:
            for task in journey_selectors.usable_tasks_of_traveller(person):
                start = max(task.journey.started_at or timezone.localdate(),
                            timezone.localdate() - timedelta(days=365))
                days_back = (timezone.localdate() - start).days
                # Savings grow as travellers get skilled: the trend the dashboard shows.
                for day in _date_offsets(days_back):
                    if rng.random() < 0.45:
                        growth = 1 + (days_back - (timezone.localdate() - day).days) / max(
                            days_back, 1)
                        rows.append(TimeSaving(
                            traveller=person, task=task, date=day,
                            week_start=services.week_start(day),
                            minutes=int(rng.randint(8, 20) * growth)))
        TimeSaving.objects.bulk_create(rows, batch_size=2000)

    if not SurveyResponse.objects.filter(survey=survey).exists():
        questions = list(survey.questions.all())
        now = timezone.now()
        for i, person in enumerate(travellers):
            invitation = SurveyInvitation.objects.create(
                survey=survey, traveller=person, wave=SurveyWave.ONE_MONTH,
                sent_at=now - timedelta(days=40))
            if i % 5 == 4:
                continue  # not everyone answers: a real response rate
            response = SurveyResponse.objects.create(
                survey=survey, respondent=person, invitation=invitation,
                submitted_at=now - timedelta(days=rng.randint(10, 38)))
            invitation.responded_at = response.submitted_at
            invitation.save(update_fields=["responded_at"])
            SurveyAnswer.objects.bulk_create([
                SurveyAnswer(response=response, question=q,
                             scale_value=rng.choice([3, 4, 4, 5, 5, 2, 4]))
                for q in questions])
        # Travellers on the demo journeys that have not been asked yet count too.
    if not Survey.objects.filter(title="Tevredenheid over het reisbureau").exists():
        open_survey = Survey.objects.create(
            title="Tevredenheid over het reisbureau", is_open=True, created_by=agency,
            intro="Hoe helpt het reisbureau u? Drie vragen.")
        q1 = SurveyQuestion.objects.create(survey=open_survey, order=1, kind=QuestionKind.SCALE,
                                           text="Ik weet waar ik met vragen over AI terecht kan.")
        q2 = SurveyQuestion.objects.create(
            survey=open_survey, order=2, kind=QuestionKind.CHOICE,
            text="Hoe wilt u het liefst leren?",
            choices=["Training", "Excursie", "Tips van collega's"])
        q3 = SurveyQuestion.objects.create(survey=open_survey, order=3, kind=QuestionKind.OPEN,
                                           text="Wat kan het reisbureau beter doen?")
        ideas = ["Meer voorbeelden uit ons eigen werk.", "Vaker een spreekuur.",
                 "Duidelijkere regels over persoonsgegevens.", ""]
        people = list(User.objects.filter(email__startswith="medewerker").order_by("pk")[:20])
        for person in people:
            response = SurveyResponse.objects.create(
                survey=open_survey, respondent=person,
                submitted_at=timezone.now() - timedelta(days=rng.randint(1, 60)))
            answers = [SurveyAnswer(response=response, question=q1,
                                    scale_value=rng.choice([2, 3, 4, 4, 5])),
                       SurveyAnswer(response=response, question=q2,
                                    choice=rng.choice(q2.choices))]
            idea = rng.choice(ideas)
            if idea:
                answers.append(SurveyAnswer(response=response, question=q3, text=idea))
            SurveyAnswer.objects.bulk_create(answers)

    if not Interview.objects.exists():
        departments = {d.name: d for d in Department.objects.all()}
        groups = {g.name: g for g in FunctionGroup.objects.all()}
        for n, (subject, dept, group, themes, notes) in enumerate(INTERVIEWS):
            Interview.objects.create(
                interviewer=adviser, held_on=timezone.localdate() - timedelta(days=10 + 12 * n),
                subject=subject, department=departments.get(dept),
                function_group=groups.get(group), themes=themes, notes=notes)

    if not Objection.objects.exists():
        tasks = list(journey_selectors.tasks_visible_to(adviser)[:6])
        task_type = ContentType.objects.get_for_model(tasks[0].__class__) if tasks else None
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
            task = tasks[i % len(tasks)]
            Objection.objects.create(
                target_kind="task", target_type=task_type, target_id=task.pk,
                target_label=str(task), kind=kind, status=status, raised_by=person,
                description=text, answer=answer,
                handled_by=agency if status != ObjectionStatus.OPEN else None,
                resolved_at=timezone.now() if status == ObjectionStatus.RESOLVED else None)

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
    """One Microsoft 365 Copilot usage export, as the admin center makes it."""
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
    content = ContentFile(("\n".join(lines) + "\n").encode("utf-8-sig"))
    usage_import = UsageImport(uploaded_by=agency, filename="copilot-gebruik.csv",
                               format=ImportFormat.M365, mode=ImportMode.SKIP_BAD_ROWS)
    usage_import.file.save("copilot-gebruik.csv", content, save=False)
    usage_import.save()
    importer.run(usage_import.pk)
