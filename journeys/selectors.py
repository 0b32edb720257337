"""Every non-trivial read of journeys, with select/prefetch done."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from reisbureau.constants import Role
from reisbureau.models import User
from reisbureau.permissions import has_any_role
from reisbureau.queries import count_of

from .constants import (
    ACTIVE_JOURNEY_STATUSES,
    CLEARED_STATUSES,
    PASSPORT_FOLLOWING_STATUSES,
    JourneyStatus,
    RequestStatus,
    TaskStatus,
)
from .models import (
    Evaluation,
    InventoryEntry,
    Journey,
    JourneyRequest,
    JourneyTask,
    JourneyTraveller,
    MeasureAcknowledgement,
    StandardJourney,
    StandardTask,
    TaskTest,
    TravelReport,
    measures_fingerprint,
)


def journey_list_base():
    # A standard journey's customs passport is no journey anyone travels: the standard
    # journey's page shows it.
    return Journey.objects.filter(passport_for__isnull=True).select_related("adviser").annotate(
        traveller_count=count_of(JourneyTraveller.objects.all(), "journey"),
        task_count=count_of(JourneyTask.objects.all(), "journey"),
    )


def journeys_of_traveller(user: User):
    return journey_list_base().filter(memberships__traveller=user).order_by("-created_at", "-pk")


def open_journeys(user: User | None = None):
    qs = journey_list_base().filter(
        is_open=True, status__in=[JourneyStatus.PLANNING, JourneyStatus.TRAVELLING]
    ).order_by("-created_at", "-pk")
    if user is not None:
        qs = qs.exclude(memberships__traveller=user)
    return qs


def journeys_of_adviser(user: User, status: str = ""):
    qs = journey_list_base().filter(adviser=user)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-created_at", "-pk")


def journey_detail_qs():
    """The journey with its travellers; its tasks come from `journey_tasks`."""
    return Journey.objects.select_related("adviser", "standard_journey",
                                          "passport_for").prefetch_related(
        Prefetch("travellers", queryset=User.objects.order_by("last_name", "first_name")),
    )


def journey_tasks(journey: Journey):
    """The journey's tasks in order, each with its tests as a list (`test_list`, read once: the
    journey page reads them for the log, the averages and the total) and its acknowledgements."""
    tests = Prefetch("tests", queryset=TaskTest.objects.order_by("tested_on", "pk"),
                     to_attr="test_list")
    return journey.tasks.order_by("order", "pk").prefetch_related(tests, "acknowledgements")


def served_now() -> int:
    """Distinct travellers on active journeys: the agency's load."""
    return JourneyTraveller.objects.filter(
        journey__status__in=ACTIVE_JOURNEY_STATUSES).values("traveller_id").distinct().count()


def adviser_load() -> dict[int, int]:
    rows = Journey.objects.filter(status__in=ACTIVE_JOURNEY_STATUSES).values(
        "adviser_id").annotate(n=Count("memberships__traveller", distinct=True))
    return {r["adviser_id"]: r["n"] for r in rows}


def adviser_capacity(user: User) -> dict:
    from reisbureau.models import AgencyStaffing
    from reisbureau.selectors import travellers_per_hour

    hours = AgencyStaffing.objects.filter(user=user, role="adviser").aggregate(
        h=Sum("hours_per_week"))["h"] or 0
    serving = adviser_load().get(user.pk, 0)
    capacity = int(hours * travellers_per_hour())
    return {"hours": hours, "serving": serving, "capacity": capacity,
            "over": serving > capacity}


def inventory_list(*, department_id=None, function_group_id=None, persona_id=None, kind="",
                   open_only=False):
    qs = InventoryEntry.objects.select_related(
        "employee__department", "employee__function_group", "converted_task__journey")
    if department_id:
        qs = qs.filter(employee__department_id=department_id)
    if function_group_id:
        qs = qs.filter(employee__function_group_id=function_group_id)
    if persona_id:
        qs = qs.filter(employee__personas__id=persona_id)
    if kind:
        qs = qs.filter(kind=kind)
    if open_only:
        qs = qs.filter(converted_task__isnull=True)
    return qs.order_by("-minutes_per_week", "-created_at", "-pk")


