/** The fake Discord for end-to-end tests: see fake-discord.ts (server) and payloads.ts (dispatch builders). */
export * from './fake-discord.js';
export * from './payloads.js';
export type { GatewayConnection, GatewayFrame, DroppedDispatch } from './gateway.js';
export type { RecordedFile } from './http.js';
export type { AttachmentOptions, CdnDownload } from './cdn.js';
export type { InteractionCallbackAttempt, InteractionRecord, RecordedRequest, SentMessage } from './state.js';
export type { FieldError } from './validate.js';
