// The shape of the app's plan (src/app.js), as JSDoc types for the runtime and the frontends.
//
// These typedefs mirror the Python dataclasses in compiler/plan_types.py that produce the data: each typedef
// has the name of its dataclass and one property per field the app carries (snake_case there, camelCase here).
// Change one side and change the other: tests/runtime/test_plan_types.py compares them.

/**
 * @typedef {object} Plan
 * @property {LoadBudget} budget what one load may spend
 * @property {SettingsStore | null} store where the app settings live, when the app has any
 * @property {PlannedModule[]} modules
 */

/**
 * @typedef {object} LoadBudget
 * @property {number} timeMs how long one load may keep asking Jira
 * @property {number} points Jira points one load may spend (1 per request, 1 per item returned)
 * @property {number} concurrency requests in flight at once at most
 * @property {number} perSecond requests a second to one operation at most
 * @property {RateLimit[]} rates operations allowed another rate
 */

/**
 * @typedef {object} RateLimit
 * @property {string} operation
 * @property {number} perSecond
 */

/**
 * @typedef {object} SettingsStore
 * @property {string} storageKey the Forge storage key holding every setting
 * @property {PlannedParam[]} params
 * @property {string[]} editors the modules whose page reads and saves the settings
 */

/**
 * @typedef {object} PlannedModule
 * @property {string} key
 * @property {string} kind gadget | issue_panel | project_page | global_page | admin_page
 * @property {string} hostKey the Forge module that shows it (pages of one kind share one, as tabs)
 * @property {string} title
 * @property {ModuleTexts} texts
 * @property {PlannedParam[]} config
 * @property {PlannedParam[]} settings the app settings this module's page edits
 * @property {Picker[]} pickers
 * @property {PlannedData | null} data
 * @property {Fetch[]} fetches
 * @property {PlannedField[]} fields the row fields its views read
 * @property {PlannedComputed[]} computed computed fields, worked out for every row in this order
 * @property {PlannedView[]} views
 */

/**
 * @typedef {object} ModuleTexts
 * @property {string} loading
 * @property {string} empty
 * @property {string} error
 */

/**
 * @typedef {object} PlannedParam
 * @property {string} name
 * @property {string} type text | number | boolean | date | project | user | filter | board | jql | select
 * @property {string} label
 * @property {string | number | boolean | null} default
 * @property {string | null} defaultSetting the app setting a value never set (or set empty) takes instead
 * @property {boolean} optional whether it may be left empty (its query condition is then left out)
 * @property {string[]} options a select parameter's choices
 */

/**
 * @typedef {object} Picker
 * @property {string} param
 * @property {string} type project | filter | board
 * @property {string} operation
 * @property {number} pageSize
 * @property {number} queryChars the typed text is cut to this length
 */

/**
 * @typedef {object} PlannedData
 * @property {string} kind issues | worklogs | projects | filters
 * @property {JqlPart[]} jql the query: literal text and values filled in at run time
 * @property {PlannedTerm[]} terms its top-level AND operands, when some are optional (else empty)
 * @property {IssueRead | null} issue the viewed issue's fields the query uses
 * @property {OrderTerm[]} order
 * @property {Limit} limit
 */

/**
 * @typedef {object} PlannedTerm
 * @property {JqlPart[]} parts
 * @property {PlannedValue[]} optional the values whose emptiness leaves the operand out
 */

/**
 * @typedef {object} IssueRead
 * @property {string} operation
 * @property {string[]} fields the fields asked for
 * @property {PlannedField[]} values each field, where it is in the issue and its type
 */

/**
 * @typedef {object} PlannedText
 * @property {'text'} kind
 * @property {string} text
 */

/**
 * @typedef {object} PlannedValue
 * @property {'value'} kind
 * @property {string} source param | settings | context
 * @property {string} name
 * @property {string} type how the value is checked and quoted
 * @property {string} label how messages name it
 * @property {string[]} options
 */

/** @typedef {PlannedText | PlannedValue} JqlPart */

/**
 * @typedef {object} OrderTerm
 * @property {string} jql
 * @property {string} direction ASC | DESC
 */

/**
 * @typedef {object} FixedLimit
 * @property {'fixed'} kind
 * @property {number} value
 */

/**
 * @typedef {object} ParamLimit
 * @property {'param'} kind
 * @property {string} param
 * @property {string} label
 * @property {number} min
 * @property {number} max
 */

