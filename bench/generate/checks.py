"""The app's rules, checked in SQL on the generated data (tests, and `--check`)."""

_USABLE_SQL = "('cleared', 'cleared_with_measures', 'testing', 'adopted')"
_LATEST = """JOIN LATERAL (SELECT d.decision, d.decided_at, d.tool FROM customs_customsdecision d
              WHERE d.task_id = t.id ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) l ON true"""
INVARIANTS = [
    ("a task in use has a clearance as its latest decision", f"""
        SELECT count(*) FROM journeys_journeytask t {_LATEST}
        WHERE t.status IN {_USABLE_SQL} AND l.decision NOT IN ('cleared',
                                                               'cleared_with_measures')"""),
    ("a task in use has a decision", f"""
        SELECT count(*) FROM journeys_journeytask t WHERE t.status IN {_USABLE_SQL}
        AND NOT EXISTS (SELECT 1 FROM customs_customsdecision d WHERE d.task_id = t.id)"""),
    ("a decided status is the latest decision", f"""
        SELECT count(*) FROM journeys_journeytask t {_LATEST}
        WHERE t.status IN ('cleared', 'cleared_with_measures', 'excluded', 'sent_back')
        AND l.decision <> t.status"""),
    ("a draft has no decision", """
        SELECT count(*) FROM journeys_journeytask t WHERE t.status = 'draft'
        AND EXISTS (SELECT 1 FROM customs_customsdecision d WHERE d.task_id = t.id)"""),
    ("at customs exactly when a new submission is open", """
        SELECT count(*) FROM journeys_journeytask t WHERE (t.status = 'at_customs') <> EXISTS (
            SELECT 1 FROM customs_submission s WHERE s.task_id = t.id AND s.status = 'open'
            AND s.reason = 'new')"""),
    ("decisions of a task form one chain, in time order", """
        SELECT count(*) FROM customs_customsdecision d
        LEFT JOIN customs_customsdecision p ON p.id = d.supersedes_id
        WHERE (d.supersedes_id IS NOT NULL AND (p.task_id <> d.task_id
                                               OR p.decided_at > d.decided_at))
        OR (d.supersedes_id IS NULL AND EXISTS (
            SELECT 1 FROM customs_customsdecision e WHERE e.task_id = d.task_id
            AND (e.decided_at, e.id) < (d.decided_at, d.id)))"""),
    ("a decided submission has its decision, an open one none", """
        SELECT count(*) FROM customs_submission s WHERE (s.status = 'decided') <> EXISTS (
            SELECT 1 FROM customs_customsdecision d WHERE d.submission_id = s.id)"""),
    ("a decision is on its submission's task, at its session, not in the future", """
        SELECT count(*) FROM customs_customsdecision d
        JOIN customs_submission s ON s.id = d.submission_id
        JOIN customs_customssession c ON c.id = s.session_id
        WHERE s.task_id <> d.task_id OR d.decided_at::date <> c.date OR d.decided_at > now()
        OR s.submitted_at > d.decided_at"""),
    ("an officer never decides on a task they planned", """
        SELECT count(*) FROM customs_customsdecision d
        JOIN customs_submission s ON s.id = d.submission_id
        JOIN journeys_journeytask t ON t.id = d.task_id
        JOIN journeys_journey j ON j.id = t.journey_id
        WHERE d.officer_id = j.adviser_id OR d.officer_id = s.submitted_by_id
        OR NOT EXISTS (SELECT 1 FROM reisbureau_user_groups ug JOIN auth_group g
                       ON g.id = ug.group_id WHERE ug.user_id = d.officer_id
                       AND g.name = 'officer')"""),
    ("open submissions wait in a session today or later", """
        SELECT count(*) FROM customs_submission s
        JOIN customs_customssession c ON c.id = s.session_id
        WHERE s.status = 'open' AND c.date < current_date"""),
    ("the tool of a task in use is the tool of its decision", f"""
        SELECT count(*) FROM journeys_journeytask t {_LATEST}
        WHERE t.status IN {_USABLE_SQL} AND l.tool <> t.tool"""),
    ("an aged clearance in use is back at customs", f"""
        SELECT count(*) FROM journeys_journeytask t
        JOIN journeys_journey j ON j.id = t.journey_id {_LATEST}
        WHERE t.status IN {_USABLE_SQL} AND j.status <> 'cancelled'
        AND l.decided_at <= now() - make_interval(months => %(rereview)s)
        AND NOT EXISTS (SELECT 1 FROM customs_submission s WHERE s.task_id = t.id
                        AND s.status = 'open')"""),
    ("no journey travels past its evaluation date", """
        SELECT count(*) FROM journeys_journey j WHERE j.status = 'travelling'
        AND j.started_at <= current_date - %(delay)s"""),
    ("an evaluated journey has its evaluation (completed when the journey is)", """
        SELECT count(*) FROM journeys_journey j
        LEFT JOIN journeys_evaluation e ON e.journey_id = j.id
        WHERE (j.status IN ('evaluating', 'completed') AND e.id IS NULL)
        OR (j.status = 'completed' AND e.completed_at IS NULL)
        OR (j.status = 'evaluating' AND e.completed_at IS NOT NULL)
        OR (j.status NOT IN ('evaluating', 'completed') AND e.id IS NOT NULL)"""),
    ("a completed journey has a verdict for each task it kept", """
        SELECT count(*) FROM journeys_journeytask t
        JOIN journeys_journey j ON j.id = t.journey_id
        WHERE j.status = 'completed' AND t.status NOT IN ('excluded') AND NOT EXISTS (
            SELECT 1 FROM journeys_evaluationtaskverdict v WHERE v.task_id = t.id)"""),
    ("travellers of a started journey have a licence", """
        SELECT count(*) FROM journeys_journeytraveller m
        JOIN journeys_journey j ON j.id = m.journey_id
        WHERE j.started_at IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM reisbureau_licenceassignment a WHERE a.user_id = m.traveller_id)"""),
    ("licences fit the pool; a waiting list only when it is full", """
        SELECT (SELECT count(*) FROM reisbureau_licenceassignment) > p.size
            OR ((SELECT count(*) FROM reisbureau_licencewaitlistentry) > 0
                AND (SELECT count(*) FROM reisbureau_licenceassignment) < p.size)
        FROM reisbureau_licencepool p"""),
    ("time saved only on a journey's tasks in use, by its travellers, up to today", f"""
        SELECT count(*) FROM impact_timesaving s
        JOIN journeys_journeytask t ON t.id = s.task_id
        JOIN journeys_journey j ON j.id = t.journey_id
        WHERE t.status NOT IN {_USABLE_SQL}
        OR j.status NOT IN ('planning', 'travelling', 'evaluating', 'completed')
        OR s.date > current_date OR s.week_start <> date_trunc('week', s.date)::date
        OR s.minutes < 1 OR NOT EXISTS (
            SELECT 1 FROM journeys_journeytraveller m WHERE m.journey_id = j.id
            AND m.traveller_id = s.traveller_id)"""),
    ("no week saves more than the task's baseline", """
        SELECT count(*) FROM (
            SELECT task_id, sum(minutes) AS minutes FROM impact_timesaving
            GROUP BY traveller_id, task_id, week_start) w
        JOIN journeys_journeytask t ON t.id = w.task_id
        WHERE w.minutes > COALESCE(t.baseline_minutes, 2400)"""),
    ("no time saved before the task was cleared", """
        SELECT count(*) FROM impact_timesaving s JOIN (
            SELECT task_id, min(decided_at)::date AS first FROM customs_customsdecision
            WHERE decision IN ('cleared', 'cleared_with_measures') GROUP BY task_id) c
        ON c.task_id = s.task_id WHERE s.date < c.first"""),
    ("useful counts are the votes, never the author's", """
        SELECT count(*) FROM community_prompt p WHERE p.useful_count <> (
            SELECT count(*) FROM community_promptvote v WHERE v.prompt_id = p.id)
        OR EXISTS (SELECT 1 FROM community_promptvote v WHERE v.prompt_id = p.id
                   AND v.user_id = p.author_id)"""),
    ("a prompt's versions run from 1 to its version", """
        SELECT count(*) FROM community_prompt p WHERE p.version <> (
            SELECT count(*) FROM community_promptversion v WHERE v.prompt_id = p.id)
        OR p.search_vector IS NULL"""),
    ("a topic's last activity is its latest reply; an accepted answer is someone else's", """
        SELECT count(*) FROM community_topic t WHERE t.last_activity_at < COALESCE((
            SELECT max(r.created_at) FROM community_reply r WHERE r.topic_id = t.id),
            t.created_at)
        OR EXISTS (SELECT 1 FROM community_reply r WHERE r.id = t.accepted_reply_id
                   AND (r.topic_id <> t.id OR r.author_id = t.author_id OR r.is_hidden))"""),
    ("one survey response per person", """
        SELECT count(*) FROM (SELECT 1 FROM impact_surveyresponse
                              GROUP BY survey_id, respondent_id HAVING count(*) > 1) x"""),
    ("a training seats no more than it has", """
        SELECT count(*) FROM community_trainingsession s WHERE s.seats < (
            SELECT count(*) FROM community_trainingregistration r WHERE r.session_id = s.id
            AND r.status IN ('registered', 'attended', 'absent'))"""),
    ("imports count their rows; usage is not in the future", """
        SELECT count(*) FROM impact_usageimport i WHERE i.imported_records <> (
            SELECT count(*) FROM impact_usagerecord r WHERE r.usage_import_id = i.id)
        OR EXISTS (SELECT 1 FROM impact_usagerecord r WHERE r.usage_import_id = i.id
                   AND r.date > current_date)"""),
    ("no outbox of old notifications", """
        SELECT count(*) FROM reisbureau_notification
        WHERE send_email AND emailed_at IS NULL"""),
]


