"""Every write of journeys, one module per subject. Keyword-only, one transaction each, audited.

`from journeys import services; services.journey_create(...)` works for every public name.
Customs moves a task through clearance with `journeys.clearance`; journeys never imports
customs and enforces "no use before clearance" from its own fields.
"""

from .evaluations import (
    evaluation_complete,
    evaluation_create,
    evaluations_create_due,
    evaluations_remind,
)
from .inventory import inventory_entry_convert, inventory_entry_create, inventory_workshop_record
from .journeys import (
    journey_add_traveller,
    journey_cancel,
    journey_create,
    journey_join,
    journey_leave,
    journey_request_create,
    journey_request_handle,
    journey_start,
    journey_update,
    personal_data_anonymise,
)
from .passport import JUDGED_FIELDS, judged_key, passport_request
from .reports import report_save
from .standard_journeys import (
    journey_start_from_standard,
    standard_journey_import,
    standard_journey_save,
)
from .tasks import (
    TASK_FIELDS,
    measures_acknowledge,
    task_add,
    task_adopt,
    task_drop,
    task_move,
    task_remove,
    task_start_testing,
    task_test_record,
    task_test_refusal,
    task_update,
)

__all__ = [
    "JUDGED_FIELDS",
    "TASK_FIELDS",
    "evaluation_complete",
    "evaluation_create",
    "evaluations_create_due",
    "evaluations_remind",
    "inventory_entry_convert",
    "inventory_entry_create",
    "inventory_workshop_record",
    "journey_add_traveller",
    "journey_cancel",
    "journey_create",
    "journey_join",
    "journey_leave",
    "journey_request_create",
    "journey_request_handle",
    "journey_start",
    "journey_start_from_standard",
    "journey_update",
    "judged_key",
    "measures_acknowledge",
    "passport_request",
    "personal_data_anonymise",
    "report_save",
    "standard_journey_import",
    "standard_journey_save",
    "task_add",
    "task_adopt",
    "task_drop",
    "task_move",
    "task_remove",
    "task_start_testing",
    "task_test_record",
    "task_test_refusal",
    "task_update",
]
