// Sales reports: the pipeline (funnel and amounts per stage), conversion and velocity, and the
// forecast by month, for a pipeline filtered by period, owner, team, segment and campaign.
// Every chart has its table beside it, and every table exports its rows as CSV.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, get, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextField } from '../../components/Field';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatMoney, formatMonth, formatNumber, formatPercent, minorDigits } from '../../i18n/format';
import { fixed, type FixedNumber } from '../../lib/csv';
import { useAsync } from '../../lib/useAsync';
import { Chart, palette } from './Chart';
import { ReportTable, type Column } from './ReportTable';
import { listPipelines } from './salesApi';
import type { ConversionReport, ConversionStage, ForecastMonth, ForecastReport, PipelineReport, PipelineReportRow } from './salesTypes';
import { usePageTitle } from '../../lib/usePageTitle';
import './sales.css';

const filterKeys = ['pipelineId', 'from', 'to', 'ownerId', 'teamId', 'segment', 'campaignId', 'groupBy'] as const;
type Filters = Record<(typeof filterKeys)[number], string>;
const groupings = ['', 'owner', 'segment', 'size', 'campaign'] as const;
const presets = ['custom', 'thisMonth', 'thisQuarter', 'thisYear', 'last90', 'last12m'] as const;

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function presetRange(preset: (typeof presets)[number], now = new Date()): { from: string; to: string } | null {
  const y = now.getFullYear();
  const m = now.getMonth();
  switch (preset) {
    case 'thisMonth': return { from: isoDay(new Date(y, m, 1)), to: isoDay(new Date(y, m + 1, 0)) };
    case 'thisQuarter': {
      const q = Math.floor(m / 3) * 3;
      return { from: isoDay(new Date(y, q, 1)), to: isoDay(new Date(y, q + 3, 0)) };
    }
    case 'thisYear': return { from: isoDay(new Date(y, 0, 1)), to: isoDay(new Date(y, 11, 31)) };
    case 'last90': return { from: isoDay(new Date(y, m, now.getDate() - 89)), to: isoDay(now) };
    case 'last12m': return { from: isoDay(new Date(y, m - 11, 1)), to: isoDay(now) };
    default: return null;
  }
}

// The API's period is on creation time, from inclusive, to exclusive: a "to" day includes all of it.
function reportQuery(filters: Filters): Record<string, string | undefined> {
  const startOf = (day: string, plus = 0) => {
    const date = new Date(`${day}T00:00:00`);
    if (Number.isNaN(date.getTime())) return undefined;
    date.setDate(date.getDate() + plus);
    return date.toISOString();
  };
  return {
    pipelineId: filters.pipelineId,
    from: filters.from ? startOf(filters.from) : undefined,
    to: filters.to ? startOf(filters.to, 1) : undefined,
    ownerId: filters.ownerId || undefined,
    teamId: filters.teamId || undefined,
    segment: filters.segment.trim() || undefined,
    campaignId: filters.campaignId.trim() || undefined,
  };
}

// Minor units as a number in major units for CSV (12345 EUR cents -> 123.45, "123,45" in Spanish).
function csvMoney(minor: number, currency: string): FixedNumber {
  const digits = minorDigits(currency);
  return fixed(minor / 10 ** digits, digits);
}

