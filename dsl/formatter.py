"""The canonical layout of a spec: one way to write each thing, comments kept.

Printing works from the AST, so layout differences vanish and ``parse(fmt(x)) == parse(x)``.
Comments are attached before printing to the statement they precede (or share a line with),
so they travel with it when the formatter puts module items into their canonical order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from dsl import ast
from dsl.numbers import canonical
from dsl.parser import parse
from dsl.strings import quote

INDENT = "  "
MAX_WIDTH = 100


@dataclass
class _Attached:
    leading: dict[int, list[str]] = field(default_factory=dict)  # id(node) -> comments before it
    trailing: dict[int, str] = field(default_factory=dict)  # id(node) -> comment on its last line
    closing: dict[int, list[str]] = field(default_factory=dict)  # id(container) -> comments before `}`
    rest: list[str] = field(default_factory=list)  # comments after the app


def format_source(text: str, file: str = "<input>") -> str | None:
    """The formatted text, or None when the tree would not say everything the text says: a syntax
    error, an item given twice, a bad escape (fmt never guesses, and never drops what it cannot print)."""
    parsed = parse(text, file)
    if parsed.app is None or not parsed.exact:
        return None
    return format_app(parsed.app, parsed.comments)


def format_app(app: ast.App, comments: tuple[ast.Comment, ...] = ()) -> str:
    """Print a tree in the canonical layout, putting the given comments back."""
    attached = _attach(app, comments)
    printer = _Printer(attached)
    printer.app(app)
    for comment in attached.rest:
        printer.emit(0, _comment(comment))
    return "\n".join(printer.lines) + "\n"


# --- comment attachment ------------------------------------------------------------------


def _units(app: ast.App) -> Iterator[tuple[ast.Node, ast.Node | None]]:
    """Every statement node in source order, with the container whose `}` closes after it."""
    yield app, None
    for item in (app.description, app.app_id):
        if item is not None:
            yield item, app
    for custom in (*app.status_groups, *app.fields, *app.computed):
        yield custom, app
    for module in app.modules:
        yield module, app
        for part in _module_items(module):
            yield part, module


def _module_items(module: ast.Module) -> list[ast.Node]:
    items: list[ast.Node] = []
    if module.description is not None:
        items.append(module.description)
    items += [*module.config, *module.settings, *module.fields, *module.computed]
    if module.data is not None:
        items.append(module.data)
    items += [*module.views, *module.texts]
    return items


def _attach(app: ast.App, comments: tuple[ast.Comment, ...]) -> _Attached:
    attached = _Attached()
    units = sorted(_units(app), key=lambda u: u[0].span.start)
    containers = [app, *app.modules]
    for comment in comments:
        text = comment.text
        pos = comment.span.start
        same_line = [
            u
            for u, _ in units
            if u.span.end_line == comment.span.line and u.span.end <= pos and not isinstance(u, ast.App | ast.Module)
        ]
        if same_line:
            attached.trailing[id(max(same_line, key=lambda u: u.span.end))] = text
            continue
        following = next((u for u, _ in units if u.span.start > pos), None)
        enclosing = [c for c in containers if c.span.start < pos < c.span.end]
        inner = enclosing[-1] if enclosing else None
        if following is not None and (inner is None or following.span.start < inner.span.end):
            attached.leading.setdefault(id(following), []).append(text)
        elif inner is not None:
            attached.closing.setdefault(id(inner), []).append(text)
        else:
            attached.rest.append(text)
    return attached


# --- printing ----------------------------------------------------------------------------


class _Printer:
    def __init__(self, attached: _Attached) -> None:
        self.attached = attached
        self.lines: list[str] = []

    def emit(self, depth: int, line: str) -> None:
        self.lines.append(INDENT * depth + line if line else "")

    def blank(self) -> None:
        """A separating blank line, never doubled and never right after an opening brace."""
        if self.lines and self.lines[-1] != "" and not self.lines[-1].endswith("{"):
            self.lines.append("")

    def comments_before(self, node: ast.Node, depth: int) -> None:
        for text in self.attached.leading.get(id(node), []):
            self.emit(depth, _comment(text))

    def statement(self, node: ast.Node, depth: int, lines: list[str]) -> None:
        """Emit a node's lines, with its leading comments above and trailing one after."""
        self.comments_before(node, depth)
        for line in lines[:-1]:
            self.emit(depth, line)
        last = lines[-1]
        trailing = self.attached.trailing.get(id(node))
        self.emit(depth, last + ("  " + _comment(trailing) if trailing is not None else ""))

    def close(self, container: ast.Node, depth: int) -> None:
        for text in self.attached.closing.get(id(container), []):
            self.emit(depth + 1, _comment(text))
        self.emit(depth, "}")

    def app(self, app: ast.App) -> None:
        self.statement(app, 0, [f"app {quote(app.name.value)} {{"])
        if app.description is not None:
            self.statement(app.description, 1, [f"description {quote(app.description.value)}"])
        if app.app_id is not None:
            self.statement(app.app_id, 1, [f"id {quote(app.app_id.value)}"])
        if app.scope_style is ast.ScopeStyle.GRANULAR:
            self.emit(1, "scopes granular")
        if app.status_groups:
            self.blank()
            for group in app.status_groups:
                self.statement(group, 1, [status_group_text(group)])
        if app.fields or app.computed:
            self.blank()
            for custom in app.fields:
                self.statement(custom, 1, [_field_decl(custom)])
            for computed in app.computed:
                self.statement(computed, 1, [computed_text(computed)])
        for module in app.modules:
            self.blank()
            self.module(module, 1)
        self.close(app, 0)

    def module(self, module: ast.Module, depth: int) -> None:
        header = f"{module.kind.value} {module.key.value} {quote(module.title.value)} {{"
        self.statement(module, depth, [header])
        inner = depth + 1
        if module.description is not None:
            self.statement(module.description, inner, [f"description {quote(module.description.value)}"])
        for word, params in (("config", module.config), ("settings", module.settings)):
            if params:
                self.emit(inner, f"{word} {{")
                for param in params:
                    self.statement(param, inner + 1, [_param(param)])
                self.emit(inner, "}")
        for custom in module.fields:
            self.statement(custom, inner, [_field_decl(custom)])
        for computed in module.computed:
            self.statement(computed, inner, [computed_text(computed)])
        if module.data is not None:
            self.statement(module.data, inner, _data(module.data))
        for view in module.views:
            self.statement(view, inner, _view(view, inner))
        for text in module.texts:
            self.statement(text, inner, [f"{text.kind.value} {quote(text.text.value)}"])
        self.close(module, depth)


