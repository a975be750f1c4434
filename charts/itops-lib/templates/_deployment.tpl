{{/*
Deployment of the service. Usage in an application chart: {{ include "itops-lib.deployment" . }}
*/}}
{{- define "itops-lib.deployment" -}}
{{- $fullname := include "itops-lib.fullname" . -}}
{{- $probes := .Values.probes -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "itops-lib.labels" . | nindent 4 }}
    app.kubernetes.io/component: server
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: {{ .Values.revisionHistoryLimit }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: {{ .Values.rollingUpdate.maxSurge }}
      maxUnavailable: {{ .Values.rollingUpdate.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "itops-lib.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "itops-lib.labels" . | nindent 8 }}
        app.kubernetes.io/component: server
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "itops-lib.envConfig" . | sha256sum }}
        {{- if .Values.metrics.enabled }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ .Values.config.httpPort | quote }}
        prometheus.io/path: {{ .Values.metrics.path | quote }}
        prometheus.io/scheme: "http"
        {{- end }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "itops-lib.serviceAccountName" . }}
      automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      {{- with include "itops-lib.imagePullSecrets" . }}
      {{- . | trim | nindent 6 }}
      {{- end }}
      securityContext:
        {{- include "itops-lib.podSecurityContext" . | nindent 8 }}
      {{- with include "itops-lib.scheduling" . }}
      {{- . | trim | nindent 6 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if .Values.topologySpread.enabled }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: {{ .Values.topologySpread.topologyKey }}
          whenUnsatisfiable: {{ .Values.topologySpread.whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- include "itops-lib.selectorLabels" . | nindent 14 }}
      {{- end }}
      containers:
        - name: {{ include "itops-lib.name" . }}
          image: {{ include "itops-lib.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command:
            - node
            - {{ printf "dist/apps/%s/src/main.js" .Chart.Name | quote }}
          ports:
            - name: http
              containerPort: {{ .Values.config.httpPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $fullname }}
          env:
            {{- include "itops-lib.secretEnv" . | nindent 12 }}
            {{- with .Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- if $probes.startup.enabled }}
          startupProbe:
            httpGet:
              path: /health/live
              port: http
            periodSeconds: {{ $probes.startup.periodSeconds }}
            timeoutSeconds: {{ $probes.startup.timeoutSeconds }}
            failureThreshold: {{ $probes.startup.failureThreshold }}
          {{- end }}
          livenessProbe:
            httpGet:
              path: /health/live
              port: http
            initialDelaySeconds: {{ $probes.liveness.initialDelaySeconds }}
            periodSeconds: {{ $probes.liveness.periodSeconds }}
            timeoutSeconds: {{ $probes.liveness.timeoutSeconds }}
            failureThreshold: {{ $probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: /health/ready
              port: http
            initialDelaySeconds: {{ $probes.readiness.initialDelaySeconds }}
            periodSeconds: {{ $probes.readiness.periodSeconds }}
            timeoutSeconds: {{ $probes.readiness.timeoutSeconds }}
            failureThreshold: {{ $probes.readiness.failureThreshold }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            {{- include "itops-lib.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            {{- include "itops-lib.volumeMounts" . | nindent 12 }}
      volumes:
        {{- include "itops-lib.volumes" . | nindent 8 }}
{{- end -}}
