import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {vdistJsonSchema} from './schema.js';

/** Run by `npm run build`: writes schema/vdist.schema.json from the zod source. */
const target = resolve(dirname(fileURLToPath(import.meta.url)), '../../../schema/vdist.schema.json');
mkdirSync(dirname(target), {recursive: true});
writeFileSync(target, `${JSON.stringify(vdistJsonSchema(), null, 2)}\n`);