def _comment(text: str) -> str:
    return "#" + text


def _field_decl(custom: ast.CustomField) -> str:
    unit = f" unit {quote(custom.unit.value)}" if custom.unit is not None else ""
    return f"field {custom.name.value}: {custom.type.value} = {custom.jira_id.value}{unit}"


def computed_text(computed: ast.ComputedField) -> str:
    """``field age = now() - created``."""
    return f"field {computed.name.value} = {expr_text(computed.expr)}"


def _quantity(quantity: ast.Quantity) -> str:
    amount = canonical(quantity.amount.raw)
    word = quantity.unit.value
    return f"{amount} {word[:-1] if amount in ('1', '-1') else word}"


def status_group_text(group: ast.StatusGroup) -> str:
    return f"statuses {group.name.value} = {', '.join(quote(s.value) for s in group.statuses)}"


def _status_list(statuses: ast.StatusSet) -> str:
    return ", ".join(quote(i.value) if isinstance(i, ast.Text) else i.value for i in statuses.items)


def _history_text(expr: ast.StatusEvent | ast.TimeIn) -> str:
    """``last entered(done)``, ``time in active``, ``time in ("In Progress", "In Review")``."""
    if isinstance(expr, ast.StatusEvent):
        which = f"{expr.which.value} " if expr.which is not None else ""
        return f"{which}{expr.event.value}({_status_list(expr.statuses)})"
    if expr.statuses is None:
        return f"{expr.word.value} in current status"
    listed = _status_list(expr.statuses)
    return f"{expr.word.value} in " + (listed if len(expr.statuses.items) == 1 else f"({listed})")


def expr_text(expr: ast.Expr) -> str:
    """An expression with the fewest brackets that keep its tree: ``(a + b) * c``, ``a - (b - c)``."""
    if isinstance(expr, ast.FieldRef):
        return expr.name.value
    if isinstance(expr, ast.StatusEvent | ast.TimeIn):
        return _history_text(expr)
    if isinstance(expr, ast.Call):
        return f"{expr.function.value}()"
    if isinstance(expr, ast.Number):
        return canonical(expr.raw)
    if isinstance(expr, ast.Quantity):
        return _quantity(expr)
    if isinstance(expr, ast.Negate):
        inner = expr_text(expr.operand)
        plain = isinstance(expr.operand, ast.FieldRef | ast.Call)
        return "-" + (inner if plain else f"({inner})")
    left, right = expr_text(expr.left), expr_text(expr.right)
    if isinstance(expr.left, ast.Binary) and expr.left.op.precedence < expr.op.precedence:
        left = f"({left})"
    if isinstance(expr.right, ast.Binary) and expr.right.op.precedence <= expr.op.precedence:
        right = f"({right})"
    return f"{left} {expr.op.value} {right}"


