// OnDuty on Azure: `azd up` provisions this and deploys src/OnDuty.Functions (see azure.yaml and README "Deploy to Azure").
// Identity everywhere: storage, ACS, Key Vault and Application Insights are reached with the Function App's
// system-assigned identity; no access key or connection string with a key is a setting. Secrets live in Key Vault.
// Builds offline: no registry modules, no extensions (`bicep build infra/main.bicep`; ./test.sh checks it).

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Region for everything but ACS (which is global); must offer Flex Consumption, e.g. japaneast.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

// ---- Identity and access -----------------------------------------------------------------------------------

// authClientId and ackTokenSecret are filled by infra/hooks/preprovision.sh (ONDUTY_AUTH_CLIENT_ID, ONDUTY_ACK_TOKEN_SECRET). They
// default to '' so that `azd up` in a new environment does not ask for them: azd asks for every parameter without a value or a
// default before the workflow starts, before the preprovision hook runs (Azure/azure-dev#5806). Still empty at deployment (the
// hook skipped), the deployment stops before anything is created (authClient, ackTokenSecretValue below).
@description('Client id of the Entra app registration for App Service Authentication (created by infra/hooks/preprovision.sh).')
param authClientId string = ''

@description('Turn on Microsoft Graph (mail from a shared mailbox, calendars, groups, Outlook leave) with the app\'s managed identity; grant the permissions in infra/graph-permissions.txt first.')
param enableGraph bool = false

// ---- Email ---------------------------------------------------------------------------------------------------

@description('Acs (Azure Communication Services, the default), Graph (sendMail from Email__Graph__Mailbox) or Smtp (the company\'s SMTP relay: smtpHost, smtpFrom; no ACS email resources).')
@allowed([
  'Acs'
  'Graph'
  'Smtp'
])
param emailProvider string = 'Acs'

@description('The shared mailbox mail is sent from (ONDUTY_GRAPH_MAILBOX): required with emailProvider Graph, unused otherwise.')
param graphMailbox string = ''

@description('Custom ACS sender domain (e.g. onduty.example.com); empty = the Azure-managed domain (about 10 mails an hour).')
param customEmailDomain string = ''

@description('Set once the custom domain\'s DNS records are verified: mail is then sent from it.')
param customEmailDomainVerified bool = false

@description('Local part of the sender address on the custom domain.')
param customEmailSender string = 'onduty'

param emailFromName string = 'OnDuty'

@description('Smtp only: the relay\'s host name (Email__Smtp__Host), e.g. smtp.example.co.jp. Azure blocks outbound port 25: use 587 (StartTls) or 465 (SslOnConnect).')
param smtpHost string = ''

@minValue(1)
@maxValue(65535)
@description('Smtp only: the relay\'s port (Email__Smtp__Port). Not 25: Azure blocks outbound port 25.')
param smtpPort int = 587

@description('Smtp only: how the connection is secured (Email__Smtp__Security): StartTls (port 587), SslOnConnect (port 465), Auto (STARTTLS when offered) or None (no password then).')
@allowed([
  'Auto'
  'None'
  'StartTls'
  'SslOnConnect'
])
param smtpSecurity string = 'StartTls'

@description('Smtp only: the sender address (Email__From), one the relay accepts mail from.')
param smtpFrom string = ''

@description('Smtp only, optional: the user name the relay asks for (Email__Smtp__UserName); with smtpPassword.')
param smtpUserName string = ''

@description('Pages by SMS: the phone number (E.164, bought for the ACS resource in the portal: Phone numbers) or alphanumeric sender ID pages are texted from, to duty members with a phone number on the roster. Empty = no SMS (the default): pages go by email and Teams.')
param smsFrom string = ''

@description('Pages by SMS: the severities whose pages are texted too, comma-separated (sev1,sev2); empty = every page.')
param smsSeverities string = ''

@description('Pages by SMS: Acs (the deployment\'s ACS resource, the default) or Twilio (Sms__Twilio__*: an account SID and auth token, and smsFrom a Twilio number or sender ID, or twilioMessagingServiceSid).')
@allowed([
  'Acs'
  'Twilio'
])
param smsProvider string = 'Acs'

@description('Pages by SMS through ACS, before a number exists: true creates the ACS resource even with mail through Graph or SMTP (which has none otherwise), so its number can be bought in the portal and then set as smsFrom. Set smsFrom alone once the resource exists. Nothing is texted until smsFrom is set.')
param smsAcs bool = false

