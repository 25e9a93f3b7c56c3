export {makeSourceTar, type SourceDate, type SourceTar, type SourceTarOptions} from './make-source-tar.js';
export {IGNORE_FILE} from './directory-tar.js';