/** @typedef {FixedLimit | ParamLimit} Limit */

/**
 * @typedef {object} SearchFetch
 * @property {'search'} kind
 * @property {string} into the result the views read
 * @property {string} operation
 * @property {string[]} fields
 * @property {number} pageSize
 */

/**
 * @typedef {object} CountFetch
 * @property {'count'} kind
 * @property {string} into
 * @property {string} operation
 */

/**
 * @typedef {object} ScanFetch
 * @property {'scan'} kind
 * @property {string} into
 * @property {string} operation
 * @property {string[]} fields only those the charts and metrics read
 * @property {number} pageSize
 * @property {string} sliceField a date every issue has, by which the query is cut into slices
 * @property {number} sliceIssues a slice aims at this many issues
 */

/**
 * @typedef {object} RangeGroups
 * @property {'range'} kind
 * @property {string} operation the search that finds the first and last date
 * @property {boolean} dateOnly the field is a day without a time
 * @property {number} maxGroups buckets counted at most (the most recent)
 */

/**
 * @typedef {object} DiscoveredGroups
 * @property {'discover'} kind
 * @property {string} operation the search that finds the values
 * @property {number} pageSize
 * @property {number} maxGroups
 */

/**
 * @typedef {object} ReferenceGroups
 * @property {'reference'} kind
 * @property {string} source the reader of the reference list
 * @property {string} operation
 * @property {number} maxGroups
 */

/**
 * @typedef {object} ProjectGroups
 * @property {'projects'} kind
 * @property {string} source the reader of each project's list
 * @property {string} operation
 * @property {string} search the search that finds the projects
 * @property {number} pageSize
 * @property {number} maxProjects
 * @property {number} maxGroups
 */

/** @typedef {RangeGroups | DiscoveredGroups | ReferenceGroups | ProjectGroups} GroupValues */

/**
 * @typedef {object} GroupFetch
 * @property {'groups'} kind
 * @property {string} into
 * @property {string} operation
 * @property {string} field the row field whose groups are counted
 * @property {string} type
 * @property {string} clause how JQL names the field
 * @property {string[]} fields what the searches for its groups ask for
 * @property {string[]} read where its value is in each issue
 * @property {string | null} bucket
 * @property {boolean} multi an issue can have several values
 * @property {boolean} nullable an issue can have none
 * @property {GroupValues} values where the groups come from
 */

/**
 * @typedef {object} CellFetch
 * @property {'cells'} kind
 * @property {string} into
 * @property {string} operation
 * @property {GroupFetch} rows how the row groups are found and counted
 * @property {GroupFetch} columns how the column groups are found and counted
 */

/**
 * @typedef {object} WorklogFetch
 * @property {'worklogs'} kind
 * @property {string} into
 * @property {string} search the issue search operation
 * @property {string} operation the worklog operation
 * @property {string[]} issueFields
 * @property {number} pageSize issues per search page
 * @property {number} worklogPageSize
 * @property {WorklogConditions} conditions which worklogs become rows
 */

/**
 * @typedef {object} HistoryFetch issues with their status histories, as stints or as issues with history measures
 * @property {'statusPeriods' | 'issueHistories'} kind
 * @property {string} into
 * @property {string} search the issue search operation
 * @property {string} histories the bulk history operation
 * @property {string | null} statuses the status list operation, when a view shows the category
 * @property {string[]} issueFields
 * @property {number} pageSize issues per search page
 * @property {HistoryPaging} paging how the histories are read
 * @property {boolean} newestFirst in order of creation, newest first (else the module's order)
 */

/**
 * @typedef {object} HistoryPaging
 * @property {number} issuesPerCall
 * @property {number} pageSize changes per page
 */

/**
 * @typedef {object} ListFetch
 * @property {'projects' | 'filters'} kind
 * @property {string} into
 * @property {string} operation
 * @property {string[]} expand
 * @property {number} pageSize
 * @property {boolean} all whether every item is read (a chart or metric needs them)
 */

/**
 * What a sprint's work is measured in: a count (field null), or a number or duration field's value.
 * @typedef {object} WorkMeasure
 * @property {string | null} field the Jira field id
 * @property {string} type number | duration
 */

