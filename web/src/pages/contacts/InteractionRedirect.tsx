// /interactions/:id, where a search hit on a conversation leads: to the page of its first contact,
// else its company's; a conversation with neither visible is shown here.
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { get } from '../../api/client';
import { ErrorPage } from '../../components/ErrorPage';
import { Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { ChannelIcon } from './ChannelIcon';
import { recordName, type Interaction } from './shared';
import { usePageTitle } from '../../lib/usePageTitle';
import './contacts.css';

export default function InteractionRedirect() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const stay = (location.state as { show?: boolean } | null)?.show === true;
  const [interaction, setInteraction] = useState<Interaction | null>(null);
  const [names, setNames] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    setInteraction(null);
    setError(null);
    (async () => {
      const found = await get<Interaction>(`/api/v1/interactions/${id}`, undefined, controller.signal);
      if (controller.signal.aborted) return;
      const contacts = found.participants.filter((p) => (p.type ?? 'contact') === 'contact');
      if (!stay) {
        // The first participant the signed-in person may see.
        for (const p of contacts) {
          const name = await recordName('contact', p.id);
          if (controller.signal.aborted) return;
          if (name !== null) { navigate(`/contacts/${p.id}`, { replace: true }); return; }
        }
        if (found.companyId && (await recordName('company', found.companyId)) !== null) {
          if (!controller.signal.aborted) navigate(`/companies/${found.companyId}`, { replace: true });
          return;
        }
      }
      const known: Record<string, string | null> = {};
      for (const p of contacts) known[p.id] = await recordName('contact', p.id);
      if (controller.signal.aborted) return;
      setNames(known);
      setInteraction(found);
    })().catch((failure) => { if (!controller.signal.aborted) setError(failure); });
    return () => controller.abort();
  }, [id, stay, navigate]);

  usePageTitle(interaction ? interaction.subject || interaction.summary || t(`contacts.channel.${interaction.channel}`) : undefined);
  if (error) return <ErrorPage error={error} />;
  if (!interaction) return <Loading />;
  const contacts = interaction.participants.filter((p) => (p.type ?? 'contact') === 'contact');
  return (
    <article className="card ct-interaction" aria-labelledby="interaction-title">
      <div className="row">
        <ChannelIcon kind="interaction" channel={interaction.channel} />
        <h1 id="interaction-title">{interaction.subject || interaction.summary || t(`contacts.channel.${interaction.channel}`)}</h1>
      </div>
      <dl className="facts">
        <dt>{t('contacts.log.channel')}</dt><dd>{t(`contacts.channel.${interaction.channel}`)}</dd>
        <dt>{t('contacts.log.direction')}</dt><dd>{t(`contacts.direction.${interaction.direction}`)}</dd>
        <dt>{t('contacts.log.when')}</dt><dd>{formatDateTime(interaction.occurredAt, locale)}</dd>
        <dt>{t('contacts.log.people')}</dt>
        <dd>{contacts.length === 0 ? '—' : contacts.map((p, i) => (
          <span key={p.id}>{i > 0 && ', '}{names[p.id] ? <Link to={`/contacts/${p.id}`}>{names[p.id]}</Link> : <span className="muted">{t('contacts.hiddenContact')}</span>}</span>
        ))}</dd>
        {interaction.companyId && <><dt>{t('contacts.field.company')}</dt><dd><Link to={`/companies/${interaction.companyId}`}>{t('contacts.timeline.openCompany')}</Link></dd></>}
        {interaction.outcome && <><dt>{t('contacts.log.outcome')}</dt><dd>{interaction.outcome}</dd></>}
      </dl>
      {interaction.body && <p className="ct-body">{interaction.body}</p>}
    </article>
  );
}
