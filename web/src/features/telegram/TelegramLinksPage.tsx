import { useEffect, useState } from 'react';
import { Button, Card, Empty, ErrorMessage, Loading, Notice, PageHeader, SelectField } from '../../components/ui';
import { QrCode } from '../../components/ui/QrCode';
import type { Schemas } from '../../lib/api';
import { useApi } from '../../lib/auth';
import { dateTime, relative } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Bot = Schemas['BotView'];
type LinkToken = Schemas['LinkToken'];
type Link = Schemas['LinkView'];

/**
 * Linking this account to Telegram: a one-time link (and its QR code) that the bot turns into a
 * link when opened, the linked Telegram accounts, and unlinking. Linked chats get owner alerts and
 * approval requests.
 */
export default function TelegramLinksPage() {
  const api = useApi();
  const bots = useResource(() => api.get<Bot[]>('/api/bots'), [api]);
  const links = useResource(() => api.get<Link[]>('/api/telegram/links'), [api]);
  const [botId, setBotId] = useState('');
  const [token, setToken] = useState<LinkToken>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!botId && bots.data?.length) setBotId(bots.data.find((b) => b.enabled)?.id ?? bots.data[0].id ?? '');
  }, [bots.data, botId]);

  async function createLink() {
    setBusy(true);
    setError(undefined);
    try {
      setToken(await api.post<LinkToken>('/api/telegram/link-tokens', { botId } satisfies Schemas['CreateLinkToken']));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function unlink(link: Link) {
    setError(undefined);
    try {
      await api.del(`/api/telegram/links/${link.id}`);
      links.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <PageHeader title="Telegram" />
      <ErrorMessage error={error} />
      <Card title="Link your Telegram account">
        <p>
          A linked Telegram account gets alerts (a chat that could not be answered, a spent budget) and approval
          requests from the bot you link through. Open the link on a device with Telegram, or scan the code, and
          press Start.
        </p>
        {bots.loading && !bots.data ? <Loading /> : <ErrorMessage error={bots.error} />}
        {bots.data?.length === 0 && <Empty>Create a bot first: you link through one of your bots.</Empty>}
        {!!bots.data?.length && (
          <div className="form-grid">
            <SelectField
              label="Bot"
              value={botId}
              onChange={(e) => { setBotId(e.target.value); setToken(undefined); }}
              options={bots.data.map((b) => ({ value: b.id ?? '', label: `${b.name} (@${b.username})` }))}
            />
            <div className="form-actions">
              <Button variant="primary" busy={busy} onClick={createLink} disabled={!botId}>Create link</Button>
            </div>
          </div>
        )}
        {token && (
          <div className="link-token">
            <QrCode value={token.url ?? ''} label="QR code of the Telegram link" />
            <p>
              <a href={token.url} target="_blank" rel="noreferrer">{token.url}</a>
            </p>
            <Notice>Works once, until {dateTime(token.expiresAt ?? '')}. Anyone with this link can link their Telegram account to yours: do not share it.</Notice>
          </div>
        )}
      </Card>
      <Card title="Linked accounts" actions={<Button onClick={links.reload}>Refresh</Button>}>
        {links.loading && !links.data ? <Loading /> : <ErrorMessage error={links.error} />}
        {links.data?.length === 0 && <Empty>No Telegram account is linked.</Empty>}
        <ul className="list">
          {links.data?.map((link) => (
            <li key={link.id} className="list-row">
              <div>
                <div>
                  {link.firstName || 'Telegram user'} {link.username ? `(@${link.username})` : `(id ${link.telegramUserId})`}
                </div>
                <small className="muted">through @{link.botUsername} · linked {relative(link.linkedAt ?? '')}</small>
              </div>
              <Button variant="danger" onClick={() => unlink(link)}>Unlink</Button>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
