{{/* The chart name, or nameOverride. */}}
{{- define "orrery.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: fullnameOverride, or <release>-<chart> unless the release already says orrery. */}}
{{- define "orrery.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "orrery.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "orrery.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the pod. */}}
{{- define "orrery.selectorLabels" -}}
app.kubernetes.io/name: {{ include "orrery.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the pod runs as. */}}
{{- define "orrery.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "orrery.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* namespace/name of the Argo CD plugin token Secret. */}}
{{- define "orrery.argocdTokenSecret" -}}
{{- default (printf "%s/orrery-argocd-plugin" .Release.Namespace) .Values.config.argocd.tokenSecret }}
{{- end }}

{{/* "true" when the WDS is the cluster Orrery runs in. */}}
{{- define "orrery.wdsInCluster" -}}
{{- if not .Values.wds.kubeconfigSecret }}true{{ end }}
{{- end }}

{{/* "true" when the ITS is the cluster Orrery runs in. */}}
{{- define "orrery.itsInCluster" -}}
{{- if not .Values.its.kubeconfigSecret }}true{{ end }}
{{- end }}

{{/* The image reference. */}}
{{- define "orrery.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The namespace of the leader and replica Leases in the WDS. */}}
{{- define "orrery.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace -}}
{{- end }}