@description('Twilio only: the Account SID (AC…).')
param twilioAccountSid string = ''

@description('Twilio only, optional: a Messaging Service SID (MG…) to send from instead of smsFrom.')
param twilioMessagingServiceSid string = ''

@description('Pages by phone call (Twilio only): escalations nobody acknowledged ring the phones of the people they reach; pressing 1 acknowledges. Needs smsProvider Twilio and smsFrom a Twilio number.')
param voiceCalls bool = false

@description('Pages by phone call: the severities that ring, comma-separated (sev1,sev2); empty = every severity.')
param voiceSeverities string = ''

@description('The duty line (Twilio only): calls to smsFrom ring the duty members one after another; one nobody takes is sent to them as a missed call.')
param dutyLine bool = false

@description('Where ACS keeps data at rest.')
param acsDataLocation string = 'Japan'

// ---- Team and incidents (README "Configuration" defaults) ------------------------------------------------------

@allowed([
  'ja'
  'en'
])
param teamLanguage string = 'ja'

@maxLength(3)
@description('The team\'s country calling code, digits only (81): a member\'s number typed as dialled at home (090-1234-5678) is saved with it (+819012345678); empty = international numbers only.')
param phoneCountryCode string = '81'

@description('Public origin of links in messages and feeds; empty = https://<function app host>.')
param publicBaseUrl string = ''

@description('Public holidays: JP, US, GB, DE, IE or none.')
param calendarCountry string = 'JP'

param remindersLocalTime string = '10:00'

@description('Welcome mail (Roster__WelcomeMail): a member added to the roster is mailed once how OnDuty pages them, their first duty and where to look. false = none.')
param welcomeMail bool = true

param incidentTimeZone string = 'Asia/Tokyo'

param incidentRotationId string = 'incident-duty'

@description('Alert grouping for every alert source (Incidents__Sources__{source}__GroupWindow): a new alert group\'s first firing within this long of the opening of the source\'s last open incident joins it instead of opening one and paging again. 00:00:00 = off; up to 1.00:00:00.')
param alertGroupWindow string = '00:00:00'

@description('Storm hold (Incidents__StormPages): after this many first pages within 2 minutes, the next incidents\' first pages (and "recovered" notices) are told together, one mail per person listing them. 3 = on for the team (a PM reads pages on a phone: one list, not 13 mails in 90 seconds); 0 = off.')
param stormPages string = '3'

@description('The team\'s standing incident bridge, an https URL (a Teams meeting link): pages, escalations, calls for help, cards and the incident page offer it (Incidents__BridgeUrl). Empty = none.')
param incidentBridgeUrl string = ''

@description('Escalation step 2: the leads\' email addresses, comma-separated (Incidents__Leads__0…N).')
param incidentLeads string

@description('Escalation step 3: the whole PM organisation\'s list address (Incidents__OrganisationList).')
param incidentOrganisationList string

@description('Who gets the monthly incident report (Reports__MonthlyReportTo__0…N), comma-separated; empty = the leads (incidentLeads).')
param monthlyReportTo string = ''

@description('Also post the monthly incident report to the team\'s Teams channel (Reports__MonthlyReportToTeams; needs teamsWebhookUrl).')
param monthlyReportToTeams bool = false

@description('Only roster members may use the PM pages\' forms that act on incidents, duty, maintenance, criteria and retros (Pages__RequireRosterMember); other people of the tenant read the pages and may declare an incident.')
param requireRosterMember bool = true

// ---- Who pages when OnDuty is down (Azure Monitor, independent of OnDuty) --------------------------------------

@description('Azure Monitor calls /api/health every 5 minutes from 5 locations and emails watchEmails (and texts and calls watchPhones) when it stops answering 200 (modules/watch.bicep). false = none of it (e.g. a throwaway environment).')
param watch bool = true

@description('Who Azure Monitor emails when OnDuty is down or degraded, comma-separated; empty = the leads (incidentLeads).')
param watchEmails string = ''

@description('Also alert (severity 2) when /api/health answers 200 "degraded": something needs a person\'s look.')
param watchDegraded bool = true

@description('Who Azure Monitor texts (and calls, see watchCalls) when OnDuty is down, comma-separated, each in international form with one space after the country code: \'+81 90-1234-5678, +81 80-2345-6789\'. Empty = nobody; the degraded alert only emails.')
param watchPhones string = ''

@description('With watchPhones: also a voice call to each number when OnDuty is down (Azure Monitor calls Japan from a US number). false = SMS only.')
param watchCalls bool = true

