import { useLayoutEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { currencyExponent, formatMoney } from '../../../shared/money';

/** The width of an element, kept up to date as the window changes size (0 until it is laid out). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(element.clientWidth);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * An amount on an axis: whole amounts without their cents ("€1,500"), others in full. The axis
 * values are whole minor units (allowDecimals off), so nothing here is a float of money.
 */
export function axisMoney(valueMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const unit = 10 ** exponent;
  if (Number.isInteger(valueMinor) && valueMinor % unit === 0) {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(
      valueMinor / unit,
    );
  }
  return formatMoney(Math.round(valueMinor), currency);
}

export interface ChartBar {
  label: string;
  /** what the tooltip names the bar by, when not its label ("Mon 3 Nov" for a tick "3") */
  name?: string;
  valueMinor: number;
}

const BAR = '#0b57a4';
const BAR_NEGATIVE = '#b42318';
const TICK = { fill: '#374151', fontSize: 13 };

/**
 * Amounts as bars, in the store's currency on the axis and in the tooltip. The numbers are in
 * the table beside it (the chart is a picture of them: role img, its name says where they are).
 */
export function MoneyBarChart({
  title,
  description,
  bars,
  currency,
  horizontal = false,
  height = 210,
}: {
  title: string;
  /** what a screen reader hears instead of the picture */
  description: string;
  bars: ChartBar[];
  currency: string;
  /** bars lying down, one row a category (payment methods) */
  horizontal?: boolean;
  height?: number;
}) {
  const [ref, width] = useWidth();
  const formatTick = (value: number) => axisMoney(value, currency);
  const longest = Math.max(0, ...bars.map((b) => formatMoney(b.valueMinor, currency).length));
  const valueAxisWidth = Math.min(96, 18 + longest * 7);
  const labelAxisWidth = Math.min(130, 16 + Math.max(0, ...bars.map((b) => b.label.length)) * 7.5);
  const chartHeight = horizontal ? Math.max(120, 44 + bars.length * 44) : height;
  return (
    <figure className="report-chart">
      <figcaption className="report-chart-title">{title}</figcaption>
      <div ref={ref} className="report-chart-box" role="img" aria-label={description} style={{ height: chartHeight }}>
        {width > 0 && bars.length > 0 && (
          <BarChart
            width={width}
            height={chartHeight}
            data={bars}
            layout={horizontal ? 'vertical' : 'horizontal'}
            margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="#e5e7eb" vertical={horizontal} horizontal={!horizontal} />
            {horizontal ? (
              <>
                <XAxis type="number" tickFormatter={formatTick} allowDecimals={false} tick={TICK} stroke="#9ca3af" />
                <YAxis type="category" dataKey="label" width={labelAxisWidth} tick={TICK} stroke="#9ca3af" />
              </>
            ) : (
              <>
                <XAxis dataKey="label" tick={TICK} stroke="#9ca3af" interval="preserveStartEnd" minTickGap={6} />
                <YAxis tickFormatter={formatTick} allowDecimals={false} width={valueAxisWidth} tick={TICK} stroke="#9ca3af" />
              </>
            )}
            <Tooltip
              cursor={{ fill: '#e3eefa' }}
              isAnimationActive={false}
              formatter={(value) => [typeof value === 'number' ? formatMoney(value, currency) : String(value), title]}
              labelFormatter={(label, payload) => {
                const bar = payload[0]?.payload as ChartBar | undefined;
                return bar?.name ?? label;
              }}
            />
            <Bar dataKey="valueMinor" name={title} isAnimationActive={false} maxBarSize={horizontal ? 28 : 48} radius={3}>
              {bars.map((bar) => (
                <Cell key={bar.name ?? bar.label} fill={bar.valueMinor < 0 ? BAR_NEGATIVE : BAR} />
              ))}
            </Bar>
          </BarChart>
        )}
        {bars.length === 0 && <p className="report-chart-empty muted">Nothing to show in this range.</p>}
      </div>
    </figure>
  );
}