def inventory_total_minutes(qs) -> int:
    return qs.order_by().aggregate(total=Sum("minutes_per_week"))["total"] or 0


def inventory_of(user: User):
    return InventoryEntry.objects.filter(employee=user).select_related(
        "converted_task__journey").order_by("-created_at", "-pk")


def standard_journeys(*, persona_id=None, function_group_id=None, published_only=True):
    qs = StandardJourney.objects.prefetch_related(
        "personas", "function_groups",
        Prefetch("tasks", queryset=StandardTask.objects.order_by("order", "pk")),
    ).annotate(open_count=Count(
        "journeys", filter=Q(journeys__is_open=True,
                             journeys__status__in=[JourneyStatus.PLANNING,
                                                   JourneyStatus.TRAVELLING]), distinct=True))
    if published_only:
        qs = qs.filter(is_published=True)
    if persona_id:
        qs = qs.filter(personas__id=persona_id)
    if function_group_id:
        qs = qs.filter(function_groups__id=function_group_id)
    return qs.distinct().order_by("title", "pk")


def standard_journeys_in_short():
    """The first published standard journeys with their personas: what the journeys page lists
    (no tasks, function groups or open-group counts: the catalogue page has those)."""
    return StandardJourney.objects.filter(is_published=True).prefetch_related(
        "personas").order_by("title", "pk")


def open_requests():
    return JourneyRequest.objects.filter(status=RequestStatus.OPEN).select_related(
        "traveller__department", "traveller__function_group", "standard_journey")


def reports(query: str = ""):
    qs = TravelReport.objects.filter(published_at__isnull=False).select_related(
        "author", "journey")
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(body__icontains=query)
                       | Q(journey__title__icontains=query)
                       | Q(journey__tasks__work_task__icontains=query)).distinct()
    return qs.order_by("-published_at", "-pk")


def task_measured_minutes(task: JourneyTask) -> int | None:
    """Average measured minutes saved a week over the task's tests (`test_list`, see
    `journey_tasks`)."""
    tests = task.test_list
    if not tests:
        return None
    return round(sum(t.measured_minutes for t in tests) / len(tests))


def journey_time_saved(tasks) -> dict:
    """Expected and measured minutes saved a week over tasks of `journey_tasks` whose
    `measured` is set (`task_measured_minutes`)."""
    expected = sum(t.expected_minutes_saved for t in tasks)
    measured_values = [t.measured for t in tasks if t.measured is not None]
    return {"expected": expected, "measured": sum(measured_values) if measured_values else None}


def personal_data(user: User) -> dict:
    """What journeys holds about one employee (for the AVG export)."""
    return {
        "inventory_entries": [
            {"title": e.title, "description": e.description, "frequency": e.frequency,
             "minutes_per_week": e.minutes_per_week, "kind": e.kind,
             "data_touched": e.data_touched, "created_at": e.created_at.isoformat()}
            for e in InventoryEntry.objects.filter(employee=user).order_by("created_at")
        ],
        "journeys": [
            {"title": m.journey.title, "status": m.journey.status,
             "joined_at": m.joined_at.isoformat()}
            for m in JourneyTraveller.objects.filter(traveller=user).select_related("journey")
        ],
        "journey_requests": [
            {"message": r.message, "status": r.status, "created_at": r.created_at.isoformat()}
            for r in JourneyRequest.objects.filter(traveller=user).order_by("created_at")
        ],
        "travel_reports": [
            {"title": r.title, "published_at": r.published_at.isoformat() if r.published_at
             else None}
            for r in TravelReport.objects.filter(author=user)
        ],
        "journey_tasks": [
            {"journey": t.journey.title, "work_task": t.work_task, "tool": t.tool,
             "status": t.status}
            for t in JourneyTask.objects.filter(journey__memberships__traveller=user)
            .select_related("journey").order_by("journey_id", "order", "pk")
        ],
        # Work done in a role: which records carry their name as adviser or recorder.
        "journeys_advised": [
            {"title": j.title, "status": j.status}
            for j in Journey.objects.filter(adviser=user).order_by("created_at")
        ],
        "inventory_entries_recorded": [
            {"title": e.title, "created_at": e.created_at.isoformat()}
            for e in InventoryEntry.objects.filter(recorded_by=user).order_by("created_at")
        ],
        "task_tests_recorded": [
            {"task": t.task.work_task, "tested_on": t.tested_on.isoformat(), "outcome": t.outcome}
            for t in TaskTest.objects.filter(recorded_by=user).select_related("task")
        ],
        "journey_requests_handled": [
            {"status": r.status, "handled_at": r.handled_at.isoformat() if r.handled_at
             else None}
            for r in JourneyRequest.objects.filter(handled_by=user)
        ],
        "measures_acknowledged": [
            {"journey": a.task.journey.title, "task": a.task.work_task,
             "measures": a.measures, "acknowledged_at": a.acknowledged_at.isoformat()}
            for a in MeasureAcknowledgement.objects.filter(traveller=user)
            .select_related("task__journey").order_by("acknowledged_at", "pk")
        ],
        "evaluations_completed": [
            {"journey": e.journey.title,
             "completed_at": e.completed_at.isoformat() if e.completed_at else None}
            for e in Evaluation.objects.filter(completed_by=user).select_related("journey")
        ],
    }


