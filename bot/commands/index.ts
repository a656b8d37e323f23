import type { ChatCommand } from './chat-command';
import { alertsChannelCommand, type AlertsChannelHooks } from './alerts-channel.command';
import { alertsCommand } from './alerts.command';
import { auditExportCommand, auditListCommand, auditVerifyCommand, type AuditExportOptions } from './audit.command';
import { caseContributorsCommand, caseEscalateCommand, caseListCommand, caseNoteCommand, caseResolveCommand, caseShowCommand } from './case.command';
import { caseTeamCreateCommand, caseTeamShowCommand, type CaseTeamCommandOptions } from './case-team.command';
import { dismissCommand } from './dismiss.command';
import { domainsAddCommand, domainsRemoveCommand, domainsShowCommand } from './domains.command';
import { exclusionsChangeCommand, exclusionsShowCommand } from './exclusions.command';
import { flowsDisableCommand, flowsEnableCommand, flowsImportCommand, flowsListCommand, flowsRunCommand, flowsRunsCommand, flowsShowCommand, flowsSubscriptionsCommand } from './flows.command';
import { helpCommand } from './help.command';
import { indicatorsDisableCommand, indicatorsEnableCommand, indicatorsListCommand } from './indicators.command';
import {
  noticeTemplateCreateCommand,
  noticeTemplateDeleteCommand,
  noticeTemplateEditCommand,
  noticeTemplateListCommand,
  noticeTemplateShowCommand,
} from './notice-template.command';
import { noticeSendCommand } from './notice.command';
import { policyCreateCommand, policyDeleteCommand, policyListCommand, policyShowCommand } from './policy.command';
import {
  priorityGroupAddCommand,
  priorityGroupCreateCommand,
  priorityGroupDeleteCommand,
  priorityGroupListCommand,
  priorityGroupRemoveCommand,
} from './priority-group.command';
import { rolesAddCommand, rolesListCommand, rolesRemoveCommand } from './roles.command';
import { settingChangeCommand, settingsShowCommand } from './settings.command';

export interface CommandOptions extends AlertsChannelHooks, AuditExportOptions, CaseTeamCommandOptions {}

/** Every chat command. `help` lists those the caller may run. */
export function chatCommands(options: CommandOptions): readonly ChatCommand[] {
  const commands: ChatCommand[] = [];
  commands.push(
    helpCommand(() => commands),
    alertsCommand,
    alertsChannelCommand(options),
    dismissCommand,
    caseListCommand,
    caseShowCommand,
    caseNoteCommand,
    caseContributorsCommand,
    caseResolveCommand,
    caseEscalateCommand(options),
    noticeSendCommand,
    noticeTemplateListCommand,
    noticeTemplateShowCommand,
    noticeTemplateCreateCommand,
    noticeTemplateEditCommand,
    noticeTemplateDeleteCommand,
    caseTeamShowCommand,
    caseTeamCreateCommand(options),
    settingsShowCommand,
    settingChangeCommand('set'),
    settingChangeCommand('add'),
    settingChangeCommand('remove'),
    indicatorsListCommand,
    indicatorsEnableCommand,
    indicatorsDisableCommand,
    policyListCommand,
    policyShowCommand,
    policyCreateCommand,
    policyDeleteCommand,
    priorityGroupListCommand,
    priorityGroupCreateCommand,
    priorityGroupDeleteCommand,
    priorityGroupAddCommand,
    priorityGroupRemoveCommand,
    domainsShowCommand,
    domainsAddCommand('allow'),
    domainsAddCommand('block'),
    domainsAddCommand('third-party'),
    domainsRemoveCommand,
    exclusionsShowCommand,
    exclusionsChangeCommand('add'),
    exclusionsChangeCommand('remove'),
    rolesListCommand,
    rolesAddCommand,
    rolesRemoveCommand,
    auditListCommand,
    auditVerifyCommand,
    auditExportCommand(options),
    flowsListCommand,
    flowsShowCommand,
    flowsEnableCommand,
    flowsDisableCommand,
    flowsImportCommand,
    flowsRunCommand,
    flowsRunsCommand,
    flowsSubscriptionsCommand,
  );
  return commands;
}