def _operand(operand: ast.Expr | ast.Text) -> str:
    return quote(operand.value) if isinstance(operand, ast.Text) else expr_text(operand)


def condition_text(condition: ast.Condition) -> str:
    """A highlight condition: ``not`` binds tightest, then ``and``, then ``or``; brackets only where needed."""
    if isinstance(condition, ast.Comparison):
        return f"{_operand(condition.left)} {condition.op.value} {_operand(condition.right)}"
    if isinstance(condition, ast.IsEmpty):
        return f"{expr_text(condition.operand)} is {'not ' if condition.negated else ''}empty"
    if isinstance(condition, ast.Not):
        inner = condition_text(condition.operand)
        return "not " + (f"({inner})" if isinstance(condition.operand, ast.AllOf | ast.AnyOf) else inner)
    if isinstance(condition, ast.AllOf):
        return " and ".join(
            f"({condition_text(p)})" if isinstance(p, ast.AnyOf) else condition_text(p) for p in condition.parts
        )
    return " or ".join(condition_text(p) for p in condition.parts)


def literal_text(value: ast.Literal) -> str:
    """A literal as the spec writes it: ``"text"``, ``20``, ``2.5``, ``0.00001``, ``true``."""
    if isinstance(value, ast.Text):
        return quote(value.value)
    if isinstance(value, ast.Boolean):
        return "true" if value.value else "false"
    return canonical(value.raw)


def param_text(param: ast.Param) -> str:
    """A parameter without its name: ``number = 20 "Rows to show"`` (also what the differ compares)."""
    kind = param.type.kind.value
    text = kind + ("(" + ", ".join(quote(o.value) for o in param.type.options) + ")" if kind == "select" else "")
    if param.optional:
        text = "optional " + text
    if isinstance(param.default, ast.SettingRef):
        text += f" = {{settings.{param.default.name.value}}}"
    elif param.default is not None:
        text += f" = {literal_text(param.default)}"
    if param.label is not None:
        text += f" {quote(param.label.value)}"
    return text


def _param(param: ast.Param) -> str:
    return f"{param.name.value}: {param_text(param)}"


def limit_text(limit: ast.Limit) -> str:
    """``50`` or ``{rows}``."""
    return "{" + limit.name.value + "}" if isinstance(limit, ast.ParamRef) else literal_text(limit)


def _limit(limit: ast.Limit | None) -> list[str]:
    return [] if limit is None else [f"{INDENT}limit {limit_text(limit)}"]


def _data(source: ast.DataSource) -> list[str]:
    if isinstance(source, ast.IssuesSource):
        lines = [f"issues where {quote(source.jql.text.value)}"]
        if source.order:
            keys = ", ".join(f"{k.field.value} {k.direction.value}" for k in source.order)
            lines.append(f"{INDENT}order by {keys}")
        return lines + _limit(source.limit)
    if isinstance(source, ast.WorklogsSource):
        return [f"worklogs of issues where {quote(source.jql.text.value)}", *_limit(source.limit)]
    if isinstance(source, ast.StatusPeriodsSource):
        return [f"status periods of issues where {quote(source.jql.text.value)}", *_limit(source.limit)]
    if isinstance(source, ast.SprintsSource | ast.VersionsSource | ast.BurndownSource):
        return [agile_text(source)]
    word = "projects" if isinstance(source, ast.ProjectsSource) else "filters"
    limit = _limit(source.limit)
    return [word + (" " + limit[0].strip() if limit else "")]


def agile_text(source: ast.SprintsSource | ast.VersionsSource | ast.BurndownSource) -> str:
    """``sprints of board {board} last 6 closed measure sum(story_points)``, ``burndown of active sprint of board
    {board}`` or ``versions of project {project} unreleased``, on one line."""
    measure = f" measure {_aggregate(source.measure)}" if source.measure is not None else ""
    if isinstance(source, ast.BurndownSource):
        return f"burndown of {source.sprint.value} sprint of board {{{source.board.name.value}}}{measure}"
    if isinstance(source, ast.SprintsSource):
        return f"sprints of board {{{source.board.name.value}}} last {limit_text(source.last)} closed{measure}"
    project = (
        "{context.project}" if isinstance(source.project, ast.ContextProject) else f"{{{source.project.name.value}}}"
    )
    state = f" {source.state.value}" if source.state is not None else ""
    return f"versions of project {project}{state}{measure}"


