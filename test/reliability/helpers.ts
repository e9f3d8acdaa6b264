/** Small helpers the reliability tests share. */
import { interactFinal } from '../harness/index.js';

/** An admin interaction's final answer, past its progress edits (see `interactFinal`). */
export const adminReply = interactFinal;
