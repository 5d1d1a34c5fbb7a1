import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, Checkbox, Empty, ErrorMessage, fieldErrorsOf, Loading, PageHeader, SelectField, TextField } from '../../components/ui';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { count, latency, money } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Provider = Schemas['ProviderJson'];
type Model = Schemas['ModelJson'];
type Check = Schemas['ProviderCheck'];

const TYPES = [
  { value: 'openai', label: 'OpenAI' },
  { value: 'anthropic', label: 'Anthropic' },
  { value: 'openai_compatible', label: 'OpenAI-compatible (vLLM, OpenRouter, …)' },
  { value: 'ollama', label: 'Ollama' },
];

export default function ProvidersPage() {
  const api = useApi();
  const providers = useResource(() => api.get<Provider[]>('/api/providers'), [api]);
  const models = useResource(() => api.get<Model[]>('/api/models'), [api]);
  const [editing, setEditing] = useState<string | 'new' | null>(null);

  return (
    <>
      <PageHeader title="Providers & models">
        <Button variant="primary" onClick={() => setEditing('new')}>Add provider</Button>
      </PageHeader>
      {editing === 'new' && <ProviderForm onDone={() => { setEditing(null); providers.reload(); }} />}
      {providers.loading && !providers.data ? <Loading /> : <ErrorMessage error={providers.error} />}
      {providers.data?.length === 0 && editing !== 'new' && <Empty>No providers yet. Add one to give your bots a model.</Empty>}
      {providers.data?.map((provider) =>
        editing === provider.id ? (
          <ProviderForm key={provider.id} provider={provider} onDone={() => { setEditing(null); providers.reload(); }} />
        ) : (
          <ProviderCard
            key={provider.id}
            provider={provider}
            models={(models.data ?? []).filter((m) => m.providerId === provider.id)}
            onEdit={() => setEditing(provider.id!)}
            onChanged={() => { providers.reload(); models.reload(); }}
          />
        ),
      )}
    </>
  );
}