PERSONAL_DATA_COVERS = {
    "journeys.InventoryEntry.employee": "inventory_entries",
    "journeys.InventoryEntry.recorded_by": "inventory_entries_recorded",
    "journeys.Journey.adviser": "journeys_advised",
    "journeys.Journey.travellers": "journeys",
    "journeys.JourneyTraveller.traveller": "journeys",
    "journeys.TaskTest.recorded_by": "task_tests_recorded",
    "journeys.JourneyRequest.traveller": "journey_requests",
    "journeys.JourneyRequest.handled_by": "journey_requests_handled",
    "journeys.Evaluation.completed_by": "evaluations_completed",
    "journeys.TravelReport.author": "travel_reports",
    "journeys.MeasureAcknowledgement.traveller": "measures_acknowledged",
}


# --- Measures a traveller confirms -----------------------------------------------------------

MEASURES_FIRST = gettext_lazy(
    "First confirm that you have read the measures customs set for this task; then you can "
    "record a test or log time saved.")


def traveller_must_acknowledge(task: JourneyTask, user: User) -> bool:
    """True while a traveller of the task's journey has not confirmed its current measures.

    Recording a test (journeys) and logging time saved (impact) wait for it. Advisers and
    others who are not travellers of the journey never have to.
    """
    if not task.measures or not user.is_authenticated:
        return False
    if not JourneyTraveller.objects.filter(journey_id=task.journey_id, traveller=user).exists():
        return False
    return not MeasureAcknowledgement.objects.filter(
        task=task, traveller=user, measures_hash=measures_fingerprint(task.measures)).exists()


def measures_status(task: JourneyTask, travellers) -> list[dict]:
    """Per traveller of the journey: whether and when they confirmed the task's current
    measures. Uses the prefetched `task.acknowledgements` (see `journey_tasks`)."""
    if not task.measures:
        return []
    current = measures_fingerprint(task.measures)
    confirmed = {a.traveller_id: a.acknowledged_at for a in task.acknowledgements.all()
                 if a.measures_hash == current}
    return [{"traveller": t, "acknowledged_at": confirmed.get(t.pk)} for t in travellers]


def attach_measures_status(task: JourneyTask, journey: Journey, user: User) -> bool:
    """Put `measures_status` on the task (for the journey page) and say whether `user`, a
    traveller of the journey, still has to confirm its measures."""
    task.measures_status = measures_status(task, journey.travellers.all())
    return any(row["traveller"].pk == user.pk and row["acknowledged_at"] is None
               for row in task.measures_status)


def task_measures_status(task: JourneyTask) -> list[dict]:
    """The same, for one task read on its own (the customs task page)."""
    task = JourneyTask.objects.prefetch_related(
        "acknowledgements", "journey__travellers").select_related("journey").get(pk=task.pk)
    return measures_status(task, task.journey.travellers.all())


# --- For customs (journeys never imports customs; customs reads tasks through these) -------

