import {ConfigError} from '../errors.js';

// Jinja2 that Handlebars would take for text (`{% if x %}`) or misread (`{{ x|filter }}`; not a
// Handlebars block, comment or partial, whose `as |item|` has a bar too).
const JINJA = [/\{%-?\s*\w+/, /\{\{(?![#/^>!])[^{}]*\|[^{}]*\}\}/];

/** The original vdist's template variables and what a Handlebars script of vdist uses instead. */
export const JINJA_PORTING: Array<[string, string]> = [
  ['{% if build_deps %}...{% endif %}', '{{#if build_deps}}...{{/if}}'],
  ['{% for dep in runtime_deps %}{{dep}}{% endfor %}', '{{#each runtime_deps}}{{this}}{{/each}}'],
  ["{{build_deps|join(' ')}}", '{{build_deps}} (a list renders as quoted words)'],
  ['app, version, profile, name, build_deps, runtime_deps, fpm_args, pip_args, compile_python, custom_filename, python_basedir, package_install_root, working_dir', 'the same names'],
  ['python_version', 'compile_python_version (python_url, python_sha256: the tarball)'],
  ['requirements_path (joined to $PWD)', 'requirements_file: its path in the container'],
  ['package_tmp_root, project_root, source.type, source.uri, source.branch', 'src_dir (vdist fetches the source on the host and puts it there), app_dir (src_dir/working_dir)'],
  ['shared_dir (where packages were copied)', 'out_dir'],
  ['scratch_dir, scratch_folder_name', 'none: the source is already in src_dir'],
  ['local_uid, local_gid (chown of the results)', 'none: vdist streams the results out'],
  ['use_local_pip_conf', 'none: give the index in pip_args'],
  ['$PYTHON_BASEDIR/bin/python3', 'python_bin'],
  ['fpm -s dir -t deb ... $PYTHON_BASEDIR', '{{> python-app}} (vdist\'s stages), or fpm_command with packager = "fpm"'],
];

/**
 * A script template written for the original vdist (Jinja2) gets an error
 * that names its first Jinja2 line and shows how its variables port to
 * vdist's Handlebars context; other templates get undefined.
 */
export function jinjaTemplateError(source: string, file: string): ConfigError | undefined {
  const lines = source.split('\n');
  const index = lines.findIndex((line) => JINJA.some((re) => re.test(line)));
  if (index < 0) return undefined;
  const width = Math.max(...JINJA_PORTING.map(([a]) => a.length));
  const table = [`    ${'original vdist (Jinja2)'.padEnd(width)}  vdist (Handlebars)`, ...JINJA_PORTING.map(([a, b]) => `    ${a.padEnd(width)}  ${b}`)];
  return new ConfigError(
    [
      {
        file,
        line: index + 1,
        message: `a Jinja2 template, as the original vdist wrote them: vdist renders Handlebars (\`${lines[index]!.trim().slice(0, 60)}\`). Port it with this table, or remove it to use the built-in script of the same name:\n${table.join('\n')}`,
      },
    ],
    {code: 'TEMPLATE', suggestions: ['See "Build scripts and the template context" in the README, and docs/coming-from-vdist.md']},
  );
}