// ---- Timer schedules (NCRONTAB, UTC): the host cannot index a timer whose %Setting% is missing -----------------

param announceDutyWeekSchedule string = '0 */10 * * * *'
param retryOutboxSchedule string = '30 * * * * *'

@description('NCRONTAB (UTC) for PurgeExpiredData: deletes sent messages older than outboxRetention, leave past leaveRetention, incident text past incidentTextRetention and webhook receipts past their replay window.')
param purgeExpiredDataSchedule string = '0 30 3 * * *'

@description('How long sent messages (full bodies) are kept, as a TimeSpan (d.hh:mm:ss).')
param outboxRetention string = '30.00:00:00'

@description('Leave (dates and notes) is deleted this long after it ended, by PurgeExpiredData (at least 30 days).')
param leaveRetention string = '365.00:00:00'

@description('A resolved incident\'s free text (impact, workaround, updates, alert details) is removed this long after it resolved, by PurgeExpiredData (30 days to 10 years).')
param incidentTextRetention string = '730.00:00:00'
param escalateIncidentsSchedule string = '0 * * * * *'

@description('NCRONTAB (UTC) for CheckHeartbeats: a heartbeat that stopped (nothing within its interval and grace) opens an incident and pages.')
param checkHeartbeatsSchedule string = '15 * * * * *'
param remindIncomingDutySchedule string = '0 */10 * * * *'
param syncDutyCalendarsSchedule string = '0 5 * * * *'
@description('NCRONTAB (UTC) for SyncOutlookLeave: daily at 20:15 UTC whatever Incidents__TimeZone says (timers run in UTC), 05:15 the next morning in Japan; give the UTC time of your own team\'s early morning.')
param syncOutlookLeaveSchedule string = '0 15 20 * * *'

@description('NCRONTAB (UTC) for NudgeIncidentUpdates: reminds duty members of open incidents with no update by a person for Comms__UpdateInterval__Sev1..Sev4.')
param nudgeIncidentUpdatesSchedule string = '0 */5 * * * *'

@description('NCRONTAB (UTC) for NudgeRetros: on working days from Retros__NudgeLocalTime, reminds duty members of overdue retros and owners of overdue action items.')
param nudgeRetrosSchedule string = '0 20 * * * *'

@description('NCRONTAB (UTC) for SendIncidentReport: on the first working day of a month, from Reports__MonthlyReportLocalTime, emails the month before\'s incident report to the leads.')
param sendIncidentReportSchedule string = '0 40 * * * *'

@description('NCRONTAB (UTC) for IndexLessons: makes incidents resolved lately findable by lessons search and as similar incidents.')
param indexLessonsSchedule string = '0 */5 * * * *'

@description('Working days after a SEV1-SEV2 incident resolved by which its retro is due (the duty pair is reminded then).')
param retroDueWorkingDays string = '3'

@description('Minutes within which a SEV2 that monitoring opened and resolved by itself, with no person acting on it, owes no retro (0: every SEV1-SEV2 owes one).')
param retroSelfResolvedGraceMinutes string = '10'

// ---- Secrets: stored in Key Vault, read through Key Vault references -------------------------------------------

@secure()
@description('Signs one-click acknowledge links: base64 of at least 32 random bytes (preprovision.sh generates it once).')
param ackTokenSecret string = ''

@secure()
@description('The Teams channel\'s Workflows webhook URL; empty = Teams off.')
param teamsWebhookUrl string = ''

@secure()
@description('A dead man\'s switch outside this deployment that each EscalateIncidents run pings (Watch__PingUrl, stored in Key Vault as watch-ping-url): when OnDuty\'s timers stop, it pages someone. Empty = no ping.')
param watchPingUrl string = ''

@secure()
@description('Twilio only: the auth token (stored in Key Vault as twilio-auth-token).')
param twilioAuthToken string = ''

@secure()
@description('Smtp only, optional: the relay\'s password (Email__Smtp__Password, stored in Key Vault as smtp-password); with smtpUserName. Empty: no secret and no setting.')
param smtpPassword string = ''

@description('The shared secret alertmanager deliveries must present (Incidents__Sources__alertmanager__SharedSecret, stored in Key Vault as alertmanager-shared-secret): a header, Authorization: Bearer or ?secret=; empty: none is asked.')
@secure()
param alertmanagerSharedSecret string = ''

