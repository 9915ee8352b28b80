#!/bin/sh
# azd postdeploy: a function key for PostAlert only (no other function accepts it), created once and kept across
# deployments, and the webhook URLs to paste into the monitoring tools. The key is a credential: paste it into the
# tools' secret fields, not into tickets. Rotate it as README "Deploy to Azure" says.
set -eu

# function_key <function> <key name>: that function's key of that name, created the first time and kept after.
function_key() {
  fk=$(az functionapp function keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --function-name "$1" --query "\"$2\"" --output tsv 2>/dev/null || true)
  if [ -z "$fk" ]; then
    fk=$(az functionapp function keys set --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
      --function-name "$1" --key-name "$2" --query value --output tsv)
  fi
  printf '%s' "$fk"
}

key_name=monitoring
key=$(function_key PostAlert "$key_name")

base="$ONDUTY_BASE_URL/api/alerts"
# Heartbeats (a watchdog alert, a cron job) ping, start and fail with keys of those functions only, named 'heartbeat'.
ping_key=$(function_key PingHeartbeat heartbeat)
start_key=$(function_key StartHeartbeat heartbeat)
fail_key=$(function_key FailHeartbeat heartbeat)
cat <<TEXT

OnDuty is at $ONDUTY_BASE_URL (health: $ONDUTY_BASE_URL/api/health; why it is degraded: $ONDUTY_BASE_URL/api/health/details with a host key, header x-functions-key)

Alert webhooks (function key '$key_name' of PostAlert):
  Prometheus Alertmanager  webhook_configs: - url: '$base/alertmanager?code=$key'   (send_resolved: true)
  Grafana                  contact point "Webhook", URL: $base/grafana?code=$key   (or header x-functions-key)
  Azure Monitor            action group "Webhook" with the common alert schema: $base/azure-monitor?code=$key
  Datadog                  Webhooks integration, URL: $base/datadog?code=$key   (payload: README's template; @webhook-onduty in the monitor)
  PagerDuty Events v2      the tool's Events API URL: $base/pagerduty?code=$key   (routing_key: one of Incidents__Sources__pagerduty__RoutingKeys)
  Anything else (JSON)     POST $base/generic with header x-functions-key: $key

Heartbeats (function keys 'heartbeat'; {name} is the heartbeat's, see README "Heartbeats"):
  ping   $ONDUTY_BASE_URL/api/heartbeats/{name}/ping?code=$ping_key
  start  $ONDUTY_BASE_URL/api/heartbeats/{name}/start?code=$start_key
  fail   $ONDUTY_BASE_URL/api/heartbeats/{name}/fail?code=$fail_key
TEXT

# Pages by SMS from a phone number: replies to it ("1" acknowledges), and delivery reports of the texts sent, reach
# ReceiveSms through an Event Grid subscription on the ACS resource, with a function key of ReceiveSms only. Made after the
# code is deployed, because Event Grid proves the endpoint when the subscription is created.
sms_from="${ONDUTY_SMS_FROM:-}"
[ "${ONDUTY_SMS_PROVIDER:-Acs}" = "Acs" ] || sms_from=""
case "$sms_from" in
  +*)
    sms_key=$(function_key ReceiveSms acs-events)
    az eventgrid event-subscription create --name onduty-sms-replies --source-resource-id "$ONDUTY_ACS_RESOURCE_ID" \
      --endpoint "$ONDUTY_BASE_URL/api/sms/inbound?code=$sms_key" --endpoint-type webhook \
      --included-event-types Microsoft.Communication.SMSReceived Microsoft.Communication.SMSDeliveryReportReceived --output none
    echo "Replies to $sms_from reach OnDuty (Event Grid subscription onduty-sms-replies): a duty member replying 1 acknowledges."
    ;;
esac

# Emails through ACS: its delivery report of each reader (bounced, suppressed after an earlier bounce, filtered as spam)
# reaches ReceiveEmailEvents through an Event Grid subscription on the ACS resource, with a function key of its own. A page
# that did not reach its reader then shows on the incident and as a failed message. Made after the code is deployed, as above.
if [ "${ONDUTY_EMAIL_PROVIDER:-Acs}" = "Acs" ]; then
  email_key=$(function_key ReceiveEmailEvents acs-email-events)
  az eventgrid event-subscription create --name onduty-email-reports --source-resource-id "$ONDUTY_ACS_RESOURCE_ID" \
    --endpoint "$ONDUTY_BASE_URL/api/email/events?code=$email_key" --endpoint-type webhook \
    --included-event-types Microsoft.Communication.EmailDeliveryReportReceived --output none
  echo "ACS delivery reports of OnDuty's emails reach it (Event Grid subscription onduty-email-reports): a page that bounced shows on its incident."
fi

# Through Twilio from a number: the number's "A message comes in" webhook points at ReceiveTwilioSms, and with the duty line
# on its "A call comes in" webhook at TwilioDutyLine; both check Twilio's signature (no function key). Set through Twilio's
# API with the account's own credentials, read by curl from stdin so they never show in the process list.
if [ "${ONDUTY_SMS_PROVIDER:-Acs}" = "Twilio" ]; then
  case "${ONDUTY_SMS_FROM:-}" in
    +*)
      twilio_api="https://api.twilio.com/2010-04-01/Accounts/${ONDUTY_TWILIO_ACCOUNT_SID:-}"
      twilio_auth="user = \"${ONDUTY_TWILIO_ACCOUNT_SID:-}:${ONDUTY_TWILIO_AUTH_TOKEN:-}\""
      # The webhooks to set, as curl's arguments (POSIX sh has no arrays: the positional parameters hold them).
      set -- --data-urlencode "SmsUrl=$ONDUTY_BASE_URL/api/sms/twilio" --data-urlencode "SmsMethod=POST"
      wired="replies to $ONDUTY_SMS_FROM reach OnDuty (a duty member replying 1 acknowledges)"
      if [ "${ONDUTY_DUTY_LINE:-false}" = "true" ]; then
        set -- "$@" --data-urlencode "VoiceUrl=$ONDUTY_BASE_URL/api/voice/twilio/incoming" --data-urlencode "VoiceMethod=POST"
        wired="$wired, and calls to it ring the duty members (the duty line)"
      fi
      number_sid=$(printf '%s\n' "$twilio_auth" | curl -fsS -K - -G "$twilio_api/IncomingPhoneNumbers.json" \
        --data-urlencode "PhoneNumber=$ONDUTY_SMS_FROM" | grep -o '"sid": *"PN[0-9a-f]*"' | head -n 1 | grep -o 'PN[0-9a-f]*' || true)
      if [ -z "$number_sid" ]; then
        echo "Twilio lists no number $ONDUTY_SMS_FROM in the account: in the Twilio console set its messaging webhook" \
          "(A message comes in, HTTP POST) to $ONDUTY_BASE_URL/api/sms/twilio, and for the duty line its voice webhook" \
          "(A call comes in) to $ONDUTY_BASE_URL/api/voice/twilio/incoming." >&2
      elif printf '%s\n' "$twilio_auth" | curl -fsS -K - -o /dev/null -X POST "$twilio_api/IncomingPhoneNumbers/$number_sid.json" "$@"; then
        echo "Twilio number $ONDUTY_SMS_FROM wired: $wired."
      else
        echo "Could not set the webhooks of $ONDUTY_SMS_FROM ($number_sid): set them in the Twilio console" \
          "($ONDUTY_BASE_URL/api/sms/twilio, and $ONDUTY_BASE_URL/api/voice/twilio/incoming for the duty line)." >&2
      fi
      ;;
  esac
fi
