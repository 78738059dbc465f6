{{- define "s2s-broker.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "s2s-broker.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "s2s-broker.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
The operator's recipe files (recipes.extra) as a YAML map of file name to content: a map's values
that are not strings are rendered as YAML, and a plain string is one file, extra.yaml.
*/}}
{{- define "s2s-broker.recipeFiles" -}}
{{- $extra := .Values.recipes.extra -}}
{{- $files := dict -}}
{{- if kindIs "string" $extra -}}
{{- if $extra -}}
{{- $_ := set $files "extra.yaml" $extra -}}
{{- end -}}
{{- else -}}
{{- range $name, $content := $extra -}}
{{- if not (regexMatch "^[-._a-zA-Z0-9]+$" $name) -}}
{{- fail (printf "recipes.extra: %q is not a file name (letters, digits, '-', '_' and '.')" $name) -}}
{{- end -}}
{{- $_ := set $files $name (kindIs "string" $content | ternary $content (printf "%s\n" (toYaml $content))) -}}
{{- end -}}
{{- end -}}
{{- if $files -}}
{{- /* toYaml drops the last line break, which would cut the last file's. */ -}}
{{- printf "%s\n" (toYaml $files) -}}
{{- end -}}
{{- end -}}

{{/* Where the recipe files are mounted. */}}
{{- define "s2s-broker.recipeDirectory" -}}
/etc/s2s-broker/recipes
{{- end -}}

{{/*
The broker's application config file: what the values say in the broker's own configuration
properties (access: broker.access). The broker reads it after the jar's application.yaml; environment
variables (config.extraEnv) outrank it.
*/}}
{{- define "s2s-broker.application" -}}
{{- $iam := dict "accounts" (dict "profiles" (.Values.iam.accounts.profiles | default dict) "refusal-ttl" .Values.iam.accounts.refusalTtl) -}}
{{- with .Values.iam.accounts.defaultProfileName }}{{ $_ := set $iam.accounts "default-profile-name" . }}{{ end -}}
{{- with .Values.iam.homeAccount }}{{ $_ := set $iam "home-account" . }}{{ end -}}
{{- if eq .Values.iam.baseIdentity "computeResource" -}}
{{- $resource := .Values.iam.computeResource -}}
{{- if eq (empty $resource.profileName) (empty $resource.profileId) -}}
{{- fail "iam.computeResource: set exactly one of profileName and profileId" -}}
{{- end -}}
{{- $_ := set $iam "compute-resource" (dict "profile-name" $resource.profileName "profile-id" $resource.profileId) -}}
{{- end -}}
{{- toYaml (dict "broker" (dict "access" (dict "callers" (.Values.access.callers | default list)) "iam" $iam)) }}
{{- end -}}

{{/* The service account whose projected token is the broker's compute resource token. */}}
{{- define "s2s-broker.serviceAccountName" -}}
{{- .Values.serviceAccount.name | default (include "s2s-broker.fullname" .) -}}
{{- end -}}

{{/* Where the projected IAM token is mounted, and the file the broker reads. */}}
{{- define "s2s-broker.computeResourceTokenDirectory" -}}
/var/run/secrets/iam
{{- end -}}

{{- define "s2s-broker.computeResourceTokenFile" -}}
{{ include "s2s-broker.computeResourceTokenDirectory" . }}/token
{{- end -}}

{{/* Where the application config file is mounted, and its name. */}}
{{- define "s2s-broker.applicationDirectory" -}}
/etc/s2s-broker/config
{{- end -}}

{{- define "s2s-broker.applicationFile" -}}
application.yaml
{{- end -}}
