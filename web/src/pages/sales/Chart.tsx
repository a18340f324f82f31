// One ECharts chart on a canvas. The library loads on first use; the chart follows its box's size.
// Charts are pictures (role="img" with a label): the table next to each one carries the figures.
import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useI18n } from '../../i18n';

type Library = typeof import('./echartsSetup')['default'];
let library: Promise<Library> | null = null;
function loadLibrary(): Promise<Library> {
  library ??= import('./echartsSetup').then((m) => m.default);
  return library;
}

export const palette = ['#0f5f73', '#d17a22', '#1e6b3a', '#7a5195', '#a4262c', '#3b82c4', '#8c6d1f', '#4a5666'];

export function Chart({ option, label, height = 320 }: { option: EChartsCoreOption; label: string; height?: number }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [failed, setFailed] = useState(false);
  const optionRef = useRef(option);
  optionRef.current = option;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    loadLibrary().then((echarts) => {
      if (disposed || !box.current) return;
      const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
      chart.current = instance;
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(box.current);
      instance.setOption(optionRef.current, true);
    }, () => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  if (failed) return <p className="muted">{t('sales.reports.chartFailed')}</p>;
  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} data-testid="chart" />;
}
