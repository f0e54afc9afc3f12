// Numbers as the simulation report writes them (Suanwang.Simulation/Reporting/ReportFormat.cs): invariant
// English, whatever the reader's locale, so a chart's labels read exactly as the report's tables.

/** Shown for a missing (NaN, null or infinite) value. */
export const MISSING = '–';

const formats = new Map();
function format(min, max, grouping) {
  const key = `${min}/${max}/${grouping}`;
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: grouping }));
  return formats.get(key);
}

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** A number with between min and max decimals, no thousands separators (C# "0.0", "0.##", "0.000"). */
export function fixed(v, max, min = max) {
  return finite(v) ? format(min, max, false).format(v) : MISSING;
}

/** A quantity: thousands separators, two decimals below 100, none above (C# "N2" / "N0"). */
export function quantity(v) {
  if (!finite(v)) return MISSING;
  return Math.abs(v) >= 100 ? format(0, 0, true).format(v) : format(2, 2, true).format(v);
}

/** A share in [0, 1] as a percentage: "42.7 %". */
export function percent(share) {
  return finite(share) ? `${fixed(share * 100, 1)} %` : MISSING;
}

/** A duration: "0.4 s", "45 s", "12.5 min", "5.2 h", "3.1 d". */
export function duration(seconds) {
  if (!finite(seconds)) return MISSING;
  const m = Math.abs(seconds);
  if (m < 1) return `${fixed(seconds, 2, 0)} s`;
  if (m < 100) return `${fixed(seconds, 1, 0)} s`;
  if (m < 100 * 60) return `${fixed(seconds / 60, 1, 0)} min`;
  if (m < 72 * 3600) return `${fixed(seconds / 3600, 1, 0)} h`;
  return `${fixed(seconds / 86400, 1, 0)} d`;
}
