from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .constants import AgencyRole, Role
from .textlimits import DESCRIPTION, limited


class NamedModel(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, **limited(DESCRIPTION))

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(NamedModel):
    class Meta(NamedModel.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class FunctionGroup(NamedModel):
    class Meta(NamedModel.Meta):
        verbose_name = _("function group")
        verbose_name_plural = _("function groups")


class Persona(NamedModel):
    class Meta(NamedModel.Meta):
        verbose_name = _("persona")
        verbose_name_plural = _("personas")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


ANONYMISED_EMAIL_DOMAIN = "@anoniem.invalid"


def pseudonym(user_id) -> str:
    """The stable, name-free reference to an anonymised employee."""
    from django.utils.translation import gettext

    return gettext("anonymised employee #%(id)s") % {"id": user_id}


class User(AbstractUser):
    """An employee of the municipality. Logs in by e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="employees",
    )
    function_group = models.ForeignKey(
        FunctionGroup, verbose_name=_("function group"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="employees",
    )
    personas = models.ManyToManyField(
        Persona, verbose_name=_("personas"), blank=True, related_name="employees"
    )
    is_key_user = models.BooleanField(_("key user"), default=False)
    # The employee's manager (leidinggevende), as the HR export says.
    manager = models.ForeignKey(
        "self", verbose_name=_("manager"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.email:
            self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_anonymised(self) -> bool:
        return self.email.endswith(ANONYMISED_EMAIL_DOMAIN)

    @property
    def display_name(self):
        # Rendered when shown, never stored: the audit trail and notifications keep the user's
        # id, so after anonymisation they show the pseudonym, not the old name.
        if self.is_anonymised:
            return pseudonym(self.pk)
        return self.get_full_name() or self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The names of the user's groups, cached across requests (reisbureau.auth_backends)."""
        if not self.is_authenticated or not self.pk:
            return frozenset()
        from .auth_backends import user_roles

        return user_roles(self)

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles))


