{{/* PodDisruptionBudget (policy/v1, when podDisruptionBudget.enabled). Usage: {{ include "itops-lib.pdb" . }} */}}
{{- define "itops-lib.pdb" -}}
{{- $p := .Values.podDisruptionBudget -}}
{{- if $p.enabled -}}
{{- $hasMin := not (or (kindIs "invalid" $p.minAvailable) (eq (toString $p.minAvailable) "")) -}}
{{- $hasMax := not (or (kindIs "invalid" $p.maxUnavailable) (eq (toString $p.maxUnavailable) "")) -}}
{{- if and $hasMin $hasMax -}}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable, not both" -}}
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
  maxUnavailable: {{ $hasMax | ternary $p.maxUnavailable 1 }}
  {{- end }}
  {{- with $p.unhealthyPodEvictionPolicy }}
  unhealthyPodEvictionPolicy: {{ . }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "itops-lib.selectorLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}
