"""The one error a query can raise: Jira answers it with 400 and the message in ``errorMessages``."""

from __future__ import annotations


class JqlError(ValueError):
    """A query Jira would refuse; ``str(error)`` is the message Jira would send (worded like Jira's)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def syntax_error(detail: str, text: str, position: int | None) -> JqlError:
    """ "Error in the JQL Query: …" with Jira's 1-based line and character of ``position`` in ``text``."""
    if position is None:
        return JqlError(f"Error in the JQL Query: {detail}")
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return JqlError(f"Error in the JQL Query: {detail} (line {line}, character {column})")


def no_field(name: str) -> JqlError:
    return JqlError(f"Field '{name}' does not exist or you do not have permission to view it.")


def no_value(value: str, field: str) -> JqlError:
    return JqlError(f"The value '{value}' does not exist for the field '{field}'.")


def bad_operator(op: str, field: str) -> JqlError:
    return JqlError(f"The operator '{op}' is not supported by the '{field}' field.")


def unsupported(what: str) -> JqlError:
    """Valid JQL the fake does not evaluate: refused loudly, never treated as "match all"."""
    return JqlError(f"{what} is not supported by the fake Jira of the scale benchmark.")
