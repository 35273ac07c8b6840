// Component configurations (Dittofeed's embedding guide, "Configure Your Embedded Components"): what
// each embedded component may show, typed from the guide. Dittofeed stores one per component type
// and workspace, under the type's name, and applies it when it renders that component.

export type DeliveriesColumn =
  | 'preview'
  | 'from'
  | 'to'
  | 'userId'
  | 'snippet'
  | 'channel'
  | 'status'
  | 'origin'
  | 'sentAt'
  | 'template'
  | 'updatedAt';

export type EmailProvider = 'SendGrid' | 'AmazonSes' | 'Resend' | 'PostMark' | 'Smtp' | 'Test' | 'MailChimp' | 'Gmail';

/** The broadcast editor (`/broadcasts/v2`). */
export interface BroadcastConfiguration {
  type: 'Broadcast';
  stepsAllowList?: ('RECIPIENTS' | 'CONTENT' | 'CONFIGURATION' | 'DELIVERIES' | 'EVENTS')[];
  emailProviderOverrideAllowList?: EmailProvider[];
  hideOverrideSelect?: boolean;
  hideScheduledSelect?: boolean;
  hideRateLimit?: boolean;
  hideDrawer?: boolean;
  hideTemplateUserPropertiesPanel?: boolean;
  showErrorHandling?: boolean;
  allowedEmailContentsTypes?: ('Code' | 'LowCode')[];
}

/** The template editors (`/templates/email`, `/templates/sms`). */
export interface MessageTemplateConfiguration {
  type: 'MessageTemplate';
  allowedEmailContentsTypes?: ('Code' | 'LowCode')[];
  lowCodeEmailDefaultType?: 'Informative' | 'Empty';
}

/** The deliveries table (`/deliveries/v2`). URI templates take `{userId}`, `{templateId}`, `{originId}`. */
export interface DeliveriesTableConfiguration {
  type: 'DeliveriesTable';
  columnAllowList?: DeliveriesColumn[];
  userUriTemplate?: string;
  templateUriTemplate?: string;
  originUriTemplate?: string;
}

export type AnalysisFilter = 'journeyIds' | 'broadcastIds' | 'channels' | 'providers' | 'messageStates' | 'templateIds' | 'userIds';

/** The analysis chart (`/analysis-chart`). */
export interface AnalysisChartConfiguration {
  type: 'AnalysisChart';
  hardcodedFilters?: Partial<Record<AnalysisFilter, string[]>>;
  allowedFilters?: AnalysisFilter[];
  allowedGroupBy?: ('journey' | 'broadcast' | 'messageTemplate' | 'provider')[];
  allowedChannels?: ('Email' | 'MobilePush' | 'Sms' | 'Webhook')[];
  columnAllowList?: DeliveriesColumn[];
  templateUriTemplate?: string;
  originUriTemplate?: string;
}

export type ComponentDefinition =
  | BroadcastConfiguration
  | MessageTemplateConfiguration
  | DeliveriesTableConfiguration
  | AnalysisChartConfiguration;

/** The component types a configuration can be for; also the configuration's name. */
export const COMPONENT_TYPES: readonly ComponentDefinition['type'][] = ['Broadcast', 'MessageTemplate', 'DeliveriesTable', 'AnalysisChart'];

/** A stored configuration, as Dittofeed answers it. */
export interface ComponentConfiguration {
  id: string;
  workspaceId: string;
  definition: ComponentDefinition;
}

/** Arguments of `putComponentConfiguration`. */
export interface PutComponentConfigurationParams {
  workspaceId: string;
  /** Its `type` names the component, and is sent as the configuration's name. */
  definition: ComponentDefinition;
  /** To replace a configuration by id; by default the workspace's one for this type is replaced. */
  id?: string | undefined;
}
