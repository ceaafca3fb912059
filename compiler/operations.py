"""The Jira REST operations that forgewright-generated apps call, resolved through the scope table.

Each constant is looked up when this module is imported, so a typo, or an endpoint Atlassian removes from
its OpenAPI documents, fails at import (and in the tests) instead of producing an app with a wrong manifest.
The catalogue is deliberately small: every entry widens what a generated app may ask a user to consent to.

Choices, checked against the vendored documents (vendor/jira-openapi/):

* Issue search uses ``GET /rest/api/3/search/jql``. The older ``/rest/api/3/search`` (GET and POST) is
  marked deprecated and is being removed, so it is not catalogued. ``POST /rest/api/3/search/jql`` exists
  too, with the same classic scope (``read:jira-work``) but a different granular set; add it only if
  generated apps ever need JQL too long for a query string.
* ``/search/jql`` returns no total; ``POST /rest/api/3/search/approximate-count`` gives one, and the data
  engine counts every chart group with it.
* The engine's own searches (slices of a query, the first and last date of a range, finding the values of a
  field) add clauses to the spec's query, so they send it in the body: ``POST /rest/api/3/search/jql``.
* Fixed value sets come from reference lists that need only read scopes: ``/statuscategory`` and
  ``/resolution/search`` (``/resolution`` is deprecated). Components and versions are listed per project
  (``/project/{projectIdOrKey}/components`` and ``/versions``). Priorities, statuses and issue types are found
  in the matching issues instead: ``/priority`` is deprecated and ``/priority/search`` needs an administrator
  scope; ``/status`` and ``/issuetype`` list every status and type of every project on the site, which on a
  large site costs more points than finding the few a query has.
* Worklogs: a search with ``fields=worklog`` embeds each issue's first worklogs and their total;
  ``GET /rest/api/3/issue/{issueIdOrKey}/worklog`` reads the rest, only for issues that have more.
  ``/worklog/updated`` and ``/worklog/list`` are not used: they select worklogs by when they were last changed,
  not by the day they were logged for, so a worklog dated inside a period but last changed before it would be
  missed.
* Status periods need each status's category, which a history does not give: ``GET /rest/api/3/status`` lists
  them all, read once per load and only when a view shows the category (on a large site it is the one list of
  every status; the group counts above still avoid it).
* Issue histories: ``POST /rest/api/3/changelog/bulkfetch`` reads the changes of up to ten fields of up to
  1,000 issues a call, paged; ``expand=changelog`` on a search embeds at most 40 changes an issue and
  ``GET /rest/api/3/issue/{issueIdOrKey}/changelog`` costs a request per issue, so neither is catalogued.
* Agile data (Jira Software, ``/rest/agile/1.0``): ``/board`` lists the boards a user can see (for a board picker),
  ``/board/{boardId}/sprint?state=closed`` a board's closed sprints and ``/sprint/{sprintId}/issue`` the issues
  of one sprint. There is no velocity or sprint report endpoint, so the app works committed and completed work
  out from the sprint's issues and their histories (the sprint field's, whose id ``/rest/api/3/field`` gives:
  it differs between sites).
* Filters: ``GET /rest/api/3/filter/search`` lists the filters a user can see (for a picker) and
  ``GET /rest/api/3/filter/{id}`` resolves the one saved in a gadget configuration.
* No user-search operation: UI Kit's ``UserPicker`` searches users itself and hands the app account IDs,
  and ``User`` renders an account ID, so the app never calls ``/user/search`` or ``/user/picker``
  (both would add ``read:jira-user``). ``/rest/api/3/myself`` is left out for the same reason: the
  viewing user's account ID is in the product context, and JQL has ``currentUser()``.
* Avoided because they need the admin scope ``manage:jira-configuration``: ``/priority/search`` and
  ``/statuses/search`` (use ``/priority`` and ``/status`` if ever needed).

The platform operations need only the classic scope ``read:jira-work``. The agile ones have no classic scope at
all (Atlassian documents only granular ones for Jira Software), so an app with classic scopes asks for their
granular scopes beside ``read:jira-work`` (:func:`compiler.scope_table.required_scopes`); the pinned manifest
validator accepts such a mix and the scope linter is satisfied by it, which the toolchain tests prove. ``_check``
enforces that no operation is deprecated and none needs a ``manage:`` (administrator) scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from compiler.scope_table import JiraOperation, operation

SEARCH_ISSUES = operation("GET", "/rest/api/3/search/jql")
"""Issues matching a JQL query, paged with ``nextPageToken``; ask for the declared ``fields``."""

COUNT_ISSUES = operation("POST", "/rest/api/3/search/approximate-count")
"""Approximate number of issues matching a JQL query (``/search/jql`` has no total)."""

SEARCH_ISSUES_BODY = operation("POST", "/rest/api/3/search/jql")
"""The same search with the query in the body: the engine's slices, date ranges and value discovery."""