export default function ReportsPage() {
  const { t, locale } = useI18n();
  usePageTitle(t('sales.reports.title'));
  const { users, workspace, userName, isAdmin } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const pipelines = useAsync((signal) => listPipelines(signal), []);
  const teams = useAsync((signal) => get<Page<{ id: string; name: string }>>('/api/v1/teams', undefined, signal)
    .then((p) => p.items).catch(() => [] as { id: string; name: string }[]), []);

  const applied: Filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? ''])) as Filters;
  const [draft, setDraft] = useState<Filters>(applied);
  const [preset, setPreset] = useState<(typeof presets)[number]>('custom');
  const paramKey = params.toString();
  useEffect(() => {
    setDraft(Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? ''])) as Filters);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paramKey]);

  // Without a pipeline in the address, the one last used on the board, else the first.
  useEffect(() => {
    if (applied.pipelineId || !pipelines.data?.length) return;
    let remembered: string | null = null;
    try { remembered = localStorage.getItem('tertulia.pipeline'); } catch { /* no storage */ }
    const chosen = pipelines.data.find((p) => p.id === remembered) ?? pipelines.data[0];
    const next = new URLSearchParams(params);
    next.set('pipelineId', chosen.id);
    setParams(next, { replace: true });
  }, [applied.pipelineId, pipelines.data, params, setParams]);

  const query = applied.pipelineId ? reportQuery(applied) : null;
  const queryKey = JSON.stringify(query);
  const pipelineReport = useAsync((signal) => (query
    ? get<PipelineReport>('/api/v1/reports/pipeline', { ...query, groupBy: applied.groupBy || undefined }, signal)
    : Promise.resolve(undefined)), [queryKey, applied.groupBy]);
  const conversion = useAsync((signal) => (query
    ? get<ConversionReport>('/api/v1/reports/conversion', query, signal) : Promise.resolve(undefined)), [queryKey]);
  const forecast = useAsync((signal) => (query
    ? get<ForecastReport>('/api/v1/reports/forecast', query, signal) : Promise.resolve(undefined)), [queryKey]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of filterKeys) if (draft[key].trim()) next.set(key, draft[key].trim());
    setParams(next);
  };
  const clear = () => {
    setPreset('custom');
    setParams(applied.pipelineId ? new URLSearchParams({ pipelineId: applied.pipelineId }) : new URLSearchParams());
  };
  const set = (key: keyof Filters, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const pipeline = pipelines.data?.find((p) => p.id === applied.pipelineId);
  const fileBase = `${(pipeline?.name ?? 'pipeline').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase() || 'pipeline'}`;

  if (pipelines.error) return <ErrorBanner error={pipelines.error} onRetry={pipelines.reload} />;
  if (pipelines.loading && !pipelines.data) return <Loading />;
  if (pipelines.data?.length === 0) {
    return (
      <section>
        <h1>{t('sales.reports.title')}</h1>
        <EmptyState message={t('sales.board.noPipelines')}
          action={<Link className="button primary" to="/settings/pipelines">{t('sales.board.setUpPipelines')}</Link>} />
      </section>
    );
  }

  const missingRate = [pipelineReport.error, conversion.error, forecast.error]
    .find((e) => e instanceof ApiError && e.status === 409) as ApiError | undefined;

  return (
    <section className="reports-page" aria-labelledby="reports-title">
      <div className="page-header">
        <h1 id="reports-title">{t('sales.reports.title')}</h1>
        {applied.pipelineId && (
          <div className="actions"><Link className="button" to={`/pipeline/${applied.pipelineId}`}>{t('sales.reports.toBoard')}</Link></div>
        )}
      </div>

      <form className="card report-filters" onSubmit={apply} aria-label={t('common.filters')}>
        <SelectField label={t('sales.field.pipeline')} value={draft.pipelineId}
          onChange={(e) => {
            // A pipeline change applies at once, keeping the other applied filters.
            const next = new URLSearchParams(params);
            next.set('pipelineId', e.target.value);
            setParams(next);
          }}
          options={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
        <SelectField label={t('sales.reports.period')} value={preset}
          onChange={(e) => {
            const chosen = e.target.value as (typeof presets)[number];
            setPreset(chosen);
            const range = presetRange(chosen);
            if (range) setDraft((d) => ({ ...d, ...range }));
          }}
          options={presets.map((p) => ({ value: p, label: t(`sales.reports.preset.${p}`) }))} />
        <TextField label={t('sales.reports.from')} type="date" value={draft.from}
          onChange={(e) => { setPreset('custom'); set('from', e.target.value); }} error={pipelineReport.error instanceof ApiError ? pipelineReport.error.forField('from') : undefined} />
        <TextField label={t('sales.reports.to')} type="date" value={draft.to} min={draft.from || undefined}
          onChange={(e) => { setPreset('custom'); set('to', e.target.value); }} error={pipelineReport.error instanceof ApiError ? pipelineReport.error.forField('to') : undefined} />
        <SelectField label={t('sales.field.owner')} value={draft.ownerId} onChange={(e) => set('ownerId', e.target.value)}
          options={[{ value: '', label: t('common.all') }, ...users.map((u) => ({ value: u.id, label: u.name || u.email }))]} />
        {(teams.data?.length ?? 0) > 0 && (
          <SelectField label={t('sales.reports.team')} value={draft.teamId} onChange={(e) => set('teamId', e.target.value)}
            options={[{ value: '', label: t('common.all') }, ...(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))]} />
        )}
        <TextField label={t('sales.field.segment')} value={draft.segment} onChange={(e) => set('segment', e.target.value)} />
        <TextField label={t('sales.field.campaign')} value={draft.campaignId} onChange={(e) => set('campaignId', e.target.value)} />
        <SelectField label={t('sales.reports.groupBy')} value={draft.groupBy} onChange={(e) => set('groupBy', e.target.value)}
          options={groupings.map((g) => ({ value: g, label: t(`sales.reports.group.${g || 'none'}`) }))} />
        <div className="form-actions">
          <button type="submit" className="primary">{t('common.apply')}</button>
          <button type="button" onClick={clear}>{t('common.clear')}</button>
          <span className="muted small">{t('sales.reports.periodHint')}</span>
        </div>
      </form>

      {missingRate && (
        <div className="banner banner-warn" role="alert">
          <p>{t('sales.reports.missingRate', { detail: missingRate.message, currency: workspace.currency })}</p>
          {isAdmin && <Link to="/settings/exchange-rates">{t('sales.reports.setRates')}</Link>}
        </div>
      )}

      <PipelineSection report={pipelineReport.data} conversion={conversion.data} loading={pipelineReport.loading}
        error={missingRate ? undefined : pipelineReport.error} reload={pipelineReport.reload}
        groupBy={applied.groupBy} groupLabel={(g) => groupLabel(applied.groupBy, g, userName, t)} fileBase={fileBase} />
      <ConversionSection report={conversion.data} loading={conversion.loading}
        error={missingRate ? undefined : conversion.error} reload={conversion.reload} fileBase={fileBase} />
      <ForecastSection report={forecast.data} loading={forecast.loading}
        error={missingRate ? undefined : forecast.error} reload={forecast.reload} fileBase={fileBase} />
      <p className="muted small">{t('sales.reports.currencyNote', { currency: pipelineReport.data?.currency ?? workspace.currency, locale })}</p>
    </section>
  );
}

