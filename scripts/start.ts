// `pnpm start`: builds the form bundle, starts the hub with its embedded database in
// .talap-data/demo, makes a demo organisation and intake key on first run, and serves the example
// page with the form wired to the hub. Options: --port (pages, default 4173), --hub-port (default
// 8787), --host (default 127.0.0.1), --data (default .talap-data/demo).
import { parseArgs } from 'node:util';
import { startDemo } from './demo.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4173' },
    'hub-port': { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: '.talap-data/demo' },
  },
});
const port = (name: string, value: string) => {
  const parsed = Number(value);
  if (!/^\d{1,5}$/.test(value) || parsed > 65535) {
    console.error(`--${name} must be a number from 0 to 65535, not "${value}".`);
    process.exit(2);
  }
  return parsed;
};

try {
  const demo = await startDemo({
    dataDir: values.data,
    host: values.host,
    port: port('port', values.port),
    hubPort: port('hub-port', values['hub-port']),
  });
  console.log(`Talap demo
  the form (a self-report page):   ${demo.pageUrl}
  check a case file:               ${demo.validateUrl}
  the dashboard:                   ${demo.dashboardUrl}
    (sign in with the admin key in ${values.data}/demo-keys.json)
  the hub's API:                   ${demo.hubUrl}/v1/openapi.json
  data (kept between runs):        ${values.data}
Press Ctrl-C to stop.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await demo.stop();
    console.log('Stopped. Your data stays in', values.data);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? 'A port is in use: pass --port and --hub-port (0 picks a free one).'
      : `The demo could not start: ${(error as Error).message}`,
  );
  process.exit(1);
}