function ProviderCard({ provider, models, onEdit, onChanged }: { provider: Provider; models: Model[]; onEdit(): void; onChanged(): void }) {
  const api = useApi();
  const [check, setCheck] = useState<Check>();
  const [testing, setTesting] = useState(false);
  const [error, setError] = useState<unknown>();
  const [addingModel, setAddingModel] = useState(false);

  async function test() {
    setTesting(true);
    setCheck(undefined);
    setError(undefined);
    try {
      setCheck(await api.post<Check>(`/api/providers/${provider.id}/test`, {}));
    } catch (err) {
      setError(err);
    } finally {
      setTesting(false);
    }
  }

  async function remove() {
    if (!confirm(`Delete the provider "${provider.name}" and its stored API key?`)) return;
    try {
      await api.del(`/api/providers/${provider.id}`);
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Card
      title={provider.name}
      actions={
        <div className="actions">
          <Button onClick={test} busy={testing}>Test</Button>
          <Button onClick={onEdit}>Edit</Button>
          <Button variant="danger" onClick={remove}>Delete</Button>
        </div>
      }
    >
      <p className="muted">
        {TYPES.find((t) => t.value === provider.type)?.label ?? provider.type}
        {provider.baseUrl && <> · <code>{provider.baseUrl}</code></>}
        {' · '}
        {provider.hasApiKey ? <Badge tone="good">API key stored</Badge> : <Badge>no API key</Badge>}
      </p>
      <ErrorMessage error={error} />
      {check && (
        <div className={`alert ${check.ok ? 'alert-success' : 'alert-error'}`} role="status">
          {check.ok ? (
            <>Works: {check.model} answered in {latency(check.latencyMs)}.</>
          ) : (
            <>
              <strong>{check.errorKind === 'FATAL' ? 'Fatal error' : check.errorKind === 'RETRYABLE' ? 'Temporary error' : 'Error'}</strong>
              {check.status ? ` (HTTP ${check.status})` : ''}
              {check.model ? ` from ${check.model}` : ''}: {check.message}
            </>
          )}
        </div>
      )}
      <h3>Models</h3>
      {models.length === 0 ? <Empty>No models of this provider yet.</Empty> : (
        <ul className="list">
          {models.map((m) => <ModelRow key={m.id} model={m} onChanged={onChanged} />)}
        </ul>
      )}
      {addingModel ? (
        <ModelForm providerId={provider.id!} onDone={() => { setAddingModel(false); onChanged(); }} />
      ) : (
        <Button onClick={() => setAddingModel(true)}>Add model</Button>
      )}
    </Card>
  );
}

function ModelRow({ model, onChanged }: { model: Model; onChanged(): void }) {
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  if (editing) return <li><ModelForm providerId={model.providerId!} model={model} onDone={() => { setEditing(false); onChanged(); }} /></li>;

  async function remove() {
    if (!confirm(`Delete the model "${model.modelName}"?`)) return;
    try {
      await api.del(`/api/models/${model.id}`);
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <li className="list-row">
      <div>
        <strong>{model.modelName}</strong>
        <div>
          <small className="muted">
            context {count(model.contextWindow)} tokens · input {money(model.inputPricePerMillion)} / output {money(model.outputPricePerMillion)} per million tokens
            {model.defaultTemperature != null && ` · temperature ${model.defaultTemperature}`}
          </small>
        </div>
        <ErrorMessage error={error} />
      </div>
      <div className="actions">
        <Button onClick={() => setEditing(true)}>Edit</Button>
        <Button variant="danger" onClick={remove}>Delete</Button>
      </div>
    </li>
  );
}

function numberOrNull(value: string): number | null {
  return value.trim() === '' ? null : Number(value);
}

function ModelForm({ providerId, model, onDone }: { providerId: string; model?: Model; onDone(): void }) {
  const api = useApi();
  const [modelName, setModelName] = useState(model?.modelName ?? '');
  const [contextWindow, setContextWindow] = useState(model?.contextWindow?.toString() ?? '');
  const [temperature, setTemperature] = useState(model?.defaultTemperature?.toString() ?? '');
  const [inputPrice, setInputPrice] = useState(model?.inputPricePerMillion?.toString() ?? '');
  const [outputPrice, setOutputPrice] = useState(model?.outputPricePerMillion?.toString() ?? '');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = {
      modelName,
      defaultTemperature: numberOrNull(temperature),
      inputPricePerMillion: numberOrNull(inputPrice) ?? 0,
      outputPricePerMillion: numberOrNull(outputPrice) ?? 0,
    };
    if (contextWindow.trim()) body.contextWindow = Number(contextWindow);
    try {
      if (model) await api.patch(`/api/models/${model.id}`, body);
      else await api.post('/api/models', { ...body, providerId, defaultTemperature: numberOrNull(temperature) ?? undefined });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fields = fieldErrorsOf(error);
  return (
    <form className="form-grid subform" onSubmit={submit} noValidate aria-label={model ? `Edit ${model.modelName}` : 'New model'}>
      <ErrorMessage error={error} />
      <TextField label="Model name" required placeholder="gpt-4o-mini" value={modelName} onChange={(e) => setModelName(e.target.value)} error={fields.modelName} />
      <TextField label="Context window (tokens)" type="number" min={1} value={contextWindow} onChange={(e) => setContextWindow(e.target.value)} error={fields.contextWindow} hint="Empty: the default for the model" />
      <TextField label="Default temperature" type="number" min={0} max={2} step="0.1" value={temperature} onChange={(e) => setTemperature(e.target.value)} error={fields.defaultTemperature} />
      <TextField label="Input price per million tokens" type="number" min={0} step="any" value={inputPrice} onChange={(e) => setInputPrice(e.target.value)} error={fields.inputPricePerMillion} />
      <TextField label="Output price per million tokens" type="number" min={0} step="any" value={outputPrice} onChange={(e) => setOutputPrice(e.target.value)} error={fields.outputPricePerMillion} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>{model ? 'Save model' : 'Add model'}</Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

function ProviderForm({ provider, onDone }: { provider?: Provider; onDone(): void }) {
  const api = useApi();
  const [name, setName] = useState(provider?.name ?? '');
  const [type, setType] = useState(provider?.type ?? 'openai');
  const [baseUrl, setBaseUrl] = useState(provider?.baseUrl ?? '');
  const [apiKey, setApiKey] = useState('');
  const [removeKey, setRemoveKey] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (provider) {
        const body: Record<string, unknown> = { name, baseUrl: baseUrl.trim() || null };
        if (removeKey) body.apiKey = null;
        else if (apiKey) body.apiKey = apiKey;
        await api.patch(`/api/providers/${provider.id}`, body);
      } else {
        await api.post('/api/providers', { name, type, baseUrl: baseUrl.trim() || undefined, apiKey: apiKey || undefined });
      }
      setApiKey('');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fields = fieldErrorsOf(error);
  return (
    <Card title={provider ? `Edit ${provider.name}` : 'New provider'}>
      <form className="form-grid" onSubmit={submit} noValidate>
        <ErrorMessage error={error} />
        <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
        <SelectField label="Type" options={TYPES} value={type} onChange={(e) => setType(e.target.value)} disabled={!!provider} error={fields.type} />
        <TextField label="Base URL" type="url" placeholder="Empty: the provider's public API" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} error={fields.baseUrl} />
        <TextField
          label="API key"
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          disabled={removeKey}
          error={fields.apiKey}
          hint={provider?.hasApiKey ? 'A key is stored and never shown. Leave empty to keep it.' : 'Stored encrypted; never shown again.'}
        />
        {provider?.hasApiKey && <Checkbox label="Remove the stored API key" checked={removeKey} onChange={(e) => setRemoveKey(e.target.checked)} />}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>{provider ? 'Save' : 'Add provider'}</Button>
          <Button onClick={onDone}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}
