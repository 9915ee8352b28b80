// Who pages when the pager is down: Azure Monitor calls OnDuty's /api/health from several regions and emails people
// when it stops answering 200 (down), or answers but says something needs a person's look (degraded). When OnDuty is
// down it also texts and calls the phones given. None of it runs on OnDuty's storage, timers, mail or SMS provider, so
// it still speaks when those are what broke.

param location string
param tags object

@description('Seeds the resource names (the same token as the other resources).')
param token string

@description('The Function App\'s default host name; the tests call https://<it>/api/health.')
param hostName string

@description('Application Insights the tests report to (it must be in the tests\' region: location).')
param applicationInsightsId string

@description('Who is emailed: one email receiver per address.')
param emails array

@description('Also test for "degraded" (200 without "status":"healthy"): a second test and a severity-2 alert.')
param degraded bool = true

@description('Who is texted (and called, with calls) when OnDuty is down: [{ countryCode: \'81\', phoneNumber: \'9012345678\' }]. Empty = no phone action group.')
param phones array = []

@description('Also a voice call to each of phones when OnDuty is down; false = SMS only.')
param calls bool = true

// Availability test location ids (Azure Monitor's, not region names): near a team in Japan, and further away so
// that one region's network trouble is not mistaken for OnDuty being down (an alert needs 2 locations failing).
var downLocations = [
  'apac-jp-kaw-edge' // Japan East
  'apac-hk-hkn-azr' // East Asia
  'apac-sg-sin-azr' // Southeast Asia
  'us-ca-sjc-azr' // West US
  'emea-nl-ams-azr' // West Europe
]
var degradedLocations = [
  'apac-jp-kaw-edge' // Japan East
  'apac-sg-sin-azr' // Southeast Asia
  'us-ca-sjc-azr' // West US
]

var healthUrl = 'https://${hostName}/api/health'

// Without this tag the portal does not show a test under its Application Insights resource, and the alert's
// location-availability criterion cannot relate the test to the component.
var testTags = union(tags, {
  'hidden-link:${applicationInsightsId}': 'Resource'
})

var downName = 'onduty-down-${token}'
var degradedName = 'onduty-degraded-${token}'

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-onduty-watch-${token}'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'OnDutyWatch'
    enabled: true
    emailReceivers: [
      for (address, i) in emails: {
        name: 'email-${i}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

// Only the down alert (severity 1) uses this group: a pager being down should ring a phone; degraded only emails.
// groupShortName (max 12 characters) starts every SMS and is what a person replies DISABLE/ENABLE with.
resource phoneActionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(phones)) {
  name: 'ag-onduty-watch-phone-${token}'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'OnDutyDown'
    enabled: true
    smsReceivers: [
      for (phone, i) in phones: {
        name: 'sms-${i}'
        countryCode: phone.countryCode
        phoneNumber: phone.phoneNumber
      }
    ]
    voiceReceivers: calls
      ? map(range(0, length(phones)), i => {
          name: 'voice-${i}'
          countryCode: phones[i].countryCode
          phoneNumber: phones[i].phoneNumber
        })
      : []
  }
}

resource downTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: downName
  location: location
  tags: testTags
  kind: 'standard'
  properties: {
    SyntheticMonitorId: downName
    Name: 'OnDuty down: /api/health is not 200'
    Description: 'GET ${healthUrl} answers 200 while OnDuty can page; 503 when storage or start-up is not ready.'
    Enabled: true
    Kind: 'standard'
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [for id in downLocations: { Id: id }]
    Request: {
      RequestUrl: healthUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource downAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: downName
  location: 'global'
  tags: tags
  properties: {
    description: 'OnDuty is not answering /api/health (failing from 2 or more locations): pages may not go out. Check the Function App (a bad deploy, a stopped app) and its storage account.'
    severity: 1
    enabled: true
    scopes: [
      downTest.id
      applicationInsightsId
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: downTest.id
      componentId: applicationInsightsId
      failedLocationCount: 2
    }
    actions: concat(
      [
        {
          actionGroupId: actionGroup.id
        }
      ],
      empty(phones)
        ? []
        : [
            {
              actionGroupId: phoneActionGroup.id
            }
          ]
    )
  }
}

resource degradedTest 'Microsoft.Insights/webtests@2022-06-15' = if (degraded) {
  name: degradedName
  location: location
  tags: testTags
  kind: 'standard'
  properties: {
    SyntheticMonitorId: degradedName
    Name: 'OnDuty degraded: /api/health is not "healthy"'
    Description: 'GET ${healthUrl} answers "status":"healthy" unless something needs a person\'s look: the answer names which checks are not ok, GET /api/health/details with a function key (x-functions-key) says why.'
    Enabled: true
    Kind: 'standard'
    Frequency: 900
    Timeout: 30
    RetryEnabled: true
    Locations: [for id in degradedLocations: { Id: id }]
    Request: {
      RequestUrl: healthUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
      // The app writes compact camelCase JSON (HttpApi.Json): {"status":"healthy",...} or {"status":"degraded",...}.
      ContentValidation: {
        ContentMatch: '"status":"healthy"'
        PassIfTextFound: true
        IgnoreCase: false
      }
    }
  }
}

resource degradedAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = if (degraded) {
  name: degradedName
  location: 'global'
  tags: tags
  properties: {
    description: 'OnDuty answers but says something needs a person\'s look: read GET /api/health/details with a function key (x-functions-key) for the reasons (e.g. an escalation step owed for 5+ minutes, nobody on duty, messages given up).'
    severity: 2
    enabled: true
    scopes: [
      degradedTest.id
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: degradedTest.id
      componentId: applicationInsightsId
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

output actionGroupId string = actionGroup.id
output phoneActionGroupId string = empty(phones) ? '' : phoneActionGroup.id
