// `pnpm start`: bundles the example page (with @talap/core) and serves it on 127.0.0.1.
// Options: --port N (default 4173), --host H (default 127.0.0.1).
import { parseArgs } from 'node:util';
import { buildExample, serveExample } from './example-server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4173' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  process.exit(2);
}

await buildExample();
try {
  const { server, url } = await serveExample({ host: values.host, port });
  console.log(`Talap example: check a case file in the browser at ${url}`);
  console.log('Press Ctrl-C to stop.');
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(
    `Could not listen on ${values.host}:${port}: ${error.code ?? error.message}. Try --port 0 for a free port.`,
  );
  process.exit(1);
}
