/**
 * The local Discord (used by the end-to-end tests and the playground): fake-discord.ts (REST + gateway server), payloads.ts
 * and interaction-payloads.ts (typed dispatch builders), gateway.ts, rest.ts (+ rest-common.ts, rest-interactions.ts),
 * faults.ts, validate.ts (the limits it enforces).
 *
 *   const fake = await startFakeDiscord({ token: TOKEN });
 *   const client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.api } });
 *   const ready = once(client, Events.ClientReady);
 *   await client.login(TOKEN);
 *   await ready;
 *   const rec = await fake.interact(chatInput({ name: 'who', options: { query: 'Peskov' } }));
 *   expect(rec.callback?.type).toBe(4);
 *   expect(fake.unknownRoutes).toEqual([]);
 *   await client.destroy(); // before fake.close(), or discord.js keeps reconnecting
 *   await fake.close();
 */
export * from './fake-discord.js';
export * from './payloads.js';
export * from './interaction-payloads.js';
export { shardForGuild } from './gateway.js';
export type { GatewayFrame } from './gateway.js';
export type { InteractionRecord, RecordedRequest } from './state.js';
