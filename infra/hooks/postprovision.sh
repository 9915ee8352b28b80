#!/bin/sh
# azd postprovision: finish what needs the deployed app's name or identity.
#  - the sign-in redirect URI on the app registration
#  - with Graph on, the Graph application permissions in infra/graph-permissions.txt for the app's managed identity
#    (needs Privileged Role Administrator or Global Administrator; otherwise prints what an admin must run)
#  - the DNS records of a custom email domain
#  - with ONDUTY_SMS_ACS and no number yet, the ACS resource to buy the first number on, and what to set after
set -eu
here=$(dirname "$0")

az ad app update --id "$ONDUTY_AUTH_CLIENT_ID" --web-redirect-uris "$ONDUTY_AUTH_REDIRECT_URI"

if [ "${ONDUTY_ENABLE_GRAPH:-false}" = "true" ] || [ "${ONDUTY_EMAIL_PROVIDER:-Acs}" = "Graph" ]; then
  graph_sp=$(az ad sp show --id 00000003-0000-0000-c000-000000000000 --query id --output tsv)
  granted=$(az rest --method GET \
    --url "https://graph.microsoft.com/v1.0/servicePrincipals/$ONDUTY_PRINCIPAL_ID/appRoleAssignments" \
    --query "value[].appRoleId" --output tsv 2>/dev/null || true)
  grep -v '^#' "$here/../graph-permissions.txt" | grep -v '^[[:space:]]*$' | while read -r permission; do
    role_id=$(az ad sp show --id 00000003-0000-0000-c000-000000000000 \
      --query "appRoles[?value=='$permission' && contains(allowedMemberTypes, 'Application')].id | [0]" --output tsv)
    if printf '%s\n' "$granted" | grep -qx "$role_id"; then
      echo "Graph $permission: already granted"
      continue
    fi
    body="{\"principalId\":\"$ONDUTY_PRINCIPAL_ID\",\"resourceId\":\"$graph_sp\",\"appRoleId\":\"$role_id\"}"
    if az rest --method POST --url "https://graph.microsoft.com/v1.0/servicePrincipals/$ONDUTY_PRINCIPAL_ID/appRoleAssignments" \
        --body "$body" --output none 2>/dev/null; then
      echo "Graph $permission: granted"
    else
      echo "Graph $permission: NOT granted (needs an admin). Ask one to run:"
      echo "  az rest --method POST --url https://graph.microsoft.com/v1.0/servicePrincipals/$ONDUTY_PRINCIPAL_ID/appRoleAssignments --body '$body'"
    fi
  done
  echo "Scope Mail.Send and Calendars.* to the right mailboxes with an application access policy (README 'Deploy to Azure')."
fi

# The custom domain is an ACS email domain: created only when mail goes through ACS.
if [ -n "${ONDUTY_CUSTOM_EMAIL_DOMAIN:-}" ] && [ "${ONDUTY_EMAIL_PROVIDER:-Acs}" = "Acs" ]; then
  if [ "${ONDUTY_CUSTOM_EMAIL_DOMAIN_VERIFIED:-false}" != "true" ]; then
    echo "Create these DNS records at $ONDUTY_CUSTOM_EMAIL_DOMAIN, verify the domain in the Email Communication Service,"
    echo "then: azd env set ONDUTY_CUSTOM_EMAIL_DOMAIN_VERIFIED true && azd provision"
    azd env get-value EMAIL_CUSTOM_DOMAIN_DNS_RECORDS
  fi
fi
# Texts through ACS asked for before a number exists: the resource was created for it; name it and the steps after.
if [ "${ONDUTY_SMS_ACS:-false}" = "true" ] && [ "${ONDUTY_SMS_PROVIDER:-Acs}" = "Acs" ] && [ -z "${ONDUTY_SMS_FROM:-}" ]; then
  acs_id="${ONDUTY_ACS_RESOURCE_ID:-}"
  echo "Pages are not texted yet: buy a number for the ACS resource ${acs_id##*/} in the Azure portal (the resource, Phone numbers, Get),"
  echo "then: azd env set ONDUTY_SMS_FROM <the number, e.g. +18005550100> && azd provision && azd deploy"
fi
case "${ONDUTY_EMAIL_PROVIDER:-Acs}" in
  Smtp) echo "Mail is sent from ${ONDUTY_SMTP_FROM:-} through ${ONDUTY_SMTP_HOST:-}:${ONDUTY_SMTP_PORT:-587}" ;;
  Graph) echo "Mail is sent from ${ONDUTY_GRAPH_MAILBOX:-} through Microsoft Graph" ;;
  *) echo "Mail is sent from $EMAIL_SENDER_ADDRESS" ;;
esac
