#!/bin/sh
# azd preprovision: what Bicep cannot make offline. Idempotent: values already in the azd environment are kept.
#  - the acknowledge-link signing secret (generated once; rotating it is in README "Deploy to Azure")
#  - the Entra app registration App Service Authentication signs PMs in with (needs Application Developer or
#    the default "users can register applications"); set ONDUTY_AUTH_CLIENT_ID yourself to use an existing one.
set -eu

if [ -z "${ONDUTY_ACK_TOKEN_SECRET:-}" ]; then
  azd env set ONDUTY_ACK_TOKEN_SECRET "$(openssl rand -base64 32)"
  echo "Generated ONDUTY_ACK_TOKEN_SECRET (stored in Key Vault by the deployment)."
fi

if [ -z "${ONDUTY_AUTH_CLIENT_ID:-}" ]; then
  app_id=$(az ad app create \
    --display-name "OnDuty (${AZURE_ENV_NAME})" \
    --sign-in-audience AzureADMyOrg \
    --enable-id-token-issuance true \
    --query appId --output tsv)
  az ad app update --id "$app_id" --identifier-uris "api://$app_id"
  az ad sp create --id "$app_id" --output none 2>/dev/null || true
  azd env set ONDUTY_AUTH_CLIENT_ID "$app_id"
  echo "Created the Entra app registration $app_id for sign-in (redirect URI is added after provisioning)."
fi
