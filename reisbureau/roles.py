"""The portal's roles and the model permissions each role's group carries.

The groups themselves are created by a data migration (0002); their permissions are synced from
ROLE_PERMISSIONS after every `migrate`, because Django creates permissions only after migrating.
Feature apps add their permissions here, so the whole picture stays in one table.
"""

from .constants import Role

_CATALOGUE = ["department", "functiongroup", "persona"]
_JOURNEY_MODELS = ["inventoryentry", "journey", "journeytraveller", "journeytask", "tasktest",
                   "journeyrequest", "evaluation", "evaluationtaskverdict", "travelreport"]
_STANDARD_JOURNEYS = ["standardjourney", "standardtask"]
_CUSTOMS_CATALOGUE = ["measure", "exclusionrule"]
_CUSTOMS_RECORDS = ["submission", "customsdecision", "customssession", "toolchange"]
_COMMUNITY_MODELS = ["prompt", "promptversion", "topic", "reply", "weeklytip", "promptvote",
                     "promptfavourite", "topicfollow", "postreport", "tipdelivery",
                     "communityprofile"]
_LEARNING_MODELS = ["trainingsession", "trainingregistration", "promptathon",
                    "promptathonchallenge", "promptathonteam", "teammembership",
                    "promptathonsubmission", "promptathonvote", "keyuserprofile", "toolkitpage"]
_IMPACT_MODELS = ["timesaving", "weeklyrollup", "survey", "surveyquestion", "surveyinvitation",
                  "interview", "objection", "usageimport"]


def _perms(app: str, models: list[str], actions=("view",)) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Travellers need no model permissions: the community, their own time logs, survey answers
    # and objections are scoped by each app's policies.
    Role.TRAVELLER: [],
    Role.ADVISER: (
        _perms("reisbureau", _CATALOGUE)
        + _perms("journeys", _JOURNEY_MODELS, ("view", "add", "change"))
        + _perms("journeys", _STANDARD_JOURNEYS)
        + _perms("impact", ["interview"], ("view", "add"))
    ),
    Role.OFFICER: (
        _perms("reisbureau", _CATALOGUE + ["auditentry"])
        + _perms("customs", _CUSTOMS_CATALOGUE, ("view", "add", "change"))
        + _perms("customs", _CUSTOMS_RECORDS)
        + _perms("impact", ["objection"], ("view", "change"))
    ),
    Role.MANAGER: (
        _perms("reisbureau",
               _CATALOGUE + ["licenceassignment", "licencewaitlistentry", "agencystaffing"])
        + _perms("impact", ["weeklyrollup", "survey"])
    ),
    Role.AGENCY_STAFF: (
        _perms("reisbureau", _CATALOGUE + ["agencystaffing"], ("view", "add", "change", "delete"))
        + _perms("reisbureau", ["licenceassignment", "licencewaitlistentry"],
                 ("view", "add", "delete"))
        + _perms("reisbureau", ["licencepool", "user"], ("view", "change"))
        + _perms("reisbureau", ["auditentry"])
        + _perms("journeys", _JOURNEY_MODELS + _STANDARD_JOURNEYS,
                 ("view", "add", "change", "delete"))
        + _perms("customs", _CUSTOMS_CATALOGUE + ["customssession"])
        + _perms("community", _COMMUNITY_MODELS, ("view", "add", "change", "delete"))
        + _perms("learning", _LEARNING_MODELS, ("view", "add", "change", "delete"))
        + _perms("impact", _IMPACT_MODELS, ("view", "add", "change"))
    ),
}


def ensure_groups(group_model) -> None:
    for role in Role.values:
        group_model.objects.get_or_create(name=role)


def sync_role_permissions() -> None:
    from django.contrib.auth.models import Group, Permission

    ensure_groups(Group)
    for role, names in ROLE_PERMISSIONS.items():
        wanted = set()
        for name in names:
            app_label, codename = name.split(".", 1)
            wanted.add((app_label, codename))
        perms = [
            p for p in Permission.objects.select_related("content_type").filter(
                codename__in=[c for _, c in wanted]
            )
            if (p.content_type.app_label, p.codename) in wanted
        ]
        Group.objects.get(name=role).permissions.set(perms)


def sync_role_permissions_handler(sender, **kwargs):
    sync_role_permissions()
