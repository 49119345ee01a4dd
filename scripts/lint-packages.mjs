// Runs publint (strict) and Are the Types Wrong over every built package in packages/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

let failed = 0;
for (const name of readdirSync('packages')) {
  const dir = join('packages', name);
  if (!existsSync(join(dir, 'package.json'))) continue;
  for (const [command, args] of [
    ['publint', ['--strict']],
    ['attw', ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped']],
  ]) {
    const child = spawnSync('pnpm', ['exec', command, ...args], { cwd: dir, stdio: 'inherit' });
    if (child.status !== 0) {
      console.error(`${command} failed for ${dir}`);
      failed += 1;
    }
  }
}
process.exit(failed > 0 ? 1 : 0);
