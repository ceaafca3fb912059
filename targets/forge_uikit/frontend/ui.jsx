// Shared UI Kit views: tables, lists, charts and metrics, with loading, empty and error states, and the tabs
// that show several pages of one kind. forgewright copies this file into every app unchanged; what a module
// shows is decided by its plan (src/app.js). Values arrive from the resolver already read out of Jira's answers.
import React, { useEffect, useState } from 'react';
import {
  BarChart,
  Box,
  DonutChart,
  DynamicTable,
  EmptyState,
  Heading,
  HorizontalBarChart,
  HorizontalStackBarChart,
  Inline,
  LineChart,
  Link,
  Lozenge,
  PieChart,
  SectionMessage,
  Spinner,
  Stack,
  StackBarChart,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  Text,
  User,
  UserGroup,
  useProductContext,
} from '@forge/react';
import { invoke } from '@forge/bridge';
import { shownDuration, shownNumber, shownValue, unitWords } from '../runtime/units.js';

/** @typedef {import('../runtime/plan-types.js').PlannedModule} PlannedModule */

const LOZENGE_BY_CATEGORY = { new: 'new', indeterminate: 'inprogress', done: 'success' };

export function formatDate(value) {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(String(value));
  const date = match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    return String(value);
  }
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return String(value);
  }
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function isBlank(value) {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export function sortValue(type, value) {
  if (isBlank(value)) {
    return '';
  }
  if (type === 'sprint' || type === 'release') {
    return value.order || '';
  }
  if (Array.isArray(value)) {
    return value.map((item) => sortValue(type, item)).join(', ');
  }
  if (typeof value === 'object') {
    return value.displayName || value.name || '';
  }
  return value;
}

export function FieldValue({ type, value, unit = null }) {
  if (isBlank(value)) {
    return <Text>—</Text>;
  }
  switch (type) {
    case 'user':
      return value.accountId ? <User accountId={value.accountId} /> : <Text>{value.displayName}</Text>;
    case 'users':
      return (
        <UserGroup>
          {value
            .filter((user) => user.accountId)
            .map((user) => (
              <User key={user.accountId} accountId={user.accountId} />
            ))}
        </UserGroup>
      );
    case 'status':
    case 'status_category':
      return <Lozenge appearance={LOZENGE_BY_CATEGORY[value.category] || 'default'}>{value.name}</Lozenge>;
    case 'key':
    case 'issue':
      return <Link href={`/browse/${encodeURIComponent(String(value))}`}>{String(value)}</Link>;
    case 'date':
      return <Text>{formatDate(value)}</Text>;
    case 'datetime':
      return <Text>{formatDateTime(value)}</Text>;
    case 'duration':
      return <Text>{shownDuration(Number(value), unit)}</Text>;
    case 'number':
      return <Text>{typeof value === 'number' ? shownNumber(value) + (unit ? ` ${unit}` : '') : String(value)}</Text>;
    case 'labels':
    case 'components':
    case 'versions':
    case 'options':
      return <Text>{value.join(', ')}</Text>;
    case 'sprint':
    case 'release':
      return <Text>{String(value.name)}</Text>;
    default:
      return <Text>{String(value)}</Text>;
  }
}

// A marked row's label, in red, before its first value (the colour is not the only sign of the mark).
function HighlightLabel({ view }) {
  return view.highlight && view.highlight.label ? <Lozenge appearance="removed">{view.highlight.label}</Lozenge> : null;
}

function tableRow(view, row, index, sortable, marked) {
  return {
    key: `row-${index}`,
    isHighlighted: marked,
    cells: view.columns.map((column, position) => {
      const value = <FieldValue type={column.type} value={row[column.field]} unit={column.unit} />;
      return {
        key: sortable ? sortValue(column.type, row[column.field]) : column.field,
        content:
          position === 0 && marked ? (
            <Inline space="space.050" alignBlock="center">
              <HighlightLabel view={view} />
              {value}
            </Inline>
          ) : (
            value
          ),
      };
    }),
  };
}

function tableHead(view, sortable) {
  return {
    cells: view.columns.map((column) => ({ key: column.field, content: column.heading, isSortable: sortable })),
  };
}

function TableView({ view, rows, texts, highlighted }) {
  return (
    <DynamicTable
      caption={view.title || undefined}
      head={tableHead(view, true)}
      rows={rows.map((row, index) => tableRow(view, row, index, true, highlighted.has(index)))}
      rowsPerPage={20}
      emptyView={<Text>{texts.empty}</Text>}
    />
  );
}

function ListItem({ view, row, marked }) {
  const line = (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      {marked ? <HighlightLabel view={view} /> : null}
      {view.columns.map((column) => (
        <FieldValue key={column.field} type={column.type} value={row[column.field]} unit={column.unit} />
      ))}
    </Inline>
  );
  return marked ? (
    <Box backgroundColor="color.background.danger" padding="space.050">
      {line}
    </Box>
  ) : (
    line
  );
}

function ListItems({ view, rows, indexes, highlighted }) {
  return indexes.map((index) => (
    <ListItem key={`item-${index}`} view={view} row={rows[index]} marked={highlighted.has(index)} />
  ));
}

function ListView({ view, rows, texts, highlighted }) {
  return (
    <Stack space="space.100">
      {view.title ? <Heading size="small">{view.title}</Heading> : null}
      {rows.length === 0 ? <Text>{texts.empty}</Text> : null}
      <ListItems view={view} rows={rows} indexes={rows.map((_, index) => index)} highlighted={highlighted} />
    </Stack>
  );
}

// A table or list grouped by a field: a header per group with its count and subtotals (over every matching item),
// its shown rows under it, and the grand total.
function GroupedView({ view, rows, outcome, texts, highlighted }) {
  const groups = outcome.groups || [];
  return (
    <Stack space="space.200">
      {view.title ? <Heading size="small">{view.title}</Heading> : null}
      {groups.length === 0 ? <Text>{texts.empty}</Text> : null}
      {groups.map((group, index) => (
        <Stack key={`group-${index}`} space="space.050">
          <Heading size="xsmall">{group.label}</Heading>
          <Text size="small">{group.note}</Text>
          {group.rows.length === 0 ? null : view.kind === 'list' ? (
            <ListItems view={view} rows={rows} indexes={group.rows} highlighted={highlighted} />
          ) : (
            <DynamicTable
              head={tableHead(view, false)}
              rows={group.rows.map((i) => tableRow(view, rows[i], i, false, highlighted.has(i)))}
            />
          )}
        </Stack>
      ))}
      {outcome.note ? <Text weight="bold">{outcome.note}</Text> : null}
      <CoverageNote coverage={outcome.coverage} />
    </Stack>
  );
}

// A two-dimensional table: a value per row and column group, the total of each row and column, and of all.
function PivotView({ view, table, coverage, texts }) {
  const data = table || { rows: [], columns: [], total: null };
  const shown = (value) => shownValue(value, view.fieldType, view.aggregate, view.unit);
  const head = {
    cells: [
      { key: 'row', content: view.rows.heading },
      ...data.columns.map((column, j) => ({ key: `column-${j}`, content: column.label })),
      { key: 'total', content: 'Total' },
    ],
  };
  const line = (key, label, cells, total) => ({
    key,
    cells: [
      { key: 'row', content: <Text weight="bold">{label}</Text> },
      ...cells.map((value, j) => ({ key: `column-${j}`, content: <Text>{shown(value)}</Text> })),
      { key: 'total', content: <Text weight="bold">{shown(total)}</Text> },
    ],
  });
  const rows = data.rows.map((row, i) => line(`row-${i}`, row.label, row.cells, row.total));
  if (data.rows.length > 0) {
    rows.push(
      line(
        'total',
        'Total',
        data.columns.map((column) => column.total),
        data.total,
      ),
    );
  }
  return (
    <Stack space="space.050">
      <DynamicTable caption={view.title || undefined} head={head} rows={rows} emptyView={<Text>{texts.empty}</Text>} />
      <CoverageNote coverage={coverage} />
    </Stack>
  );
}

// What a view says when its value is not over everything the query matches (the sentence comes with the result).
function CoverageNote({ coverage }) {
  return coverage && coverage.note ? <Text size="small">{coverage.note}</Text> : null;
}

function ChartView({ view, data, omitted, coverage, texts }) {
  const note = omitted > 0 ? <Text size="small">{omittedNote(omitted)}</Text> : null;
  if (data.length === 0) {
    return (
      <Stack space="space.050">
        <EmptyState header={view.title || texts.empty} description={view.title ? texts.empty : undefined} />
        {note}
        <CoverageNote coverage={coverage} />
      </Stack>
    );
  }
  return (
    <Stack space="space.050">
      <Chart view={view} data={data} />
      {note}
      <CoverageNote coverage={coverage} />
    </Stack>
  );
}

export function omittedNote(omitted) {
  return omitted === 1 ? '1 row has no date and is not shown.' : `${omitted} rows have no date and are not shown.`;
}

// The unit a chart's values are in (`in days`, `in points`), shown under its title; none for plain numbers.
function chartSubtitle(view) {
  const words = new Set(view.series.map((s) => unitWords(s.fieldType, s.aggregate, s.unit)).filter(Boolean));
  return words.size > 0 ? [...words].join(', ') : undefined;
}

// Several series (several dates on x, several values on y, or a split) are told apart by colour.
function Chart({ view, data }) {
  const common = { data, title: view.title || undefined, subtitle: chartSubtitle(view) };
  const upright = { ...common, xAccessor: 'label', yAccessor: 'value' };
  const sideways = { ...common, xAccessor: 'value', yAccessor: 'label' };
  const slices = { ...common, labelAccessor: 'label', valueAccessor: 'value', colorAccessor: 'label' };
  const colors = view.series.length > 1 || view.split ? { colorAccessor: 'series' } : {};
  switch (view.chart) {
    case 'horizontal bar':
      return <HorizontalBarChart {...sideways} {...colors} />;
    case 'stacked bar':
      return <StackBarChart {...upright} colorAccessor="series" />;
    case 'stacked horizontal bar':
      return <HorizontalStackBarChart {...sideways} colorAccessor="series" />;
    case 'line':
      return <LineChart {...upright} {...colors} />;
    case 'pie':
      return <PieChart {...slices} />;
    case 'donut':
      return <DonutChart {...slices} />;
    default:
      return <BarChart {...upright} {...colors} />;
  }
}

function MetricView({ view, value, coverage }) {
  return (
    <Stack space="space.050">
      {view.title ? <Text>{view.title}</Text> : null}
      <Heading size="xlarge">{shownValue(value, view.fieldType, view.aggregate, view.unit)}</Heading>
      <CoverageNote coverage={coverage} />
    </Stack>
  );
}

/**
 * What a module's views show for one load.
 * @param {{module: PlannedModule, result: any}} props
 */
export function Views({ module, result }) {
  const shown = module.views
    .map((view, index) => ({ view, index, outcome: result.views[index] || { visible: true } }))
    .filter((item) => item.outcome.visible);
  if (module.views.length > 0 && result.rows.length === 0 && result.count === null) {
    const onlyTables = shown.every((item) => item.view.kind === 'table' || item.view.kind === 'list');
    if (onlyTables) {
      return <EmptyState header={module.texts.empty} />;
    }
  }
  return (
    <Stack space="space.200">
      {shown.map(({ view, index, outcome }) => {
        const highlighted = new Set(outcome.highlighted || []);
        if ((view.kind === 'table' || view.kind === 'list') && view.group) {
          return (
            <GroupedView
              key={`view-${index}`}
              view={view}
              rows={result.rows}
              outcome={outcome}
              texts={module.texts}
              highlighted={highlighted}
            />
          );
        }
        if (view.kind === 'pivot') {
          return (
            <PivotView
              key={`view-${index}`}
              view={view}
              table={outcome.table}
              coverage={outcome.coverage}
              texts={module.texts}
            />
          );
        }
        if (view.kind === 'table' || view.kind === 'list') {
          const Rows = view.kind === 'table' ? TableView : ListView;
          return (
            <Stack key={`view-${index}`} space="space.050">
              <Rows view={view} rows={result.rows} texts={module.texts} highlighted={highlighted} />
              <CoverageNote coverage={outcome.coverage} />
            </Stack>
          );
        }
        if (view.kind === 'chart') {
          return (
            <ChartView
              key={`view-${index}`}
              view={view}
              data={outcome.data || []}
              omitted={outcome.omitted || 0}
              coverage={outcome.coverage}
              texts={module.texts}
            />
          );
        }
        return <MetricView key={`view-${index}`} view={view} value={outcome.value} coverage={outcome.coverage} />;
      })}
      {result.truncated ? <Text size="small">Showing the first {result.rows.length} results.</Text> : null}
    </Stack>
  );
}

export function ErrorView({ module, error }) {
  if (error && error.status === 412) {
    return (
      <SectionMessage appearance="information" title={module.title}>
        <Text>{error.message}</Text>
      </SectionMessage>
    );
  }
  return (
    <SectionMessage appearance="error" title={module.texts.error}>
      <Text>{error && error.message ? error.message : String(error)}</Text>
    </SectionMessage>
  );
}

export function Loading({ module }) {
  return (
    <Inline space="space.100" alignBlock="center">
      <Spinner size="small" label={module.texts.loading} />
      <Text>{module.texts.loading}</Text>
    </Inline>
  );
}

export function useModuleData(module, config) {
  const context = useProductContext();
  const [result, setResult] = useState(null);
  const configKey = JSON.stringify(config || {});
  useEffect(() => {
    if (!context || !module.data) {
      return undefined;
    }
    let cancelled = false;
    setResult(null);
    // The viewer's time zone (Forge's product context) decides the days charts group dates by.
    invoke('load', { module: module.key, config: config || {}, timeZone: context.timezone })
      .then((answer) => {
        if (!cancelled) {
          setResult(answer);
        }
      })
      .catch((error) => {
        if (!cancelled) {
          setResult({
            ok: false,
            error: { status: 0, message: String(error && error.message ? error.message : error) },
          });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [context, module.key, configKey]);
  return { context, result };
}

export function ModuleData({ module, config }) {
  const { result } = useModuleData(module, config);
  if (!module.data) {
    return null;
  }
  if (result === null) {
    return <Loading module={module} />;
  }
  if (!result.ok) {
    return <ErrorView module={module} error={result.error} />;
  }
  return <Views module={module} result={result} />;
}

export function ModuleApp({ module }) {
  const context = useProductContext();
  if (!context) {
    return <Loading module={module} />;
  }
  const config = (context.extension && context.extension.gadgetConfiguration) || {};
  return <ModuleData module={module} config={config} />;
}

/**
 * The spec modules one Forge module shows: one, or several pages of one kind as tabs (Forge allows one module
 * of each page kind per app). A module with settings shows `settingsPane` (config.jsx's SettingsPane).
 * @param {{modules: PlannedModule[], settingsPane?: any}} props
 */
export function HostedModules({ modules, settingsPane = null }) {
  const Settings = settingsPane;
  const pane = (module) =>
    module.settings.length > 0 && Settings ? <Settings module={module} /> : <ModuleApp module={module} />;
  if (modules.length === 1) {
    return pane(modules[0]);
  }
  return (
    <Tabs id="forgewright-pages">
      <TabList>
        {modules.map((module) => (
          <Tab key={module.key}>{module.title}</Tab>
        ))}
      </TabList>
      {modules.map((module) => (
        <TabPanel key={module.key}>{pane(module)}</TabPanel>
      ))}
    </Tabs>
  );
}