@description('A second shared secret alertmanager deliveries may present while the first is rotated (Incidents__Sources__alertmanager__SharedSecrets__0); empty: none.')
@secure()
param alertmanagerNextSharedSecret string = ''

@description('The key alertmanager deliveries must be signed with, HMAC-SHA256 or a Standard Webhooks whsec_ secret (Incidents__Sources__alertmanager__HmacSecret, stored in Key Vault as alertmanager-hmac-secret); empty: no signature is asked.')
@secure()
param alertmanagerHmacSecret string = ''

@description('The shared secret grafana deliveries must present (Incidents__Sources__grafana__SharedSecret, stored in Key Vault as grafana-shared-secret): a header, Authorization: Bearer or ?secret=; empty: none is asked.')
@secure()
param grafanaSharedSecret string = ''

@description('A second shared secret grafana deliveries may present while the first is rotated (Incidents__Sources__grafana__SharedSecrets__0); empty: none.')
@secure()
param grafanaNextSharedSecret string = ''

@description('The key grafana deliveries must be signed with, HMAC-SHA256 or a Standard Webhooks whsec_ secret (Incidents__Sources__grafana__HmacSecret, stored in Key Vault as grafana-hmac-secret); empty: no signature is asked.')
@secure()
param grafanaHmacSecret string = ''

@description('The shared secret generic deliveries must present (Incidents__Sources__generic__SharedSecret, stored in Key Vault as generic-shared-secret): a header, Authorization: Bearer or ?secret=; empty: none is asked.')
@secure()
param genericSharedSecret string = ''

@description('A second shared secret generic deliveries may present while the first is rotated (Incidents__Sources__generic__SharedSecrets__0); empty: none.')
@secure()
param genericNextSharedSecret string = ''

@description('The key generic deliveries must be signed with, HMAC-SHA256 or a Standard Webhooks whsec_ secret (Incidents__Sources__generic__HmacSecret, stored in Key Vault as generic-hmac-secret); empty: no signature is asked.')
@secure()
param genericHmacSecret string = ''

@description('The shared secret Datadog deliveries must present (Incidents__Sources__datadog__SharedSecret, stored in Key Vault as datadog-shared-secret): the webhook\'s custom header X-OnDuty-Secret; empty: none is asked.')
@secure()
param datadogSharedSecret string = ''

@description('A second shared secret Datadog deliveries may present while the first is rotated (Incidents__Sources__datadog__SharedSecrets__0); empty: none.')
@secure()
param datadogNextSharedSecret string = ''

@description('The shared secret PagerDuty Events v2 deliveries must present besides their routing key, where the tool can send one (Incidents__Sources__pagerduty__SharedSecret, stored in Key Vault as pagerduty-shared-secret); empty: none is asked.')
@secure()
param pagerdutySharedSecret string = ''

@description('The routing_key values PagerDuty Events v2 senders must carry, comma-separated (Incidents__Sources__pagerduty__RoutingKeys__N, each from Key Vault); empty: any is accepted.')
@secure()
param pagerdutyRoutingKeys string = ''

// ---- Scale ---------------------------------------------------------------------------------------------------

param maximumInstanceCount int = 40

@description('Memory of each Flex Consumption instance (ONDUTY_INSTANCE_MEMORY_MB): 512, 2048 or 4096 MB. Billed time is at the whole instance memory, at least 1 s a run: README "Expected monthly cost".')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

var tags = {
  'azd-env-name': environmentName
  app: 'onduty'
}
var token = toLower(uniqueString(subscription().id, environmentName, location))
var functionAppName = 'func-onduty-${token}'
var keyVaultName = 'kv-onduty-${take(token, 12)}'
var leads = filter(map(split(incidentLeads, ','), lead => trim(lead)), lead => !empty(lead))
var monthlyReaders = filter(map(split(monthlyReportTo, ','), reader => trim(reader)), reader => !empty(reader))
var watchAddresses = filter(map(split(watchEmails, ','), address => trim(address)), address => !empty(address))
// '+81 90-1234-5678' -> { countryCode: '81', phoneNumber: '9012345678' }: the country code is what is before the first
// space, the number the rest without spaces and '-' (infra/hooks/preprovision.sh checks the form before this runs).
var watchPhoneNumbers = map(
  filter(map(split(watchPhones, ','), phone => trim(phone)), phone => !empty(phone)),
  phone => {
    countryCode: replace(split(phone, ' ')[0], '+', '')
    phoneNumber: replace(replace(skip(phone, length(split(phone, ' ')[0])), ' ', ''), '-', '')
  }
)
var useGraph = enableGraph || emailProvider == 'Graph'
// infra/hooks/preprovision.sh refuses an empty entry or a key with a blank inside, so blanks can simply be dropped; the
// Key Vault module counts the keys the same way.
var pagerdutyKeyCount = empty(pagerdutyRoutingKeys) ? 0 : length(split(replace(pagerdutyRoutingKeys, ' ', ''), ','))

