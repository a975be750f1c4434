{{/* ConfigMap holding the non-secret environment. Usage: {{ include "itops-lib.configmap" . }} */}}
{{- define "itops-lib.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "itops-lib.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "itops-lib.labels" . | nindent 4 }}
data:
  {{- range $k, $v := (include "itops-lib.envConfig" . | fromYaml) }}
  {{ $k }}: {{ $v | quote }}
  {{- end }}
{{- end -}}
