// What a suite row shows: the part of the suite name that tells it from its siblings first, the
// rest in the description (the tree's tooltip keeps the whole name).
//
// Shapes real reporters send (see the API notes):
// - Playwright: the titles from the test up to the root, non-empty ones joined with " - ":
//   `<inner describe> - … - <outer describe> - <file> - <project>` (no describes: `<file> -
//   <project>`; no project name: ends at the file). The file is the path relative to testDir.
// - Jest: nested describes joined with a space (`Cart shipping international`): one label.
// - Mocha: the describe title; root-level tests have suite "".
import { NO_SUITE_LABEL, type RunModel, type SuiteGroup } from './group';
import { singleLine } from './format';

export interface SuiteLabel {
  label: string;
  /** The file (Playwright), or ''. */
  description: string;
}

const SEPARATOR = ' - ';
const JOINER = ' · ';
/** Longer names are not split (and are cut by `singleLine` anyway). */
const MAX_SPLIT_CHARS = 4000;
/** A test file as Playwright names it: a relative path ending in a JS/TS extension. */
const TEST_FILE_RE = /^[^\s]*\.(?:[cm]?[jt]sx?)$/i;
const FILE_STEM_RE = /(?:\.(?:spec|test|e2e|integration))?\.(?:[cm]?[jt]sx?)$/i;

interface PlaywrightSuite {
  describes: string[];
  file: string;
  project: string | undefined;
}

/** The parts of a Playwright suite name, or undefined when the name is not of that shape. */
export function parsePlaywrightSuite(name: string): PlaywrightSuite | undefined {
  if (name.length > MAX_SPLIT_CHARS || !name.includes(SEPARATOR)) return undefined;
  const parts = name.split(SEPARATOR).map((p) => p.trim());
  // The file is the last or the second to last segment (followed by the project).
  for (const at of [parts.length - 2, parts.length - 1]) {
    if (at < 0 || !TEST_FILE_RE.test(parts[at])) continue;
    const project = at === parts.length - 2 ? parts[at + 1] : undefined;
    if (project === '' || (project !== undefined && TEST_FILE_RE.test(project))) continue;
    return { describes: parts.slice(0, at).filter((p) => p !== ''), file: parts[at], project };
  }
  return undefined;
}

function fileStem(file: string): string {
  return (file.split('/').pop() ?? file).replace(FILE_STEM_RE, '');
}

/**
 * The label of a suite row. `manyProjects`: the suites shown next to it come from more than one
 * Playwright project, so the project stays in the label (else it goes to the description).
 */
export function suiteLabel(name: string, manyProjects = true): SuiteLabel {
  if (name === '') return { label: NO_SUITE_LABEL, description: '' };
  const pw = parsePlaywrightSuite(name);
  if (!pw) return { label: singleLine(name) || NO_SUITE_LABEL, description: '' };
  const stem = fileStem(pw.file);
  // Innermost first, as the reporter sends them. A describe that only repeats its enclosing one
  // or the file's name (shown in the description) says nothing new, unless it is all there is.
  const unrepeated = pw.describes.filter((d, i) => d.toLowerCase() !== pw.describes[i + 1]?.toLowerCase());
  const notFileName = unrepeated.filter((d) => d.toLowerCase() !== stem.toLowerCase());
  const describes = notFileName.length > 0 ? notFileName : unrepeated;
  const labelParts = describes.length > 0 ? describes : [stem || pw.file];
  const descriptionParts = [pw.file];
  if (pw.project !== undefined) (manyProjects ? labelParts : descriptionParts).push(pw.project);
  return { label: singleLine(labelParts.join(JOINER)) || NO_SUITE_LABEL, description: singleLine(descriptionParts.join(JOINER)) };
}

/** True when the names hold Playwright suites of more than one project. */
export function hasManyProjects(names: Iterable<string>): boolean {
  let seen: string | undefined;
  for (const name of names) {
    const project = parsePlaywrightSuite(name)?.project;
    if (project === undefined) continue;
    if (seen === undefined) seen = project;
    else if (seen !== project) return true;
  }
  return false;
}

const manyProjectsByRun = new WeakMap<RunModel, boolean>();

/** The label of a suite of a run; whether the run has several projects is worked out once per run. */
export function runSuiteLabel(model: RunModel, suite: SuiteGroup): SuiteLabel {
  let many = manyProjectsByRun.get(model);
  if (many === undefined) {
    many = hasManyProjects(model.suites.map((s) => s.key));
    manyProjectsByRun.set(model, many);
  }
  return suiteLabel(suite.key, many);
}
