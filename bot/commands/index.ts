import type { ChatCommand } from './chat-command';
import { alertsChannelCommand, type AlertsChannelHooks } from './alerts-channel.command';
import { alertsCommand } from './alerts.command';
import { auditExportCommand, auditListCommand, auditVerifyCommand, type AuditExportOptions } from './audit.command';
import { dismissCommand } from './dismiss.command';
import { helpCommand } from './help.command';
import { rolesAddCommand, rolesListCommand, rolesRemoveCommand } from './roles.command';
import { settingChangeCommand, settingsShowCommand } from './settings.command';

export interface CommandOptions extends AlertsChannelHooks, AuditExportOptions {}

/** Every chat command. `help` lists those the caller may run. */
export function chatCommands(options: CommandOptions): readonly ChatCommand[] {
  const commands: ChatCommand[] = [];
  commands.push(
    helpCommand(() => commands),
    alertsCommand,
    alertsChannelCommand(options),
    dismissCommand,
    settingsShowCommand,
    settingChangeCommand('set'),
    settingChangeCommand('add'),
    settingChangeCommand('remove'),
    rolesListCommand,
    rolesAddCommand,
    rolesRemoveCommand,
    auditListCommand,
    auditVerifyCommand,
    auditExportCommand(options),
  );
  return commands;
}
