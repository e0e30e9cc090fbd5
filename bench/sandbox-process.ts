import { Sandbox } from '../sandbox/sandbox';

/**
 * The sandbox in a process of its own for the benchmark, as the framework meets AWS: over HTTP.
 * Prints its endpoint, serves until stdin closes, then prints its own peak RSS.
 */
const sandbox = await Sandbox.start({ region: 'us-east-1' });
process.stdout.write(`${JSON.stringify({ endpoint: sandbox.endpoint })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await sandbox.stop();
  process.stdout.write(`${JSON.stringify({ peakRssMb })}\n`);
  process.exit(0);
});
