#!/bin/sh
# azd preprovision: what Bicep cannot make offline. Idempotent: values already in the azd environment are kept.
#  - the acknowledge-link signing secret (generated once; rotating it is in README "Deploy to Azure")
#  - the Entra app registration App Service Authentication signs PMs in with (needs Application Developer or
#    the default "users can register applications"); set ONDUTY_AUTH_CLIENT_ID yourself to use an existing one.
#  Neither is made again for an environment already deployed (its resource group exists): that stops, asking for the values.
# Before either, it checks ONDUTY_PAGERDUTY_ROUTING_KEYS (each a key, no blank inside) and ONDUTY_WATCH_PHONES (who Azure Monitor texts and calls when OnDuty is down): main.bicep
# reads each number as "+<country code> <number>", so a number in another form would be texted wrongly or not at all.
set -eu

# Calls "$2 ENTRY" for each comma-separated entry of the list $1, blanks around it trimmed. An empty entry (two commas in a
# row, a blank one, or one after a last comma) is passed as ''; an empty list has no entries.
each_entry() {
  if [ -z "$1" ]; then
    return 0
  fi
  entries_left=$1, # every entry, the last too, now ends at a comma
  while [ -n "$entries_left" ]; do
    entry=${entries_left%%,*}
    entries_left=${entries_left#*,}
    entry=${entry#"${entry%%[![:space:]]*}"} # trim leading blanks
    entry=${entry%"${entry##*[![:space:]]}"} # trim trailing blanks
    "$2" "$entry"
  done
}

# A watch phone (empty entries ignored): +, a country code of 1-3 digits not starting with 0, one space, then the number in
# digits, spaces and '-' (at least 6 digits), e.g. +81 90-1234-5678.
check_watch_phone() {
  phone=$1
  if [ -z "$phone" ]; then
    return 0
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
}

# A PagerDuty routing key: main.bicep drops every blank and splits at each comma, so a key with a blank inside or an empty
# entry (a trailing comma included) would deploy a different key.
check_routing_key() {
  case $1 in
    '' | *[[:space:]]*)
      echo "ONDUTY_PAGERDUTY_ROUTING_KEYS: every comma-separated entry must be one routing key with no blank inside (got '$1'). Nothing was changed." >&2
      exit 1 ;;
  esac
}

each_entry "${ONDUTY_WATCH_PHONES:-}" check_watch_phone
each_entry "${ONDUTY_PAGERDUTY_ROUTING_KEYS:-}" check_routing_key

# Who hears 第n報: stakeholder audiences live in infra/team-settings.json. Without one, a status update tells nobody;
# say so (not an error: a team may start without stakeholders).
team_settings="$(dirname "$0")/../team-settings.json"
if ! grep -q '"Comms__Audiences__' "$team_settings" 2>/dev/null; then
  echo "Note: infra/team-settings.json names no stakeholder audience (Comms__Audiences__*), so status updates (第n報) will reach nobody. README: Deploy to Azure, 'The team's settings'."
fi

# The environment was deployed before (its resource group is there) but one of the two values below is not in this azd
# environment (another machine, or .azure/<environment> lost): making new ones would replace the sign-in app registration
# and the ack-token secret, and every acknowledge link already sent would stop working. Stop, before anything is changed.
if [ -z "${ONDUTY_ACK_TOKEN_SECRET:-}" ] || [ -z "${ONDUTY_AUTH_CLIENT_ID:-}" ]; then
  if [ -n "${AZURE_SUBSCRIPTION_ID:-}" ]; then
    deployed=$(az group exists --name "rg-${AZURE_ENV_NAME}" --subscription "$AZURE_SUBSCRIPTION_ID" 2>/dev/null || true)
  else
    deployed=$(az group exists --name "rg-${AZURE_ENV_NAME}" 2>/dev/null || true)
  fi
  if [ "$deployed" = "true" ]; then
    echo "rg-${AZURE_ENV_NAME} exists, so this environment was deployed before, but ONDUTY_ACK_TOKEN_SECRET or ONDUTY_AUTH_CLIENT_ID is not in it (another machine, or .azure/${AZURE_ENV_NAME} lost)." \
      "Copy both from where it was deployed (azd env get-value ONDUTY_ACK_TOKEN_SECRET, azd env get-value ONDUTY_AUTH_CLIENT_ID; then azd env set here) and run again." \
      "To start with new ones instead (every acknowledge link already sent stops working): azd env set ONDUTY_ACK_TOKEN_SECRET \"\$(openssl rand -base64 32)\" and azd env set ONDUTY_AUTH_CLIENT_ID <the client id of the app registration 'OnDuty (${AZURE_ENV_NAME})'>. Nothing was changed." >&2
    exit 1
  fi
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
