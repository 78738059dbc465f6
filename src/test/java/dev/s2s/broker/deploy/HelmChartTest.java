package dev.s2s.broker.deploy;

import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.s2s.broker.access.AccessProperties;
import dev.s2s.broker.access.Operation;
import dev.s2s.broker.iam.IamProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Helm chart, linted and rendered by real Helm (helm-java ships Helm's native
 * library).
 */
class HelmChartTest {

	private static final Path CHART = Path.of("helm/s2s-broker");

	private static final String TEAM_CATALOG = """
			# The platform team's recipes.
			recipes:
			  - name: team-cos
			    title: Team COS
			    description: "Object Storage reads keys, as written: {kept}, quoted."
			    parameters: []
			    policies: []
			""";

	@TempDir
	Path directory;

	@Test
	void lintsCleanly() {
		LintResult lint = new Helm(CHART).lint().call();

		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@Test
	void rendersAHardenedDeploymentWithSecretsFromAnExistingSecret() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template().withName("broker"));

		assertThat(kinds(manifests)).containsExactlyInAnyOrder("ConfigMap", "ConfigMap", "Service", "Deployment",
				"HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ServiceAccount");
		Map<String, Object> pod = path(one(manifests, "Deployment"), "spec", "template", "spec");
		assertThat(path(pod, "securityContext")).containsEntry("runAsNonRoot", true);
		Map<String, Object> container = first(pod.get("containers"));
		assertThat(path(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		assertThat(path(container, "livenessProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
		assertThat(path(container, "readinessProbe", "httpGet")).containsEntry("path", "/actuator/health/readiness");
		assertThat(path(container, "startupProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
		List<Map<String, Object>> env = list(container.get("env"));
		assertThat(env).filteredOn(variable -> variable.get("name").equals("BROKER_IAM_API_KEY"))
			.singleElement()
			.satisfies(variable -> assertThat(path(variable, "valueFrom", "secretKeyRef")).containsEntry("name",
					"s2s-broker"));
		assertThat(env).noneMatch(
				variable -> variable.get("name").toString().contains("API_KEY") && variable.containsKey("value"));
		assertThat(path(one(manifests, "HorizontalPodAutoscaler"), "spec")).containsEntry("minReplicas", 2);
		assertThat(path(environment(manifests), "data")).containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
			.doesNotContainKey("BROKER_IAM_API_KEY");
		assertThat(pod).containsEntry("terminationGracePeriodSeconds", 45);
		assertThat(path(environment(manifests), "data")).doesNotContainKey("BROKER_RECIPES_LOCATIONS");
		assertThat(list(container.get("volumeMounts"))).extracting(mount -> mount.get("name"))
			.containsExactly("tmp", "application");
	}

	@Test
	void mountsTheOperatorsRecipeFilesReadOnlyAndNamesThemToTheBroker() throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				recipes:
				  extra:
				    team.yaml: |
				%s
				    other.yaml:
				      recipes:
				        - name: other
				          title: Other
				""".formatted(TEAM_CATALOG.indent(6).stripTrailing()));

		List<Map<String, Object>> manifests = render(
				new Helm(CHART).template().withName("broker").withValuesFile(values));

		Map<String, Object> recipes = manifests.stream()
			.filter(manifest -> "broker-s2s-broker-recipes".equals(path(manifest, "metadata").get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(recipes).containsEntry("kind", "ConfigMap");
		assertThat(path(recipes, "data")).containsOnlyKeys("team.yaml", "other.yaml")
			.containsEntry("team.yaml", TEAM_CATALOG);
		assertThat(new Yaml().<Object>load((String) path(recipes, "data").get("other.yaml")))
			.isEqualTo(Map.of("recipes", List.of(Map.of("name", "other", "title", "Other"))));
		Map<String, Object> deployment = one(manifests, "Deployment");
		Map<String, Object> pod = path(deployment, "spec", "template", "spec");
		assertThat(list(first(pod.get("containers")).get("volumeMounts")))
			.filteredOn(mount -> mount.get("name").equals("recipes"))
			.singleElement()
			.satisfies(mount -> assertThat(mount).containsEntry("mountPath", "/etc/s2s-broker/recipes")
				.containsEntry("readOnly", true));
		assertThat(list(pod.get("volumes"))).filteredOn(volume -> volume.get("name").equals("recipes"))
			.singleElement()
			.satisfies(
					volume -> assertThat(path(volume, "configMap")).containsEntry("name", "broker-s2s-broker-recipes"));
		assertThat(path(environment(manifests), "data")).containsEntry("BROKER_RECIPES_LOCATIONS",
				"file:/etc/s2s-broker/recipes/other.yaml,file:/etc/s2s-broker/recipes/team.yaml");
		assertThat(path(deployment, "spec", "template", "metadata", "annotations")).containsKey("checksum/recipes");
	}

	@Test
	void takesAStringOfRecipesAsOneFile() throws IOException {
		Path catalog = Files.writeString(directory.resolve("team.yaml"), TEAM_CATALOG);

		List<Map<String, Object>> manifests = render(
				new Helm(CHART).template().withName("broker").setFile("recipes.extra", catalog));

		assertThat(manifests)
			.filteredOn(manifest -> "broker-s2s-broker-recipes".equals(path(manifest, "metadata").get("name")))
			.singleElement()
			.satisfies(recipes -> assertThat(path(recipes, "data"))
				.containsExactly(Map.entry("extra.yaml", TEAM_CATALOG)));
	}

	@Test
	void refusesARecipeFileNameAConfigMapCannotHold() throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				recipes:
				  extra:
				    "team/cos.yaml": "recipes: []"
				""");

		assertThatException()
			.isThrownBy(() -> new Helm(CHART).template().withName("broker").withValuesFile(values).call())
			.withMessageContaining("\"team/cos.yaml\" is not a file name");
	}

	@Test
	void rendersACustomisedRelease() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template()
			.withName("broker")
			.set("autoscaling.enabled", "false")
			.set("replicaCount", "3")
			.set("serviceMonitor.enabled", "true")
			.set("networkPolicy.enabled", "false")
			.set("config.databaseUrl", "jdbc:postgresql://db.internal:5432/s2s"));

		assertThat(kinds(manifests)).contains("ServiceMonitor")
			.doesNotContain("HorizontalPodAutoscaler", "NetworkPolicy");
		assertThat(path(one(manifests, "Deployment"), "spec")).containsEntry("replicas", 3);
		assertThat(path(environment(manifests), "data")).containsEntry("SPRING_DATASOURCE_URL",
				"jdbc:postgresql://db.internal:5432/s2s");
		assertThat(first(path(one(manifests, "ServiceMonitor"), "spec").get("endpoints"))).containsEntry("path",
				"/actuator/prometheus");
	}

	@Test
	void rendersTheAccessRulesIntoAnApplicationConfigFileTheBrokerBindsAndReads() throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				access:
				  callers:
				    - name: platform portal
				      subjects: [iam-ServiceId-1234abcd]
				      operations: [READ, PLAN, GRANT, REVOKE, BULK]
				      recipes: ["*"]
				      accounts: ["*"]
				    - name: backup team
				      groups: [backup-operators]
				      scopes: [s2s.backup]
				      operations: [READ, GRANT]
				      recipes: [vpc-backup]
				      accounts: ["0123456789abcdef0123456789abcdef", "01234567890123456789012345678901"]
				""");

		List<Map<String, Object>> manifests = render(
				new Helm(CHART).template().withName("broker").withValuesFile(values));

		Map<String, Object> application = named(manifests, "ConfigMap", "broker-s2s-broker-application");
		assertThat(path(application, "data")).containsOnlyKeys("application.yaml");
		assertThat(access((String) path(application, "data").get("application.yaml")).callers())
			.containsExactly(
					new AccessProperties.Rule("platform portal", List.of("iam-ServiceId-1234abcd"), List.of(),
							List.of(),
							EnumSet.of(Operation.READ, Operation.PLAN, Operation.GRANT, Operation.REVOKE,
									Operation.BULK),
							List.of("*"), List.of("*")),
					new AccessProperties.Rule("backup team", List.of(), List.of("backup-operators"),
							List.of("s2s.backup"), EnumSet.of(Operation.READ, Operation.GRANT), List.of("vpc-backup"),
							List.of("0123456789abcdef0123456789abcdef", "01234567890123456789012345678901")));
		Map<String, Object> deployment = one(manifests, "Deployment");
		Map<String, Object> pod = path(deployment, "spec", "template", "spec");
		Map<String, Object> mount = list(first(pod.get("containers")).get("volumeMounts")).stream()
			.filter(volume -> volume.get("name").equals("application"))
			.findFirst()
			.orElseThrow();
		assertThat(mount).containsEntry("readOnly", true);
		assertThat(list(pod.get("volumes"))).filteredOn(volume -> volume.get("name").equals("application"))
			.singleElement()
			.satisfies(volume -> assertThat(path(volume, "configMap")).containsEntry("name",
					"broker-s2s-broker-application"));
		assertThat(path(environment(manifests), "data")).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION",
				"file:" + mount.get("mountPath") + "/application.yaml");
		assertThat(path(environment(manifests), "data"))
			.noneSatisfy((name, value) -> assertThat(name).startsWith("BROKER_ACCESS"));
	}

	@Test
	void withoutAccessRulesTheApplicationConfigFileAllowsNobody() throws IOException {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template().withName("broker"));

		assertThat(access((String) path(named(manifests, "ConfigMap", "broker-s2s-broker-application"), "data")
			.get("application.yaml")).callers()).isEmpty();
	}

	@Test
	void rollsThePodsWhenTheAccessRulesChange() {
		Object before = path(one(render(new Helm(CHART).template().withName("broker")), "Deployment"), "spec",
				"template", "metadata", "annotations")
			.get("checksum/application");
		Object after = path(
				one(render(new Helm(CHART).template()
					.withName("broker")
					.set("access.callers[0].name", "prometheus")
					.set("access.callers[0].subjects[0]", "iam-ServiceId-5678efgh")
					.set("access.callers[0].operations[0]", "METRICS")), "Deployment"),
				"spec", "template", "metadata", "annotations")
			.get("checksum/application");

		assertThat(before).isNotNull().isNotEqualTo(after);
	}

	@Test
	void refusesAccessRulesTheBrokerWouldMisread() throws IOException {
		Path misspelt = Files.writeString(directory.resolve("misspelt.yaml"), """
				access:
				  callers:
				    - name: backup team
				      subject: [iam-ServiceId-1234abcd]
				      operations: [READ]
				""");
		Path unknownOperation = Files.writeString(directory.resolve("operation.yaml"), """
				access:
				  callers:
				    - name: backup team
				      operations: [DELETE]
				""");
		Path numericAccount = Files.writeString(directory.resolve("account.yaml"), """
				access:
				  callers:
				    - name: backup team
				      operations: [READ]
				      accounts: [01234567890123456789012345678901]
				""");

		Map.of(misspelt, "at '/access/callers/0': additional properties 'subject' not allowed", unknownOperation,
				"at '/access/callers/0/operations/0'", numericAccount, "at '/access/callers/0/accounts/0'")
			.forEach((values, fault) -> assertThatException().as(values.getFileName().toString())
				.isThrownBy(() -> new Helm(CHART).template().withName("broker").withValuesFile(values).call())
				.withMessageContaining(fault));
	}

	@Test
	void rendersTheAccountsProfilesIntoTheApplicationConfigFileTheBrokerBinds() throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				iam:
				  accounts:
				    defaultProfileName: s2s-broker
				    profiles:
				      "0123456789abcdef0123456789abcdef":
				        profileId: Profile-9f1c2e4a-5b7d-4c3e-8a1f-2d6b0e9c7a53
				      "01234567890123456789012345678901":
				        profileName: s2s-broker-hub
				""");

