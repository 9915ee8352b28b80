// Azure Communication Services Email: an Email Communication Service with an Azure-managed domain (works at once,
// about 10 mails an hour) and, when given, a custom domain: the first deployment creates it and outputs its DNS
// records; once they are verified, customDomainVerified links it and mail comes from it.
// Local (access-key) auth is off: the app sends with its managed identity and the custom role in roles.bicep.

param tags object
param emailServiceName string
param communicationServiceName string
param workspaceId string

@description('Where ACS keeps data at rest, e.g. Japan, United States, Europe.')
param dataLocation string

@description('Custom sender domain (e.g. onduty.example.com); empty = the Azure-managed domain only.')
param customDomainName string

@description('The custom domain\'s DNS records are verified: link it to ACS and send from it (ACS links verified domains only).')
param customDomainVerified bool

@description('Local part of the sender address on the custom domain.')
param customSenderUsername string

param senderDisplayName string

@description('Create the Email Communication Service and its domains; false when mail goes through an SMTP relay (the ACS resource stays, for SMS).')
param email bool = true

var useCustomDomain = email && !empty(customDomainName) && customDomainVerified
var useCustomDomainResource = email && !empty(customDomainName)

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = if (email) {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = if (email) {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = if (useCustomDomainResource) {
  parent: emailService
  name: empty(customDomainName) ? 'unused' : customDomainName
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2025-05-01' = if (useCustomDomainResource) {
  parent: customDomain
  name: customSenderUsername
  properties: {
    username: customSenderUsername
    displayName: senderDisplayName
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: !email ? [] : useCustomDomain ? [managedDomain.id, customDomain.id] : [managedDomain.id]
    disableLocalAuth: true
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: communicationService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

output communicationServiceName string = communicationService.name
output id string = communicationService.id
output endpoint string = 'https://${communicationService.properties.hostName}'
// Without email resources (an SMTP relay sends) the addresses are empty.
output senderAddress string = !email
  ? ''
  : useCustomDomain ? '${customSenderUsername}@${customDomainName}' : 'DoNotReply@${managedDomain!.properties.mailFromSenderDomain}'
output managedSenderAddress string = email ? 'DoNotReply@${managedDomain!.properties.mailFromSenderDomain}' : ''
@description('DNS records to create at the custom domain (Domain, SPF, DKIM, DKIM2, DMARC), then verify the domain; empty without one.')
output customDomainDnsRecords object = !useCustomDomainResource ? {} : customDomain!.properties.verificationRecords