def task_for_customs(pk) -> JourneyTask | None:
    """One task with its journey, adviser and travellers, for the customs pages."""
    return JourneyTask.objects.select_related(
        "journey__adviser", "journey__passport_for", "journey__standard_journey",
    ).prefetch_related("journey__travellers").filter(pk=pk).first()


def tasks_in_use(task_ids=None):
    """Tasks whose own customs clearance is in force (cleared, testing, adopted).

    The customs re-review job compares their current tool with the tool at decision time.
    A task running under its standard journey's passport (`cleared_under`) is not among them:
    customs reviews the passport's task once, and its decision reaches every such task.
    """
    qs = JourneyTask.objects.filter(
        status__in=[*CLEARED_STATUSES, TaskStatus.TESTING, TaskStatus.ADOPTED],
        cleared_under__isnull=True,
    ).exclude(journey__status=JourneyStatus.CANCELLED).select_related("journey")
    if task_ids is not None:
        qs = qs.filter(pk__in=task_ids)
    return qs


def passport_tasks_of(task_ids) -> dict[int, int]:
    """For the tasks among `task_ids` that run under a standard journey's passport: task id →
    the passport task customs judged. What goes back to customs for them is that task."""
    return dict(JourneyTask.objects.filter(pk__in=task_ids, cleared_under__isnull=False)
                .values_list("pk", "cleared_under_id"))


def tested_tasks_in_use(*, first_test_on_or_before):
    """Tasks in use that are tested (testing or adopted), annotated with the date of their
    first test (`first_test`), that date no later than the given one."""
    first = TaskTest.objects.filter(task_id=OuterRef("pk")).order_by("tested_on", "pk")
    return tasks_in_use().filter(status__in=[TaskStatus.TESTING, TaskStatus.ADOPTED]).annotate(
        first_test=Subquery(first.values("tested_on")[:1])).filter(
        first_test__lte=first_test_on_or_before)


def dropped_tasks_with_tool(tool: str):
    """Dropped tasks with this tool on a journey still planned or under way: customs offers
    them for a new test when the tool changes."""
    return JourneyTask.objects.filter(
        status=TaskStatus.DROPPED, tool=tool,
        journey__status__in=[JourneyStatus.PLANNING, JourneyStatus.TRAVELLING])


def usable_tasks_for(user: User):
    """Tasks customs cleared (and still usable) on the journeys this user travels or advises.

    Other apps (the prompt library) link to these; planners see every cleared task.
    """
    from .constants import CLEARED_STATUSES, TaskStatus

    qs = JourneyTask.objects.filter(
        status__in=[*CLEARED_STATUSES, TaskStatus.TESTING, TaskStatus.ADOPTED]
    ).select_related("journey")
    if not has_any_role(user, Role.ADVISER, Role.AGENCY_STAFF):
        qs = qs.filter(Q(journey__memberships__traveller=user) | Q(journey__adviser=user))
    return qs.distinct().order_by("journey__title", "order", "pk")


# --- For other apps (impact reads journeys only through these) ----------------------------

USABLE_TASK_STATUSES = ("cleared", "cleared_with_measures", "testing", "adopted")


def usable_tasks_of_traveller(user: User):
    """Tasks on the traveller's journeys that customs cleared, so they may be used."""
    return JourneyTask.objects.filter(
        journey__memberships__traveller=user, status__in=USABLE_TASK_STATUSES,
        journey__status__in=ACTIVE_JOURNEY_STATUSES + (JourneyStatus.COMPLETED,),
    ).select_related("journey", "inventory_entry").distinct().order_by("journey_id", "order",
                                                                       "pk")


def task_baseline_minutes(task: JourneyTask) -> int | None:
    """Minutes a week the task takes without AI: the task's own figure, else the inventory's."""
    if task.baseline_minutes:
        return task.baseline_minutes
    if task.inventory_entry_id:
        return task.inventory_entry.minutes_per_week
    return None


def excluded_task_ids():
    """The pks of the tasks customs excluded, as a subquery (they are few)."""
    from .constants import TaskStatus

    return JourneyTask.objects.filter(status=TaskStatus.EXCLUDED).values("pk")


def tasks_visible_to(user: User):
    from .permissions import journeys as journey_policy

    return JourneyTask.objects.filter(
        journey__in=journey_policy.visible(user)).select_related("journey").order_by(
        "journey__title", "order", "pk")