		List<Map<String, Object>> manifests = render(
				new Helm(CHART).template().withName("broker").withValuesFile(values));

		IamProperties iam = iam(application(manifests), Map.of("broker.iam.api-key", "from-the-secret"));
		assertThat(iam.accounts().defaultProfileName()).isEqualTo("s2s-broker");
		assertThat(iam.accounts().profiles()).containsOnly(
				Map.entry("0123456789abcdef0123456789abcdef",
						new IamProperties.Profile("Profile-9f1c2e4a-5b7d-4c3e-8a1f-2d6b0e9c7a53", null, null)),
				Map.entry("01234567890123456789012345678901", new IamProperties.Profile(null, null, "s2s-broker-hub")));
		assertThat(iam.apiKey()).isEqualTo("from-the-secret");
	}

	@Test
	void rendersAComputeResourceIdentityFromTheProjectedServiceAccountTokenWithoutAnApiKey() throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				iam:
				  baseIdentity: computeResource
				  computeResource:
				    profileName: s2s-broker-pod
				""");

		List<Map<String, Object>> manifests = render(
				new Helm(CHART).template().withName("broker").withValuesFile(values));

		Map<String, Object> pod = path(one(manifests, "Deployment"), "spec", "template", "spec");
		Map<String, Object> container = first(pod.get("containers"));
		List<Map<String, Object>> env = list(container.get("env"));
		assertThat(env).noneMatch(variable -> variable.get("name").equals("BROKER_IAM_API_KEY"));
		String file = env.stream()
			.filter(variable -> variable.get("name").equals("BROKER_IAM_COMPUTE_RESOURCE_TOKEN_FILE"))
			.map(variable -> (String) variable.get("value"))
			.findFirst()
			.orElseThrow();
		Map<String, Object> mount = list(container.get("volumeMounts")).stream()
			.filter(volume -> volume.get("name").equals("iam-token"))
			.findFirst()
			.orElseThrow();
		assertThat(file).isEqualTo(mount.get("mountPath") + "/token");
		assertThat(list(pod.get("volumes"))).filteredOn(volume -> volume.get("name").equals("iam-token"))
			.singleElement()
			.satisfies(volume -> assertThat(first(path(volume, "projected").get("sources")))
				.extractingByKey("serviceAccountToken")
				.satisfies(token -> assertThat(cast(token)).containsEntry("path", "token")
					.containsEntry("audience", "iam")
					.containsEntry("expirationSeconds", 3600)));
		assertThat(pod).containsEntry("serviceAccountName", "broker-s2s-broker");
		assertThat(path(one(manifests, "ServiceAccount"), "metadata")).containsEntry("name", "broker-s2s-broker");
		IamProperties iam = iam(application(manifests), Map.of("broker.iam.compute-resource.token-file", file));
		assertThat(iam.computeResource())
			.isEqualTo(new IamProperties.ComputeResource(Path.of(file), "s2s-broker-pod", null));
	}

	@Test
	void refusesIdentitiesTheBrokerWouldRefuseAtStartUp() throws IOException {
		Path twoForms = Files.writeString(directory.resolve("two-forms.yaml"), """
				iam:
				  accounts:
				    profiles:
				      "0123456789abcdef0123456789abcdef":
				        profileId: Profile-1
				        profileName: s2s-broker
				""");
		Path notAnAccount = Files.writeString(directory.resolve("not-an-account.yaml"), """
				iam:
				  accounts:
				    profiles:
				      team-a:
				        profileName: s2s-broker
				""");
		Path noProfile = Files.writeString(directory.resolve("no-profile.yaml"), """
				iam:
				  baseIdentity: computeResource
				""");

		Map.of(twoForms, "/iam/accounts/profiles/0123456789abcdef0123456789abcdef", notAnAccount, "team-a", noProfile,
				"iam.computeResource: set exactly one of profileName and profileId")
			.forEach((values, fault) -> assertThatException().as(values.getFileName().toString())
				.isThrownBy(() -> new Helm(CHART).template().withName("broker").withValuesFile(values).call())
				.withMessageContaining(fault));
	}

	@Test
	void rendersNoIngressUnlessEnabled() {
		assertThat(kinds(render(new Helm(CHART).template().withName("broker")))).doesNotContain("Ingress");
	}

	@Test
	void rendersAnIngressToTheServiceWithTlsAndLetsTheControllerThroughTheNetworkPolicy() throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				ingress:
				  enabled: true
				  className: nginx
				  annotations:
				    nginx.ingress.kubernetes.io/proxy-body-size: 1m
				  host: s2s-broker.example.com
				  paths:
				    - path: /v1
				      pathType: Prefix
				    - path: /v3/api-docs
				  tls:
				    secretName: s2s-broker-tls
				  controllerNamespaceLabels:
				    kubernetes.io/metadata.name: ingress-nginx
				""");

		List<Map<String, Object>> manifests = render(
				new Helm(CHART).template().withName("broker").withValuesFile(values));

		Map<String, Object> ingress = one(manifests, "Ingress");
		assertThat(path(ingress, "metadata", "annotations"))
			.containsExactly(Map.entry("nginx.ingress.kubernetes.io/proxy-body-size", "1m"));
		Map<String, Object> spec = path(ingress, "spec");
		assertThat(spec).containsEntry("ingressClassName", "nginx");
		assertThat(list(spec.get("tls")))
			.containsExactly(Map.of("hosts", List.of("s2s-broker.example.com"), "secretName", "s2s-broker-tls"));
		Map<String, Object> rule = first(spec.get("rules"));
		assertThat(rule).containsEntry("host", "s2s-broker.example.com");
		List<Map<String, Object>> paths = list(path(rule, "http").get("paths"));
		assertThat(paths).extracting(route -> route.get("path"), route -> route.get("pathType"))
			.containsExactly(tuple("/v1", "Prefix"), tuple("/v3/api-docs", "Prefix"));
		Map<String, Object> service = one(manifests, "Service");
		assertThat(paths).allSatisfy(route -> {
			assertThat(path(route, "backend", "service")).containsEntry("name", path(service, "metadata").get("name"));
			assertThat(path(route, "backend", "service", "port")).containsEntry("name",
					first(path(service, "spec").get("ports")).get("name"));
		});
		assertThat(list(first(path(one(manifests, "NetworkPolicy"), "spec").get("ingress")).get("from"))).contains(Map
			.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "ingress-nginx"))));
	}

	@Test
	void refusesAnIngressWithoutAHost() {
		assertThatException()
			.isThrownBy(() -> new Helm(CHART).template().withName("broker").set("ingress.enabled", "true").call())
			.withMessageContaining("ingress.host is required");
	}

	@Test
	void shipsTheGrafanaDashboardForTheSidecarOnlyWhenAsked() throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				grafanaDashboard:
				  enabled: true
				  annotations:
				    grafana_folder: Platform
				  namespace: monitoring
				""");

		List<Map<String, Object>> manifests = render(
				new Helm(CHART).template().withName("broker").withValuesFile(values));

		assertThat(kinds(render(new Helm(CHART).template().withName("broker")))).hasSize(kinds(manifests).size() - 1);
		Map<String, Object> dashboard = named(manifests, "ConfigMap", "broker-s2s-broker-dashboard");
		assertThat(path(dashboard, "metadata")).containsEntry("namespace", "monitoring");
		assertThat(path(dashboard, "metadata", "labels")).containsEntry("grafana_dashboard", "1")
			.containsEntry("app.kubernetes.io/name", "s2s-broker");
		assertThat(path(dashboard, "metadata", "annotations")).containsEntry("grafana_folder", "Platform");
		JsonMapper json = JsonMapper.builder().build();
		JsonNode shipped = json.readTree((String) path(dashboard, "data").get("s2s-broker.json"));
		assertThat(shipped).isEqualTo(json.readTree(Files.readString(CHART.resolve("dashboards/s2s-broker.json"))));
		assertThat(shipped.path("uid").asString()).isEqualTo("s2s-broker");
	}

	@Test
	void refusesADashboardLabelHelmReadsAsANumber() {
		assertThatException()
			.isThrownBy(() -> new Helm(CHART).template()
				.withName("broker")
				.set("grafanaDashboard.enabled", "true")
				.set("grafanaDashboard.labels.grafana_dashboard", "1")
				.call())
			.withMessageContaining("at '/grafanaDashboard/labels/grafana_dashboard': got number, want string");
	}

	/**
	 * {@code broker.access} as the broker binds it from the application config file: read
	 * by Spring Boot's YAML loader, bound to {@link AccessProperties}.
	 */
	private static AccessProperties access(String applicationYaml) throws IOException {
		List<PropertySource<?>> file = new YamlPropertySourceLoader().load("application.yaml",
				new ByteArrayResource(applicationYaml.getBytes(StandardCharsets.UTF_8)));
		return new Binder(ConfigurationPropertySources.from(file)).bindOrCreate("broker.access",
				AccessProperties.class);
	}

	/** The application config file the chart renders. */
	private static String application(List<Map<String, Object>> manifests) {
		return (String) path(named(manifests, "ConfigMap", "broker-s2s-broker-application"), "data")
			.get("application.yaml");
	}

	/**
	 * {@code broker.iam} as the broker binds it: the application config file, outranked
	 * by the pod's environment (given here as properties).
	 */
	private static IamProperties iam(String applicationYaml, Map<String, Object> environment) throws IOException {
		List<PropertySource<?>> sources = new ArrayList<>();
		sources.add(new MapPropertySource("environment", environment));
		sources.addAll(new YamlPropertySourceLoader().load("application.yaml",
				new ByteArrayResource(applicationYaml.getBytes(StandardCharsets.UTF_8))));
		return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("broker.iam", IamProperties.class);
	}

	/** The ConfigMap of environment variables. */
	private static Map<String, Object> environment(List<Map<String, Object>> manifests) {
		return named(manifests, "ConfigMap", "broker-s2s-broker");
	}

	private static Map<String, Object> named(List<Map<String, Object>> manifests, String kind, String name) {
		return manifests.stream()
			.filter(manifest -> kind.equals(manifest.get("kind"))
					&& name.equals(path(manifest, "metadata").get("name")))
			.findFirst()
			.orElseThrow();
	}

	private static List<Map<String, Object>> render(TemplateCommand template) {
		List<Map<String, Object>> manifests = new ArrayList<>();
		for (Object document : new Yaml().loadAll(template.call())) {
			if (document instanceof Map<?, ?> map) {
				manifests.add(cast(map));
			}
		}
		return manifests;
	}

	private static List<String> kinds(List<Map<String, Object>> manifests) {
		return manifests.stream().map(manifest -> (String) manifest.get("kind")).toList();
	}

	private static Map<String, Object> one(List<Map<String, Object>> manifests, String kind) {
		return manifests.stream().filter(manifest -> kind.equals(manifest.get("kind"))).findFirst().orElseThrow();
	}

	private static Map<String, Object> path(Map<String, Object> map, String... keys) {
		Map<String, Object> current = map;
		for (String key : keys) {
			Object next = current.get(key);
			if (next == null) {
				return null;
			}
			current = cast(next);
		}
		return current;
	}

	private static Map<String, Object> first(Object list) {
		return list(list).get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object list) {
		return (List<Map<String, Object>>) list;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Object map) {
		return (Map<String, Object>) map;
	}

}
