import {describe, expect, it} from 'vitest';
import {imageReferenceProblem} from '../../../src/core/profiles/image-ref.js';

describe('imageReferenceProblem', () => {
  it.each(['debian', 'debian:bookworm', 'docker.io/library/debian:bookworm', 'localhost/debian:bookworm', 'localhost:5000/team/app:1.0', 'yourcompany/centos6:latest', `alpine@sha256:${'a'.repeat(64)}`])(
    'accepts %s',
    (ref) => expect(imageReferenceProblem(ref)).toBeUndefined(),
  );

  it.each(['', 'Debian:bookworm', 'debian:', 'debian bookworm', '-x/y'])('refuses "%s"', (ref) => expect(imageReferenceProblem(ref)).toBeTruthy());
});
