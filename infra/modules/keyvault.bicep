// Key Vault (RBAC, no access policies) holding the app's secrets. The app reads them through Key Vault references
// in its settings, so no secret value is an app setting.

param location string
param tags object
param name string
param workspaceId string

@description('Secret name -> value. Empty values are skipped: the setting that would refer to them stays empty.')
@secure()
param secrets object

@description('PagerDuty Events v2 routing keys, comma-separated (blanks dropped): secrets pagerduty-routing-key-0…N.')
@secure()
param pagerdutyRoutingKeys string = ''

// No lambda here: a loop's count must be known before the deployment starts.
var pagerdutyKeys = empty(pagerdutyRoutingKeys) ? [] : split(replace(pagerdutyRoutingKeys, ' ', ''), ',')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for item in items(secrets): if (!empty(item.value)) {
  parent: vault
  name: item.key
  properties: {
    value: item.value
  }
}]

resource pagerdutyKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for (key, i) in pagerdutyKeys: {
  parent: vault
  name: 'pagerduty-routing-key-${i}'
  properties: {
    value: key
  }
}]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
output id string = vault.id
