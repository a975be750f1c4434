{{/*
Database migration Job, run as a Helm hook before install and before every upgrade, so the schema
is migrated before new pods start. It gets the same environment as the service, inline (the
ConfigMap is an ordinary release resource and does not exist yet during pre-install), and runs as
migrations.serviceAccountName (default: the namespace's default ServiceAccount) because the
chart's ServiceAccount is not created before the hook either.
Usage: {{ include "itops-lib.migrationJob" . }}
*/}}
{{- define "itops-lib.migrationJob" -}}
{{- $m := .Values.migrations -}}
{{- if $m.enabled -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "%s-migrate" (include "itops-lib.fullname" .) }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "itops-lib.labels" . | nindent 4 }}
    app.kubernetes.io/component: migration
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ $m.backoffLimit }}
  activeDeadlineSeconds: {{ $m.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "itops-lib.labels" . | nindent 8 }}
        app.kubernetes.io/component: migration
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      restartPolicy: Never
      {{- with $m.serviceAccountName }}
      serviceAccountName: {{ . }}
      {{- end }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      {{- with include "itops-lib.imagePullSecrets" . }}
      {{- . | trim | nindent 6 }}
      {{- end }}
      securityContext:
        {{- include "itops-lib.podSecurityContext" . | nindent 8 }}
      {{- with include "itops-lib.scheduling" . }}
      {{- . | trim | nindent 6 }}
      {{- end }}
      containers:
        - name: migrate
          image: {{ include "itops-lib.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command:
            - node
            - {{ printf "dist/apps/%s/src/migrate.js" .Chart.Name | quote }}
          env:
            {{- range $k, $v := (include "itops-lib.envConfig" . | fromYaml) }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
            {{- include "itops-lib.secretEnv" . | nindent 12 }}
            {{- with .Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          resources:
            {{- toYaml $m.resources | nindent 12 }}
          securityContext:
            {{- include "itops-lib.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            {{- include "itops-lib.volumeMounts" . | nindent 12 }}
      volumes:
        {{- include "itops-lib.volumes" . | nindent 8 }}
{{- end -}}
{{- end -}}
