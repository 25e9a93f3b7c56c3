/**
 * Checks an image reference against the OCI distribution grammar
 * (`[host[:port]/]path[:tag][@digest]`). Returns the problem, or undefined.
 */
export function imageReferenceProblem(ref: string): string | undefined {
  if (ref.trim() === '') return 'the image reference is empty';
  const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  const host = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)';
  const grammar = new RegExp(`^${host}?${component}(?:/${component})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);
  if (!grammar.test(ref)) {
    return `"${ref}" is not a valid image reference: expected [host/]name[:tag][@digest] with a lower-case name, e.g. docker.io/library/debian:bookworm`;
  }
  return undefined;
}
