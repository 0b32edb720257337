"""Every write of impact, one module per subject. Keyword-only, one transaction each, audited.
Impact writes only its own data; it reads journeys and the core through their selectors.

`from impact import services; services.rollup_rebuild(...)` works for every public name.
"""

from ._common import week_start
from .feedback import interview_record, objection_consider, objection_raise, objection_resolve
from .imports import (
    IMPORT_FILES_DIR,
    IMPORT_QUEUE_GRACE,
    IMPORT_REQUEUE_AFTER,
    graph_usage_import_start,
    usage_import_files_expire,
    usage_import_mark_queued,
    usage_import_retry,
    usage_import_start,
    usage_imports_forget,
    usage_imports_to_resume,
)
from .licences import (
    licence_check_answer,
    licence_checks_ask,
    licence_checks_release_unanswered,
)
from .recheck import objection_back_to_customs, zero_savings_back_to_customs
from .reports import progress_report_publish
from .retention import personal_data_anonymise, retention_apply
from .savings import (
    DASHBOARD_VERSION_KEY,
    _mark_dirty,
    dashboard_invalidate,
    lock_markers,
    rollup_rebuild,
    rollups_refresh,
    time_saving_delete,
    time_saving_log,
    time_saving_update,
    time_savings_log_many,
)
from .surveys import (
    survey_add_question,
    survey_create,
    survey_default,
    survey_respond,
    surveys_dispatch,
    surveys_invite,
    surveys_remind,
)

__all__ = [
    "licence_check_answer",
    "licence_checks_ask",
    "licence_checks_release_unanswered",
    "DASHBOARD_VERSION_KEY",
    "IMPORT_FILES_DIR",
    "IMPORT_QUEUE_GRACE",
    "IMPORT_REQUEUE_AFTER",
    "dashboard_invalidate",
    "graph_usage_import_start",
    "interview_record",
    "lock_markers",
    "objection_consider",
    "objection_raise",
    "objection_back_to_customs",
    "objection_resolve",
    "personal_data_anonymise",
    "progress_report_publish",
    "retention_apply",
    "rollup_rebuild",
    "rollups_refresh",
    "survey_add_question",
    "survey_create",
    "survey_default",
    "survey_respond",
    "surveys_dispatch",
    "surveys_invite",
    "surveys_remind",
    "time_saving_delete",
    "time_saving_log",
    "time_saving_update",
    "time_savings_log_many",
    "usage_import_files_expire",
    "usage_import_mark_queued",
    "usage_import_retry",
    "usage_import_start",
    "usage_imports_forget",
    "usage_imports_to_resume",
    "week_start",
    "zero_savings_back_to_customs",
]
