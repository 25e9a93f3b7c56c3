export type {Backend, Container, CreateOptions, ProbeResult, RunContext, RunOptions} from './backend.js';
export {VDIST_LABEL} from './backend.js';
export type {EngineOptions} from './engine-options.js';
export {BACKEND_HELP, BACKEND_NAMES, backendFlagHelp, createBackend, isBackendName, selectBackend, type SelectedBackend, type SelectOptions} from './registry.js';
export {containerName, withContainer, type WithContainerOptions} from './with-container.js';
export {copyOut} from './copy-out.js';
export {cleanLabelled, type CleanReport} from './clean.js';