/**
 * A board's last closed sprints (the module's limit says how many), with the work committed and completed.
 * @typedef {object} SprintFetch
 * @property {'sprints'} kind
 * @property {string} into
 * @property {string} board the board parameter
 * @property {string} operation
 * @property {number} sprintPage
 * @property {string} issuesOperation
 * @property {number} issuePage
 * @property {string[]} issueFields
 * @property {string} fieldsOperation
 * @property {string} historiesOperation
 * @property {HistoryPaging} paging
 * @property {WorkMeasure} measure
 * @property {string | null} days null: one row per sprint; active | last closed: one row per day of that sprint
 */

/**
 * A project's versions with the work of their issues done, remaining and in total.
 * @typedef {object} VersionFetch
 * @property {'versions'} kind
 * @property {string} into
 * @property {string | null} project the project parameter, or null for the module's own project
 * @property {string | null} state released | unreleased | null (both)
 * @property {number} most
 * @property {string} operation
 * @property {string} countOperation
 * @property {string} searchOperation
 * @property {number} pageSize
 * @property {WorkMeasure} measure
 */

/** @typedef {SearchFetch | CountFetch | ScanFetch | GroupFetch | CellFetch | WorklogFetch | HistoryFetch | ListFetch | SprintFetch | VersionFetch} Fetch */

/**
 * @typedef {object} WorklogConditions
 * @property {AuthorCondition[]} authors
 * @property {DateCondition[]} dates
 */

/**
 * @typedef {object} AuthorCondition
 * @property {boolean} exclude
 * @property {UserRef[]} users
 */

/**
 * @typedef {object} DateCondition
 * @property {string} op = | != | > | >= | < | <=
 * @property {DayValue} day
 */

/**
 * @typedef {object} CurrentUserRef
 * @property {'currentUser'} kind
 */

/**
 * @typedef {object} AccountRef
 * @property {'account'} kind
 * @property {string} account
 */

/** @typedef {CurrentUserRef | AccountRef | PlannedValue} UserRef */

/**
 * @typedef {object} DateShift
 * @property {number} amount
 * @property {string} unit y | M | w | d | h | m
 */

/**
 * @typedef {object} DayRef
 * @property {'day'} kind
 * @property {string} day
 */

/**
 * @typedef {object} ShiftRef
 * @property {'shift'} kind
 * @property {DateShift} shift
 */

/**
 * @typedef {object} FunctionRef
 * @property {'function'} kind
 * @property {string} name
 * @property {DateShift | null} offset
 */

/** @typedef {DayRef | ShiftRef | FunctionRef | PlannedValue} DayValue */

/**
 * @typedef {object} PlannedField
 * @property {string} name
 * @property {string} type
 * @property {string[]} read where the value is in the item a fetch yields
 */

/**
 * @typedef {object} PlannedFieldRef
 * @property {'field'} kind
 * @property {string} field
 * @property {string} type
 */

/**
 * @typedef {object} PlannedNumber
 * @property {'number'} kind
 * @property {number} value a duration in seconds
 * @property {string} type number | duration
 */

/**
 * @typedef {object} PlannedClock
 * @property {'clock'} kind
 * @property {string} name now | today
 * @property {string} type datetime | date
 */

/**
 * @typedef {object} PlannedNegate
 * @property {'negate'} kind
 * @property {PlannedExpr} operand
 * @property {string} type
 */

/**
 * @typedef {object} PlannedBinary
 * @property {'binary'} kind
 * @property {string} op + | - | * | /
 * @property {PlannedExpr} left
 * @property {PlannedExpr} right
 * @property {string} type the type of the result
 */

/**
 * @typedef {object} PlannedHistory a measure over the row's status history
 * @property {'history'} kind
 * @property {'entered' | 'left' | 'time' | 'transitions' | 'current'} measure
 * @property {boolean} last the last time (entered, left), not the first
 * @property {string[]} statuses status names, compared ignoring case
 * @property {string[]} categories status category keys (new, indeterminate, done)
 * @property {string} type
 */

/** @typedef {PlannedFieldRef | PlannedNumber | PlannedClock | PlannedNegate | PlannedBinary | PlannedHistory} PlannedExpr */

/**
 * @typedef {object} PlannedComputed
 * @property {string} name
 * @property {string} type
 * @property {PlannedExpr} expr
 */

/**
 * @typedef {object} PlannedString
 * @property {'string'} kind
 * @property {string} value
 */

