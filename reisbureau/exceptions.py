class DomainError(Exception):
    """A rule of the domain refused the action. The message is shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
