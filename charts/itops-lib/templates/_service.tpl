{{/* ClusterIP Service in front of the HTTP port. Usage: {{ include "itops-lib.service" . }} */}}
{{- define "itops-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "itops-lib.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "itops-lib.labels" . | nindent 4 }}
  {{- with .Values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .Values.service.type }}
  selector:
    {{- include "itops-lib.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
      appProtocol: http
{{- end -}}
