class DomainError(Exception):
    """A rule of the domain refused the action. The message is shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


def full_clean_or_raise(obj, *, exclude=None) -> None:
    """Run the model's own validation; its messages become one DomainError for the user.
    `exclude` names fields the caller checked already (a batch checks its foreign keys for
    all rows in one query rather than one query a row)."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        messages = ([m for ms in exc.message_dict.values() for m in ms]
                    if hasattr(exc, "error_dict") else exc.messages)
        raise DomainError(" ".join(str(m) for m in messages)) from None