class LicencePool(models.Model):
    """The single pool of AI licences. One row; also the lock for assignments."""

    size = models.PositiveIntegerField(_("number of licences"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("licence pool")
        verbose_name_plural = _("licence pool")

    def __str__(self):
        return str(_("Licence pool"))


class LicenceAssignment(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="licence",
        verbose_name=_("employee"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("assigned by"),
    )

    class Meta:
        verbose_name = _("licence assignment")
        verbose_name_plural = _("licence assignments")
        ordering = ["-assigned_at"]

    def __str__(self):
        return str(self.user)


class LicenceWaitlistEntry(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="licence_wait",
        verbose_name=_("employee"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["requested_at", "pk"]

    def __str__(self):
        return str(self.user)


class AgencyStaffing(models.Model):
    """Who works in the agency, in which role, for how many hours a week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_staffing",
        verbose_name=_("employee"),
    )
    role = models.CharField(_("agency role"), max_length=32, choices=AgencyRole.choices)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("agency staffing")
        verbose_name_plural = _("agency staffing")
        ordering = ["role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="staffing_user_role_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"

    def audit_label(self) -> str:
        """The audit trail's description names no person (the employee is in its data)."""
        return str(self.get_role_display())


class Notification(models.Model):
    """An in-app message; also the outbox for its e-mail (sent once, through Celery)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
    )
    # The other person whose name the subject or body names ("X replied"), so anonymising X
    # finds these texts in other people's inboxes without a full-text search.
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("about"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Set when the page the link opens was taken away (a hidden board topic): the link is no
    # longer shown and this note (an English msgid, translated when shown) says why.
    link_removed_note = models.CharField(_("why the link was removed"), max_length=200,
                                         blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    send_email = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # When a job to send the e-mail was last handed to the broker (or claimed by the sweep);
    # empty while the broker was unreachable. The sweep leaves a queued one alone for a while.
    email_queued_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    # The outbox sweep gives up after this many failed attempts.
    MAX_EMAIL_ATTEMPTS = 5

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(
                fields=["created_at"], name="notification_outbox_idx",
                condition=models.Q(send_email=True, emailed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def link(self) -> str:
        """The link to show: none once its page was taken away."""
        return "" if self.link_removed_note else self.url

    @property
    def link_removed_message(self) -> str:
        from django.utils.translation import gettext

        return gettext(self.link_removed_note) if self.link_removed_note else ""

    @property
    def email_state(self) -> str:
        """"sent", "waiting" (not handed to the broker yet, or not sent yet), "failed" or ""."""
        if not self.send_email:
            return ""
        if self.emailed_at:
            return "sent"
        return "failed" if self.email_attempts >= self.MAX_EMAIL_ATTEMPTS else "waiting"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("The audit trail cannot be changed."))

    def delete(self):
        raise ValidationError(_("The audit trail cannot be changed."))


class AuditEntry(models.Model):
    """Who did what to which object, and when. Append-only.

    No personal data is stored: the actor is a user id (its name is rendered when shown, so an
    anonymised employee shows as a pseudonym); `actor_label` only says "systeem" for jobs;
    `target_repr` describes the object without naming a person (an employee as target is
    rendered from `target_id` when shown).
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("by"),
    )
    actor_label = models.CharField(_("by"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_display} {self.action}"

    @property
    def actor_display(self) -> str:
        if self.actor_id is None:
            return self.actor_label
        return self.actor.display_name

    @property
    def action_display(self) -> str:
        """The action in words (the CSV keeps the code)."""
        from .audit import action_label

        return action_label(self.action)

    @property
    def target_display(self) -> str:
        """The object as it is now called; an employee by their current (or pseudonymous)
        name. `attach_target_users` fetches those for a page at once."""
        if self.target_type_id and self.target_type.model_class() is User and self.target_id:
            if hasattr(self, "_target_user"):
                user = self._target_user
            else:
                user = User.objects.filter(pk=self.target_id).first()
            return user.display_name if user else pseudonym(self.target_id)
        return self.target_repr

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("The audit trail cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The audit trail cannot be changed."))


class SsoMapping(models.Model):
    """One rule applied at every SSO login: when claim `claim` holds `value` (equal to it, or
    one of a list such as Entra ID's `groups`), the employee gets the role, department or
    function group. Roles that only the portal grants need `allow_portal_only_role`."""

    claim = models.CharField(_("claim"), max_length=100,
                             help_text=_("For example groups, department or jobTitle."))
    value = models.CharField(_("value"), max_length=255,
                             help_text=_("For Entra ID groups: the group's object id."))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True,
                                   blank=True, on_delete=models.CASCADE, related_name="+")
    function_group = models.ForeignKey(FunctionGroup, verbose_name=_("function group"),
                                       null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="+")
    allow_portal_only_role = models.BooleanField(
        _("may grant a role the portal normally grants itself"), default=False,
        help_text=_("Needed to grant the officer or agency-staff role from a claim."))

    class Meta:
        verbose_name = _("SSO mapping")
        verbose_name_plural = _("SSO mappings")
        ordering = ["claim", "value", "pk"]

    def __str__(self):
        target = self.get_role_display() or self.department or self.function_group
        return f"{self.claim} = {self.value} → {target}"

    def clean(self):
        from .constants import PORTAL_ONLY_ROLES

        targets = [bool(self.role), self.department_id is not None,
                   self.function_group_id is not None]
        if sum(targets) != 1:
            raise ValidationError(_("Choose exactly one of role, department or function group."))
        if self.role in PORTAL_ONLY_ROLES and not self.allow_portal_only_role:
            raise ValidationError({"allow_portal_only_role": _(
                "This role is granted in the portal only. Tick the box to let a claim grant "
                "it anyway.")})


class SsoRoleGrant(models.Model):
    """A role the employee holds because an SSO claim gave it (taken away when the claim
    goes). A role without such a row was granted in the portal and SSO leaves it alone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="sso_role_grants")
    role = models.CharField(max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"],
                                               name="sso_role_grant_unique")]

    def __str__(self):
        return f"{self.user_id}: {self.role}"


class PeopleImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    QUEUED = "queued", _("Waiting to be applied")
    APPLYING = "applying", _("Being applied")
    DONE = "done", _("Applied")
    FAILED = "failed", _("Not applied")


class PeopleImport(models.Model):
    """An HR export uploaded by agency staff: previewed first, then applied all at once.

    `rows` holds the parsed rows (e-mail addresses and names) until the import is applied or
    refused; then they are removed and only the counts stay.
    """

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    filename = models.CharField(_("file"), max_length=255)
    full_export = models.BooleanField(_("full export"), default=False)
    deactivate_missing = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=20, choices=PeopleImportStatus.choices,
                              default=PeopleImportStatus.PREVIEW)
    rows = models.JSONField(default=list, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    deactivated_count = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("reisbureau:people_import_detail", args=[self.pk])

    def audit_label(self) -> str:
        # A file name may name a person; the trail says which import by number only.
        return f"HR-import #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (PeopleImportStatus.DONE, PeopleImportStatus.FAILED)



def _logo_path(instance, filename):
    import os

    return f"gemeente/logo{os.path.splitext(filename)[1].lower()}"


class MunicipalitySettings(models.Model):
    """The municipality's own name and logo, set in the portal at first start. One row; an
    empty name falls back to the MUNICIPALITY_NAME setting."""

    name = models.CharField(_("name of the municipality"), max_length=120, blank=True)
    logo = models.FileField(_("logo"), upload_to=_logo_path, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("municipality settings")
        verbose_name_plural = _("municipality settings")

    def __str__(self):
        return self.name or gettext("Municipality settings")


class TeamsEvent(models.TextChoices):
    """What the portal can post to a Microsoft Teams channel (each app sends its own)."""

    WEEKLY_TIP = "weekly_tip", _("New weekly tip")
    PROMPTATHON_OPEN = "promptathon_open", _("A promptathon opens")
    TRAVEL_REPORT = "travel_report", _("A travel report is published")
    CUSTOMS_AGENDA = "customs_agenda", _("A customs session's agenda")
    MONTHLY_FIGURES = "monthly_figures", _("The monthly figures")


class TeamsChannel(models.Model):
    """A Teams channel the portal posts to, through a Workflows (or incoming) webhook.

    The webhook URL is a secret (whoever has it can post to the channel): it is stored
    encrypted (reisbureau/teams.py) and never shown back in full.
    """

    name = models.CharField(_("name"), max_length=200)
    webhook_url_encrypted = models.CharField(max_length=4000)
    # The last characters of the URL, to recognise it on the page.
    webhook_hint = models.CharField(max_length=120, blank=True)
    events = models.JSONField(_("events"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Teams channel")
        verbose_name_plural = _("Teams channels")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def audit_label(self) -> str:
        return self.name

    @property
    def event_labels(self) -> list[str]:
        labels = dict(TeamsEvent.choices)
        return [labels[event] for event in self.events if event in labels]


class TeamsMessageState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class TeamsMessage(models.Model):
    """The outbox of Teams: one row per event and channel, sent at most once."""

    channel = models.ForeignKey(TeamsChannel, on_delete=models.CASCADE, related_name="messages",
                                verbose_name=_("channel"))
    event = models.CharField(_("event"), max_length=32, choices=TeamsEvent.choices)
    # What the event is about, unique per channel ("weekly_tip:12"), so it is posted once.
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    card = models.JSONField(default=dict)
    state = models.CharField(_("state"), max_length=16, choices=TeamsMessageState.choices,
                             default=TeamsMessageState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # When a job was last handed to the broker or claimed by the sweep.
    queued_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Teams message")
        verbose_name_plural = _("Teams messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "key"], name="teams_message_once"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="teams_outbox_due_idx",
                         condition=models.Q(state="pending")),
        ]

    def __str__(self):
        return self.title


class CalendarFeed(models.Model):
    """A person's secret calendar address (the ICS feed Outlook subscribes to without a login).

    The address holds a token derived from `nonce` and the SECRET_KEY; the table keeps the nonce
    and the token's SHA-256, so a copy of the database alone opens no feed. Making a new link
    replaces the row: the old address answers 404 from then on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed", verbose_name=_("employee"))
    nonce = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self):
        return gettext("Calendar link of %(name)s") % {"name": self.user.display_name}
