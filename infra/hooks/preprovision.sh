#!/bin/sh
# azd preprovision: what Bicep cannot make offline. Idempotent: values already in the azd environment are kept.
#  - the acknowledge-link signing secret (generated once; rotating it is in README "Deploy to Azure")
#  - the Entra app registration App Service Authentication signs PMs in with (needs Application Developer or
#    the default "users can register applications"); set ONDUTY_AUTH_CLIENT_ID yourself to use an existing one.
# Before either, it checks ONDUTY_PAGERDUTY_ROUTING_KEYS (each a key, no blank inside) and ONDUTY_WATCH_PHONES (who Azure Monitor texts and calls when OnDuty is down): main.bicep
# reads each number as "+<country code> <number>", so a number in another form would be texted wrongly or not at all.
set -eu

# Each comma-separated entry (blanks around it and empty entries ignored): +, a country code of 1-3 digits not
# starting with 0, one space, then the number in digits, spaces and '-' (at least 6 digits), e.g. +81 90-1234-5678.
phones_left="${ONDUTY_WATCH_PHONES:-}"
while [ -n "$phones_left" ]; do
  case $phones_left in
    *,*) phone=${phones_left%%,*}; phones_left=${phones_left#*,} ;;
    *) phone=$phones_left; phones_left= ;;
  esac
  phone=${phone#"${phone%%[![:space:]]*}"} # trim leading blanks
  phone=${phone%"${phone##*[![:space:]]}"} # trim trailing blanks
  if [ -z "$phone" ]; then
    continue
  fi
  phone_ok=true
  case $phone in
    +[1-9]\ [0-9]* | +[1-9][0-9]\ [0-9]* | +[1-9][0-9][0-9]\ [0-9]*) ;;
    *) phone_ok=false ;;
  esac
  phone_number=${phone#* }
  case $phone_number in
    *[!-0-9\ ]*) phone_ok=false ;;
  esac
  phone_digits=$(printf '%s' "$phone_number" | tr -cd '0-9')
  phone_code=${phone%% *}
  phone_code=${phone_code#+}
  # The trunk 0 of a national number is dropped in international form (+81 90-…, not +81 090-…); Italy (+39) keeps it.
  case $phone_code:$phone_digits in
    39:*) ;;
    *:0*) phone_ok=false ;;
  esac
  # E.164: at most 15 digits, country code included.
  if [ $(( ${#phone_code} + ${#phone_digits} )) -gt 15 ]; then
    phone_ok=false
  fi
  if [ "$phone_ok" != true ] || [ ${#phone_digits} -lt 6 ]; then
    echo "ONDUTY_WATCH_PHONES: '$phone' is not a phone number in international form. Write each number as +81 90-1234-5678: '+', the country code, one space, then the number (digits, spaces and '-'); separate numbers with ','." >&2
    exit 1
  fi
done

# PagerDuty routing keys: comma-separated, blanks around each dropped; main.bicep drops every blank, so a key with one inside
# or an empty entry would become a different key.
keys_left="${ONDUTY_PAGERDUTY_ROUTING_KEYS:-}"
while [ -n "$keys_left" ]; do
  case $keys_left in
    *,*) key=${keys_left%%,*}; keys_left=${keys_left#*,} ;;
    *) key=$keys_left; keys_left= ;;
  esac
  key=${key#"${key%%[![:space:]]*}"}
  key=${key%"${key##*[![:space:]]}"}
  case $key in
    '' | *[[:space:]]*)
      echo "ONDUTY_PAGERDUTY_ROUTING_KEYS: every comma-separated entry must be one routing key with no blank inside (got '$key'). Nothing was changed." >&2
      exit 1 ;;
  esac
done

# Who hears 第n報: stakeholder audiences live in infra/team-settings.json. Without one, a status update tells nobody;
# say so (not an error: a team may start without stakeholders).
team_settings="$(dirname "$0")/../team-settings.json"
if ! grep -q '"Comms__Audiences__' "$team_settings" 2>/dev/null; then
  echo "Note: infra/team-settings.json names no stakeholder audience (Comms__Audiences__*), so status updates (第n報) will reach nobody. README: Deploy to Azure, 'The team's settings'."
fi

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