// The team's own settings (infra/team-settings.json, committed with the team's changes): stakeholder audiences, closures,
// acknowledgement timeouts and the rest azd has no variable for. Keys starting with '$' are notes. The template's own
// settings win over a name set there too (a Deployment test keeps the file from naming one).
var teamSettingsFile = loadJsonContent('team-settings.json')
// A secret there would be a plain app setting, shown to anyone who may read the Function App's configuration. Its name says
// so as the app's own rule (SettingsSection.LooksSecret) reads it: it ends with one of these words (or its plural), or is an
// item under such a name (…__SharedSecrets__1, …__RoutingKeys__0). Such a file stops the deployment before anything is created.
var secretWords = ['Secret', 'Password', 'Key', 'Token', 'ConnectionString', 'WebhookUrl', 'PingUrl']
var teamSecretNames = filter(
  map(filter(items(teamSettingsFile), s => !startsWith(s.key, '$')), s => s.key),
  name => length(filter(secretWords, word => endsWith(name, word) || endsWith(name, '${word}s') || contains(toLower(name), toLower('${word}s__')))) > 0
)
var teamSettings = empty(teamSecretNames)
  ? toObject(filter(items(teamSettingsFile), s => !startsWith(s.key, '$')), s => s.key, s => string(s.value))
  : fail('infra/team-settings.json holds ${join(teamSecretNames, ', ')}: a secret there would be a plain app setting. Remove it; give a secret through its azd variable (azd env set, stored in Key Vault; README "Rotating keys and secrets")')

// Mail through the company's SMTP relay: its settings only in a deployment that sends with it. What the app would refuse
// to start with (EmailOptions) stops the deployment before anything is created, in the same words. The checks read no
// secret, so `bicep snapshot` (the Deployment tests) sees them; smtpUserName stands for the pair, which the Key Vault
// secret's own check below keeps together.
var smtp = emailProvider == 'Smtp'
var smtpRefusal = empty(smtpHost)
  ? 'smtpHost (ONDUTY_SMTP_HOST) is required when emailProvider is Smtp: the relay\'s host name, e.g. smtp.example.co.jp'
  : empty(smtpFrom)
      ? 'smtpFrom (ONDUTY_SMTP_FROM) is required when emailProvider is Smtp: the address mail is sent from'
      : smtpSecurity == 'None' && !empty(smtpUserName)
          ? 'smtpSecurity is None with a user name and password: the password would cross the network in clear. Use StartTls (port 587) or SslOnConnect (port 465)'
          : ''
var smtpSettings = !smtp
  ? {}
  : !empty(smtpRefusal)
      ? fail(smtpRefusal)
      : union(
          {
            Email__Smtp__Host: smtpHost
            Email__Smtp__Port: string(smtpPort)
            Email__Smtp__Security: smtpSecurity
          },
          empty(smtpUserName)
            ? {}
            : {
                Email__Smtp__UserName: smtpUserName
                Email__Smtp__Password: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=smtp-password)'
              }
        )
// Mail through Graph sends from a shared mailbox: without one the app refuses to start (EmailOptions), so the deployment stops
// first, before anything is created, naming the azd variable.
var graphMailboxSetting = emailProvider == 'Graph' && empty(trim(graphMailbox))
  ? fail('graphMailbox (ONDUTY_GRAPH_MAILBOX) is required when emailProvider is Graph: the shared mailbox\'s address mail is sent from, e.g. onduty@contoso.com')
  : trim(graphMailbox)
var smtpPasswordSecret = !smtp
  ? ''
  : empty(smtpUserName) != empty(smtpPassword)
      ? fail('smtpUserName (ONDUTY_SMTP_USERNAME) and smtpPassword (ONDUTY_SMTP_PASSWORD) go together')
      : smtpPassword