def invariant_violations() -> dict[str, int]:
    """Rule -> number of rows breaking it (only the broken rules). Empty means all hold."""
    from django.conf import settings
    from django.db import connection

    params = {"rereview": settings.REISBUREAU["REREVIEW_MONTHS"],
              "delay": settings.REISBUREAU["EVALUATION_DELAY_DAYS"]}
    with connection.cursor() as cursor:
        # "Today" is the municipality's day, as the generator and the app count it: Django's
        # connection runs in UTC, so current_date would be yesterday after local midnight.
        cursor.execute("SELECT set_config('TimeZone', %s, false)", [settings.TIME_ZONE])
        try:
            broken = _violations(cursor, params)
        finally:
            cursor.execute("SELECT set_config('TimeZone', 'UTC', false)")
    return broken


def _violations(cursor, params) -> dict[str, int]:
    broken = {}
    for rule, sql in INVARIANTS:
        cursor.execute(sql, params if "%(" in sql else None)
        n = int(cursor.fetchone()[0] or 0)
        if n:
            broken[rule] = n
    return broken


def open_snapshots_stale() -> int:
    """Open submissions an officer could not decide because the task no longer matches."""
    from customs.constants import SubmissionStatus
    from customs.models import Submission
    from customs.services import snapshot_of

    stale = 0
    for submission in Submission.objects.filter(status=SubmissionStatus.OPEN).select_related(
            "task__journey").iterator(chunk_size=2000):
        stale += snapshot_of(submission.task) != submission.snapshot
    return stale
