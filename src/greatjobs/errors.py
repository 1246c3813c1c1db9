"""Errors a user can act on, each with an exit code the CLI returns so scripts can rely on it."""

from __future__ import annotations


class GreatjobsError(Exception):
    """An error with a message written for the person who ran greatjobs."""

    exit_code = 1


class ExtraMissingError(GreatjobsError):
    """A command needs an optional part of greatjobs that is not installed (e.g. the web app)."""

    exit_code = 2

    def __init__(self, what: str, extra: str) -> None:
        super().__init__(
            f"{what} needs greatjobs' {extra} extra, which is not installed: "
            f"pip install 'greatjobs[{extra}]'."
        )


class DataError(GreatjobsError):
    """The data snapshot or an input file is missing, corrupt or malformed."""

    exit_code = 3


class NotFoundError(GreatjobsError):
    """A named thing (place, postcode, dataset, indicator) does not exist; suggests matches."""

    exit_code = 4

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = list(suggestions or [])
        if self.suggestions:
            message = f"{message} Did you mean: {', '.join(self.suggestions)}?"
        super().__init__(message)


class NetworkError(GreatjobsError):
    """A publisher's API could not be reached or answered badly; nothing was changed."""

    exit_code = 5


class WarehouseMissingError(GreatjobsError):
    """The warehouse has not been built yet."""

    exit_code = 6
