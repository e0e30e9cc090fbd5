import { runBaseline } from './reconcile-baseline';
import { runFramework } from './reconcile-framework';

/** One side of the benchmark, in its own process; prints one JSON line. */
const [side, csv = '', parquet = '', iterations, endpoint = ''] = process.argv.slice(2);
if (side === 'baseline') {
  const { timesMs, result } = await runBaseline(csv, parquet, Number(iterations));
  process.stdout.write(
    `${JSON.stringify({ timesMs, peakRssMb: process.resourceUsage().maxRSS / 1024, detail: JSON.stringify(result) })}\n`,
  );
} else {
  const { timesMs, message, peakRssMb } = await runFramework(endpoint, csv, parquet, Number(iterations));
  const counts = message
    .split('\n')
    .slice(1, 10)
    .map((line) => line.trim())
    .filter((line) => /^(source rows|target rows|matched|missing|unexpected|duplicate|quantity|market_value)/.test(line));
  process.stdout.write(`${JSON.stringify({ timesMs, peakRssMb, detail: counts.join('; ') })}\n`);
}
