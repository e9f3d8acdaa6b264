/**
 * `npm run deploy`: registers the commands in commands/index.ts — in one server when DISCORD_GUILD_ID
 * is set (instant, for testing), globally otherwise — and /admin only in the home servers listed in
 * ADMIN_GUILD_IDS; prints what it registered.
 */
import { pathToFileURL } from 'node:url';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { commands } from '../../commands/index.js';
import { ConfigError, loadConfig, requireSetting, type Config } from '../config.js';
import { runEntry } from '../entry.js';

export async function deploy(config: Config, out: (line: string) => void): Promise<unknown[]> {
  const token = requireSetting(config, 'token', 'DISCORD_TOKEN', 'Set it in .env (see .env.example).');
  const appId = requireSetting(
    config,
    'applicationId',
    'DISCORD_APPLICATION_ID',
    'Copy the Application ID from the Developer Portal (General Information) into .env.',
  );
  const rest = new REST(config.apiUrl ? { api: config.apiUrl.replace(/\/+$/, '') } : {}).setToken(token);
  // /admin manages the one corpus every server sees: it is registered only in the home servers.
  const everyday = commands.filter((c) => c.data.name !== 'admin');
  const admin = commands.filter((c) => c.data.name === 'admin');
  const homes = config.adminGuildIds;
  const route = config.guildId
    ? Routes.applicationGuildCommands(appId, config.guildId)
    : Routes.applicationCommands(appId);
  const main = config.guildId && homes.includes(config.guildId) ? [...everyday, ...admin] : everyday;
  const registered = (await rest.put(route, { body: main.map((c) => c.data) })) as { name: string }[];
  out(
    `Registered ${registered.length} commands ${config.guildId ? `in server ${config.guildId}` : 'globally (may take up to an hour to appear)'}:`,
  );
  for (const c of main) out(`  /${c.data.name} — ${c.data.description}`);
  const failed: string[] = [];
  for (const guild of homes) {
    if (guild === config.guildId) continue;
    const route = Routes.applicationGuildCommands(appId, guild);
    try {
      registered.push(...((await rest.put(route, { body: admin.map((c) => c.data) })) as { name: string }[]));
      out(`Registered /admin in home server ${guild}.`);
    } catch (err) {
      failed.push(`${guild} (${(err as Error).message}; is the bot in that server?)`);
    }
  }
  if (failed.length) throw new Error(`could not register /admin in home server ${failed.join(', ')}`);
  if (homes.length === 0)
    out(
      '/admin is not registered: set ADMIN_GUILD_IDS to your home servers (admins in ADMIN_USER_IDS can DM the bot "/admin status").',
    );
  return registered;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  await runEntry(async () => {
    const config = loadConfig();
    try {
      await deploy(config, (l) => process.stdout.write(l + '\n'));
    } catch (err) {
      // A missing DISCORD_TOKEN or application id: runEntry prints its one line.
      if (err instanceof ConfigError) throw err;
      process.stderr.write(`Deploy failed: ${(err as Error).message}\n`);
      return 1;
    }
    return 0;
  });
}