function groupLabel(groupBy: string, group: string | undefined, userName: (id: string) => string,
                    t: (key: string) => string): string {
  if (!group) return groupBy === 'owner' ? t('sales.field.noOwner') : t('common.none');
  return groupBy === 'owner' ? userName(group) : group;
}

interface SectionProps<R> {
  report: R | undefined;
  loading: boolean;
  error: unknown;
  reload: () => void;
  fileBase: string;
}

function SectionState({ loading, error, reload, hasData }: { loading: boolean; error: unknown; reload: () => void; hasData: boolean }) {
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (loading && !hasData) return <Loading />;
  return null;
}

const axisMoney = (currency: string, locale: string) => (value: number) =>
  formatMoney({ value, currency }, locale, { compact: true });

function PipelineSection({ report, conversion, loading, error, reload, groupBy, groupLabel: label, fileBase }:
  SectionProps<PipelineReport> & { conversion?: ConversionReport; groupBy: string; groupLabel: (g: string | undefined) => string }) {
  const { t, locale } = useI18n();
  const currency = report?.currency ?? 'EUR';
  const money = (v: number) => formatMoney({ value: v, currency }, locale);

  // Per stage (summed over groups), in the pipeline's order.
  const stages = useMemo(() => {
    const byStage = new Map<string, PipelineReportRow>();
    for (const row of report?.rows ?? []) {
      const seen = byStage.get(row.stageId);
      if (seen) byStage.set(row.stageId, { ...seen, count: seen.count + row.count, amount: seen.amount + row.amount, weighted: seen.weighted + row.weighted });
      else byStage.set(row.stageId, { ...row, group: undefined });
    }
    return [...byStage.values()];
  }, [report]);

  // The funnel: how many deals reached each stage (the conversion report), lost stages aside.
  const funnelStages = useMemo(() => (conversion?.stages ?? []).filter((s) => s.kind !== 'lost')
    .map((s) => ({ name: s.stageName, value: s.reached })), [conversion]);
  const funnel = useMemo(() => ({
    color: palette,
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) =>
      `${p.name}: ${t('sales.reports.deals', { count: p.value })}` },
    series: [{
      type: 'funnel', sort: 'none', left: '6%', width: '88%', top: 8, bottom: 8, minSize: '18%', gap: 2,
      label: { show: true, position: 'inside', color: '#fff', formatter: '{b}: {c}', overflow: 'truncate' },
      labelLine: { show: false },
      data: funnelStages,
    }],
  }), [funnelStages, t]);

  const groups = useMemo(() => Array.from(new Set((report?.rows ?? []).map((r) => r.group ?? ''))), [report]);
  const bars = useMemo(() => ({
    color: palette,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatMoney({ value: v, currency }, locale) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: stages.map((s) => s.stageName), axisLabel: { interval: 0, width: 90, overflow: 'truncate' } },
    yAxis: { type: 'value', axisLabel: { formatter: axisMoney(currency, locale) } },
    series: groupBy
      ? groups.map((g) => ({
          type: 'bar', stack: 'amount', name: label(g),
          data: stages.map((s) => report?.rows.find((r) => r.stageId === s.stageId && (r.group ?? '') === g)?.amount ?? 0),
        }))
      : [
          { type: 'bar', name: t('sales.reports.amount'), data: stages.map((s) => s.amount) },
          { type: 'bar', name: t('sales.reports.weighted'), data: stages.map((s) => s.weighted) },
        ],
  }), [stages, groups, groupBy, report, currency, locale, t, label]);

  const rows = groupBy ? report?.rows ?? [] : stages;
  const columns: Column<PipelineReportRow>[] = [
    { label: t('sales.field.stage'), cell: (r) => r.stageName, csv: (r) => r.stageName },
    ...(groupBy ? [{ label: t(`sales.reports.group.${groupBy}`), cell: (r: PipelineReportRow) => (r.stageId ? label(r.group) : ''),
      csv: (r: PipelineReportRow) => (r.stageId ? label(r.group) : '') }] : []),
    { label: t('sales.reports.kind'), cell: (r) => (r.kind ? t(`sales.kind.${r.kind}`) : ''), csv: (r) => r.kind ?? '' },
    { label: t('sales.reports.probability'), num: true, cell: (r) => (r.stageId ? formatPercent(r.probability / 100, locale) : ''),
      csv: (r) => (r.stageId ? r.probability : null) },
    { label: t('sales.reports.count'), num: true, cell: (r) => formatNumber(r.count, locale), csv: (r) => r.count },
    { label: t('sales.reports.amountIn', { currency }), num: true, cell: (r) => money(r.amount), csv: (r) => csvMoney(r.amount, currency) },
    { label: t('sales.reports.weightedIn', { currency }), num: true, cell: (r) => money(r.weighted), csv: (r) => csvMoney(r.weighted, currency) },
  ];
  const footer: PipelineReportRow | undefined = report ? {
    stageId: '', stageName: t('sales.reports.total'), kind: '' as never, probability: 0,
    count: report.totals.count, amount: report.totals.amount, weighted: report.totals.weighted,
  } : undefined;

  return (
    <section className="card" aria-labelledby="report-pipeline">
      <h2 id="report-pipeline">{t('sales.reports.pipelineTitle')}</h2>
      <SectionState loading={loading} error={error} reload={reload} hasData={!!report} />
      {report && !error && (
        <>
          <dl className="kpis">
            <div className="kpi"><dt>{t('sales.reports.kpi.deals')}</dt><dd>{formatNumber(report.totals.count, locale)}</dd></div>
            <div className="kpi"><dt>{t('sales.reports.kpi.amount')}</dt><dd>{money(report.totals.amount)}</dd></div>
            <div className="kpi"><dt>{t('sales.reports.kpi.weighted')}</dt><dd>{money(report.totals.weighted)}</dd></div>
          </dl>
          <div className="report-grid">
            <figure className="chart-figure">
              <figcaption>{t('sales.reports.funnel')}</figcaption>
              {conversion ? <Chart option={funnel} label={t('sales.reports.funnelLabel')} /> : <Loading />}
            </figure>
            <figure className="chart-figure">
              <figcaption>{t('sales.reports.amounts')}</figcaption>
              <Chart option={bars} label={t('sales.reports.amountsLabel')} />
            </figure>
          </div>
          <ReportTable caption={t('sales.reports.byStage')} columns={columns} rows={rows} footer={footer}
            fileName={`${fileBase}-pipeline.csv`} testId="table-pipeline" />
        </>
      )}
    </section>
  );
}

