"""``forgewright scopes SPEC``: every scope the app needs, and why (spec line → Jira operation → scope)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from compiler.plan import Plan
from forgewright.options import format_option
from forgewright.specs import compile_spec, exit_on_spec_errors


def scopes_json(plan: Plan) -> dict[str, Any]:
    """Every scope of the plan with its reasons (module, operation, why, spec position), as plain data."""
    return {
        "app_name": plan.app_name,
        "scope_style": plan.scope_style,
        "scopes": [
            {
                "scope": grant.scope,
                "reasons": [
                    {
                        "module": r.module_key,
                        "operation": r.operation,
                        "why": r.why,
                        "file": r.span.file,
                        "line": r.span.line,
                        "column": r.span.column,
                    }
                    for r in grant.reasons
                ],
            }
            for grant in plan.scopes
        ],
    }


@click.command("scopes")
@click.argument("spec", type=click.Path(path_type=Path))
@format_option(("text", "json"), "text: a table for people; json: for machines.")
def command(spec: Path, output_format: str) -> None:
    """Show the scopes SPEC's app needs, each with the spec lines and Jira operations behind it."""
    with exit_on_spec_errors():
        _, output = compile_spec(spec)
    plan = output.plan
    if output_format == "json":
        click.echo(json.dumps(scopes_json(plan), indent=2, sort_keys=True, ensure_ascii=False))
        return
    rows = [
        (grant.scope, f"{r.module_key or 'app'}: {r.why} -> {r.operation}", str(r.span.line))
        for grant in plan.scopes
        for r in grant.reasons
    ]
    if not rows:
        click.echo("This app needs no scopes.")
        return
    header = ("SCOPE", "WHY", "SPEC LINE")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(2)]
    click.echo(f"{header[0]:{widths[0]}}  {header[1]:{widths[1]}}  {header[2]}")
    previous = None
    for scope, why, line in rows:
        shown = scope if scope != previous else ""
        click.echo(f"{shown:{widths[0]}}  {why:{widths[1]}}  {line}")
        previous = scope
    click.echo(f"{len(plan.scopes)} scope(s), {plan.scope_style} style")
