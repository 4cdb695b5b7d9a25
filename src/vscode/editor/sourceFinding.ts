// Entry of dist/sourceFinding.js: the editor's search for where tests are in source files (Go to
// Source, the gutter marks' placing, the CodeLens' locating). A bundle of its own, required the
// first time one of them has a run to place (loadSourceFinding.ts), so activation stays cheap and
// the main bundle small: the name search (model/sourceSearch.ts) is its largest part.
export { goToSource } from './goToSource';
export { failureMarks, placeFailures } from './failureMarks';
export { ciLenses } from '../../model/ciHistory';
