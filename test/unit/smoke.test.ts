import { strict as assert } from 'node:assert';
import { BUILD_SUITE } from '../../src/model/types';
describe('smoke', () => { it('loads the model', () => assert.equal(BUILD_SUITE, '[build]')); });
