// The shape of the app's plan (src/app.js), as JSDoc types for the runtime and the frontends.
//
// These typedefs mirror the Python dataclasses in compiler/plan_types.py that produce the data: each typedef
// has the name of its dataclass and one property per field the app carries (snake_case there, camelCase here).
// Change one side and change the other: tests/runtime/test_plan_types.py compares them.

/**
 * @typedef {object} Plan
 * @property {number} budgetMs how long one load may keep requesting further pages
 * @property {SettingsStore | null} store where the app settings live, when the app has any
 * @property {PlannedModule[]} modules
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
 * @property {string} type text | number | boolean | date | project | user | filter | jql | select
 * @property {string} label
 * @property {string | number | boolean | null} default
 * @property {string[]} options a select parameter's choices
 */

/**
 * @typedef {object} Picker
 * @property {string} param
 * @property {string} type project | filter
 * @property {string} operation
 * @property {number} pageSize
 * @property {number} queryChars the typed text is cut to this length
 */

/**
 * @typedef {object} PlannedData
 * @property {string} kind issues | worklogs | projects | filters
 * @property {JqlPart[]} jql the query: literal text and values filled in at run time
 * @property {OrderTerm[]} order
 * @property {Limit} limit
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
 * @typedef {object} WorklogFetch
 * @property {'worklogs'} kind
 * @property {string} into
 * @property {string} search the issue search operation
 * @property {string} operation the worklog operation
 * @property {string[]} issueFields
 * @property {number} pageSize issues per search page
 * @property {number} worklogPageSize
 * @property {number} issueCap at most this many issues have their worklogs read
 * @property {WorklogConditions} conditions which worklogs become rows
 */

/**
 * @typedef {object} ListFetch
 * @property {'projects' | 'filters'} kind
 * @property {string} into
 * @property {string} operation
 * @property {string[]} expand
 * @property {number} pageSize
 */

/** @typedef {SearchFetch | CountFetch | WorklogFetch | ListFetch} Fetch */

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
 * @typedef {object} PlannedColumn
 * @property {string} field
 * @property {string} heading
 * @property {string} type
 */

/**
 * @typedef {object} PlannedTable
 * @property {'table'} kind
 * @property {string} source
 * @property {string | null} title
 * @property {string | null} when a boolean parameter that shows or hides the view
 * @property {PlannedColumn[]} columns
 */

/**
 * @typedef {object} PlannedList
 * @property {'list'} kind
 * @property {string} source
 * @property {string | null} title
 * @property {string | null} when
 * @property {PlannedColumn[]} columns
 */

/**
 * @typedef {object} PlannedChart
 * @property {'chart'} kind
 * @property {string} source
 * @property {string | null} title
 * @property {string | null} when
 * @property {string} chart bar | horizontal bar | line | pie | donut
 * @property {string} x
 * @property {string} xType
 * @property {string | null} bucket
 * @property {string} aggregate count | sum | avg | min | max
 * @property {string | null} field
 * @property {string | null} fieldType
 */

/**
 * @typedef {object} PlannedMetric
 * @property {'metric'} kind
 * @property {string} source rows, or count (the number of matching issues)
 * @property {string | null} title
 * @property {string | null} when
 * @property {string} aggregate
 * @property {string | null} field
 * @property {string | null} fieldType
 */

/** @typedef {PlannedTable | PlannedList | PlannedChart | PlannedMetric} PlannedView */

export {};
