/**
 * `npm run deploy`: registers exactly the commands in commands/index.ts — in one server when
 * DISCORD_GUILD_ID is set (instant, for testing), globally otherwise — and prints what it registered.
 */
import { pathToFileURL } from 'node:url';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { commands } from '../../commands/index.js';
import { ConfigError, loadConfig, requireSetting, type Config } from '../config.js';

export async function deploy(config: Config, out: (line: string) => void): Promise<unknown[]> {
  const token = requireSetting(config, 'token', 'DISCORD_TOKEN', 'Set it in .env (see .env.example).');
  const appId = requireSetting(
    config,
    'applicationId',
    'DISCORD_APPLICATION_ID',
    'Copy the Application ID from the Developer Portal (General Information) into .env.',
  );
  const rest = new REST(config.apiUrl ? { api: config.apiUrl.replace(/\/+$/, '') } : {}).setToken(token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(appId, config.guildId)
    : Routes.applicationCommands(appId);
  const body = commands.map((c) => c.data);
  const registered = (await rest.put(route, { body })) as { name: string }[];
  out(
    `Registered ${registered.length} commands ${config.guildId ? `in server ${config.guildId}` : 'globally (may take up to an hour to appear)'}:`,
  );
  for (const c of commands) out(`  /${c.data.name} — ${c.data.description}`);
  return registered;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  try {
    await deploy(loadConfig(), (l) => process.stdout.write(l + '\n'));
  } catch (err) {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : `Deploy failed: ${(err as Error).message}`}\n`,
    );
    process.exitCode = 1;
  }
}