// What infra/hooks/preprovision.sh makes before every provision; empty only when it did not run (`azd provision --no-hooks`,
// a deployment by hand): then nothing is created, rather than an app without sign-in or that refuses to start.
var authClient = empty(trim(authClientId))
  ? fail('authClientId (ONDUTY_AUTH_CLIENT_ID) is empty: infra/hooks/preprovision.sh creates the sign-in app registration before each provision. Run azd provision (it runs the hook), or azd env set ONDUTY_AUTH_CLIENT_ID <an existing app registration\'s client id>')
  : trim(authClientId)
var ackTokenSecretValue = empty(ackTokenSecret)
  ? fail('ackTokenSecret (ONDUTY_ACK_TOKEN_SECRET) is empty: infra/hooks/preprovision.sh generates it before each provision. Run azd provision (it runs the hook), or azd env set ONDUTY_ACK_TOKEN_SECRET "$(openssl rand -base64 32)"')
  : ackTokenSecret

// Key Vault secret names, and what each holds.
var secretValues = {
  'ack-token-secret': ackTokenSecretValue
  'smtp-password': smtpPasswordSecret
  'teams-webhook-url': teamsWebhookUrl
  'watch-ping-url': watchPingUrl
  'twilio-auth-token': twilioAuthToken
  'alertmanager-shared-secret': alertmanagerSharedSecret
  'alertmanager-shared-secret-next': alertmanagerNextSharedSecret
  'alertmanager-hmac-secret': alertmanagerHmacSecret
  'grafana-shared-secret': grafanaSharedSecret
  'grafana-shared-secret-next': grafanaNextSharedSecret
  'grafana-hmac-secret': grafanaHmacSecret
  'generic-shared-secret': genericSharedSecret
  'generic-shared-secret-next': genericNextSharedSecret
  'generic-hmac-secret': genericHmacSecret
  'datadog-shared-secret': datadogSharedSecret
  'datadog-shared-secret-next': datadogNextSharedSecret
  'pagerduty-shared-secret': pagerdutySharedSecret
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-onduty-${token}'
    applicationInsightsName: 'appi-onduty-${token}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'stonduty${take(token, 16)}'
    deploymentContainerName: 'app-package'
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: keyVaultName
    workspaceId: monitoring.outputs.workspaceId
    secrets: secretValues
    pagerdutyRoutingKeys: pagerdutyRoutingKeys
  }
}

// Azure Communication Services only when something sends through it: ACS email, or pages texted through ACS — from smsFrom,
// or soon (smsAcs: the resource a first number is bought on, before smsFrom can name it). Mail through Graph or the company's
// SMTP relay with no ACS texts leaves no idle ACS resource (nor its role assignment).
var acsEmail = emailProvider == 'Acs'
var acsSms = smsProvider == 'Acs' && (smsAcs || !empty(smsFrom))
var useAcs = acsEmail || acsSms

module communication 'modules/communication.bicep' = if (useAcs) {
  name: 'communication'
  scope: rg
  params: {
    tags: tags
    emailServiceName: 'ecs-onduty-${token}'
    communicationServiceName: 'acs-onduty-${token}'
    workspaceId: monitoring.outputs.workspaceId
    dataLocation: acsDataLocation
    customDomainName: customEmailDomain
    customDomainVerified: customEmailDomainVerified
    customSenderUsername: customEmailSender
    senderDisplayName: emailFromName
    // Mail through Graph or the company's relay: no Email Communication Service or domains; the ACS resource texts pages.
    email: acsEmail
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: 'plan-onduty-${token}'
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    workspaceId: monitoring.outputs.workspaceId
    authClientId: authClient
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    // Empty without ACS: then no ACS role either.
    communicationServiceName: useAcs ? communication!.outputs.communicationServiceName : ''
  }
}

