// The form behind a gadget's configuration and an admin page's settings: one field per parameter, shaped by its
// type (text, number, yes/no, date, project, user, filter, board, JQL, choice). forgewright copies this file unchanged
// into every app whose plan has a configuration or settings.
import React, { useEffect, useState } from 'react';
import {
  Button,
  Checkbox,
  DatePicker,
  Form,
  FormFooter,
  FormSection,
  Heading,
  HelperMessage,
  Label,
  SectionMessage,
  Select,
  Stack,
  Text,
  TextArea,
  Textfield,
  UserPicker,
  useProductContext,
} from '@forge/react';
import { invoke, view } from '@forge/bridge';
import { ErrorView, Loading, ModuleData } from './ui';

/** @typedef {import('../runtime/plan-types.js').PlannedModule} PlannedModule */

// What the form starts with: a value saved before, even an emptied one (clearing a field must not bring its
// default back), else the default; a parameter that defaults to an app setting starts empty (it takes the setting).
export function initialValues(params, saved) {
  const values = {};
  for (const param of params) {
    const set = Boolean(saved) && Object.prototype.hasOwnProperty.call(saved, param.name);
    values[param.name] = set ? saved[param.name] : param.default;
  }
  return values;
}

// What a field says under it: which app setting an empty one takes, or that it may be left empty.
export function fieldHelp(param, settings) {
  if (param.defaultSetting !== null) {
    const setting = settings.find((other) => other.name === param.defaultSetting);
    return `Leave empty to use the app setting “${setting ? setting.label : param.defaultSetting}”.`;
  }
  return param.optional ? 'Optional: leave it empty to leave this condition out.' : null;
}

function fieldId(param) {
  return `field-${param.name}`;
}

/**
 * What the resolver's `options` function answers (invoke() itself is typed as an opaque InvokeResponse).
 * @typedef {Object} OptionsAnswer
 * @property {boolean} ok
 * @property {Array<{label: string, value: string}>} [options]
 * @property {{status: number, message: string}} [error]
 */

const SEARCH_DELAY_MS = 300;

// Choices for a project, filter or board picker, searched on Jira as the user types (Jira returns a page of
// matches, so large sites are covered); the saved value stays selectable even before it is found again.
function usePickerOptions(moduleKey, param, query, value) {
  const [options, setOptions] = useState([]);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let current = true;
    setLoading(true);
    const timer = setTimeout(
      () => {
        invoke('options', { module: moduleKey, param: param.name, query })
          .then((response) => {
            const answer = /** @type {OptionsAnswer} */ (response);
            if (!current) {
              return;
            }
            if (answer && answer.ok) {
              setOptions(answer.options || []);
              setError(null);
            } else {
              setError(answer && answer.error ? answer.error.message : 'Could not load the choices.');
            }
          })
          .catch((failure) => current && setError(String(failure)))
          .finally(() => current && setLoading(false));
      },
      query ? SEARCH_DELAY_MS : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [moduleKey, param.name, query]);
  const known = value === null || value === undefined || value === '' || options.some((o) => o.value === value);
  return { options: known ? options : [{ label: String(value), value }, ...options], error, loading };
}

function ChoiceField({ param, options, value, onChange, onInputChange = undefined, isLoading = false }) {
  const selected = options.find((option) => option.value === value) || null;
  return (
    <Select
      id={fieldId(param)}
      options={options}
      value={selected}
      isClearable={param.default === null || param.optional || param.defaultSetting !== null}
      isLoading={isLoading}
      onInputChange={onInputChange}
      onChange={(option) => onChange(option ? option.value : null)}
    />
  );
}

function PickerField({ moduleKey, param, value, onChange }) {
  const [query, setQuery] = useState('');
  const { options, error, loading } = usePickerOptions(moduleKey, param, query, value);
  return (
    <>
      <ChoiceField
        param={param}
        options={options}
        value={value}
        onChange={onChange}
        onInputChange={(text) => setQuery(text)}
        isLoading={loading}
      />
      {error ? <Text>{error}</Text> : null}
    </>
  );
}

