#!/bin/sh
# azd postdeploy: a function key for PostAlert only (no other function accepts it), created once and kept across
# deployments, and the webhook URLs to paste into the monitoring tools. The key is a credential: paste it into the
# tools' secret fields, not into tickets. Rotate it as README "Deploy to Azure" says.
set -eu

key_name=monitoring
key=$(az functionapp function keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
  --function-name PostAlert --query "$key_name" --output tsv 2>/dev/null || true)
if [ -z "$key" ]; then
  key=$(az functionapp function keys set --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --function-name PostAlert --key-name "$key_name" --query value --output tsv)
fi

base="$ONDUTY_BASE_URL/api/alerts"
cat <<TEXT

OnDuty is at $ONDUTY_BASE_URL (health: $ONDUTY_BASE_URL/api/health)

Alert webhooks (function key '$key_name' of PostAlert):
  Prometheus Alertmanager  webhook_configs: - url: '$base/alertmanager?code=$key'   (send_resolved: true)
  Grafana                  contact point "Webhook", URL: $base/grafana?code=$key   (or header x-functions-key)
  Azure Monitor            action group "Webhook" with the common alert schema: $base/azure-monitor?code=$key
  Anything else (JSON)     POST $base/generic with header x-functions-key: $key
TEXT

# Pages by SMS from a phone number: replies to it ("1" acknowledges), and delivery reports of the texts sent, reach
# ReceiveSms through an Event Grid subscription on the ACS resource, with a function key of ReceiveSms only. Made after the
# code is deployed, because Event Grid proves the endpoint when the subscription is created.
sms_from="${ONDUTY_SMS_FROM:-}"
[ "${ONDUTY_SMS_PROVIDER:-Acs}" = "Acs" ] || sms_from=""
case "$sms_from" in
  +*)
    sms_key_name=acs-events
    sms_key=$(az functionapp function keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
      --function-name ReceiveSms --query "$sms_key_name" --output tsv 2>/dev/null || true)
    if [ -z "$sms_key" ]; then
      sms_key=$(az functionapp function keys set --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
        --function-name ReceiveSms --key-name "$sms_key_name" --query value --output tsv)
    fi
    az eventgrid event-subscription create --name onduty-sms-replies --source-resource-id "$ONDUTY_ACS_RESOURCE_ID" \
      --endpoint "$ONDUTY_BASE_URL/api/sms/inbound?code=$sms_key" --endpoint-type webhook \
      --included-event-types Microsoft.Communication.SMSReceived Microsoft.Communication.SMSDeliveryReportReceived --output none
    echo "Replies to $sms_from reach OnDuty (Event Grid subscription onduty-sms-replies): a duty member replying 1 acknowledges."
    ;;
esac