module appSettings 'modules/appsettings.bicep' = {
  name: 'appsettings'
  scope: rg
  dependsOn: [
    roles
  ]
  params: {
    siteName: functionApp.outputs.name
    settings: {
      // Host storage with the system-assigned identity (blob, queue and table endpoints of this account).
      AzureWebJobsStorage__accountName: storage.outputs.name
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'

      // The GC's first generation gets a fixed 32 MB budget (hex, as the runtime reads it). Left alone, the GC sizes it from
      // the processor's L3 cache: on a Xeon reporting 260 MiB of L3 it committed about 100 MB for 12 MB of live objects, and a
      // storm's peak working set rose from 213 to 266 MB. The runtime reads it only from the environment, before the app
      // starts (not from runtimeconfig.json); local.settings.sample.json holds the same value for run.sh and Core Tools.
      DOTNET_GCgen0size: '0x2000000'

      Storage__TableServiceUri: storage.outputs.tableEndpoint

      AnnounceDutyWeekSchedule: announceDutyWeekSchedule
      RetryOutboxSchedule: retryOutboxSchedule
      PurgeExpiredDataSchedule: purgeExpiredDataSchedule
      Outbox__Retention: outboxRetention
      Retention__Leave: leaveRetention
      Retention__IncidentText: incidentTextRetention
      EscalateIncidentsSchedule: escalateIncidentsSchedule
      CheckHeartbeatsSchedule: checkHeartbeatsSchedule
      RemindIncomingDutySchedule: remindIncomingDutySchedule
      SyncDutyCalendarsSchedule: syncDutyCalendarsSchedule
      SyncOutlookLeaveSchedule: syncOutlookLeaveSchedule
      NudgeIncidentUpdatesSchedule: nudgeIncidentUpdatesSchedule
      NudgeRetrosSchedule: nudgeRetrosSchedule
      SendIncidentReportSchedule: sendIncidentReportSchedule
      IndexLessonsSchedule: indexLessonsSchedule
      Retros__DueWorkingDays: retroDueWorkingDays
      Retros__SelfResolvedGraceMinutes: retroSelfResolvedGraceMinutes

      Team__Language: teamLanguage
      Team__PhoneCountryCode: phoneCountryCode
      Team__SeedDemo: 'false'
      Team__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${functionApp.outputs.defaultHostName}' : publicBaseUrl
      // Any signed-in user of the tenant passes App Service Authentication: only roster members act on the PM pages.
      Pages__RequireRosterMember: requireRosterMember ? 'true' : 'false'
      Calendar__Country: calendarCountry
      Reminders__LocalTime: remindersLocalTime
      Roster__WelcomeMail: welcomeMail ? 'true' : 'false'

      Email__Provider: emailProvider
      Email__From: acsEmail ? communication!.outputs.senderAddress : smtp ? smtpFrom : ''
      Email__FromName: emailFromName
      Email__Acs__Endpoint: acsEmail ? communication!.outputs.endpoint : ''
      // ACS rate-limits status polls too: about 10 a minute on the Azure-managed domain, 60 on a custom one.
      Email__Acs__MaxPollsPerMinute: !empty(customEmailDomain) && customEmailDomainVerified ? '30' : '5'
      Email__Graph__Mailbox: graphMailboxSetting

      // The same ACS resource texts pages, with the app's managed identity: the custom role that sends mail carries the
      // resource's Read/Write actions, which the ACS docs grant (through Contributor) for SMS with Entra ID.
      Sms__Provider: smsProvider
      Sms__From: smsFrom
      Sms__Endpoint: empty(smsFrom) || smsProvider != 'Acs' ? '' : communication!.outputs.endpoint
      Sms__Severities: smsSeverities
      // Replies to a number reach the app through what infra/hooks/postdeploy.sh wires: the ACS resource's Event Grid
      // subscription, or the Twilio number's webhook. An alphanumeric sender cannot be replied to.
      Sms__AcceptReplies: startsWith(smsFrom, '+') ? 'true' : 'false'
      Sms__Twilio__AccountSid: twilioAccountSid
      Sms__Twilio__MessagingServiceSid: twilioMessagingServiceSid
      Sms__Twilio__AuthToken: empty(twilioAuthToken) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=twilio-auth-token)'
      Voice__Enabled: voiceCalls ? 'true' : 'false'
      Voice__Severities: voiceSeverities
      Voice__DutyLine: dutyLine ? 'true' : 'false'

      Teams__WebhookUrl: empty(teamsWebhookUrl) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=teams-webhook-url)'
      Watch__PingUrl: empty(watchPingUrl) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=watch-ping-url)'

      Incidents__TimeZone: incidentTimeZone
      Incidents__RotationId: incidentRotationId
      Incidents__OrganisationList: incidentOrganisationList
      Incidents__BridgeUrl: incidentBridgeUrl
      Reports__MonthlyReportToTeams: monthlyReportToTeams ? 'true' : 'false'
      Incidents__AckTokenSecret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=ack-token-secret)'
      // Linux app setting names allow letters, digits, '.' and '_' only: the azure-monitor source is configured as
      // azure_monitor (names match ignoring '-' and '_'). Its action group webhooks send no headers, so they rely on
      // the PostAlert function key, and no secret is set for it here.
      Incidents__Sources__alertmanager__SharedSecret: empty(alertmanagerSharedSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=alertmanager-shared-secret)'
      Incidents__Sources__alertmanager__SharedSecrets__0: empty(alertmanagerNextSharedSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=alertmanager-shared-secret-next)'
      Incidents__Sources__alertmanager__HmacSecret: empty(alertmanagerHmacSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=alertmanager-hmac-secret)'
      Incidents__Sources__grafana__SharedSecret: empty(grafanaSharedSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=grafana-shared-secret)'
      Incidents__Sources__grafana__SharedSecrets__0: empty(grafanaNextSharedSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=grafana-shared-secret-next)'
      Incidents__Sources__grafana__HmacSecret: empty(grafanaHmacSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=grafana-hmac-secret)'
      Incidents__Sources__generic__SharedSecret: empty(genericSharedSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=generic-shared-secret)'
      Incidents__Sources__generic__SharedSecrets__0: empty(genericNextSharedSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=generic-shared-secret-next)'
      Incidents__Sources__generic__HmacSecret: empty(genericHmacSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=generic-hmac-secret)'
      Incidents__Sources__datadog__SharedSecret: empty(datadogSharedSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=datadog-shared-secret)'
      Incidents__Sources__datadog__SharedSecrets__0: empty(datadogNextSharedSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=datadog-shared-secret-next)'
      Incidents__Sources__pagerduty__SharedSecret: empty(pagerdutySharedSecret) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=pagerduty-shared-secret)'
      Incidents__Sources__alertmanager__GroupWindow: alertGroupWindow
      Incidents__Sources__grafana__GroupWindow: alertGroupWindow
      Incidents__Sources__azure_monitor__GroupWindow: alertGroupWindow
      Incidents__Sources__generic__GroupWindow: alertGroupWindow
      Incidents__Sources__pagerduty__GroupWindow: alertGroupWindow
      Incidents__Sources__datadog__GroupWindow: alertGroupWindow
      Incidents__Sources__heartbeat__GroupWindow: alertGroupWindow
      Incidents__StormPages: stormPages

      Graph__TenantId: useGraph ? tenant().tenantId : ''
      Graph__UseManagedIdentity: useGraph ? 'true' : 'false'
    }
    listSettings: union(
      toObject(range(0, length(leads)), i => 'Incidents__Leads__${i}', i => leads[i]),
      toObject(range(0, length(monthlyReaders)), i => 'Reports__MonthlyReportTo__${i}', i => monthlyReaders[i]),
      toObject(
        range(0, pagerdutyKeyCount),
        i => 'Incidents__Sources__pagerduty__RoutingKeys__${i}',
        i => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=pagerduty-routing-key-${i})'),
      smtpSettings)
    teamSettings: teamSettings
  }
}

