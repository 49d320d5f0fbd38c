// npm run catalog [-- --data DIR]: regenerates the instance catalog from AWS's data (default ../shared/data).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GENERATED_PATH, generateCatalogSource } from './lib/catalog-source.ts';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/data' } } });
const source = generateCatalogSource(values.data!);
writeFileSync(GENERATED_PATH, source);
console.log(`wrote ${GENERATED_PATH} (${source.split('\n').filter((l) => l.startsWith('  [')).length} instance types)`);
