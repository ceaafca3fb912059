"""Placeholder replaced below."""
from dsl import ast
from dsl.diagnostics import Diagnostic
def check(app: ast.App) -> list[Diagnostic]:
    return []
