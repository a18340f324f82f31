// ECharts with only the parts the reports draw (funnel, bars, lines on a canvas). Imported
// lazily by Chart.tsx, so the library loads on the first chart, never with the rest of the app.
import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, FunnelChart, LineChart, DatasetComponent, GridComponent, LegendComponent, TooltipComponent,
  CanvasRenderer]);

export default echarts;
