/**
 * The tests' view of the local Discord: the implementation lives in src/fake-discord (the playground
 * runs the same code), so the tests and the playground can never drift apart.
 */
export * from '../../src/fake-discord/index.js';
