// One small inline SVG per channel and timeline kind, named for screen readers (role="img").
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';

const paths: Record<string, ReactNode> = {
  call: <path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z" />,
  meeting: <><circle cx="8" cy="8" r="3" /><circle cx="16" cy="8" r="3" /><path d="M2 20c0-3.5 2.7-6 6-6s6 2.5 6 6M12 20c0-3.5 1.7-6 4-6 3.3 0 6 2.5 6 6" /></>,
  email: <><rect x="3" y="5" width="18" height="14" rx="2" /><path d="M3 7l9 6 9-6" /></>,
  linkedin: <><rect x="3" y="3" width="18" height="18" rx="3" /><path d="M8 10v7M8 7v.01M12 17v-7M12 13a3 3 0 0 1 6 0v4" /></>,
  twitter: <path d="M4 4l16 16M20 4L4 20" />,
  facebook: <><rect x="3" y="3" width="18" height="18" rx="3" /><path d="M15 8h-2a2 2 0 0 0-2 2v11M9 13h6" /></>,
  instagram: <><rect x="3" y="3" width="18" height="18" rx="5" /><circle cx="12" cy="12" r="4" /><path d="M17 7v.01" /></>,
  whatsapp: <><path d="M4 20l1.5-4.5A8 8 0 1 1 8.5 18.5z" /><path d="M9 9c0 3 3 6 6 6" /></>,
  sms: <><rect x="3" y="4" width="18" height="13" rx="2" /><path d="M8 21l3-4M7 9h10M7 12h6" /></>,
  chat: <path d="M4 5h16v11H9l-5 4z" />,
  review: <path d="M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.4 6.5 20.3l1-6.2L3 9.7l6.2-.9z" />,
  forum: <><path d="M3 4h12v9H7l-4 3z" /><path d="M15 8h6v9l-3-2h-7v-2" /></>,
  event: <><rect x="3" y="5" width="18" height="16" rx="2" /><path d="M3 10h18M8 3v4M16 3v4" /></>,
  web: <><circle cx="12" cy="12" r="9" /><path d="M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18" /></>,
  note: <><path d="M5 3h10l4 4v14H5z" /><path d="M14 3v5h5M8 12h8M8 16h6" /></>,
  task: <><rect x="3" y="3" width="18" height="18" rx="3" /><path d="M7 12l3 3 7-7" /></>,
  stage_change: <path d="M4 12h13M13 6l6 6-6 6" />,
  mention: <><circle cx="12" cy="12" r="4" /><path d="M16 12v1.5a2.5 2.5 0 0 0 5 0V12a9 9 0 1 0-4 7.5" /></>,
  merge: <path d="M6 3v6a6 6 0 0 0 6 6h0a6 6 0 0 1 6 6M18 3v6a6 6 0 0 1-6 6" />,
  // Tracking events (kind "event"), by call type.
  ev_page: <><rect x="3" y="4" width="18" height="16" rx="2" /><path d="M3 9h18M6 6.5h.01M9 6.5h.01" /></>,
  ev_screen: <><rect x="7" y="2" width="10" height="20" rx="2" /><path d="M11 18h2" /></>,
  ev_track: <path d="M13 2L4 14h7l-1 8 9-12h-7z" />,
  ev_identify: <><rect x="3" y="5" width="18" height="14" rx="2" /><circle cx="9" cy="11" r="2" /><path d="M6 16c.5-1.5 1.6-2 3-2s2.5.5 3 2M14 10h4M14 13h3" /></>,
  ev_group: <><path d="M3 21V8l6-4v17M9 21V10l6-3v14M15 21V12h6v9M2 21h20" /></>,
  ev_alias: <><path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" /><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" /></>,
  other: <><circle cx="6" cy="12" r="1.5" /><circle cx="12" cy="12" r="1.5" /><circle cx="18" cy="12" r="1.5" /></>,
};

// The tracking calls that have an icon and a name of their own (the channel of a kind "event" item).
export const eventTypes = ['page', 'screen', 'track', 'identify', 'group', 'alias'] as const;

// The key of an item's icon: the channel for conversations and tracking events, else the kind.
export function iconKey(kind: string, channel?: string | null): string {
  if (kind === 'interaction') return channel && paths[channel] ? channel : 'other';
  if (kind === 'event') return channel && paths[`ev_${channel}`] ? `ev_${channel}` : 'web';
  return paths[kind] ? kind : 'other';
}

// What an item is, in words: the channel of a conversation, the call type of a tracking event.
export function itemLabel(t: (key: string) => string, kind: string, channel?: string | null): string {
  if (kind === 'interaction') return t(`contacts.channel.${channel ?? 'other'}`);
  if (kind === 'event') {
    return (eventTypes as readonly string[]).includes(channel ?? '') ? t(`contacts.eventType.${channel}`) : t('contacts.kind.event');
  }
  return t(`contacts.kind.${kind}`);
}

export function ChannelIcon({ kind, channel }: { kind: string; channel?: string | null }) {
  const { t } = useI18n();
  const key = iconKey(kind, channel);
  const label = itemLabel(t, kind, channel);
  return (
    <span className={`icon ct-icon ct-icon-${key}`} role="img" aria-label={label} title={label}>
      <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.8"
        strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
        {paths[key]}
      </svg>
    </span>
  );
}