def journey_for_logs(user: User, pk: int) -> Journey:
    """A journey whose time logs `user` may see: its own adviser, or agency staff (else 404)."""
    from django.http import Http404

    qs = Journey.objects.all()
    if not has_any_role(user, Role.AGENCY_STAFF):
        qs = qs.filter(adviser=user)
    journey = qs.filter(pk=pk).first()
    if journey is None:
        raise Http404
    return journey


def _journeys_of(traveller_ids):
    """Journeys with at least one of these travellers: a semi-join on the journeys, so the
    counts below never join every task or membership row first."""
    return Journey.objects.filter(Exists(JourneyTraveller.objects.filter(
        journey=OuterRef("pk"), traveller__in=traveller_ids)))


def journey_status_counts(traveller_ids=None) -> dict[str, int]:
    qs = Journey.objects.filter(passport_for__isnull=True) if traveller_ids is None \
        else _journeys_of(traveller_ids)
    rows = qs.order_by().values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rows}


def task_status_counts(traveller_ids=None) -> dict[str, int]:
    qs = JourneyTask.objects.filter(journey__passport_for__isnull=True)
    if traveller_ids is not None:
        qs = qs.filter(journey__in=_journeys_of(traveller_ids).values("pk"))
    return {r["status"]: r["n"] for r in qs.order_by().values("status").annotate(n=Count("pk"))}


def travellers_on_journeys():
    """Users who are (or were) on a journey that was not cancelled."""
    return User.objects.filter(journey_memberships__journey__status__in=(
        ACTIVE_JOURNEY_STATUSES + (JourneyStatus.COMPLETED,))).distinct()


def memberships_of_journeys_started_between(start, end):
    """The travellers (memberships, with journey and traveller) of the journeys (not cancelled)
    that started in [start, end]: for jobs that walk them in batches by pk."""
    return JourneyTraveller.objects.filter(
        journey__started_at__gte=start, journey__started_at__lte=end,
    ).exclude(journey__status=JourneyStatus.CANCELLED).select_related("journey", "traveller")


def completed_evaluations():
    from .models import Evaluation

    return Evaluation.objects.filter(completed_at__isnull=False).select_related(
        "journey__adviser").order_by("-completed_at", "-pk")


def evaluation_counts() -> dict:
    from .models import Evaluation

    return Evaluation.objects.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False)))


def travellers_on_active_journeys():
    """Users on a journey that is being planned, travelled or evaluated (they use AI now)."""
    return User.objects.filter(
        journey_memberships__journey__status__in=ACTIVE_JOURNEY_STATUSES).distinct()


# --- Customs passports of standard journeys ------------------------------------------------

def passport_dependents():
    """Tasks running under a standard journey's passport and in use (or sent back with it)."""
    return JourneyTask.objects.filter(
        cleared_under__isnull=False, status__in=PASSPORT_FOLLOWING_STATUSES).exclude(
        journey__status=JourneyStatus.CANCELLED)


def passport_dependents_count(outer: str):
    """A correlated count of the tasks running under the passport task `outer` names (e.g.
    "task_id" on a customs submission or decision): one column, for the rows a page shows."""
    inner = passport_dependents().filter(cleared_under=OuterRef(outer)).order_by().values(
        "cleared_under")
    return Coalesce(Subquery(inner.annotate(n=Count("*")).values("n")[:1],
                             output_field=IntegerField()), 0)


def passport_dependents_of(task: JourneyTask, limit: int = 100):
    """Which tasks run under this passport task (the customs task page): at most `limit`."""
    return passport_dependents().filter(cleared_under=task).select_related(
        "journey__adviser").order_by("journey__title", "pk")[:limit]


def passport_of(standard_journey: StandardJourney) -> Journey | None:
    """The standard journey's customs passport, with its tasks and, per task, how many run
    under it (`dependents`)."""
    journey = Journey.objects.filter(passport_for=standard_journey).first()
    if journey is not None:
        journey.passport_tasks = list(journey.tasks.exclude(status=TaskStatus.DROPPED).annotate(
            dependents=passport_dependents_count("pk")).order_by("order", "pk"))
    return journey
