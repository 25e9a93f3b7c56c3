import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {createBuildLogger, createLogger} from '../../src/core/log.js';

describe('createBuildLogger', () => {
  it('writes debug records with the build name and redacted secrets to its file, and closes once however often asked', async () => {
    const terminal = new PassThrough();
    const shown: string[] = [];
    terminal.on('data', (c: Buffer) => shown.push(c.toString()));
    const root = createLogger({level: 'info', json: true, destination: terminal});
    const file = join(mkdtempSync(join(tmpdir(), 'vdist-log-')), 'logs', 'b.log');
    const {log, close} = createBuildLogger(root, 'app-1.0-debian', file);
    log.debug('detail only in the file');
    log.info('pip install --index-url https://u:s3cret@idx.example/simple/');
    await close();
    await close();
    const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {build: string; msg: string});
    expect(records.map((r) => r.msg)).toEqual(['detail only in the file', 'pip install --index-url https://u:***@idx.example/simple/']);
    expect(records.every((r) => r.build === 'app-1.0-debian')).toBe(true);
    expect(shown.join('')).not.toContain('detail only in the file');
    expect(shown.join('')).not.toContain('s3cret');
  });
});
