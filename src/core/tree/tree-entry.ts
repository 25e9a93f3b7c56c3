/** One entry of an install tree, as the writers record it. */
export interface TreeEntry {
  /** Absolute path without a trailing slash, e.g. `/opt/app/bin/python3`. */
  path: string;
  type: 'file' | 'directory' | 'symlink';
  /** Permission bits (07777). */
  mode: number;
  /** Bytes of content (regular files; 0 for the others). */
  size: number;
  /** Seconds since the epoch, already clamped to source_date_epoch. */
  mtime: number;
  /** Symlink target. */
  linkTarget?: string;
  /** Entries that are hard links of one another share this id (> 0); 0 when not hard-linked. */
  linkGroup: number;
  /** Hex digests of the content (regular files), as far as the format needs them. */
  md5?: string;
  sha256?: string;
  /** rpm's inode number: one per entry, shared by hard links. */
  ino?: number;
}

/** What the packager learnt while reading the tree (see tree-stream.ts). */
export interface TreeFacts {
  /** DT_NEEDED sonames of every ELF file in the tree. */
  needed: Set<string>;
  /** Sonames (and file names) of the libraries the tree ships itself. */
  provided: Set<string>;
  /**
   * The undefined dynamic symbols of the tree's executables and shared
   * objects (`name@VERSION`, or `name@Base` when unversioned), grouped by
   * the DT_NEEDED list of the files that use them (the sonames joined by
   * spaces): dpkg-shlibdeps looks each symbol up in those libraries, in
   * that order.
   */
  symbols?: Map<string, Set<string>>;
  /** What rpm's ELF dependency generator says the tree's files require (see elfdepsRequires). */
  elfRequires?: Set<string>;
  /** deb-style architecture detected from ELF headers, or undefined when there are none. */
  architecture?: string;
  /** The ELF files of each architecture found (the first few paths of each), for the check against the build's. */
  elfPaths?: Map<string, string[]>;
  fileCount: number;
  /** Of fileCount, the files vdist added itself (copyright, changelog), not the build's. */
  addedFileCount?: number;
  /** Sum of regular file sizes in bytes. */
  installedSize: number;
}
