// The app's settings, applied after its identity holds its roles so the first start can reach storage and
// resolve Key Vault references.
//
// Microsoft.Web/sites/config 'appsettings' replaces the whole set. So that a provision never silently drops a setting
// someone added in the portal (a stakeholder audience, a routing key), the settings the site has now are kept
// underneath: the team's file (infra/team-settings.json) goes over them, and the template's own settings over both.
// A setting removed from the template or the team's file therefore stays until it is deleted in Azure.

param siteName string

@description('Every fixed setting by name; values are plain text or Key Vault references, never secrets.')
param settings object

@description('Settings whose names are computed (Incidents__Leads__0…N).')
param listSettings object

@description('The team\'s own settings (infra/team-settings.json): audiences, closures, timeouts; never secrets.')
param teamSettings object = {}

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: siteName
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  // Read inside this deployment (never an output, so no value lands in the deployment's history).
  properties: union(list('${site.id}/config/appsettings', '2024-04-01').properties, teamSettings, settings, listSettings)
}