/**
 * @typedef {PlannedFieldRef | PlannedNumber | PlannedClock | PlannedNegate | PlannedBinary | PlannedHistory | PlannedString} PlannedOperand
 *   a side of a comparison: a calculation or a text
 */

/**
 * @typedef {object} PlannedCompare
 * @property {'compare'} kind
 * @property {string} op = | != | < | <= | > | >=
 * @property {PlannedOperand} left
 * @property {PlannedOperand} right
 */

/**
 * @typedef {object} PlannedIsEmpty
 * @property {'empty'} kind
 * @property {PlannedExpr} operand
 * @property {boolean} negated
 */

/**
 * @typedef {object} PlannedNot
 * @property {'not'} kind
 * @property {PlannedCondition} operand
 */

/**
 * @typedef {object} PlannedAll
 * @property {'all'} kind
 * @property {PlannedCondition[]} parts
 */

/**
 * @typedef {object} PlannedAny
 * @property {'any'} kind
 * @property {PlannedCondition[]} parts
 */

/** @typedef {PlannedCompare | PlannedIsEmpty | PlannedNot | PlannedAll | PlannedAny} PlannedCondition */

/**
 * @typedef {object} PlannedHighlight
 * @property {string | null} label shown on the rows it marks
 * @property {PlannedCondition} condition
 */

/**
 * @typedef {object} PlannedColumn
 * @property {string} field
 * @property {string} heading
 * @property {string} type
 * @property {string | null} unit minutes | hours | days | weeks for a duration (null: hours and minutes), a number
 *   field's unit label
 */

/**
 * @typedef {object} PlannedSeries
 * @property {string} label what its legend (or a grouped table's summary) calls it
 * @property {string} x the field its rows are grouped by
 * @property {string} aggregate count | sum | avg | min | max | median | percentile | distinct
 * @property {string | null} field
 * @property {string | null} fieldType
 * @property {number | null} percent a percentile's
 * @property {string | null} unit a duration's unit (null: hours), or a number field's unit label
 * @property {string[]} sources the results it can be computed from, cheapest first
 */

/**
 * @typedef {object} PlannedAxis
 * @property {string} field
 * @property {string} type
 * @property {string | null} bucket
 * @property {string} heading
 */

/**
 * @typedef {object} PlannedGrouping
 * @property {PlannedAxis} by
 * @property {PlannedSeries[]} summary the count of each group, then the sum of each number or duration column
 */

/**
 * @typedef {object} PlannedTable
 * @property {'table'} kind
 * @property {string[]} sources
 * @property {string | null} title
 * @property {string | null} when a boolean parameter that shows or hides the view
 * @property {PlannedColumn[]} columns
 * @property {PlannedHighlight | null} highlight
 * @property {PlannedGrouping | null} group
 */

/**
 * @typedef {object} PlannedList
 * @property {'list'} kind
 * @property {string[]} sources
 * @property {string | null} title
 * @property {string | null} when
 * @property {PlannedColumn[]} columns
 * @property {PlannedHighlight | null} highlight
 * @property {PlannedGrouping | null} group
 */

/**
 * @typedef {object} PlannedChart
 * @property {'chart'} kind
 * @property {string | null} title
 * @property {string | null} when
 * @property {string} chart bar | horizontal bar | stacked bar | stacked horizontal bar | line | pie | donut
 * @property {string} xType
 * @property {string | null} bucket
 * @property {PlannedSeries[]} series
 * @property {PlannedAxis | null} split the field whose values each get the one series
 * @property {boolean} cumulative
 */

/**
 * @typedef {object} PlannedMetric
 * @property {'metric'} kind
 * @property {string[]} sources as for a series; a count reads the fetch's total
 * @property {string | null} title
 * @property {string | null} when
 * @property {string} aggregate
 * @property {string | null} field
 * @property {string | null} fieldType
 * @property {number | null} percent
 * @property {string | null} unit as a series'
 */

/**
 * @typedef {object} PlannedPivot
 * @property {'pivot'} kind
 * @property {string[]} sources as for a series
 * @property {string | null} title
 * @property {string | null} when
 * @property {PlannedAxis} rows
 * @property {PlannedAxis} columns
 * @property {string} aggregate
 * @property {string | null} field
 * @property {string | null} fieldType
 * @property {number | null} percent
 * @property {string | null} unit as a series'
 */

/** @typedef {PlannedTable | PlannedList | PlannedChart | PlannedMetric | PlannedPivot} PlannedView */

export {};
