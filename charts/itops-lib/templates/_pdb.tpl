{{/* PodDisruptionBudget (policy/v1, when podDisruptionBudget.enabled). Usage: {{ include "itops-lib.pdb" . }} */}}
{{- define "itops-lib.pdb" -}}
{{- $p := .Values.podDisruptionBudget -}}
{{- if $p.enabled -}}
{{- $hasMin := not (or (kindIs "invalid" $p.minAvailable) (eq (toString $p.minAvailable) "")) -}}
{{- $hasMax := not (or (kindIs "invalid" $p.maxUnavailable) (eq (toString $p.maxUnavailable) "")) -}}
{{- if eq $hasMin $hasMax -}}
{{- fail "podDisruptionBudget: set exactly one of minAvailable and maxUnavailable" -}}
{{- end -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "itops-lib.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "itops-lib.labels" . | nindent 4 }}
spec:
  {{- if $hasMin }}
  minAvailable: {{ $p.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $p.maxUnavailable }}
  {{- end }}
  {{- with $p.unhealthyPodEvictionPolicy }}
  unhealthyPodEvictionPolicy: {{ . }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "itops-lib.selectorLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}
