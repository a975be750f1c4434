{{/*
Naming, labels and value resolution shared by every itops service chart.

Value resolution: a setting that the umbrella chart can pass down (image registry and tag,
PostgreSQL host/port/TLS, Kafka brokers/TLS/SASL mechanism, OIDC, OTLP endpoint, log level) is
taken from the service's own value when that is set (not null and not ""), otherwise from
.Values.global, otherwise from a built-in default.
*/}}

{{/* Chart name, overridable with nameOverride. */}}
{{- define "itops-lib.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Fully qualified app name: fullnameOverride, or "<release>-<name>" (just the release name when it
already contains the chart name). Limited to 52 characters so that derived names such as
"<fullname>-migrate" stay within the 63 character limit.
*/}}
{{- define "itops-lib.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "itops-lib.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "itops-lib.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name and instance labels, common to the service's pods and its migration Job's pods. */}}
{{- define "itops-lib.baseLabels" -}}
app.kubernetes.io/name: {{ include "itops-lib.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Selector of the service's pods (Deployment, Service, PDB, NetworkPolicy). The component label
keeps the migration Job's pods out of it.
*/}}
{{- define "itops-lib.selectorLabels" -}}
{{ include "itops-lib.baseLabels" . }}
app.kubernetes.io/component: server
{{- end -}}

{{/* Labels on every resource (without the component label). */}}
{{- define "itops-lib.labels" -}}
helm.sh/chart: {{ include "itops-lib.chart" . }}
{{ include "itops-lib.baseLabels" . }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | trunc 63 | trimSuffix "-" | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: itops
{{- end -}}

{{- define "itops-lib.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "itops-lib.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
First element of the given list that is neither null nor the empty string, as a string.
Booleans false and numbers 0 count as set. Renders "" when nothing is set.
Usage: include "itops-lib.pick" (list .Values.config.x (dig "x" "" .Values.global) "default")
*/}}
{{- define "itops-lib.pick" -}}
{{- $out := "" -}}
{{- $found := false -}}
{{- range . -}}
{{- if and (not $found) (not (kindIs "invalid" .)) (ne (toString .) "") -}}
{{- $out = toString . -}}
{{- $found = true -}}
{{- end -}}
{{- end -}}
{{- $out -}}
{{- end -}}

{{/* Container image reference: [registry/]repository(:tag|@digest). */}}
{{- define "itops-lib.image" -}}
{{- $g := .Values.global | default dict -}}
{{- $img := .Values.image -}}
{{- $registry := include "itops-lib.pick" (list $img.registry (dig "image" "registry" "" $g)) | trimSuffix "/" -}}
{{- $repo := required "image.repository is required" $img.repository -}}
{{- $ref := ternary (printf "%s/%s" $registry $repo) $repo (ne $registry "") -}}
{{- if $img.digest -}}
{{- printf "%s@%s" $ref $img.digest -}}
{{- else -}}
{{- $tag := include "itops-lib.pick" (list $img.tag (dig "image" "tag" "" $g) .Chart.AppVersion) -}}
{{- printf "%s:%s" $ref (required "image.tag, global.image.tag or the chart appVersion is required" $tag) -}}
{{- end -}}
{{- end -}}

{{- define "itops-lib.imagePullSecrets" -}}
{{- $g := .Values.global | default dict -}}
{{- $names := list -}}
{{- range (concat (dig "imagePullSecrets" list $g) (.Values.imagePullSecrets | default list)) -}}
{{- if not (has . $names) -}}
{{- $names = append $names . -}}
{{- end -}}
{{- end -}}
{{- if $names }}
imagePullSecrets:
{{- range $names }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* Resolved Kafka settings as YAML: brokers, ssl, saslEnabled, saslMechanism, ports. */}}
{{- define "itops-lib.kafka" -}}
{{- $g := .Values.global | default dict -}}
{{- $k := .Values.config.kafka -}}
{{- $sasl := $k.sasl | default dict -}}
{{- $brokers := include "itops-lib.pick" (list $k.brokers (dig "kafka" "brokers" "" $g)) -}}
{{- $ports := list -}}
{{- range (splitList "," $brokers) -}}
{{- $p := regexFind ":[0-9]+$" (trim .) | trimPrefix ":" -}}
{{- if and $p (not (has (atoi $p) $ports)) -}}
{{- $ports = append $ports (atoi $p) -}}
{{- end -}}
{{- end -}}
brokers: {{ required "config.kafka.brokers or global.kafka.brokers is required" $brokers | quote }}
ssl: {{ include "itops-lib.pick" (list $k.ssl (dig "kafka" "ssl" "" $g) false) }}
saslEnabled: {{ include "itops-lib.pick" (list $sasl.enabled (dig "kafka" "sasl" "enabled" "" $g) false) }}
saslMechanism: {{ include "itops-lib.pick" (list $sasl.mechanism (dig "kafka" "sasl" "mechanism" "" $g) "scram-sha-512") | quote }}
ports: {{ toJson (default (list 9092) $ports) }}
{{- end -}}

{{/* Resolved PostgreSQL settings as YAML: host, port, ssl. */}}
{{- define "itops-lib.postgres" -}}
{{- $g := .Values.global | default dict -}}
{{- $p := .Values.config.postgres -}}
host: {{ required "config.postgres.host or global.postgres.host is required" (include "itops-lib.pick" (list $p.host (dig "postgres" "host" "" $g))) | quote }}
port: {{ include "itops-lib.pick" (list $p.port (dig "postgres" "port" "" $g) 5432) }}
ssl: {{ include "itops-lib.pick" (list $p.ssl (dig "postgres" "ssl" "" $g) true) }}
{{- end -}}

{{/* Whether this chart has LDAP settings (identity). */}}
{{- define "itops-lib.hasLdap" -}}
{{- if and (hasKey .Values.config "ldap") .Values.config.ldap -}}true{{- end -}}
{{- end -}}

{{- define "itops-lib.ldapCaMountPath" -}}/etc/itops/ldap-ca{{- end -}}

{{/* Whether an LDAP CA bundle is mounted. Fails when both a Secret and a ConfigMap are named. */}}
{{- define "itops-lib.hasLdapCa" -}}
{{- if include "itops-lib.hasLdap" . -}}
{{- $ca := .Values.config.ldap.ca | default dict -}}
{{- if and $ca.existingSecret $ca.existingConfigMap -}}
{{- fail "config.ldap.ca: set existingSecret or existingConfigMap, not both" -}}
{{- end -}}
{{- if or $ca.existingSecret $ca.existingConfigMap -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Non-secret environment of the service as a YAML map of strings. The ConfigMap holds exactly this;
the migration Job (which runs before the ConfigMap exists) gets the same entries inline. The
service's own settings come from "<chart>.env" in the chart's generated templates/_env.tpl.
*/}}
{{- define "itops-lib.envConfig" -}}
{{- $g := .Values.global | default dict -}}
{{- $c := .Values.config -}}
{{- $pg := include "itops-lib.postgres" . | fromYaml -}}
{{- $kafka := include "itops-lib.kafka" . | fromYaml -}}
{{- $oidc := $c.oidc | default dict -}}
{{- $otel := $c.otel | default dict -}}
{{- $name := include "itops-lib.name" . -}}
{{- $env := dict -}}
{{- $_ := set $env "ITOPS_HTTP_PORT" (toString $c.httpPort) -}}
{{- $_ := set $env "ITOPS_LOG_LEVEL" (include "itops-lib.pick" (list $c.logLevel (dig "logLevel" "" $g) "info")) -}}
{{- $_ := set $env "ITOPS_PG_HOST" $pg.host -}}
{{- $_ := set $env "ITOPS_PG_PORT" (toString $pg.port) -}}
{{- $_ := set $env "ITOPS_PG_DATABASE" (required "config.postgres.database is required" $c.postgres.database) -}}
{{- $_ := set $env "ITOPS_PG_USER" (required "config.postgres.user is required" $c.postgres.user) -}}
{{- $_ := set $env "ITOPS_PG_SSL" (toString $pg.ssl) -}}
{{- $_ := set $env "ITOPS_KAFKA_BROKERS" $kafka.brokers -}}
{{- $_ := set $env "ITOPS_KAFKA_CLIENT_ID" (include "itops-lib.pick" (list $c.kafka.clientId $name)) -}}
{{- $_ := set $env "ITOPS_KAFKA_SSL" (toString $kafka.ssl) -}}
{{- if $kafka.saslEnabled -}}
{{- $_ := set $env "ITOPS_KAFKA_SASL_MECHANISM" $kafka.saslMechanism -}}
{{- $_ := set $env "ITOPS_KAFKA_SASL_USERNAME" (required "config.kafka.sasl.username is required when SASL is enabled" $c.kafka.sasl.username) -}}
{{- end -}}
{{- $_ := set $env "ITOPS_OIDC_ISSUER" (required "config.oidc.issuer or global.oidc.issuer is required" (include "itops-lib.pick" (list $oidc.issuer (dig "oidc" "issuer" "" $g)))) -}}
{{- $_ := set $env "ITOPS_OIDC_AUDIENCE" (required "config.oidc.audience or global.oidc.audience is required" (include "itops-lib.pick" (list $oidc.audience (dig "oidc" "audience" "" $g)))) -}}
{{- $_ := set $env "ITOPS_OIDC_JWKS_URL" (required "config.oidc.jwksUrl or global.oidc.jwksUrl is required" (include "itops-lib.pick" (list $oidc.jwksUrl (dig "oidc" "jwksUrl" "" $g)))) -}}
{{- $otlp := include "itops-lib.pick" (list $otel.endpoint (dig "otel" "endpoint" "" $g)) -}}
{{- if $otlp -}}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_ENDPOINT" $otlp -}}
{{- end -}}
{{- $_ := set $env "OTEL_SERVICE_NAME" (include "itops-lib.pick" (list $otel.serviceName $name)) -}}
{{- if include "itops-lib.hasLdap" . -}}
{{- $l := $c.ldap -}}
{{- $_ := set $env "ITOPS_LDAP_URL" (required "config.ldap.url is required" $l.url) -}}
{{- $_ := set $env "ITOPS_LDAP_BIND_DN" (required "config.ldap.bindDn is required" $l.bindDn) -}}
{{- $_ := set $env "ITOPS_LDAP_BASE_DN" (required "config.ldap.baseDn is required" $l.baseDn) -}}
{{- if include "itops-lib.hasLdapCa" . -}}
{{- $_ := set $env "ITOPS_LDAP_CA_FILE" (printf "%s/%s" (include "itops-lib.ldapCaMountPath" .) ($l.ca.key | default "ca.crt")) -}}
{{- end -}}
{{- /* The service refuses a managed OU outside the base DN at boot; say so at install time already. */ -}}
{{- with $l.managedOu -}}
{{- $ou := include "itops-lib.normalizeDn" . -}}
{{- $base := include "itops-lib.normalizeDn" $l.baseDn -}}
{{- if not (hasSuffix (printf ",%s" $base) $ou) -}}
{{- fail (printf "config.ldap.managedOu (%s) must be below config.ldap.baseDn (%s)" $l.managedOu $l.baseDn) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $k, $v := (include (printf "%s.env" .Chart.Name) . | fromYaml) -}}
{{- if hasKey $env $k -}}
{{- fail (printf "%s is rendered twice (by itops-lib and by templates/_env.tpl)" $k) -}}
{{- end -}}
{{- $_ := set $env $k (toString $v) -}}
{{- end -}}
{{- $secretNames := list -}}
{{- range (include "itops-lib.secretEnv" . | fromYamlArray) -}}
{{- $secretNames = append $secretNames .name -}}
{{- end -}}
{{- range $k, $v := ($c.extra | default dict) -}}
{{- if or (hasKey $env $k) (has $k $secretNames) -}}
{{- fail (printf "config.extra.%s would override a setting the chart manages; use the dedicated value" $k) -}}
{{- end -}}
{{- $_ := set $env $k (toString $v) -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* A DN compared as identity compares DNs: trimmed, lower case, no spaces after commas. */}}
{{- define "itops-lib.normalizeDn" -}}
{{- regexReplaceAll ",\\s+" (. | trim | lower) "," -}}
{{- end -}}

{{/* Environment entries taken from existing Kubernetes Secrets. */}}
{{- define "itops-lib.secretEnv" -}}
{{- $c := .Values.config -}}
{{- $kafka := include "itops-lib.kafka" . | fromYaml -}}
- name: ITOPS_PG_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "config.postgres.existingSecret is required" $c.postgres.existingSecret }}
      key: {{ $c.postgres.passwordKey | default "password" }}
{{- if $kafka.saslEnabled }}
- name: ITOPS_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "config.kafka.sasl.existingSecret is required when SASL is enabled" $c.kafka.sasl.existingSecret }}
      key: {{ $c.kafka.sasl.passwordKey | default "password" }}
{{- end }}
{{- if include "itops-lib.hasLdap" . }}
- name: ITOPS_LDAP_BIND_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "config.ldap.existingSecret is required" $c.ldap.existingSecret }}
      key: {{ $c.ldap.passwordKey | default "password" }}
{{- end }}
{{- with include (printf "%s.secretEnv" .Chart.Name) . | trim }}
{{ . }}
{{- end }}
{{- end -}}

{{/* Pod-level security context: non-root, RuntimeDefault seccomp. */}}
{{- define "itops-lib.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
fsGroup: {{ .Values.podSecurityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security context: read-only root fs, no privilege escalation, no capabilities. */}}
{{- define "itops-lib.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "itops-lib.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolumeSizeLimit }}
{{- if include "itops-lib.hasLdapCa" . }}
{{- $ca := .Values.config.ldap.ca }}
- name: ldap-ca
{{- if $ca.existingSecret }}
  secret:
    secretName: {{ $ca.existingSecret }}
    items:
      - key: {{ $ca.key | default "ca.crt" }}
        path: {{ $ca.key | default "ca.crt" }}
{{- else }}
  configMap:
    name: {{ $ca.existingConfigMap }}
    items:
      - key: {{ $ca.key | default "ca.crt" }}
        path: {{ $ca.key | default "ca.crt" }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "itops-lib.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if include "itops-lib.hasLdapCa" . }}
- name: ldap-ca
  mountPath: {{ include "itops-lib.ldapCaMountPath" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* Scheduling fields shared by the Deployment and the migration Job. */}}
{{- define "itops-lib.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end -}}
