// What the app's identity may do, and nothing more: data roles on the one storage account, read secrets from
// the vault, publish telemetry, send email through ACS. The deployer needs Owner or User Access Administrator
// on the resource group to create these (and the custom role).

param principalId string
param storageAccountName string
param keyVaultName string
param applicationInsightsName string
@description('The ACS resource the app sends through; empty when the deployment has none (mail by Graph or SMTP, no ACS texts): no ACS role then.')
param communicationServiceName string

// Built-in role ids (the same in every tenant).
// Blob Data Owner, not Contributor: the Functions docs name it for the host's identity-based AzureWebJobsStorage
// (host keys, timer and singleton leases); it also covers reading the Flex Consumption deployment container.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Queue triggers read, update and delete messages and create poison queues; the app enqueues outbox ids.
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
// The app's tables (created at start, then read and written).
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
// Key Vault references resolve with the app's identity.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
// Application Insights with local auth off accepts telemetry only from Entra ID principals holding this role.
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' existing = if (!empty(communicationServiceName)) {
  name: communicationServiceName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [storageBlobDataOwner, storageQueueDataContributor, storageTableDataContributor]: {
  name: guid(storage.id, principalId, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// ACS has no narrow built-in role for sending email (Contributor or "Communication and Email Service Owner" could
// also list and regenerate keys, delete resources). The ACS docs give an Entra application these actions in a
// custom role to send email; the role is assignable only in this resource group.
resource emailSenderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (!empty(communicationServiceName)) {
  name: guid(resourceGroup().id, 'onduty-acs-email-sender')
  properties: {
    roleName: 'OnDuty ACS email sender (${resourceGroup().name})'
    description: 'Send email through Azure Communication Services; no keys, no management.'
    type: 'customRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource emailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(communicationServiceName)) {
  name: guid(communicationService.id, principalId, emailSenderRole.id)
  scope: communicationService
  properties: {
    roleDefinitionId: emailSenderRole.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