function ParamField({ moduleKey, param, value, onChange }) {
  switch (param.type) {
    case 'number':
      return (
        <Textfield
          id={fieldId(param)}
          type="number"
          value={value === null || value === undefined ? '' : String(value)}
          onChange={(event) => onChange(event.target.value === '' ? null : Number(event.target.value))}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          id={fieldId(param)}
          label={param.label}
          isChecked={value === true}
          onChange={(event) => onChange(Boolean(event.target.checked))}
        />
      );
    case 'date':
      return <DatePicker id={fieldId(param)} value={value || undefined} onChange={(date) => onChange(date || null)} />;
    case 'user':
      return (
        <UserPicker
          name={param.name}
          label={param.label}
          defaultValue={value || undefined}
          onChange={(user) => onChange(user ? user.id : null)}
        />
      );
    case 'jql':
      return <TextArea id={fieldId(param)} value={value || ''} onChange={(event) => onChange(event.target.value)} />;
    case 'select':
      return (
        <ChoiceField
          param={param}
          options={param.options.map((option) => ({ label: option, value: option }))}
          value={value}
          onChange={onChange}
        />
      );
    case 'project':
    case 'filter':
    case 'board':
      return <PickerField moduleKey={moduleKey} param={param} value={value} onChange={onChange} />;
    default:
      return <Textfield id={fieldId(param)} value={value || ''} onChange={(event) => onChange(event.target.value)} />;
  }
}

export function ConfigForm({ moduleKey, params, saved, onSave, saveLabel, settings = [] }) {
  const [values, setValues] = useState(() => initialValues(params, saved));
  const [status, setStatus] = useState(null);
  const submit = async () => {
    setStatus(null);
    try {
      const outcome = await onSave(values);
      setStatus(outcome && outcome.ok === false ? { ok: false, message: outcome.error.message } : { ok: true });
    } catch (failure) {
      setStatus({ ok: false, message: String(failure && failure.message ? failure.message : failure) });
    }
  };
  return (
    <Form onSubmit={submit}>
      <Stack space="space.150">
        {params.map((param) => (
          <FormSection key={param.name}>
            {param.type === 'boolean' || param.type === 'user' ? null : (
              <Label labelFor={fieldId(param)}>{param.label}</Label>
            )}
            <ParamField
              moduleKey={moduleKey}
              param={param}
              value={values[param.name]}
              onChange={(value) => setValues((current) => ({ ...current, [param.name]: value }))}
            />
            {fieldHelp(param, settings) ? <HelperMessage>{fieldHelp(param, settings)}</HelperMessage> : null}
          </FormSection>
        ))}
        {status && !status.ok ? (
          <SectionMessage appearance="error">
            <Text>{status.message}</Text>
          </SectionMessage>
        ) : null}
        {status && status.ok ? (
          <SectionMessage appearance="success">
            <Text>Saved.</Text>
          </SectionMessage>
        ) : null}
        <FormFooter>
          <Button appearance="primary" type="submit">
            {saveLabel}
          </Button>
        </FormFooter>
      </Stack>
    </Form>
  );
}

// An admin page's settings, saved with Forge storage through the resolver (getSettings / saveSettings).
export function SettingsPane({ module }) {
  const [saved, setSaved] = useState(null);
  useEffect(() => {
    invoke('getSettings', { module: module.key })
      .then(setSaved)
      .catch((failure) => setSaved({ ok: false, error: { status: 0, message: String(failure) } }));
  }, [module.key]);
  const save = (values) => invoke('saveSettings', { module: module.key, values });
  if (saved === null) {
    return <Loading module={module} />;
  }
  if (!saved.ok) {
    return <ErrorView module={module} error={saved.error} />;
  }
  return (
    <Stack space="space.300">
      <Heading size="medium">{module.title}</Heading>
      <ConfigForm
        moduleKey={module.key}
        params={module.settings}
        saved={saved.values}
        onSave={save}
        saveLabel="Save settings"
      />
      {module.data ? <ModuleData module={module} config={{}} /> : null}
    </Stack>
  );
}

/**
 * A gadget's configuration view: Jira shows it when someone edits the gadget; view.submit saves the values, and
 * the gadget reads them back from useProductContext().extension.gadgetConfiguration. `settings`: the app settings
 * (for the labels of those a parameter defaults to).
 * @param {{module: PlannedModule, settings?: import('../runtime/plan-types.js').PlannedParam[]}} props
 */
export function GadgetEditor({ module, settings = [] }) {
  const context = useProductContext();
  if (!context) {
    return <Loading module={module} />;
  }
  const saved = (context.extension && context.extension.gadgetConfiguration) || {};
  const save = (values) => view.submit(values);
  return (
    <ConfigForm
      moduleKey={module.key}
      params={module.config}
      saved={saved}
      onSave={save}
      saveLabel="Save"
      settings={settings}
    />
  );
}
