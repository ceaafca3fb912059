"""The appspec language: parse, check and format app specifications.

The public entry point is :func:`dsl.analyze`, which chains parse → check and returns the
typed AST together with every diagnostic, sorted. Nothing in this package touches the file
system or the network: callers pass text in and get values back.
"""

from dsl.analysis import Analysis, analyze
from dsl.diagnostics import Diagnostic, Severity
from dsl.span import Span

__all__ = ["Analysis", "Diagnostic", "Severity", "Span", "analyze"]