GET_ISSUE = operation("GET", "/rest/api/3/issue/{issueIdOrKey}")
"""One issue with the fields asked for: the viewed issue, whose fields an issue panel's query may use."""

ISSUE_WORKLOGS = operation("GET", "/rest/api/3/issue/{issueIdOrKey}/worklog")
"""Worklogs of one issue, for the issues whose search result did not embed all of them."""

STATUS_CATEGORIES = operation("GET", "/rest/api/3/statuscategory")
"""The status categories (To Do, In Progress, Done …): the groups of a chart by status category."""

RESOLUTIONS = operation("GET", "/rest/api/3/resolution/search")
"""The site's resolutions, page by page: the groups of a chart by resolution."""

PROJECT_COMPONENTS = operation("GET", "/rest/api/3/project/{projectIdOrKey}/components")
"""Every component of one project: the groups of a chart by component."""

PROJECT_VERSIONS = operation("GET", "/rest/api/3/project/{projectIdOrKey}/versions")
"""Every version of one project: the groups of a chart by fix or affected version."""

ISSUE_HISTORIES = operation("POST", "/rest/api/3/changelog/bulkfetch")
"""The changes of chosen fields (status, sprint …) of many issues at once, oldest first, page by page."""

STATUSES = operation("GET", "/rest/api/3/status")
"""Every status of the site with its category: what category each status in an issue's history belongs to."""

FIELDS = operation("GET", "/rest/api/3/field")
"""Every field of the site: which custom field is the Sprint field (its id differs between sites)."""

SEARCH_BOARDS = operation("GET", "/rest/agile/1.0/board")
"""Boards the viewing user can see, for a board picker in a configuration view."""

BOARD_SPRINTS = operation("GET", "/rest/agile/1.0/board/{boardId}/sprint")
"""A board's sprints in one state (closed), page by page, oldest first."""

SPRINT_ISSUES = operation("GET", "/rest/agile/1.0/sprint/{sprintId}/issue")
"""The issues of one sprint with the fields asked for, page by page."""

SEARCH_PROJECTS = operation("GET", "/rest/api/3/project/search")
"""Projects the viewing user can browse, for a project picker in a configuration view."""

SEARCH_FILTERS = operation("GET", "/rest/api/3/filter/search")
"""Saved filters visible to the viewing user, for a filter picker in a configuration view."""

GET_FILTER = operation("GET", "/rest/api/3/filter/{id}")
"""One saved filter (its JQL), to resolve the filter chosen in a gadget configuration."""

CATALOGUE: Mapping[str, JiraOperation] = MappingProxyType(
    {
        "SEARCH_ISSUES": SEARCH_ISSUES,
        "COUNT_ISSUES": COUNT_ISSUES,
        "SEARCH_ISSUES_BODY": SEARCH_ISSUES_BODY,
        "GET_ISSUE": GET_ISSUE,
        "ISSUE_WORKLOGS": ISSUE_WORKLOGS,
        "STATUS_CATEGORIES": STATUS_CATEGORIES,
        "RESOLUTIONS": RESOLUTIONS,
        "PROJECT_COMPONENTS": PROJECT_COMPONENTS,
        "PROJECT_VERSIONS": PROJECT_VERSIONS,
        "ISSUE_HISTORIES": ISSUE_HISTORIES,
        "STATUSES": STATUSES,
        "FIELDS": FIELDS,
        "SEARCH_BOARDS": SEARCH_BOARDS,
        "BOARD_SPRINTS": BOARD_SPRINTS,
        "SPRINT_ISSUES": SPRINT_ISSUES,
        "SEARCH_PROJECTS": SEARCH_PROJECTS,
        "SEARCH_FILTERS": SEARCH_FILTERS,
        "GET_FILTER": GET_FILTER,
    }
)
"""Every catalogued operation by constant name, in a stable order."""

ADMIN_SCOPE_PREFIX = "manage:"


def _check(catalogue: Mapping[str, JiraOperation]) -> None:
    """Refuse deprecated operations and administrator scopes: generated apps run as ordinary users."""
    for name, op in catalogue.items():
        if op.deprecated:
            raise RuntimeError(f"{name} ({op.key}) is deprecated in the Jira OpenAPI documents")
        admin = [scope for scope in op.classic if scope.startswith(ADMIN_SCOPE_PREFIX)]
        if admin:
            raise RuntimeError(f"{name} ({op.key}) needs administrator scopes {admin}")


_check(CATALOGUE)
