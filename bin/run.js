#!/usr/bin/env node
import {execute} from '@oclif/core';
import {ensureLastResort} from '../lib/core/last-resort.js';

// Before anything runs: an error nothing caught becomes a clear message, the cleanup and exit 1 (src/core/last-resort.ts).
ensureLastResort();
await execute({dir: import.meta.url});
