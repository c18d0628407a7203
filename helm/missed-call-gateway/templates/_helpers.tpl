{{/* Chart name, shortened to the 63 characters a label value allows. */}}
{{- define "gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Release-qualified name prefixing every resource. Kept to 48 characters so that
"<fullname>-workers-<replicaset hash>-<pod hash>" still fits a pod name.
*/}}
{{- define "gateway.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 48 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 48 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 48 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every resource. */}}
{{- define "gateway.labels" -}}
helm.sh/chart: {{ include "gateway.chart" . }}
{{ include "gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: missed-call-recovery
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select every pod of the release, whatever its role. */}}
{{- define "gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels that select the pods of one Deployment. Call with (dict "root" $ "component" $c). */}}
{{- define "gateway.componentSelectorLabels" -}}
{{ include "gateway.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component.name }}
{{- end -}}

{{- define "gateway.componentLabels" -}}
{{ include "gateway.labels" .root }}
app.kubernetes.io/component: {{ .component.name }}
{{- end -}}

{{/*
The Deployments to render, as a YAML list of {name, role, resourceName, webhooks, admin}:
one all-in-one Deployment (ROLE=all) or one per enabled role.
*/}}
{{- define "gateway.components" -}}
{{- $fullname := include "gateway.fullname" . -}}
{{- if .Values.allInOne.enabled }}
- name: all
  role: all
  resourceName: {{ $fullname }}
  webhooks: true
  admin: true
{{- else }}
{{- range $role := list "ingress" "workers" "admin" }}
{{- if (index $.Values.roles $role).enabled }}
- name: {{ $role }}
  role: {{ $role }}
  resourceName: {{ printf "%s-%s" $fullname $role }}
  webhooks: {{ eq $role "ingress" }}
  admin: {{ eq $role "admin" }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The values block of one component. Call with (dict "root" $ "component" $c). */}}
{{- define "gateway.componentValues" -}}
{{- if eq .component.name "all" -}}
{{- toYaml .root.Values.allInOne -}}
{{- else -}}
{{- toYaml (index .root.Values.roles .component.name) -}}
{{- end -}}
{{- end -}}

{{- define "gateway.webhookComponent" -}}
{{- range $c := include "gateway.components" . | fromYamlArray }}
{{- if $c.webhooks }}{{ toYaml $c }}{{ end }}
{{- end }}
{{- end -}}

{{- define "gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "gateway.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "gateway.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding DATABASE_URL, REDIS_URL, AI_API_KEY, SECRETS_KEY, SMTP_URL and OPERATOR_API_KEY when they are given as values. */}}
{{- define "gateway.secretName" -}}
{{- include "gateway.fullname" . -}}
{{- end -}}

{{- define "gateway.chartSecretNeeded" -}}
{{- if or (and .Values.database.url (not .Values.database.existingSecret)) (and .Values.redis.url (not .Values.redis.existingSecret)) (and .Values.ai.apiKey (not .Values.ai.existingSecret)) (and .Values.secrets.key (not .Values.secrets.existingSecret)) (and .Values.email.smtpUrl (not .Values.email.existingSecret)) (and .Values.operator.apiKey (not .Values.operator.existingSecret)) -}}
true
{{- end -}}
{{- end -}}

{{/*
PUBLIC_BASE_URL: the value if given, else https://<first ingress host> when a TLS entry covers it,
else http://<first ingress host>. Twilio signs the exact URL it calls, and the gateway rebuilds that
URL as PUBLIC_BASE_URL + request path, so this must be what Twilio sees, without the /twilio path.
*/}}
{{- define "gateway.publicBaseUrl" -}}
{{- if .Values.publicBaseUrl -}}
{{- .Values.publicBaseUrl | trimSuffix "/" -}}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts -}}
{{- $host := (first .Values.ingress.hosts).host -}}
{{- if $host -}}
{{- $tls := false -}}
{{- range .Values.ingress.tls }}{{ if has $host (default (list) .hosts) }}{{ $tls = true }}{{ end }}{{ end -}}
{{- printf "%s://%s" (ternary "https" "http" $tls) $host -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Non-secret settings shared by every Deployment, as a YAML map of GatewayConfig variable names.
Empty values are left out so the gateway's own defaults apply.
*/}}
{{- define "gateway.configEnv" -}}
{{- $c := .Values.config -}}
{{- $env := dict "EMBEDDED" "off" "HTTP_PORT" $c.httpPort "LOG_LEVEL" $c.logLevel "REDIS_MODE" .Values.redis.mode "SHUTDOWN_GRACE_SECONDS" .Values.shutdown.graceSeconds -}}
{{- $publicBaseUrl := include "gateway.publicBaseUrl" . -}}
{{- if $publicBaseUrl }}{{ $_ := set $env "PUBLIC_BASE_URL" $publicBaseUrl }}{{ end -}}
{{- $optional := dict
  "HTTP_INSTANCES" $c.httpInstances
  "DECISION_TIMEOUT_MS" $c.decisionTimeoutMs
  "JOB_LEASE_SECONDS" $c.jobLeaseSeconds
  "SWEEP_INTERVAL_MS" $c.sweepIntervalMs
  "MAX_SEND_ATTEMPTS" $c.maxSendAttempts
  "DONE_TTL_HOURS" $c.doneTtlHours
  "NUMBER_CACHE_TTL_SECONDS" $c.numberCacheTtlSeconds
  "PENDING_CALL_DELAY_MS" $c.pendingCallDelayMs
  "DECISION_LANES" .Values.hotPath.decisionLanes
  "DECISION_BATCH_SIZE" .Values.hotPath.decisionBatchSize
  "DECISION_QUEUE_LIMIT" .Values.hotPath.decisionQueueLimit
  "TEXTBACK_BACKLOG_LIMIT" .Values.hotPath.textbackBacklogLimit
  "TEXTBACK_BACKLOG_FLOOR" .Values.hotPath.textbackBacklogFloor
  "TEXTBACK_BACKLOG_TARGET_MS" .Values.hotPath.textbackBacklogTargetMs
  "DB_BUDGET_QUEUE_LIMIT" .Values.hotPath.dbBudgetQueueLimit
  "RECONCILE_ENABLED" .Values.reconcile.enabled
  "RECONCILE_INTERVAL_MS" .Values.reconcile.intervalMs
  "RECONCILE_LOOKBACK_SECONDS" .Values.reconcile.lookbackSeconds
  "RECONCILE_GRACE_SECONDS" .Values.reconcile.graceSeconds
  "VOICE_RECOVERY_ENABLED" .Values.voice.enabled
  "VOICE_MODEL_BUDGET_MS" .Values.voice.modelBudgetMs
  "VOICE_GATHER_TIMEOUT_SECONDS" .Values.voice.gatherTimeoutSeconds
  "VOICE_SPEECH_TIMEOUT" .Values.voice.speechTimeout
  "VOICE_MAX_TURNS" .Values.voice.maxTurns
  "SMTP_FROM" .Values.email.from
  "DATABASE_POOL_SIZE" .Values.database.poolSize
  "REDIS_POOL_SIZE" .Values.redis.poolSize
  "REDIS_KEY_PREFIX" .Values.redis.keyPrefix
  "REDIS_TIMEOUT_MS" .Values.redis.timeoutMs
  "SECRETS_KEY_ID" .Values.secrets.keyId
  "TWILIO_API_BASE_URL" .Values.twilio.apiBaseUrl
  "TWILIO_TIMEOUT_MS" .Values.twilio.timeoutMs
  "AI_ENABLED" .Values.ai.enabled
  "AI_BASE_URL" .Values.ai.baseUrl
  "AI_MODEL" .Values.ai.model
  "AI_TIMEOUT_MS" .Values.ai.timeoutMs
  "AI_MAX_RETRIES" .Values.ai.maxRetries
  "ADMIN_RATE_LIMIT_PER_MINUTE" .Values.adminApi.rateLimitPerMinute
  "WEBHOOK_TIMEOUT_MS" .Values.adminApi.webhookTimeoutMs
  "WEBHOOK_MAX_ATTEMPTS" .Values.adminApi.webhookMaxAttempts
  "WEBHOOK_ALLOWED_NETWORKS" (include "gateway.webhookAllowedNetworks" .) -}}
{{- range $name, $value := $optional }}
{{- if not (kindIs "invalid" $value) }}{{ if ne (toString $value) "" }}{{ $_ := set $env $name $value }}{{ end }}{{ end }}
{{- end -}}
{{- range $name, $value := $env }}
{{ $name }}: {{ toString $value | quote }}
{{- end }}
{{- end -}}

{{/* adminApi.webhookAllowedNetworks as WEBHOOK_ALLOWED_NETWORKS: a list joined with commas (a string is taken as is). */}}
{{- define "gateway.webhookAllowedNetworks" -}}
{{- $allowed := .Values.adminApi.webhookAllowedNetworks -}}
{{- if kindIs "slice" $allowed -}}
{{- join "," $allowed -}}
{{- else if not (kindIs "invalid" $allowed) -}}
{{- toString $allowed -}}
{{- end -}}
{{- end -}}

{{/* Seconds from the start of termination to SIGKILL. */}}
{{- define "gateway.terminationGracePeriodSeconds" -}}
{{- if ne (toString .Values.shutdown.terminationGracePeriodSeconds) "" -}}
{{- .Values.shutdown.terminationGracePeriodSeconds | int -}}
{{- else -}}
{{- add (.Values.shutdown.preStopSleepSeconds | int) (.Values.shutdown.graceSeconds | int) 15 -}}
{{- end -}}
{{- end -}}

{{- define "gateway.preStop" -}}
{{- $seconds := .Values.shutdown.preStopSleepSeconds | int -}}
{{- if gt $seconds 0 -}}
{{- $handler := .Values.shutdown.preStopHandler -}}
{{- if eq $handler "auto" -}}
{{- $handler = ternary "sleep" "exec" (semverCompare ">=1.30-0" .Capabilities.KubeVersion.Version) -}}
{{- end -}}
lifecycle:
  preStop:
    {{- if eq $handler "sleep" }}
    sleep:
      seconds: {{ $seconds }}
    {{- else }}
    exec:
      command: ["sleep", "{{ $seconds }}"]
    {{- end }}
{{- end -}}
{{- end -}}

{{/* Whether the Prometheus Operator API is there (or assumed), for ServiceMonitor and PrometheusRule. */}}
{{- define "gateway.prometheusOperator" -}}
{{- if or .Values.metrics.assumePrometheusOperator (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") -}}
true
{{- end -}}
{{- end -}}

{{/* PromQL label matchers selecting this release's series. */}}
{{- define "gateway.promSelector" -}}
{{- default (printf "job=\"%s-metrics\",namespace=\"%s\"" (include "gateway.fullname" .) .Release.Namespace) .Values.metrics.prometheusRule.selector -}}
{{- end -}}

{{/*
Every problem with the values, reported at once: the release fails with one message per line
instead of one fix-and-retry round per mistake.
*/}}
{{- define "gateway.validateValues" -}}
{{- $problems := list -}}
{{- if not (or .Values.database.url .Values.database.existingSecret) -}}
{{- $problems = append $problems "database: set database.url (postgresql://user:password@host:5432/db) or database.existingSecret; the chart runs the gateway with EMBEDDED=off, so it needs an external PostgreSQL" -}}
{{- else if and .Values.database.url (not .Values.database.existingSecret) (not (hasPrefix "postgresql://" .Values.database.url)) (not (hasPrefix "postgres://" .Values.database.url)) -}}
{{- $problems = append $problems "database.url: expected postgresql://user:password@host:5432/db" -}}
{{- end -}}
{{- if not (or .Values.redis.url .Values.redis.existingSecret) -}}
{{- $problems = append $problems "redis: set redis.url (redis://host:6379, comma-separated for a cluster) or redis.existingSecret; the chart runs the gateway with EMBEDDED=off, so it needs an external Redis" -}}
{{- else if and .Values.redis.url (not .Values.redis.existingSecret) -}}
{{- range $url := splitList "," .Values.redis.url -}}
{{- if not (or (hasPrefix "redis://" (trim $url)) (hasPrefix "rediss://" (trim $url))) -}}
{{- $problems = append $problems (printf "redis.url: %q is not a redis:// or rediss:// URL" (trim $url)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if not (or .Values.secrets.key .Values.secrets.existingSecret) -}}
{{- $problems = append $problems "secrets: set secrets.existingSecret (a Secret holding SECRETS_KEY, e.g. from `openssl rand -base64 32`) or secrets.key; it seals Twilio auth tokens and webhook secrets in the database, and every pod must share it" -}}
{{- end -}}
{{- if not (has .Values.redis.mode (list "standalone" "cluster")) -}}
{{- $problems = append $problems (printf "redis.mode: expected standalone or cluster, got %q" (toString .Values.redis.mode)) -}}
{{- end -}}
{{- $components := include "gateway.components" . | fromYamlArray -}}
{{- if not $components -}}
{{- $problems = append $problems "roles: enable at least one of roles.ingress, roles.workers, roles.admin (or set allInOne.enabled)" -}}
{{- end -}}
{{- $webhooks := include "gateway.webhookComponent" . -}}
{{- $callbacks := false -}}
{{- range $components }}{{ if has .role (list "all" "ingress" "workers") }}{{ $callbacks = true }}{{ end }}{{ end -}}
{{- $publicBaseUrl := include "gateway.publicBaseUrl" . -}}
{{- if and $callbacks (not $publicBaseUrl) -}}
{{- $problems = append $problems "publicBaseUrl: the ingress role (webhooks) and the workers (SMS status callbacks) need PUBLIC_BASE_URL, the https URL Twilio reaches the gateway at; set publicBaseUrl or enable ingress with a host" -}}
{{- else if and $publicBaseUrl (not (regexMatch "^https?://[^/]+(/.*)?$" $publicBaseUrl)) -}}
{{- $problems = append $problems (printf "publicBaseUrl: %q is not an absolute http(s) URL" $publicBaseUrl) -}}
{{- end -}}
{{- if and .Values.ai.baseUrl (not (regexMatch "^https?://[^/]+" .Values.ai.baseUrl)) -}}
{{- $problems = append $problems (printf "ai.baseUrl: %q is not an absolute http(s) URL" .Values.ai.baseUrl) -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not $webhooks) -}}
{{- $problems = append $problems "ingress.enabled: the Ingress routes to the ingress role, which is disabled" -}}
{{- end -}}
{{- if and (ne (toString .Values.podDisruptionBudget.minAvailable) "") (ne (toString .Values.podDisruptionBudget.maxUnavailable) "") -}}
{{- $problems = append $problems "podDisruptionBudget: set minAvailable or maxUnavailable, not both" -}}
{{- end -}}
{{- if not (has .Values.shutdown.preStopHandler (list "auto" "sleep" "exec")) -}}
{{- $problems = append $problems (printf "shutdown.preStopHandler: expected auto, sleep or exec, got %q" (toString .Values.shutdown.preStopHandler)) -}}
{{- end -}}
{{- $grace := include "gateway.terminationGracePeriodSeconds" . | int -}}
{{- $needed := add (.Values.shutdown.preStopSleepSeconds | int) (.Values.shutdown.graceSeconds | int) -}}
{{- if le $grace $needed -}}
{{- $problems = append $problems (printf "shutdown.terminationGracePeriodSeconds: %d must exceed preStopSleepSeconds + graceSeconds (%d), or in-flight webhooks are killed" $grace $needed) -}}
{{- end -}}
{{- range $c := $components -}}
{{- $v := include "gateway.componentValues" (dict "root" $ "component" $c) | fromYaml -}}
{{- $prefix := ternary "allInOne" (printf "roles.%s" $c.name) (eq $c.name "all") -}}
{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) -}}
{{- $problems = append $problems (printf "%s.autoscaling: minReplicas (%v) exceeds maxReplicas (%v)" $prefix $v.autoscaling.minReplicas $v.autoscaling.maxReplicas) -}}
{{- end -}}
{{- if and $v.autoscaling.enabled (not (or $v.autoscaling.targetCPUUtilizationPercentage $v.autoscaling.targetMemoryUtilizationPercentage $v.autoscaling.extraMetrics)) -}}
{{- $problems = append $problems (printf "%s.autoscaling: give a CPU or memory target or extraMetrics" $prefix) -}}
{{- end -}}
{{- range $name, $_ := $v.env -}}
{{- if not (regexMatch "^[A-Z][A-Z0-9_]*$" $name) -}}
{{- $problems = append $problems (printf "%s.env: %q is not a GatewayConfig variable name (UPPER_CASE)" $prefix $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "\n\nmissed-call-gateway: the values need fixing:\n  - %s\n" (join "\n  - " $problems)) -}}
{{- end -}}
{{- end -}}