function ConversionSection({ report, loading, error, reload, fileBase }: SectionProps<ConversionReport>) {
  const { t, locale } = useI18n();
  const currency = report?.currency ?? 'EUR';
  const stages = report?.stages ?? [];
  const days = (v: number | null) => (v === null ? '—' : t('sales.reports.days', { count: Number(v.toFixed(1)), n: formatNumber(v, locale, { maximumFractionDigits: 1 }) }));
  const option = useMemo(() => ({
    color: [palette[0], palette[1]],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: stages.map((s) => s.stageName), axisLabel: { interval: 0, width: 90, overflow: 'truncate' } },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => formatPercent(v / 100, locale) } },
      { type: 'value', min: 0, minInterval: 1, name: t('sales.reports.daysAxis'), nameTextStyle: { align: 'right' },
        axisLabel: { formatter: (v: number) => formatNumber(v, locale, { maximumFractionDigits: 0 }) } },
    ],
    series: [
      { type: 'bar', name: t('sales.reports.conversion'), yAxisIndex: 0,
        tooltip: { valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : formatPercent(v / 100, locale)) },
        data: stages.map((s) => (s.conversion === null ? null : Math.round(s.conversion * 1000) / 10)) },
      { type: 'line', name: t('sales.reports.avgDays'), yAxisIndex: 1, symbolSize: 8,
        tooltip: { valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : formatNumber(v, locale, { maximumFractionDigits: 1 })) },
        data: stages.map((s) => (s.avgDaysInStage === null ? null : Math.round(s.avgDaysInStage * 10) / 10)) },
    ],
  }), [stages, locale, t]);

  const columns: Column<ConversionStage>[] = [
    { label: t('sales.field.stage'), cell: (s) => s.stageName, csv: (s) => s.stageName },
    { label: t('sales.reports.kind'), cell: (s) => t(`sales.kind.${s.kind}`), csv: (s) => s.kind },
    { label: t('sales.reports.reached'), num: true, cell: (s) => formatNumber(s.reached, locale), csv: (s) => s.reached },
    { label: t('sales.reports.conversionPct'), num: true, cell: (s) => formatPercent(s.conversion, locale),
      csv: (s) => (s.conversion === null ? null : fixed(s.conversion * 100, 1)) },
    { label: t('sales.reports.avgDays'), num: true, cell: (s) => days(s.avgDaysInStage),
      csv: (s) => (s.avgDaysInStage === null ? null : fixed(s.avgDaysInStage, 1)) },
  ];

  return (
    <section className="card" aria-labelledby="report-conversion">
      <h2 id="report-conversion">{t('sales.reports.conversionTitle')}</h2>
      <SectionState loading={loading} error={error} reload={reload} hasData={!!report} />
      {report && !error && (
        <>
          <dl className="kpis">
            <div className="kpi"><dt>{t('sales.reports.kpi.winRate')}</dt><dd data-testid="kpi-win-rate">{formatPercent(report.winRate, locale)}</dd></div>
            <div className="kpi"><dt>{t('sales.reports.kpi.won')}</dt><dd>{formatNumber(report.won, locale)}</dd></div>
            <div className="kpi"><dt>{t('sales.reports.kpi.lost')}</dt><dd>{formatNumber(report.lost, locale)}</dd></div>
            <div className="kpi"><dt>{t('sales.reports.kpi.avgDeal')}</dt>
              <dd>{report.avgDealSize === null ? '—' : formatMoney({ value: report.avgDealSize, currency }, locale)}</dd></div>
            <div className="kpi"><dt>{t('sales.reports.kpi.cycle')}</dt><dd>{days(report.avgCycleDays)}</dd></div>
          </dl>
          <div className="report-grid">
            <figure className="chart-figure">
              <figcaption>{t('sales.reports.velocity')}</figcaption>
              <Chart option={option} label={t('sales.reports.velocityLabel')} />
            </figure>
            <ReportTable caption={t('sales.reports.conversionTable')} columns={columns} rows={stages}
              fileName={`${fileBase}-conversion.csv`} testId="table-conversion" />
          </div>
        </>
      )}
    </section>
  );
}