def _column(column: ast.Column) -> str:
    heading = f" {quote(column.heading.value)}" if column.heading else ""
    return column.field.value + heading + (f" in {column.unit.value}" if column.unit else "")


def _highlight(view: ast.TableView | ast.ListView) -> str:
    rule = view.highlight
    if rule is None:
        return ""
    label = f" {quote(rule.label.value)}" if rule.label is not None else ""
    return f" highlight{label} when {condition_text(rule.condition)}"


def view_text(view: ast.View) -> str:
    """A view on one line: ``bar chart "By status" { x status y count }`` (the differ compares these)."""
    if isinstance(view, ast.TableView | ast.ListView):
        word = "table" if isinstance(view, ast.TableView) else "list"
        columns = ", ".join(_column(c) for c in _columns(view))
        return f"{word}{_title(view)} {{ {columns} }}{_grouping(view)}{_highlight(view)}{_suffix(view)}"
    if isinstance(view, ast.ChartView | ast.PivotView):
        return f"{_head(view)} {{ {' '.join(_clauses(view))} }}{_suffix(view)}"
    return f"metric{_title(view)} {{ value {_measure(view.value)} }}{_suffix(view)}"


def _head(view: ast.ChartView | ast.PivotView) -> str:
    return f"{view.kind.value} chart{_title(view)}" if isinstance(view, ast.ChartView) else f"pivot{_title(view)}"


def _clauses(view: ast.ChartView | ast.PivotView) -> list[str]:
    """The clauses inside a chart's or pivot's braces, each of which may stand on a line of its own."""
    if isinstance(view, ast.PivotView):
        value = f"value {_measure(view.value)}"
        return [f"rows {group_text(view.rows)}", f"columns {group_text(view.columns)}", value]
    x_word, y_word = ("slice", "value") if view.kind.is_radial else ("x", "y")
    series = ", ".join(_series(s) for s in view.y)
    clauses = [f"{x_word} {group_text(view.x)}", f"{y_word} {'cumulative ' if view.cumulative else ''}{series}"]
    return clauses + ([f"split {view.split.value}"] if view.split is not None else [])


def group_text(key: ast.GroupKey) -> str:
    """``assignee``, ``created by week``, ``created, resolved by week``."""
    names = ", ".join(n.value for n in key.fields)
    return names + (f" by {key.bucket.value}" if key.bucket else "")


def _columns(view: ast.TableView | ast.ListView) -> tuple[ast.Column, ...]:
    return view.columns if isinstance(view, ast.TableView) else view.items


def _series(series: ast.Series) -> str:
    label = f" {quote(series.label.value)}" if series.label is not None else ""
    return _aggregate(series.aggregate) + label + _unit(series.aggregate)


def _measure(aggregate: ast.Aggregate) -> str:
    """A metric's or pivot's value: the aggregate and the unit it is shown in."""
    return _aggregate(aggregate) + _unit(aggregate)


def _unit(aggregate: ast.Aggregate) -> str:
    return f" in {aggregate.unit.value}" if aggregate.unit is not None else ""


def _aggregate(aggregate: ast.Aggregate) -> str:
    if aggregate.field is None:
        return aggregate.function.value
    if aggregate.percent is not None:
        return f"{aggregate.function.value}({aggregate.field.value}, {canonical(aggregate.percent.raw)})"
    return f"{aggregate.function.value}({aggregate.field.value})"


def _grouping(view: ast.TableView | ast.ListView) -> str:
    return f" group by {group_text(view.group)}" if view.group is not None else ""


def _suffix(view: ast.View) -> str:
    return f" when {{{view.when.name.value}}}" if view.when is not None else ""


def _title(view: ast.View) -> str:
    return f" {quote(view.title.value)}" if view.title is not None else ""


def _view(view: ast.View, depth: int) -> list[str]:
    one_line = view_text(view)
    if isinstance(view, ast.MetricView) or len(INDENT * depth + one_line) <= MAX_WIDTH:
        return [one_line]
    if isinstance(view, ast.ChartView | ast.PivotView):
        return [f"{_head(view)} {{", *(INDENT + c for c in _clauses(view)), f"}}{_suffix(view)}"]
    word = "table" if isinstance(view, ast.TableView) else "list"
    columns = (f"{INDENT}{_column(c)}," for c in _columns(view))
    return [f"{word}{_title(view)} {{", *columns, f"}}{_grouping(view)}{_highlight(view)}{_suffix(view)}"]