module watcher 'modules/watch.bicep' = if (watch) {
  name: 'watch'
  scope: rg
  params: {
    location: location
    tags: tags
    token: token
    hostName: functionApp.outputs.defaultHostName
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    emails: empty(watchAddresses) ? leads : watchAddresses
    degraded: watchDegraded
    phones: watchPhoneNumbers
    calls: watchCalls
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output ONDUTY_BASE_URL string = 'https://${functionApp.outputs.defaultHostName}'
output ONDUTY_AUTH_REDIRECT_URI string = 'https://${functionApp.outputs.defaultHostName}/.auth/login/aad/callback'
output ONDUTY_PRINCIPAL_ID string = functionApp.outputs.principalId
// Empty (and {}) without ACS, or without ACS email: the hooks wire ACS Event Grid subscriptions only for what goes through ACS.
output ONDUTY_ACS_RESOURCE_ID string = useAcs ? communication!.outputs.id : ''
output EMAIL_SENDER_ADDRESS string = useAcs ? communication!.outputs.senderAddress : ''
output EMAIL_MANAGED_SENDER_ADDRESS string = useAcs ? communication!.outputs.managedSenderAddress : ''
output EMAIL_CUSTOM_DOMAIN_DNS_RECORDS object = useAcs ? communication!.outputs.customDomainDnsRecords : {}
// The action group that emails when OnDuty is down: route other Azure Monitor alerts about OnDuty to it too.
output ONDUTY_WATCH_ACTION_GROUP_ID string = watch ? watcher!.outputs.actionGroupId : ''
// The action group that texts and calls watchPhones when OnDuty is down; '' without phones (or without the watch).
output ONDUTY_WATCH_PHONE_ACTION_GROUP_ID string = watch ? watcher!.outputs.phoneActionGroupId : ''
