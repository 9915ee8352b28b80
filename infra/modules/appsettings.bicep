// The app's settings, applied after its identity holds its roles so the first start can reach storage and
// resolve Key Vault references.

param siteName string

@description('Every fixed setting by name; values are plain text or Key Vault references, never secrets.')
param settings object

@description('Settings whose names are computed (Incidents__Leads__0…N).')
param listSettings object

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: siteName
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(settings, listSettings)
}
