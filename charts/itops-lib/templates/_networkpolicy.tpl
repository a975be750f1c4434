{{/*
NetworkPolicy (when networkPolicy.enabled): default-deny for the service's pods, except
  ingress: the HTTP port (API, health, /metrics) from the namespaces and pods listed in values;
  egress: DNS, Kafka, PostgreSQL, the OIDC provider (JWKS), the OTLP collector (when an endpoint
          is set), LDAPS (identity) and any extra rules.
A rule whose "to" list is empty allows its ports to any destination.
Usage: {{ include "itops-lib.networkpolicy" . }}
*/}}
{{- define "itops-lib.networkpolicy" -}}
{{- $np := .Values.networkPolicy -}}
{{- if $np.enabled -}}
{{- $g := .Values.global | default dict -}}
{{- $e := $np.egress -}}
{{- $kafka := include "itops-lib.kafka" . | fromYaml -}}
{{- $pg := include "itops-lib.postgres" . | fromYaml -}}
{{- $otlp := include "itops-lib.pick" (list (.Values.config.otel | default dict).endpoint (dig "otel" "endpoint" "" $g)) -}}
{{- $from := list -}}
{{- range $np.ingress.namespaces -}}
{{- $from = append $from (dict "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" .))) -}}
{{- end -}}
{{- range $np.ingress.podSelectors -}}
{{- $from = append $from (dict "podSelector" .) -}}
{{- end -}}
{{- $from = concat $from ($np.ingress.extraFrom | default list) -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "itops-lib.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "itops-lib.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "itops-lib.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  {{- if $from }}
  ingress:
    - ports:
        - port: http
          protocol: TCP
      from:
        {{- toYaml $from | nindent 8 }}
  {{- else }}
  ingress: []
  {{- end }}
  egress:
    {{- if $e.dns.enabled }}
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
      {{- with $e.dns.to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    - ports:
        {{- range (default $kafka.ports $e.kafka.ports) }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
      {{- with $e.kafka.to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    - ports:
        - port: {{ $pg.port }}
          protocol: TCP
      {{- with $e.postgres.to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- if $e.oidc.enabled }}
    - ports:
        {{- range $e.oidc.ports }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
      {{- with $e.oidc.to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    {{- if and $otlp $e.otel.enabled }}
    - ports:
        {{- range $e.otel.ports }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
      {{- with $e.otel.to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    {{- if include "itops-lib.hasLdap" . }}
    {{- $ldapPort := regexFind ":[0-9]+$" (trimSuffix "/" .Values.config.ldap.url) | trimPrefix ":" | default "636" }}
    - ports:
        - port: {{ $ldapPort }}
          protocol: TCP
      {{- with $e.ldap.to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    {{- with $e.extra }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}
