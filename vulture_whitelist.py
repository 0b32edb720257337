"""Names vulture reports as unused that are used by name, outside the Python it scans.

Read by tests/test_dead_code.py (and `vulture` on the command line), never imported. Each entry
says who uses it. Code that only a test uses does not belong here: delete it instead, unless
the entry says why it stays.
"""
# ruff: noqa
# fmt: off

# --- Django finds these by the dotted path in portal/settings/*.py ---------------------------
MfaRequiredMiddleware, PortalLocaleMiddleware, DatabaseUnavailableMiddleware  # MIDDLEWARE
PermissionsPolicyMiddleware, CouncilOnlyMiddleware  # MIDDLEWARE
_.process_view, view_args, view_kwargs  # middleware hook, called by Django with these arguments
QueryCountMiddleware  # MIDDLEWARE of portal/settings/bench.py
_.process_exception  # middleware hook, called by Django
FailSoftRedisCache  # CACHES["default"]["BACKEND"]
CachedModelBackend  # AUTHENTICATION_BACKENDS
_.get_user_permissions, _.get_group_permissions  # auth backend hooks, called by Django
StaticFilesStorage  # STORAGES["staticfiles"]
PortalFormRenderer  # FORM_RENDERER
portal  # reisbureau.context_processors.portal in TEMPLATES' context_processors
AccountAdapter, SocialAccountAdapter  # ACCOUNT_ADAPTER, SOCIALACCOUNT_ADAPTER (allauth)
_.is_open_for_signup  # allauth adapter hook
_.db_for_read, _.db_for_write, _.allow_relation, _.allow_migrate  # DATABASE_ROUTERS hooks
hints, obj1, obj2  # arguments of Django's database-router signature
permission_denied, page_not_found, server_error  # handler403/404/500 in the root urls
csrf_failure  # CSRF_FAILURE_VIEW

# --- Django finds these by convention -------------------------------------------------------
ReisbureauConfig, JourneysConfig, CustomsConfig, CommunityConfig, LearningConfig  # apps.py
ImpactConfig, PortalConfig  # apps.py
_.ready  # AppConfig.ready
Command  # management commands (seed_demo, grant_runtime_role)
_.add_arguments  # BaseCommand hook
_.create_user, _.create_superuser, _.get_by_natural_key  # the user manager, for auth
_.label_from_instance  # ModelChoiceField hook (community.forms.TaskChoiceField)
_.get_readonly_fields, _.save_model  # ModelAdmin hooks (reisbureau.admin)
tb  # __exit__(self, exc_type, exc, tb) of the bench writer: the protocol's signature

# --- Only templates use these (Django's template language reads them by name) -----------------
_.body_html  # reports, prompts, topics, replies, toolkit pages: {{ x.body_html }}
_.theme_labels  # templates/impact/interviews.html
_.state_display, _.row_errors, _.row_notes  # templates/impact/import_detail.html, imports.html
_.percent  # import_detail.html, savings.html, learning/literacy_register.html
_.email_state, _.link_removed_message  # templates/reisbureau/notifications.html
_.action_display  # templates/customs/audit.html: the Dutch label of an audit action
_.risk_label, _.ai_act_label, _.reason_label  # templates/customs/_risk.html, session_detail.html, _ai_act.html
_.ai_act_shown  # templates/customs/submit.html: the decision aid's questions on the page
_.ai_act_refusal, _.ai_act_answer_rows, _.ai_act_articles  # customs submission templates
_.over, _.licences_free, _.over_capacity, _.load_percent  # templates/reisbureau/capacity.html
_.event_labels  # templates/reisbureau/teams_channels.html
_.expires_on, _.status_label  # templates/learning/_my_literacy.html, home/traveller.html

# --- The bench runner calls these in a subprocess, from code in a string (bench/run.py) -----
measure_import, measure_jobs, page_targets, api_keys

# --- Used only by tests, kept on purpose ------------------------------------------------------
_.can_view  # the Policy API (instance check next to `visible`); the permission tests use it
all_covers  # proves in tests/test_privacy_everywhere.py that the AVG export covers every user link
primary_reads  # the documented escape hatch of use_replica (tests/reisbureau/test_db_router.py)
