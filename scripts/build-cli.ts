// npm run build:cli (also run by `prepare` on npm install): bundles the CLI for a fast start.
import { fileURLToPath } from 'node:url';
import { buildCli } from './lib/build-cli.mjs';

await buildCli(fileURLToPath(new URL('..', import.meta.url)));