function ForecastSection({ report, loading, error, reload, fileBase }: SectionProps<ForecastReport>) {
  const { t, locale } = useI18n();
  const currency = report?.currency ?? 'EUR';
  const money = (v: number) => formatMoney({ value: v, currency }, locale);
  const months = report?.months ?? [];
  const option = useMemo(() => ({
    color: [palette[0], palette[1], palette[2]],
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatMoney({ value: v, currency }, locale) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => formatMonth(m.month, locale)) },
    yAxis: { type: 'value', axisLabel: { formatter: axisMoney(currency, locale) } },
    series: [
      { type: 'bar', name: t('sales.reports.weighted'), data: months.map((m) => m.weighted) },
      { type: 'bar', name: t('sales.reports.committed'), data: months.map((m) => m.committed) },
      { type: 'bar', name: t('sales.reports.won'), data: months.map((m) => m.won) },
    ],
  }), [months, currency, locale, t]);

  const columns: Column<ForecastMonth>[] = [
    { label: t('sales.reports.month'), cell: (m) => formatMonth(m.month, locale), csv: (m) => m.month },
    { label: t('sales.reports.openCount'), num: true, cell: (m) => formatNumber(m.openCount, locale), csv: (m) => m.openCount },
    { label: t('sales.reports.weightedIn', { currency }), num: true, cell: (m) => money(m.weighted), csv: (m) => csvMoney(m.weighted, currency) },
    { label: t('sales.reports.committedIn', { currency }), num: true, cell: (m) => money(m.committed), csv: (m) => csvMoney(m.committed, currency) },
    { label: t('sales.reports.wonCount'), num: true, cell: (m) => formatNumber(m.wonCount, locale), csv: (m) => m.wonCount },
    { label: t('sales.reports.wonIn', { currency }), num: true, cell: (m) => money(m.won), csv: (m) => csvMoney(m.won, currency) },
  ];
  const footer: ForecastMonth | undefined = months.length ? {
    month: t('sales.reports.total'),
    openCount: months.reduce((n, m) => n + m.openCount, 0),
    weighted: months.reduce((n, m) => n + m.weighted, 0),
    committed: months.reduce((n, m) => n + m.committed, 0),
    wonCount: months.reduce((n, m) => n + m.wonCount, 0),
    won: months.reduce((n, m) => n + m.won, 0),
  } : undefined;

  return (
    <section className="card" aria-labelledby="report-forecast">
      <h2 id="report-forecast">{t('sales.reports.forecastTitle')}</h2>
      <p className="muted small">{t('sales.reports.forecastHint')}</p>
      <SectionState loading={loading} error={error} reload={reload} hasData={!!report} />
      {report && !error && (
        months.length === 0 ? <p className="muted">{t('sales.reports.noForecast')}</p> : (
          <div className="report-stack">
            <figure className="chart-figure">
              <figcaption>{t('sales.reports.forecastChart')}</figcaption>
              <Chart option={option} label={t('sales.reports.forecastLabel')} height={360} />
            </figure>
            <ReportTable caption={t('sales.reports.forecastTable')} columns={columns} rows={months} footer={footer}
              fileName={`${fileBase}-forecast.csv`} testId="table-forecast" />
          </div>
        )
      )}
    </section>
  );
}
