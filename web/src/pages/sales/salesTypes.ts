// The sales, document and conversation shapes the sales screens read (see /api/openapi.json).
import type { Money, RecordBase } from '../../api/types';

export type StageKind = 'open' | 'won' | 'lost';

export interface Stage {
  id: string;
  name: string;
  probability?: number;
  rotDays?: number | null;
  kind?: StageKind;
}

export interface Pipeline extends RecordBase {
  name: string;
  description?: string | null;
  stages: Stage[];
  segment?: string | null;
  sizeBand?: string | null;
  campaignId?: string | null;
}

export type ContactRole = 'decision_maker' | 'influencer' | 'user' | 'champion' | 'blocker';
export const contactRoles: ContactRole[] = ['decision_maker', 'influencer', 'user', 'champion', 'blocker'];

export interface OpportunityContact {
  contactId: string;
  role?: ContactRole | null;
}

export interface Opportunity extends RecordBase {
  name: string;
  pipelineId: string;
  stageId: string;
  amount?: Money | null;
  expectedCloseDate?: string | null;
  companyId?: string | null;
  contacts?: OpportunityContact[];
  ownerId?: string | null;
  source?: string | null;
  campaignId?: string | null;
  segment?: string | null;
  status: StageKind;
  lostReason?: string | null;
  stageEnteredAt?: string;
  closedAt?: string | null;
  rotting?: boolean;
  customFields?: Record<string, unknown>;
}

export interface BoardColumn {
  stage: Stage;
  count: number;
  total: number;
  weighted: number;
  items: Opportunity[];
}

export interface Board {
  pipeline: Pipeline;
  currency: string;
  columns: BoardColumn[];
}

export interface StageChange {
  id: string;
  opportunityId: string;
  pipelineId: string;
  fromStageId: string | null;
  toStageId: string;
  at: string;
  by?: string | null;
  amount?: Money | null;
}

export interface PipelineReportRow {
  stageId: string;
  stageName: string;
  kind: StageKind;
  probability: number;
  group?: string;
  count: number;
  amount: number;
  weighted: number;
}

export interface PipelineReport {
  pipelineId: string;
  currency: string;
  rows: PipelineReportRow[];
  totals: { count: number; amount: number; weighted: number };
}

export interface ConversionStage {
  stageId: string;
  stageName: string;
  kind: StageKind;
  reached: number;
  conversion: number | null;
  avgDaysInStage: number | null;
}

export interface ConversionReport {
  currency: string;
  stages: ConversionStage[];
  won: number;
  lost: number;
  winRate: number | null;
  avgDealSize: number | null;
  avgCycleDays: number | null;
}

export interface ForecastMonth {
  month: string;
  weighted: number;
  committed: number;
  won: number;
  openCount: number;
  wonCount: number;
}

export interface ForecastReport {
  currency: string;
  months: ForecastMonth[];
}

export interface DocumentRecord extends RecordBase {
  recordType: 'contact' | 'company' | 'opportunity';
  recordId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface Participant {
  type?: 'contact' | 'user';
  id: string;
  role?: string | null;
}

export const channels = ['meeting', 'call', 'email', 'linkedin', 'twitter', 'facebook', 'instagram', 'whatsapp',
  'sms', 'chat', 'review', 'forum', 'event', 'web', 'note', 'other'] as const;
export type Channel = (typeof channels)[number];
export const directions = ['inbound', 'outbound', 'internal'] as const;
export type Direction = (typeof directions)[number];

export interface Interaction extends RecordBase {
  channel: Channel;
  direction?: Direction;
  occurredAt: string;
  durationSec?: number | null;
  subject?: string | null;
  body?: string | null;
  outcome?: string | null;
  summary?: string;
  participants: Participant[];
  companyId?: string | null;
  opportunityId?: string | null;
}

export interface NamedRecord {
  id: string;
  name?: string;
  displayName?: string;
}
